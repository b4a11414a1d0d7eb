"""Background tasks of the precedent finder: they only call services."""

from django_tasks import task

from . import services


@task()
def embed_text(text_id: int) -> dict[str, int]:
    """Embed the agreed paragraphs of an adopted text (enqueued on adoption and import)."""
    return {"embedded": services.index_text(text_id)}
