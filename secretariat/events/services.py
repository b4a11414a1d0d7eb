"""Writes to forums and exhibitions. Callers authorise through ``permissions.access_*``
first; these functions validate, write and record the audit entry in one transaction."""

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import ValidationFailed
from secretariat.core.versioning import create_audited, update_versioned
from secretariat.meetings.choices import MeetingKind
from secretariat.meetings.models import Meeting
from secretariat.notifications import services as notifications
from secretariat.notifications.choices import Topic
from secretariat.registry.models import Organisation

from . import selectors
from .choices import ContactStatus
from .models import CoHost, ContactRequest, Exhibitor, Speaker


def _present(obj: Any) -> dict[str, Any]:
    from . import schemas  # the API's view of the row, reused for 409 bodies

    return schemas.present(obj)


def _require_kind(meeting: Meeting, kind: str, field: str = "meeting") -> None:
    if meeting.kind != kind:
        raise ValidationFailed(
            _("This meeting is not a %(kind)s.") % {"kind": MeetingKind(kind).label},
            errors={field: [_("wrong kind of meeting")]},
        )


# Co-hosts --------------------------------------------------------------------------------


def add_cohost(*, actor: Any, meeting: Meeting, organisation: Organisation) -> CoHost:
    if meeting.kind not in selectors.EVENT_KINDS:
        raise ValidationFailed(
            _("Only forums and exhibitions have co-hosts."), errors={"meeting": ["kind"]}
        )
    if CoHost.objects.filter(meeting=meeting, organisation=organisation).exists():
        raise ValidationFailed(
            _("%(organisation)s already co-hosts this event.") % {"organisation": organisation},
            errors={"organisation": [_("already a co-host")]},
        )
    return create_audited(
        CoHost,
        actor=actor,
        action="events.cohost.added",
        fields={"meeting": meeting, "organisation": organisation},
    )


def remove_cohost(*, actor: Any, cohost: CoHost) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="events.cohost.removed",
            obj=cohost,
            changes={"meeting_id": cohost.meeting_id, "organisation_id": cohost.organisation_id},
        )
        cohost.delete()


# Speakers --------------------------------------------------------------------------------


def add_speaker(*, actor: Any, meeting: Meeting, **fields: Any) -> Speaker:
    """Put a speaker on a forum's programme: a registry ``person`` or a ``name``."""
    _require_kind(meeting, MeetingKind.FORUM)
    return create_audited(
        Speaker, actor=actor, action="events.speaker.added", fields={"meeting": meeting, **fields}
    )


def update_speaker(*, actor: Any, speaker: Speaker, version: int, **changes: Any) -> Speaker:
    return update_versioned(
        speaker,
        actor=actor,
        action="events.speaker.updated",
        expected_version=version,
        changes=changes,
        present=_present,
    )


def remove_speaker(*, actor: Any, speaker: Speaker) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="events.speaker.removed",
            obj=speaker,
            changes={"meeting_id": speaker.meeting_id, "role": speaker.role},
        )
        speaker.delete()


# Exhibitors ------------------------------------------------------------------------------


def add_exhibitor(*, actor: Any, meeting: Meeting, **fields: Any) -> Exhibitor:
    """Give a company a booth at an exhibition (one booth code per exhibition)."""
    _require_kind(meeting, MeetingKind.EXHIBITION)
    return create_audited(
        Exhibitor,
        actor=actor,
        action="events.exhibitor.added",
        fields={"meeting": meeting, **fields},
    )


def update_exhibitor(
    *, actor: Any, exhibitor: Exhibitor, version: int, **changes: Any
) -> Exhibitor:
    booth = changes.get("booth_code")
    if (
        booth
        and Exhibitor.objects.filter(meeting_id=exhibitor.meeting_id, booth_code=booth)
        .exclude(pk=exhibitor.pk)
        .exists()
    ):
        raise ValidationFailed(
            _("Booth %(booth)s is taken.") % {"booth": booth},
            errors={"booth_code": [_("taken")]},
        )
    return update_versioned(
        exhibitor,
        actor=actor,
        action="events.exhibitor.updated",
        expected_version=version,
        changes=changes,
        present=_present,
    )


# Contact requests ------------------------------------------------------------------------


def send_contact_request(*, actor: Any, exhibitor: Exhibitor, message: str) -> ContactRequest:
    """Record a visitor's message to an exhibitor and e-mail its contacts. A sender may have
    one open request per exhibitor: the next waits until that one is closed."""
    text = message.strip()
    if not text:
        raise ValidationFailed(_("Write a message."), errors={"message": [_("required")]})
    if len(text) > 2000:
        raise ValidationFailed(
            _("Keep the message under 2,000 characters."), errors={"message": [_("too long")]}
        )
    try:
        with transaction.atomic():
            request = ContactRequest.objects.create(exhibitor=exhibitor, sender=actor, message=text)
            audit.record(
                actor=actor,
                action="events.contact_request.sent",
                obj=request,
                changes={
                    "exhibitor_id": exhibitor.pk,
                    "message": audit.private_digest(text),
                },
            )
            notifications.notify(
                recipients=selectors.exhibitor_contacts(exhibitor),
                topic=Topic.CONTACT_REQUEST,
                subject=_("A visitor wants to contact %(company)s") % {"company": exhibitor},
                body=_("%(sender)s wrote to your booth %(booth)s:\n\n%(message)s")
                % {
                    "sender": actor.get_full_name() or actor.get_username(),
                    "booth": exhibitor.booth_code,
                    "message": text,
                },
                link=reverse("events:contact_requests"),
            )
    except IntegrityError:
        raise ValidationFailed(
            _("You already have an open request to this exhibitor; wait for it to be closed."),
            errors={"message": [_("one open request per exhibitor")]},
        ) from None
    return request


def close_contact_request(*, actor: Any, request: ContactRequest) -> ContactRequest:
    """Mark a request handled (by the exhibitor) or withdrawn (by the sender)."""
    with transaction.atomic():
        updated = ContactRequest.objects.filter(pk=request.pk, status=ContactStatus.OPEN).update(
            status=ContactStatus.CLOSED, closed_at=timezone.now()
        )
        if updated:
            audit.record(
                actor=actor,
                action="events.contact_request.closed",
                obj=request,
                changes={"status": [ContactStatus.OPEN, ContactStatus.CLOSED]},
            )
    request.refresh_from_db()
    return request
