"""Background tasks of the core: they only call services."""

from django_tasks import task

from . import audit


@task()
def verify_audit_chain() -> dict[str, object]:
    """Recompute the audit chain (for a nightly schedule) and report the first broken link."""
    report = audit.verify_chain()
    return {
        "ok": report.ok,
        "checked": report.checked,
        "broken_seq": report.broken_seq,
        "reason": report.reason,
    }
