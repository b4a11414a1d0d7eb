"""Background tasks of meetings: they only call services."""

from django.utils import timezone
from django_tasks import task

from . import materials, services


@task()
def derestrict_due_documents() -> dict[str, object]:
    """Make public the restricted documents whose derestriction date has come (run daily)."""
    numbers = services.derestrict_due_documents(actor="system", today=timezone.localdate())
    return {"derestricted": numbers}


@task()
def build_materials_archive(archive_id: int) -> dict[str, object]:
    """Build the zip a user asked for (enqueued by ``materials.request_archive``)."""
    archive = materials.build_archive(archive_id=archive_id)
    return {"status": archive.status if archive else "gone"}


@task()
def purge_expired_materials() -> dict[str, object]:
    """Delete expired materials zips (enqueued with each new request)."""
    return {"purged": materials.purge_expired_archives(now=timezone.now())}
