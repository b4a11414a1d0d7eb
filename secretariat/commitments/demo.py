"""Demo: the adopted 2025 Digital and AI Ministerial Statement's operative paragraphs as
commitments under its three themes, two monitoring cycles of implementation reports and
scores. The statement's paragraphs and themes come from the negotiation demo (see
shared/domain/apec.md); every report, score, date and target here is ILLUSTRATIVE.

Cycle 2025–26 is published (final scores public): Korea reported on time, the United States
once late, other economies did not report; interim and final scores, one re-scored. Cycle
2026–27 is under way: Korea's report is a draft (Korea's eyes only), the United States'
submitted, interim scores only. Idempotent: nothing is added when commitments exist."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from secretariat.core.i18n import translations
from secretariat.negotiation.demo import SLUG
from secretariat.negotiation.models import Text
from secretariat.registry.demo import refuse_in_production
from secretariat.registry.models import Economy, Forum

from . import overdue, services
from .choices import CommitmentState, OwnerKind, Stage
from .models import Commitment, Cycle, ImplementationReport

SEOUL = ZoneInfo("Asia/Seoul")
# eId: (short title, owner, target date or None for ongoing) — all illustrative
DECISIONS: dict[str, tuple[str, str, date | None]] = {
    "para_5": ("Digital skills and AI literacy for all", OwnerKind.ALL_ECONOMIES, None),
    "para_6": ("Joint research with TELWG, DESG and ABAC", OwnerKind.FORUM, date(2026, 6, 30)),
    "para_7": ("Investment in AI-enabled cloud and networks", OwnerKind.ALL_ECONOMIES, None),
    "para_8": ("Narrow the digital divide", OwnerKind.ALL_ECONOMIES, date(2030, 12, 31)),
    "para_9": ("Address deepfakes and disinformation", OwnerKind.ALL_ECONOMIES, None),
}
SCORED = ["KR", "US", "JP", "SG", "CN", "AU"]
# cycle 1 final scores per economy, per commitment (para_5 … para_9); None: not scored
FINAL_1 = {
    "KR": [1, 1, 0, 1, 0],
    "US": [1, 0, 1, 0, 1],
    "JP": [0, 1, 1, 0, 0],
    "SG": [1, None, 1, 1, 0],
    "CN": [0, -1, 1, 0, -1],
    "AU": [1, 0, -1, None, 0],
}
INTERIM_2 = {"KR": [1, 1, 1, 1, 0], "US": [1, 0, 1, 1, 1]}


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, 0, tzinfo=SEOUL)


def seed() -> dict[str, int]:
    refuse_in_production()
    text = Text.objects.filter(slug=SLUG, status="adopted").first()
    users = get_user_model().objects
    if text is None or Commitment.objects.filter(text=text).exists():
        return {"commitments": Commitment.objects.count()}
    staff = users.get(username="secretariat")
    with transaction.atomic():
        commitments = _commitments(staff, text)
        first, second = _cycles(staff)
        _reports_and_scores(staff, users, commitments, first, second)
        # Past its target date without full compliance: onto the forum's next agenda.
        overdue.propose_overdue(actor=staff, today=timezone.localdate())
    return {"commitments": Commitment.objects.count()}


def _commitments(staff: Any, text: Text) -> list[Commitment]:
    forum = Forum.objects.get(slug="daib")
    confirmed = []
    for commitment in services.suggest_commitments(actor=staff, text=text):
        title, owner, target = DECISIONS.get(commitment.eid, ("", "", None))
        if not title:
            continue
        confirmed.append(
            services.decide_commitment(
                actor=staff,
                commitment=commitment,
                expected_version=commitment.version,
                decision=CommitmentState.CONFIRMED,
                title=translations("en", en=title),
                owner_kind=owner,
                owner_forum=forum if owner == OwnerKind.FORUM else None,
                owner_economies=[],
                target_date=target,
            )
        )
    return confirmed


def _cycles(staff: Any) -> tuple[Cycle, Cycle]:
    first = services.create_cycle(
        actor=staff,
        name="2025–26",
        starts_on=date(2025, 8, 5),
        ends_on=date(2026, 7, 31),
        report_due_on=date(2026, 5, 31),
    )
    second = services.create_cycle(
        actor=staff,
        name="2026–27",
        starts_on=date(2026, 8, 1),
        ends_on=date(2027, 7, 31),
        report_due_on=date(2027, 5, 31),
    )
    return first, second


def _report(
    author: Any, head: Any, commitment: Commitment, code: str, cycle: Cycle, when: datetime | None
) -> ImplementationReport:
    report = services.save_report(
        actor=author,
        commitment=commitment,
        economy=Economy.objects.get(code=code),
        cycle=cycle,
        body=f"(Illustrative report.) What {code} did in {cycle.name} on “{commitment.eid}”: "
        "programmes launched, budgets committed, results measured.",
        evidence_links=[f"https://example.org/{code.lower()}/{commitment.eid}"],
    )
    if when is None:
        return report  # a draft
    report = services.submit_report(actor=head, report=report, expected_version=report.version)
    # The demo's submissions happened on illustrative days, not today.
    ImplementationReport.objects.filter(pk=report.pk).update(
        submitted_at=when, late=when.date() > cycle.report_due_on
    )
    return report


def _reports_and_scores(
    staff: Any, users: Any, commitments: list[Commitment], first: Cycle, second: Cycle
) -> None:
    kr = (users.get(username="kr-delegate"), users.get(username="kr-head"))
    us = (users.get(username="us-delegate"), users.get(username="us-head"))
    everyone = [c for c in commitments if c.owner_kind == OwnerKind.ALL_ECONOMIES]
    for commitment in everyone:
        _report(*kr, commitment, "KR", first, _at(2026, 5, 20))
        late = commitment.eid == "para_7"  # the one late report
        _report(*us, commitment, "US", first, _at(2026, 6, 12) if late else _at(2026, 5, 28))
    economies = {e.code: e for e in Economy.objects.filter(code__in=SCORED)}

    def score(commitment: Commitment, code: str, cycle: Cycle, stage: str, value: int) -> None:
        reported = code in ("KR", "US") and commitment in everyone
        services.record_score(
            actor=staff,
            commitment=commitment,
            economy=economies[code],
            cycle=cycle,
            stage=stage,
            value=value,
            justification=(
                "(Illustrative.) As the economy's implementation report shows."
                if reported
                else "(Illustrative.) No report; assessed from public sources."
            ),
        )

    for code, values in FINAL_1.items():
        for commitment, value in zip(commitments, values, strict=True):
            if value is None:
                continue
            score(
                commitment,
                code,
                first,
                Stage.INTERIM,
                max(value - 1, -1) if code == "CN" else value,
            )
            score(
                commitment,
                code,
                first,
                Stage.FINAL,
                value if (code, commitment.eid) != ("KR", "para_7") else -1,
            )
    # The re-score: Korea's evidence on cloud investment arrived after the first final score.
    score(commitments[2], "KR", first, Stage.FINAL, 0)
    services.publish_cycle(actor=staff, cycle=first)
    _report(*kr, everyone[0], "KR", second, None)  # a draft: Korea's eyes only
    _report(*us, everyone[0], "US", second, _at(2027, 5, 2))
    for code, values in INTERIM_2.items():
        for commitment, value in zip(commitments, values, strict=True):
            score(commitment, code, second, Stage.INTERIM, value)
