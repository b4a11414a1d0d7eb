"""Opening a text's negotiating record to everyone who reads the text (ADR 0020). Callers
authorise through ``permissions`` first (the secretariat only)."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import Conflict, ValidationFailed

from .choices import Classification
from .models import Text

DECISION_MAX_LENGTH = 200


def derestrict_record(*, actor: Any, text: Text, decision: str, version: int) -> Text:
    """Make the text's record (positions and reasons, amendments, the consensus map and
    report, earlier versions and redlines) visible to everyone who reads the text, under the
    secretariat's ``decision`` (its reference). Once derestricted it stays so: what was
    released cannot be recalled."""
    decision = decision.strip()
    if not decision:
        raise ValidationFailed(
            _("Name the decision that derestricts the record."),
            errors={"decision": [_("required")]},
        )
    if len(decision) > DECISION_MAX_LENGTH:
        raise ValidationFailed(
            _("The decision's reference is at most %(n)s characters.") % {"n": DECISION_MAX_LENGTH},
            errors={"decision": [_("too long")]},
        )
    if text.classification != Classification.PUBLISHED:
        raise ValidationFailed(
            _("The text itself is restricted to its forum: publish it before its record."),
            errors={"classification": [_("the text is restricted")]},
        )
    if text.record_derestricted_at is not None:
        raise ValidationFailed(
            _("The record of this text was already derestricted on %(date)s.")
            % {"date": f"{text.record_derestricted_at:%Y-%m-%d}"},
        )
    now = timezone.now()
    with transaction.atomic():
        updated = Text.objects.filter(
            pk=text.pk, version=version, record_derestricted_at__isnull=True
        ).update(
            record_derestricted_at=now,
            record_derestricted_by=actor,
            record_derestriction_decision=decision,
            version=version + 1,
            updated_at=now,
        )
        if not updated:
            current = Text.objects.get(pk=text.pk)
            raise Conflict(
                _("The text changed meanwhile."),
                current={
                    "version": current.version,
                    "record_derestricted": current.record_derestricted_at is not None,
                },
            )
        audit.record(
            actor=actor,
            action="negotiation.record.derestricted",
            obj=text,
            changes={"decision": decision, "record_derestricted_at": now},
        )
    text.refresh_from_db()
    return text
