"""Back to the meetings: a confirmed commitment whose target date has passed without full
compliance is proposed as an agenda item for the next meeting of the forum that owns it (the
owning forum, or the forum that adopted the text). The chair accepts or dismisses it in the
meetings app (``meetings.agenda_proposals``); proposing is idempotent per meeting and
commitment, so the daily run raises each item once per meeting."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from secretariat.core.i18n import resolve
from secretariat.meetings import agenda_proposals
from secretariat.meetings.models import AgendaProposal

from . import selectors
from .choices import CommitmentState, OwnerKind, Stage
from .models import Commitment, Score

PROPOSAL_LANGUAGES = ("en", "ko")


def overdue(today: date) -> QuerySet[Commitment]:
    return Commitment.objects.filter(
        state=CommitmentState.CONFIRMED, target_date__lt=today
    ).select_related("text__forum", "owner_forum")


def fully_complied(commitments: list[Commitment]) -> set[int]:
    """Commitments on which every bound economy's latest final score is +1."""
    latest: dict[tuple[int, int], int] = {}
    for commitment_id, economy_id, value in (
        Score.objects.filter(
            commitment__in=commitments, stage=Stage.FINAL, superseded_at__isnull=True
        )
        .order_by("cycle__starts_on", "pk")
        .values_list("commitment_id", "economy_id", "value")
    ):
        latest[(commitment_id, economy_id)] = value  # later cycles overwrite earlier ones
    bound = selectors.responsible_economy_ids(commitments)
    return {
        c.pk
        for c in commitments
        if bound[c.pk] and all(latest.get((c.pk, e)) == 1 for e in bound[c.pk])
    }


def _in_each_language(make: Callable[[Commitment], str], commitment: Commitment) -> dict[str, str]:
    texts = {}
    for language in PROPOSAL_LANGUAGES:
        with translation.override(language):
            texts[language] = make(commitment)
    return texts


def _title(commitment: Commitment) -> str:
    return _("Commitment past its target date: %(title)s") % {
        "title": resolve(commitment.title, translation.get_language()).text
    }


def _reason(commitment: Commitment) -> str:
    return _(
        "The target date %(date)s of paragraph %(eid)s has passed without full "
        "compliance by every economy bound by it."
    ) % {"date": commitment.target_date, "eid": commitment.eid}


def propose_overdue(*, actor: Any, today: date) -> list[AgendaProposal]:
    """Propose every overdue, not fully complied commitment to its forum's next meeting."""
    found = list(overdue(today))
    complied = fully_complied(found)
    proposals = []
    for commitment in found:
        if commitment.pk in complied:
            continue
        forum = (
            commitment.owner_forum
            if commitment.owner_kind == OwnerKind.FORUM and commitment.owner_forum
            else commitment.text.forum
        )
        proposal = agenda_proposals.propose(
            actor=actor,
            forum=forum,
            title=_in_each_language(_title, commitment),
            reason=_in_each_language(_reason, commitment),
            source_key=f"commitment-{commitment.pk}",
            source_url=reverse("commitments:detail", args=[commitment.pk]),
            today=today,
        )
        if proposal is not None:
            proposals.append(proposal)
    return proposals
