"""Writes to meetings. Callers authorise through ``permissions.access_*`` first; these
functions validate, write, and record the audit entry in the same transaction."""

import calendar
import zoneinfo
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit, cache_tokens
from secretariat.core.errors import ValidationFailed
from secretariat.core.i18n import translations
from secretariat.core.versioning import clean_or_raise, create_audited, update_versioned
from secretariat.registry.models import Economy, Forum

from . import cache, uploads
from .choices import Classification, MeetingStatus
from .models import (
    AgendaItem,
    Document,
    DocumentCounter,
    Meeting,
    MeetingSeries,
    Session,
)


def _present(obj: Any) -> dict[str, Any]:
    from . import schemas  # the API's view of the row, reused for 409 bodies

    return schemas.present(obj)


# Series ------------------------------------------------------------------------------------


def create_series(*, actor: Any, **fields: Any) -> MeetingSeries:
    return create_audited(
        MeetingSeries, actor=actor, action="meetings.series.created", fields=fields
    )


def update_series(
    *, actor: Any, series: MeetingSeries, version: int, **changes: Any
) -> MeetingSeries:
    updated = update_versioned(
        series,
        actor=actor,
        action="meetings.series.updated",
        expected_version=version,
        changes=changes,
        present=_present,
    )
    cache_tokens.renew(cache_tokens.rows_of(MeetingSeries))  # its meetings' pages name it
    return updated


def add_months(day: date, months: int) -> date:
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def schedule_next_meeting(*, actor: Any, series: MeetingSeries) -> Meeting:
    """Create the series' next meeting: date from the cadence, host from the rotation, agenda
    from the template, deadlines relative to the date."""
    with transaction.atomic():
        # One scheduler at a time per series, so two clicks cannot both take sequence n.
        series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
        last = series.meetings.aggregate(last=Max("sequence"))["last"] or 0
        sequence = last + 1
        start = add_months(series.first_date, series.cadence_months * (sequence - 1))
        end = start + timedelta(days=max(series.duration_days, 1) - 1)
        host = series.host_rotation[(sequence - 1) % len(series.host_rotation)]
        economy = Economy.objects.filter(code=host["economy"]).first()
        code = f"{series.code_prefix}{sequence}"
        title = {
            language: {"text": f"{entry['text']} ({code})", "status": entry["status"]}
            for language, entry in series.name.items()
        }
        meeting = Meeting(
            forum_id=series.forum_id,
            series=series,
            sequence=sequence,
            code=code,
            title=title,
            kind=series.kind,
            status=MeetingStatus.PLANNED,
            host_economy=economy,
            city=host.get("city", ""),
            venue=host.get("venue", ""),
            timezone=host["timezone"],
            start_date=start,
            end_date=end,
            document_cutoff=start - timedelta(days=series.document_cutoff_days),
            registration_close=start - timedelta(days=series.registration_close_days),
            minutes_due=end + timedelta(days=series.minutes_due_days),
        )
        clean_or_raise(meeting, exclude=["version"])
        meeting.save()
        for position, item_title in enumerate(series.agenda_template, start=1):
            AgendaItem.objects.create(
                meeting=meeting,
                number=str(position),
                title=translations("en", en=item_title),
                position=position,
            )
        audit.record(
            actor=actor,
            action="meetings.meeting.scheduled",
            obj=meeting,
            changes=audit.to_json_value(
                {
                    "series_id": series.pk,
                    "sequence": sequence,
                    "start_date": start,
                    "host_economy": host["economy"],
                    "agenda_items": len(series.agenda_template),
                }
            ),
        )
        cache.touch(meeting.pk)
    return meeting


# Meetings, sessions, agenda ----------------------------------------------------------------


def create_meeting(*, actor: Any, **fields: Any) -> Meeting:
    meeting = create_audited(Meeting, actor=actor, action="meetings.meeting.created", fields=fields)
    cache.touch(meeting.pk)
    return meeting


def update_meeting(*, actor: Any, meeting: Meeting, version: int, **changes: Any) -> Meeting:
    """Change a meeting; ``status="cancelled"`` cancels it (its calendar events say so)."""
    action = (
        "meetings.meeting.cancelled"
        if changes.get("status") == MeetingStatus.CANCELLED and not meeting.is_cancelled
        else "meetings.meeting.updated"
    )
    updated = update_versioned(
        meeting,
        actor=actor,
        action=action,
        expected_version=version,
        changes=changes,
        present=_present,
    )
    cache.touch(meeting.pk)
    return updated


