"""A meeting's materials as one zip, built in the background.

The zip holds exactly the documents the *requesting* user may see (``documents_visible_to``
at build time), so restricted and economy-only files never reach anyone who could not open
them one by one. Only the requester may download it; a download re-checks that every packed
document is still visible to them, and the zip expires after ``MATERIALS_ZIP_TTL_HOURS``.
"""

import csv
import io
import tempfile
import zipfile
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import NotFound
from secretariat.core.i18n import resolve
from secretariat.core.protected_files import protected_file_response
from secretariat.registry.permissions import Principal, principal_for

from . import selectors
from .choices import ArchiveStatus
from .models import Document, MaterialsArchive, Meeting

ABANDONED_AFTER = timedelta(hours=1)
INDEX_COLUMNS = [
    "number",
    "title",
    "classification",
    "purpose",
    "agenda_item",
    "submitted_by",
    "late",
    "file",
    "link",
]


def request_archive(
    *, meeting: Meeting, actor: Any, now: datetime | None = None
) -> MaterialsArchive:
    """Queue a zip of ``meeting``'s materials for ``actor``. While one is being built for the
    same person and meeting, that one is returned instead of queueing another."""
    now = now or timezone.now()
    with transaction.atomic():
        # A build that has not finished in an hour was lost (a worker died): build anew.
        building = (
            MaterialsArchive.objects.select_for_update()
            .filter(
                meeting=meeting,
                requested_by=actor,
                status=ArchiveStatus.PENDING,
                created_at__gte=now - ABANDONED_AFTER,
            )
            .first()
        )
        if building is not None:
            return building
        archive = MaterialsArchive.objects.create(
            meeting=meeting,
            requested_by=actor,
            expires_at=now + timedelta(hours=settings.MATERIALS_ZIP_TTL_HOURS),
        )
        audit.record(
            actor=actor,
            action="meetings.materials.requested",
            obj=archive,
            changes={"meeting_id": meeting.pk},
        )
        transaction.on_commit(lambda: _enqueue_build(archive.pk))
    return archive


def _enqueue_build(archive_id: int) -> None:
    from . import tasks

    tasks.build_materials_archive.enqueue(archive_id)
    tasks.purge_expired_materials.enqueue()


def build_archive(*, archive_id: int) -> MaterialsArchive | None:
    """Write the zip of a pending archive; mark it ready (or failed, with the reason)."""
    archive = (
        MaterialsArchive.objects.select_related("meeting", "requested_by")
        .filter(pk=archive_id, status=ArchiveStatus.PENDING)
        .first()
    )
    if archive is None:
        return None  # already built, or purged meanwhile
    principal = principal_for(archive.requested_by)
    documents = list(
        selectors.documents_visible_to(principal)
        .filter(meeting=archive.meeting)
        .order_by("base_number", "revision")
    )
    try:
        with tempfile.TemporaryFile() as spool:
            _write_zip(spool, archive.meeting, documents)
            size = spool.tell()
            spool.seek(0)
            archive.file.save(f"{archive.uid}.zip", File(spool), save=False)
    except Exception as error:
        # Recorded on the archive so the page says so; the task result carries the traceback.
        _finish(
            archive, status=ArchiveStatus.FAILED, error=f"{type(error).__name__}: {error}"[:300]
        )
        raise
    return _finish(
        archive,
        status=ArchiveStatus.READY,
        size=size,
        document_ids=[document.pk for document in documents],
    )


def _finish(
    archive: MaterialsArchive,
    *,
    status: str,
    size: int | None = None,
    document_ids: list[int] | None = None,
    error: str = "",
) -> MaterialsArchive:
    with transaction.atomic():
        archive.status = status
        archive.file_size = size
        archive.document_ids = document_ids or []
        archive.error = error
        archive.finished_at = timezone.now()
        archive.save(
            update_fields=["status", "file", "file_size", "document_ids", "error", "finished_at"]
        )
        audit.record(
            actor="system",
            action=f"meetings.materials.{'built' if status == ArchiveStatus.READY else 'failed'}",
            obj=archive,
            changes={"documents": len(archive.document_ids), "size": size, "error": error},
        )
    return archive


def _entry_name(document: Document) -> str:
    return f"{document.number.replace('/', '_')}.{document.file_kind}"


def _write_zip(target: Any, meeting: Meeting, documents: list[Document]) -> None:
    index = io.StringIO()
    writer = csv.writer(index)
    writer.writerow(INDEX_COLUMNS)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for document in documents:
            entry = ""
            if document.file:
                entry = _entry_name(document)
                try:
                    with document.file.open("rb") as source, package.open(entry, "w") as out:
                        while chunk := source.read(1024 * 1024):
                            out.write(chunk)
                except FileNotFoundError:
                    entry = _("(file missing)")
            submitter = document.submitted_by_economy or document.submitted_by_forum
            writer.writerow(
                [
                    document.number,
                    resolve(document.title, "en").text,
                    document.classification,
                    document.purpose,
                    document.agenda_item.number if document.agenda_item else "",
                    str(submitter) if submitter else "",
                    "yes" if document.is_late else "",
                    entry,
                    document.link,
                ]
            )
        package.writestr("index.csv", index.getvalue())
        package.writestr(
            "README.txt",
            f"{meeting}: {resolve(meeting.title, 'en').text}\n"
            f"{len(documents)} documents, packed {timezone.now():%Y-%m-%d %H:%M} UTC.\n"
            "index.csv lists every document with its number, classification and link.\n",
        )


def check_downloadable(
    archive: MaterialsArchive, principal: Principal, now: datetime | None = None
) -> None:
    """404 unless the zip is ready, not expired, and every document in it is still one the
    user may see (a document reclassified since the build must not leak through the zip)."""
    now = now or timezone.now()
    if archive.status != ArchiveStatus.READY or not archive.file or archive.expires_at <= now:
        raise NotFound(_("This zip is not available; request a new one."))
    visible = set(
        selectors.documents_visible_to(principal)
        .filter(pk__in=archive.document_ids)
        .values_list("pk", flat=True)
    )
    if visible != set(archive.document_ids):
        raise NotFound(
            _("Some documents in this zip changed since it was built; request a new one.")
        )


def file_response(archive: MaterialsArchive) -> HttpResponseBase:
    return protected_file_response(
        archive.file,
        filename=f"{str(archive.meeting).replace('/', '_')}-materials.zip",
        content_type="application/zip",
    )


def purge_expired_archives(*, now: datetime) -> int:
    """Delete expired zips, files and rows; return how many."""
    expired = list(MaterialsArchive.objects.filter(expires_at__lte=now).order_by("pk"))
    for archive in expired:
        with transaction.atomic():
            audit.record(actor="system", action="meetings.materials.purged", obj=archive)
            archive.delete()
            if archive.file:
                # After the commit: a failure here leaves an orphan file, never a broken row.
                transaction.on_commit(partial(default_storage.delete, archive.file.name))
    return len(expired)
