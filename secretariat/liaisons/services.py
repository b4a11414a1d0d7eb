"""Writes to liaison statements. Callers authorise through ``permissions`` first; these
functions validate, write, and record the audit entry in the same transaction.

Titles and texts are logged as digests (``audit.private_digest``): members read the audit
log, and a draft or a restricted statement must not reach them through it."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import ValidationFailed
from secretariat.core.versioning import create_audited, update_versioned
from secretariat.meetings.models import Document
from secretariat.registry.models import Forum, Organisation

from . import notices
from .choices import ISSUED_STATES, NEXT_STATES, Direction, LiaisonState, Purpose
from .models import LiaisonStatement

TEXT_FIELDS = ("title", "body")


def _present(obj: Any) -> dict[str, Any]:
    from . import schemas  # the API's view of the row, reused for 409 bodies

    return schemas.present(obj)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return audit.fields_with_private_digested(fields, TEXT_FIELDS)


def response_shape(
    original: LiaisonStatement, forum: Forum
) -> tuple[str, Forum | None, Organisation | None]:
    """The direction and counterpart of a response recorded by ``forum``: it goes from the
    original's recipient to its sender, seen from whichever forum concerned records it."""
    if not original.is_issued:
        raise ValidationFailed(
            _("Only a statement that was sent or received can be answered."),
            errors={"in_response_to": [_("not sent or received")]},
        )
    if forum.pk == original.forum_id:
        flipped = (
            Direction.INCOMING if original.direction == Direction.OUTGOING else Direction.OUTGOING
        )
        return flipped, original.counterpart_forum, original.counterpart_organisation
    if forum.pk == original.counterpart_forum_id:
        return original.direction, original.forum, None
    raise ValidationFailed(
        _("A response is recorded by one of the fora the statement concerns."),
        errors={"forum": [_("not concerned")]},
    )


def create_statement(
    *,
    actor: Any,
    forum: Forum,
    title: dict[str, Any],
    purpose: str,
    direction: str = Direction.OUTGOING,
    counterpart_forum: Forum | None = None,
    counterpart_organisation: Organisation | None = None,
    body: dict[str, Any] | None = None,
    deadline: date | None = None,
    in_response_to: LiaisonStatement | None = None,
    is_restricted: bool = False,
) -> LiaisonStatement:
    """A draft statement of ``forum``. A response takes its direction and counterpart from
    the statement it answers (``response_shape``) and its purpose is in response."""
    if in_response_to is not None:
        direction, counterpart_forum, counterpart_organisation = response_shape(
            in_response_to, forum
        )
        purpose = Purpose.IN_RESPONSE
    fields = {
        "forum": forum,
        "direction": direction,
        "counterpart_forum": counterpart_forum,
        "counterpart_organisation": counterpart_organisation,
        "title": title,
        "body": body or {},
        "purpose": purpose,
        "deadline": deadline,
        "in_response_to": in_response_to,
        "is_restricted": is_restricted,
        "created_by": _user(actor),
    }
    return create_audited(
        LiaisonStatement,
        actor=actor,
        action="liaisons.statement.created",
        fields=fields,
        audit_changes=lambda statement: _audit_fields(
            {k: v for k, v in fields.items() if k != "created_by"}
        ),
    )


EDITABLE_FIELDS = frozenset({"title", "body", "purpose", "deadline", "is_restricted"})


def update_statement(
    *, actor: Any, statement: LiaisonStatement, version: int, **changes: Any
) -> LiaisonStatement:
    """Change a draft; a statement sent or received is the record and stays as it was
    (restricting or opening it is the one change still allowed)."""
    unknown = sorted(set(changes) - EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(unknown)},
            errors={name: [_("cannot be changed")] for name in unknown},
        )
    if statement.state != LiaisonState.DRAFT and set(changes) - {"is_restricted"}:
        raise ValidationFailed(
            _("A statement that is %(state)s cannot be edited; only its restriction changes.")
            % {"state": statement.get_state_display()},
            errors={"state": [statement.state]},
        )
    if statement.in_response_to_id is not None and changes.get("purpose", Purpose.IN_RESPONSE) != (
        Purpose.IN_RESPONSE
    ):
        raise ValidationFailed(
            _("A response keeps the purpose in response."), errors={"purpose": [_("fixed")]}
        )
    return update_versioned(
        statement,
        actor=actor,
        action="liaisons.statement.updated",
        expected_version=version,
        changes=changes,
        present=_present,
        private=True,
    )


def change_state(
    *, actor: Any, statement: LiaisonStatement, version: int, state: str, on: date | None = None
) -> LiaisonStatement:
    """Move a draft along ``NEXT_STATES``: send it (outgoing), record it as received
    (incoming) on ``on`` (default today), or withdraw it. The fora concerned are told of a
    statement they receive."""
    allowed = NEXT_STATES[statement.direction].get(statement.state, frozenset())
    if state not in allowed:
        raise ValidationFailed(
            _("A statement that is %(state)s cannot become %(to)s.")
            % {"state": statement.get_state_display(), "to": LiaisonState(state).label}
            if state in LiaisonState.values
            else _("Unknown state."),
            errors={"state": [state]},
        )
    changes: dict[str, Any] = {"state": state}
    if state in ISSUED_STATES:
        changes["issued_on"] = on or timezone.localdate()
    with transaction.atomic():
        moved = update_versioned(
            statement,
            actor=actor,
            action=f"liaisons.statement.{state}",
            expected_version=version,
            changes=changes,
            present=_present,
        )
        if state in ISSUED_STATES:
            notices.tell_recipients(moved)
    return moved


def _require_draft_locked(statement: LiaisonStatement) -> None:
    """The statement's state as committed, its row locked until the caller's transaction
    ends: the caller's copy may have been read before another officer sent it, and a sent
    statement's attachments are the record."""
    state = (
        LiaisonStatement.objects.select_for_update()
        .filter(pk=statement.pk)
        .values_list("state", flat=True)
        .first()
    )
    if state != LiaisonState.DRAFT:
        raise ValidationFailed(
            _("Attachments change only while the statement is a draft."),
            errors={"state": [state or statement.state]},
        )


def attach_document(
    *, actor: Any, statement: LiaisonStatement, document: Document
) -> LiaisonStatement:
    """Attach a meeting document to a draft (the caller checked the actor sees it)."""
    with transaction.atomic():
        _require_draft_locked(statement)
        if statement.attachments.filter(pk=document.pk).exists():
            raise ValidationFailed(
                _("%(number)s is already attached.") % {"number": document.number},
                errors={"document": [_("already attached")]},
            )
        statement.attachments.add(document)
        audit.record(
            actor=actor,
            action="liaisons.statement.attached",
            obj=statement,
            changes={"document_id": document.pk},
        )
    return statement


def detach_document(
    *, actor: Any, statement: LiaisonStatement, document: Document
) -> LiaisonStatement:
    with transaction.atomic():
        _require_draft_locked(statement)
        if not statement.attachments.filter(pk=document.pk).exists():
            raise ValidationFailed(
                _("%(number)s is not attached.") % {"number": document.number},
                errors={"document": [_("not attached")]},
            )
        statement.attachments.remove(document)
        audit.record(
            actor=actor,
            action="liaisons.statement.detached",
            obj=statement,
            changes={"document_id": document.pk},
        )
    return statement