def _touch(meeting: Meeting) -> None:
    """A change to a meeting's sessions is a change to the meeting (calendar SEQUENCE)."""
    Meeting.objects.filter(pk=meeting.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    cache.touch(meeting.pk)


def add_session(
    *,
    actor: Any,
    meeting: Meeting,
    title: dict,
    starts_at: datetime,
    ends_at: datetime,
    room: str = "",
) -> Session:
    with transaction.atomic():
        session = create_audited(
            Session,
            actor=actor,
            action="meetings.session.created",
            fields={
                "meeting": meeting,
                "title": title,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "room": room,
            },
        )
        _touch(meeting)
    return session


def add_agenda_item(
    *,
    actor: Any,
    meeting: Meeting,
    number: str,
    title: dict,
    session: Session | None = None,
    co_owners: Sequence[Forum] = (),
) -> AgendaItem:
    """``co_owners``: fora that take the item up with the meeting's own (a joint item)."""
    if any(forum.pk == meeting.forum_id for forum in co_owners):
        raise ValidationFailed(
            _("The meeting's own forum owns the item already; name only the other fora."),
            errors={"co_owners": ["meeting's own forum"]},
        )
    if session is not None and session.meeting_id != meeting.pk:
        raise ValidationFailed(
            _("The session belongs to another meeting."), errors={"session": ["other meeting"]}
        )
    if AgendaItem.objects.filter(meeting=meeting, number=number).exists():
        raise ValidationFailed(
            _("This meeting already has agenda item %(number)s.") % {"number": number},
            errors={"number": ["taken"]},
        )
    position = (meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0) + 1
    joint = sorted(forum.slug for forum in co_owners)
    with transaction.atomic():
        item = create_audited(
            AgendaItem,
            actor=actor,
            action="meetings.agenda_item.created",
            fields={
                "meeting": meeting,
                "number": number,
                "title": title,
                "session": session,
                "position": position,
            },
            audit_changes=lambda item: audit.to_json_value(
                {
                    "meeting": meeting.pk,
                    "number": number,
                    "title": title,
                    "session": item.session_id,
                    "position": position,
                    "co_owners": joint,
                }
            ),
        )
        item.co_owners.set(co_owners)
    cache.touch(meeting.pk)
    return item


# Documents ---------------------------------------------------------------------------------


def _allocate_serial(prefix: str) -> int:
    """The next serial for ``prefix``, taken under a row lock inside the caller's transaction
    (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers)."""
    DocumentCounter.objects.get_or_create(prefix=prefix)
    counter = DocumentCounter.objects.select_for_update().get(prefix=prefix)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial


def _venue_today(meeting: Meeting, now: datetime) -> date:
    return timezone.localtime(now, zoneinfo.ZoneInfo(meeting.timezone)).date()


def _audit_title(document: Document) -> Any:
    if document.classification == Classification.PUBLIC:
        return document.title
    return audit.private_digest(document.title)


def _store(document: Document, upload: UploadedFile | None, action: str, actor: Any) -> None:
    """Write the file (if any), the row and the audit entry; remove the file if any fails."""
    try:
        if upload is not None:
            document.file.save(f"upload.{document.file_kind}", upload, save=False)
        document.save()
        audit.record(
            actor=actor,
            action=action,
            obj=document,
            changes=audit.to_json_value(
                {
                    "number": document.number,
                    "meeting_id": document.meeting_id,
                    "classification": document.classification,
                    "title": _audit_title(document),
                    "is_late": document.is_late,
                    "sha256": document.sha256,
                    "link": document.link,
                }
            ),
        )
        cache.touch(document.meeting_id)
    except BaseException:
        if document.file:
            document.file.delete(save=False)
        raise


def _file_fields(link: str, upload: UploadedFile | None) -> dict[str, Any]:
    if bool(link) == (upload is not None):
        raise ValidationFailed(
            _("Give either a file or a link."), errors={"file": [_("a file or a link")]}
        )
    if upload is None:
        return {"link": link}
    checked = uploads.check_upload(upload, name=upload.name or "", size=upload.size or 0)
    return {"file_kind": checked.kind, "file_size": checked.size, "sha256": checked.sha256}


def _check_classification(classification: str, economy: Economy | None, derestrict_on: Any) -> None:
    if classification == Classification.ECONOMY_ONLY and economy is None:
        raise ValidationFailed(
            _("An economy-only document needs its submitting economy."),
            errors={"submitted_by_economy": [_("required for economy-only documents")]},
        )
    if derestrict_on and classification != Classification.RESTRICTED:
        raise ValidationFailed(
            _("Only restricted documents have a derestriction date."),
            errors={"derestrict_on": [_("only for restricted documents")]},
        )


def submit_document(
    *,
    actor: Any,
    meeting: Meeting,
    title: dict,
    purpose: str,
    classification: str = Classification.PUBLIC,
    forum: Forum | None = None,
    agenda_item: AgendaItem | None = None,
    submitted_by_economy: Economy | None = None,
    submitted_by_forum: Forum | None = None,
    derestrict_on: date | None = None,
    link: str = "",
    upload: UploadedFile | None = None,
    now: datetime | None = None,
) -> Document:
    """Number and store a document; ``forum`` adds its segment (``2025/SOM1/TELWG/001``)
    and owns it. Late if submitted after the meeting's cut-off, in the venue's time zone."""
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationFailed(
            _("The agenda item belongs to another meeting."),
            errors={"agenda_item": ["other meeting"]},
        )
    _check_classification(classification, submitted_by_economy, derestrict_on)
    file_fields = _file_fields(link, upload)
    now = now or timezone.now()
    segment = f"{forum.abbreviation.upper()}/" if forum is not None else ""
    prefix = f"{meeting.start_date.year}/{meeting.code}/{segment}"
    document = Document(
        meeting=meeting,
        owning_forum=forum or meeting.forum,
        title=title,
        agenda_item=agenda_item,
        purpose=purpose,
        submitted_by_economy=submitted_by_economy,
        submitted_by_forum=submitted_by_forum,
        classification=classification,
        derestrict_on=derestrict_on,
        is_late=meeting.is_late(_venue_today(meeting, now)),
        submitted_at=now,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        **file_fields,
    )
    clean_or_raise(document, exclude=["version", "number", "base_number", "file"])
    with transaction.atomic():
        serial = _allocate_serial(prefix)
        document.base_number = document.number = f"{prefix}{serial:03d}"
        try:
            with transaction.atomic():
                _store(document, upload, "meetings.document.submitted", actor)
        except IntegrityError:
            raise ValidationFailed(
                _("Document number %(number)s is already taken.") % {"number": document.number}
            ) from None
    return document


def revise_document(
    *,
    actor: Any,
    document: Document,
    title: dict | None = None,
    link: str = "",
    upload: UploadedFile | None = None,
    now: datetime | None = None,
) -> Document:
    """A new revision ``…revN`` of ``document``'s number, keeping its meeting, agenda item,
    purpose and classification."""
    file_fields = _file_fields(link, upload)
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the original: two revisions at once queue here and get rev n and n + 1.
        Document.objects.select_for_update().filter(
            base_number=document.base_number, revision=0
        ).first()
        latest = (
            Document.objects.filter(base_number=document.base_number).order_by("-revision").first()
        )
        assert latest is not None
        revision = latest.revision + 1
        meeting = document.meeting
        new = Document(
            meeting=meeting,
            owning_forum_id=document.owning_forum_id,
            number=f"{document.base_number}rev{revision}",
            base_number=document.base_number,
            revision=revision,
            revises=latest,
            title=title or latest.title,
            agenda_item_id=latest.agenda_item_id,
            purpose=latest.purpose,
            submitted_by_economy_id=latest.submitted_by_economy_id,
            submitted_by_forum_id=latest.submitted_by_forum_id,
            classification=latest.classification,
            derestrict_on=latest.derestrict_on,
            is_late=meeting.is_late(_venue_today(meeting, now)),
            submitted_at=now,
            submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
            **file_fields,
        )
        clean_or_raise(new, exclude=["version", "file", "number"])
        try:
            with transaction.atomic():
                _store(new, upload, "meetings.document.revised", actor)
        except IntegrityError:
            raise ValidationFailed(_("Someone revised this document at the same moment.")) from None
    return new


def update_document(*, actor: Any, document: Document, version: int, **changes: Any) -> Document:
    classification = changes.get("classification", document.classification)
    derestrict_on = changes.get("derestrict_on", document.derestrict_on)
    if classification != Classification.RESTRICTED and "classification" in changes:
        changes.setdefault("derestrict_on", None)
        derestrict_on = changes["derestrict_on"]
    _check_classification(classification, document.submitted_by_economy, derestrict_on)
    updated = update_versioned(
        document,
        actor=actor,
        action="meetings.document.updated",
        expected_version=version,
        changes=changes,
        present=_present,
    )
    cache.touch(document.meeting_id)
    return updated


def derestrict_due_documents(*, actor: Any, today: date) -> list[str]:
    """Make public every restricted document whose derestriction date has come."""
    numbers: list[str] = []
    due = Document.objects.filter(
        classification=Classification.RESTRICTED, derestrict_on__lte=today
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            document = (
                Document.objects.select_for_update()
                .filter(pk=pk, classification=Classification.RESTRICTED)
                .first()
            )
            if document is None:
                continue
            Document.objects.filter(pk=pk).update(
                classification=Classification.PUBLIC,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
            audit.record(
                actor=actor,
                action="meetings.document.derestricted",
                obj=document,
                changes={
                    "classification": [Classification.RESTRICTED, Classification.PUBLIC],
                    "derestrict_on": document.derestrict_on.isoformat()
                    if document.derestrict_on
                    else None,
                },
            )
            cache.touch(document.meeting_id)
            numbers.append(document.number)
    return numbers
