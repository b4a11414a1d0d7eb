"""How a negotiation ends: a silence procedure (adopted at the deadline unless a delegation
breaks silence), adoption, or the chair's fallback — the text issued as a chair's statement
with a per-paragraph report of where consensus stood."""

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.core.prepared import Prepared
from secretariat.registry.models import Delegation

from . import hooks, live, selectors
from .choices import SilenceOutcome, TextStatus
from .models import SilenceBreak, SilenceProcedure, Text


def _lock_text(text: Text, version: int) -> Text:
    locked = Text.objects.select_for_update().get(pk=text.pk)
    if locked.version != version:
        raise Conflict(
            _("The text changed meanwhile."),
            current={"version": locked.version, "status": locked.status},
        )
    return locked


def _set_status(text: Text, status: str, **fields: Any) -> None:
    Text.objects.filter(pk=text.pk).update(
        status=status, version=text.version + 1, updated_at=timezone.now(), **fields
    )


# Read on every view of a text's page: a prepared read (at most one runs per text).
_RUNNING_SILENCE: Prepared[SilenceProcedure] = Prepared(
    lambda text: (
        SilenceProcedure.objects.filter(text_id=text, outcome=SilenceOutcome.RUNNING)
        .select_related("version")
        .order_by("pk")[:1]
    ),
    "text",
)


def running_silence(text: Text) -> SilenceProcedure | None:
    return next(iter(_RUNNING_SILENCE.objects(text=text.pk)), None)


def start_silence(*, actor: Any, text: Text, deadline: datetime, version: int) -> SilenceProcedure:
    """Circulate the current version under silence until ``deadline``."""
    if deadline <= timezone.now():
        raise ValidationFailed(
            _("The silence deadline must be in the future."), errors={"deadline": ["past"]}
        )
    with transaction.atomic():
        locked = _lock_text(text, version)
        if locked.status != TextStatus.NEGOTIATING:
            raise ValidationFailed(
                _("Only a text under negotiation can be put under silence (it is %(status)s).")
                % {"status": locked.get_status_display()}
            )
        assert locked.current_version is not None  # noqa: S101 - texts get one when created
        procedure = SilenceProcedure.objects.create(
            text=locked,
            version=locked.current_version,
            deadline=deadline,
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _set_status(locked, TextStatus.SILENCE)
        audit.record(
            actor=actor,
            action="negotiation.silence.started",
            obj=text,
            changes={"procedure_id": procedure.pk, "deadline": deadline.isoformat()},
        )
        live.announce(text, "status")
    text.refresh_from_db()
    return procedure


def break_silence(*, actor: Any, text: Text, delegation: Delegation, reason: str) -> SilenceBreak:
    """Any delegation may break silence before the deadline, with its reason: the text goes
    back to negotiation."""
    if not reason.strip():
        raise ValidationFailed(
            _("Say why your delegation breaks silence."), errors={"reason": ["required"]}
        )
    with transaction.atomic():
        procedure = (
            SilenceProcedure.objects.select_for_update()
            .filter(text=text, outcome=SilenceOutcome.RUNNING)
            .first()
        )
        if procedure is None:
            raise ValidationFailed(_("This text is not under a silence procedure."))
        if procedure.deadline <= timezone.now():
            raise ValidationFailed(
                _("The silence procedure ended at %(deadline)s; silence can no longer be broken.")
                % {"deadline": procedure.deadline.isoformat(timespec="minutes")}
            )
        try:
            with transaction.atomic():
                silence_break = SilenceBreak.objects.create(
                    procedure=procedure,
                    delegation=delegation,
                    reason=reason[:3000],
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            raise Conflict(_("Your delegation has already broken silence.")) from None
        SilenceProcedure.objects.filter(pk=procedure.pk).update(
            outcome=SilenceOutcome.BROKEN, closed_at=timezone.now()
        )
        locked = Text.objects.select_for_update().get(pk=text.pk)
        _set_status(locked, TextStatus.NEGOTIATING)
        audit.record(
            actor=actor,
            action="negotiation.silence.broken",
            obj=text,
            changes={"procedure_id": procedure.pk, "delegation_id": delegation.pk},
        )
        live.announce(text, "status")
    text.refresh_from_db()
    return silence_break


def withdraw_silence(*, actor: Any, text: Text, version: int) -> SilenceProcedure:
    with transaction.atomic():
        locked = _lock_text(text, version)
        procedure = running_silence(locked)
        if procedure is None:
            raise ValidationFailed(_("This text is not under a silence procedure."))
        SilenceProcedure.objects.filter(pk=procedure.pk).update(
            outcome=SilenceOutcome.WITHDRAWN, closed_at=timezone.now()
        )
        _set_status(locked, TextStatus.NEGOTIATING)
        audit.record(
            actor=actor,
            action="negotiation.silence.withdrawn",
            obj=text,
            changes={"procedure_id": procedure.pk},
        )
        live.announce(text, "status")
    text.refresh_from_db()
    procedure.refresh_from_db()
    return procedure


def conclude_silence_procedures(*, now: datetime | None = None) -> list[Text]:
    """Adopt every text whose silence deadline passed unbroken (the scheduled task). Silence
    is the consensus: the text is adopted as circulated, at the deadline."""
    now = now or timezone.now()
    adopted = []
    due = SilenceProcedure.objects.filter(outcome=SilenceOutcome.RUNNING, deadline__lte=now)
    for procedure_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            procedure = (
                SilenceProcedure.objects.select_for_update()
                .select_related("text", "version")
                .filter(pk=procedure_id, outcome=SilenceOutcome.RUNNING)
                .first()
            )
            if procedure is None:  # broken or concluded meanwhile
                continue
            SilenceProcedure.objects.filter(pk=procedure.pk).update(
                outcome=SilenceOutcome.PASSED, closed_at=now
            )
            text = Text.objects.select_for_update().get(pk=procedure.text_id)
            _set_status(text, TextStatus.ADOPTED, adopted_at=procedure.deadline)
            audit.record(
                actor="scheduler",
                action="negotiation.silence.passed",
                obj=text,
                changes={"procedure_id": procedure.pk, "version_number": procedure.version.number},
            )
            live.announce(text, "status")
            hooks.text_adopted(text.pk)
        text.refresh_from_db()
        adopted.append(text)
    return adopted


def issue_as_chairs_statement(*, actor: Any, text: Text, version: int) -> Text:
    """The fallback when consensus is out of reach: the chair issues the current version
    under their own authority, with the consensus report frozen alongside it."""
    report = selectors.consensus_report(selectors.consensus_map(text))
    with transaction.atomic():
        locked = _lock_text(text, version)
        if locked.status not in (TextStatus.NEGOTIATING, TextStatus.SILENCE):
            raise ValidationFailed(
                _("This text is already %(status)s.") % {"status": locked.get_status_display()}
            )
        procedure = running_silence(locked)
        if procedure is not None:
            SilenceProcedure.objects.filter(pk=procedure.pk).update(
                outcome=SilenceOutcome.WITHDRAWN, closed_at=timezone.now()
            )
        report["issued_at"] = timezone.now().isoformat()
        _set_status(locked, TextStatus.FALLBACK, outcome_report=report)
        audit.record(
            actor=actor,
            action="negotiation.text.issued_as_chairs_statement",
            obj=text,
            changes={"version_number": report["version"], "open": report["open"]},
        )
        live.announce(text, "status")
    text.refresh_from_db()
    return text
