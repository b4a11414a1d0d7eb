"""Background tasks of the negotiation: they only call services."""

from django_tasks import task

from . import services_closing


@task()
def conclude_silence_procedures() -> dict[str, object]:
    """Adopt the texts whose silence deadline passed unbroken (run every few minutes)."""
    return {"adopted": [text.slug for text in services_closing.conclude_silence_procedures()]}
