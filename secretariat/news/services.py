"""Writes to news. Callers authorise through ``permissions`` first (the secretariat); these
functions validate, write, and record the audit entry in the same transaction.

Item texts are logged as digests (``audit.private_digest``): members read the audit log, and
a draft or an embargoed release must not reach them through it."""

from datetime import datetime
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import ValidationFailed
from secretariat.core.versioning import clean_or_raise, create_audited, update_versioned
from secretariat.meetings.models import Meeting
from secretariat.negotiation.choices import TextClassification, TextStatus
from secretariat.negotiation.models import Text

from . import uploads
from .choices import EDITABLE_STATES, NEXT_STATES, NewsState
from .models import NewsImage, NewsItem

TEXT_FIELDS = ("title", "summary", "body")


def _present(obj: Any) -> dict[str, Any]:
    from . import schemas  # the API's view of the row, reused for 409 bodies

    return schemas.present(obj)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def check_outcome(outcome: Text | None) -> None:
    """A linked outcome is an adopted text the public may read."""
    if outcome is not None and not (
        outcome.status == TextStatus.ADOPTED
        and outcome.classification == TextClassification.PUBLISHED
    ):
        raise ValidationFailed(
            _("Link an adopted and published text as the outcome."),
            errors={"outcome": [_("not an adopted, published text")]},
        )


def _audit_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return audit.fields_with_private_digested(fields, TEXT_FIELDS)


def create_news_item(
    *,
    actor: Any,
    kind: str,
    title: dict[str, Any],
    body: dict[str, Any],
    summary: dict[str, Any] | None = None,
    meeting: Meeting | None = None,
    outcome: Text | None = None,
    related_url: str = "",
    embargo_until: datetime | None = None,
) -> NewsItem:
    """A draft news item or press release."""
    check_outcome(outcome)
    fields = {
        "kind": kind,
        "title": title,
        "summary": summary or {},
        "body": body,
        "meeting": meeting,
        "outcome": outcome,
        "related_url": related_url,
        "embargo_until": embargo_until,
        "created_by": _user(actor),
    }
    return create_audited(
        NewsItem,
        actor=actor,
        action="news.item.created",
        fields=fields,
        audit_changes=lambda item: _audit_fields(
            {k: v for k, v in fields.items() if k != "created_by"}
        ),
    )


def update_news_item(*, actor: Any, item: NewsItem, version: int, **changes: Any) -> NewsItem:
    """Change texts and links of an item not yet published (withdraw it first)."""
    if item.state not in EDITABLE_STATES:
        raise ValidationFailed(
            _("A published item cannot be edited: withdraw it to draft first."),
            errors={"state": [item.state]},
        )
    if "outcome" in changes:
        check_outcome(changes["outcome"])
    return update_versioned(
        item,
        actor=actor,
        action="news.item.updated",
        expected_version=version,
        changes=changes,
        present=_present,
        private=True,
    )


def change_state(
    *,
    actor: Any,
    item: NewsItem,
    version: int,
    state: str,
    published_at: datetime | None = None,
) -> NewsItem:
    """Move the item along ``NEXT_STATES``. Publishing is the secretariat's review: it
    records the reviewer and the publication time (``published_at``, default now; a later
    time schedules the item, which then appears at that time without anything running)."""
    if state not in NEXT_STATES.get(item.state, frozenset()):
        raise ValidationFailed(
            _("An item that is %(state)s cannot become %(to)s.")
            % {"state": item.get_state_display(), "to": NewsState(state).label}
            if state in NewsState.values
            else _("Unknown state."),
            errors={"state": [state]},
        )
    now = timezone.now()
    changes: dict[str, Any] = {"state": state}
    if state == NewsState.IN_REVIEW:
        changes["submitted_at"] = now
    elif state == NewsState.PUBLISHED:
        when = published_at or now
        if item.embargo_until is not None and when > item.embargo_until:
            raise ValidationFailed(
                _(
                    "The publication time is after the embargo ends: the press would see "
                    "the release no earlier than the public. Publish earlier or move the "
                    "embargo."
                ),
                errors={"published_at": [_("after the embargo")]},
            )
        changes.update(published_at=when, reviewed_by=_user(actor), reviewed_at=now)
    else:  # back to draft: returned by the reviewer, or withdrawn after publication
        changes["published_at"] = None
    return update_versioned(
        item,
        actor=actor,
        action=f"news.item.{state}",
        expected_version=version,
        changes=changes,
        present=_present,
    )


def add_image(
    *, actor: Any, item: NewsItem, upload: IO[bytes], size: int, alt: dict[str, Any]
) -> NewsImage:
    """Store an image checked by its content, under a random name, with its text
    alternative (required in the item's original language)."""
    checked = uploads.check_image(upload, size)
    original = next(
        (code for code, entry in item.title.items() if entry.get("status") == "original"), "en"
    )
    if not (alt.get(original) or {}).get("text", "").strip():
        raise ValidationFailed(
            _("Describe the image in the item's original language (%(lang)s).")
            % {"lang": original},
            errors={f"alt_{original}": [_("required")]},
        )
    image = NewsImage(
        item=item,
        image_format=checked.image_format,
        width=checked.width,
        height=checked.height,
        size=checked.size,
        sha256=checked.sha256,
        alt=alt,
        position=item.images.count(),
        uploaded_by=_user(actor),
    )
    clean_or_raise(image, exclude=["file"])
    with transaction.atomic():
        image.file.save("upload", File(upload), save=False)
        image.save()
        audit.record(
            actor=actor,
            action="news.image.added",
            obj=image,
            changes={
                "item_id": item.pk,
                "sha256": checked.sha256,
                "format": checked.image_format,
                "alt": audit.private_digest(alt),
            },
        )
    return image
