"""Who may do what with commitments. Views and API handlers go through ``access_*``, which
fetch (404 for what the reader may not see) and authorise (401 signed out, 403 refused).

- The secretariat suggests, confirms, edits and rejects commitments, opens and publishes
  cycles and appoints assessors.
- An economy's delegates write its implementation report; only its head of delegation
  submits it.
- Assessors (secretariat staff, or people the secretariat appointed) score and import.
- An economy's delegates may comment on its scores."""

from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, PermissionDenied
from secretariat.core.permissions import get_visible, require
from secretariat.negotiation.choices import TextStatus
from secretariat.negotiation.models import Text
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import Economy
from secretariat.registry.permissions import Principal, principal_for

from . import selectors
from .choices import CommitmentState
from .models import Commitment, Cycle, ImplementationReport, Score


def _signed_in(user: Any, message: str) -> Principal:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(message)
    return principal


def require_secretariat(user: Any) -> Principal:
    principal = _signed_in(user, _("Sign in as secretariat staff to do this."))
    require(principal.is_secretariat, _("Only the secretariat may do this."))
    return principal


def require_assessor(user: Any) -> Principal:
    principal = _signed_in(user, _("Sign in as an assessor to score."))
    require(
        selectors.is_assessor(principal),
        _("Only the secretariat and the assessors it appoints may score."),
    )
    return principal


def heads_economy(principal: Principal, economy_id: int) -> bool:
    return any(
        role.kind == RoleKind.HEAD_OF_DELEGATION and role.economy_id == economy_id
        for role in principal.roles
    )


def access_adopted_text(user: Any, slug: str) -> Text:
    """An adopted text whose paragraphs the secretariat turns into commitments."""
    principal = require_secretariat(user)
    from secretariat.negotiation.selectors import texts_visible_to

    text = get_visible(texts_visible_to(principal), "text", slug=slug)
    require(
        text.status == TextStatus.ADOPTED,
        _("Commitments come from adopted texts only; this one is not adopted."),
    )
    return text


def access_commitment(user: Any, commitment_id: int, need: str = "read") -> Commitment:
    """``need``: read; decide (the secretariat: confirm, edit, reject)."""
    principal = principal_for(user)
    commitment = get_visible(
        selectors.commitments_visible_to(principal).select_related(
            "text", "theme", "source_version", "owner_forum"
        ),
        "commitment",
        pk=commitment_id,
    )
    if need == "decide":
        require_secretariat(user)
    elif need != "read":
        raise PermissionDenied(f"Unknown need {need!r}.")
    return commitment


def access_cycle(user: Any, cycle_id: int, need: str = "read") -> Cycle:
    """``need``: read; publish (the secretariat)."""
    if need == "publish":
        require_secretariat(user)
    return get_visible(Cycle.objects.all(), "cycle", pk=cycle_id)


def access_report_slot(
    user: Any, commitment_id: int, cycle_id: int, economy_code: str
) -> tuple[Commitment, Cycle, Economy]:
    """Where an economy's delegates write its report on a confirmed commitment it is
    bound by."""
    principal = _signed_in(user, _("Sign in as a delegate to write your economy's report."))
    commitment = access_commitment(user, commitment_id)
    cycle = access_cycle(user, cycle_id)
    economy = get_visible(Economy.objects.all(), "economy", code=economy_code.upper())
    require(
        economy.pk in principal.economy_ids,
        _("Only the economy's own delegates write its implementation report."),
    )
    require(
        commitment.state == CommitmentState.CONFIRMED
        and economy.pk in selectors.responsible_economy_ids([commitment])[commitment.pk],
        _("This economy does not report on this commitment."),
    )
    return commitment, cycle, economy


def access_report(user: Any, report_id: int, need: str = "read") -> ImplementationReport:
    """``need``: read; edit (the economy's delegates, while a draft); submit (its head of
    delegation)."""
    principal = principal_for(user)
    report = get_visible(
        selectors.reports_visible_to(principal).select_related(
            "commitment", "economy", "cycle", "submitted_by"
        ),
        "implementation report",
        pk=report_id,
    )
    if need == "read":
        return report
    _signed_in(user, _("Sign in as a delegate to change your economy's report."))
    require(
        report.economy_id in principal.economy_ids,
        _("Only the economy's own delegates change its implementation report."),
    )
    if need == "submit":
        require(
            heads_economy(principal, report.economy_id),
            _("Only the economy's head of delegation submits its implementation report."),
        )
    elif need != "edit":
        raise PermissionDenied(f"Unknown need {need!r}.")
    return report


def access_score_slot(
    user: Any, commitment_id: int, cycle_id: int, economy_code: str
) -> tuple[Commitment, Cycle, Economy]:
    require_assessor(user)
    commitment = access_commitment(user, commitment_id)
    cycle = access_cycle(user, cycle_id)
    economy = get_visible(Economy.objects.all(), "economy", code=economy_code.upper())
    return commitment, cycle, economy


def access_score(user: Any, score_id: int, need: str = "read") -> Score:
    """``need``: read; comment (the scored economy's delegates)."""
    principal = principal_for(user)
    score = get_visible(
        selectors.scores_visible_to(principal, current=False).select_related(
            "commitment", "economy", "cycle"
        ),
        "score",
        pk=score_id,
    )
    if need == "comment":
        _signed_in(user, _("Sign in as a delegate to comment on your economy's score."))
        require(
            score.economy_id in principal.economy_ids,
            _("Only the scored economy's delegates may comment on its score."),
        )
    elif need != "read":
        raise PermissionDenied(f"Unknown need {need!r}.")
    return score
