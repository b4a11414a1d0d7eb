"""Commitments: the compliance heat map of 21 economies × 200 commitments in the latest of 3
published cycles (4,200 final scores each cycle; the page draws the first 50 commitments,
its averages over all 200), read by an anonymous reader, against the
trivial view: warm (the page cached whole for signed-out readers, served again) and cold (the
commitments' token renewed before each read, as every commitments write renews it, so the page
is rendered again). The target applies to the cold figure (issue 8: a cache hit shows the cache,
not the page). The commitments and scores are made in bulk: the benchmark measures the page,
not the seeding. After a score changes (``heat-map_after_score``) the page is drawn from the
score sheets the change wrote, by its assessor (signed-in pages are never cached whole)."""

from collections.abc import Callable, Iterator
from datetime import date

from .bench_meetings import _staff_client  # signed in with its second factor
from .harness import BASELINE_URL, Figure, compare, get

COMMITMENTS = 200
CYCLES = 3


def _fill() -> int:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from secretariat.commitments import sheets
    from secretariat.commitments.choices import CommitmentState, Stage
    from secretariat.commitments.models import Commitment, Cycle, Score
    from secretariat.commitments.suggest import wording_hash
    from secretariat.core.i18n import translations
    from secretariat.negotiation.demo import SLUG
    from secretariat.negotiation.models import Text
    from secretariat.registry.models import Economy

    text = Text.objects.get(slug=SLUG)
    themes = list(text.themes.all())
    Commitment.objects.filter(text=text).update(state=CommitmentState.REJECTED)
    made = Commitment.objects.bulk_create(
        Commitment(
            text=text,
            source_version=text.current_version,
            eid=f"bench_{n}",
            wording=f"We will do bench thing {n}.",
            wording_hash=wording_hash(f"We will do bench thing {n}."),
            title=translations("en", en=f"Bench commitment {n}"),
            theme=themes[n % len(themes)],
            state=CommitmentState.CONFIRMED,
        )
        for n in range(COMMITMENTS)
    )
    cycles = [
        Cycle.objects.create(
            name=f"bench {year}",
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            report_due_on=date(year, 11, 30),
            final_published_at=timezone.now(),
        )
        for year in range(2030, 2030 + CYCLES)
    ]
    economies = list(Economy.objects.all())
    assessor = get_user_model().objects.get(username="secretariat")
    Score.objects.bulk_create(
        (
            Score(
                commitment=commitment,
                economy=economy,
                cycle=cycle,
                stage=Stage.FINAL,
                value=(i + j + k) % 3 - 1,
                justification="Bench.",
                assessor=assessor,
            )
            for i, commitment in enumerate(made)
            for j, economy in enumerate(economies)
            for k, cycle in enumerate(cycles)
        ),
        batch_size=2000,
    )
    # Scores written in bulk bypass the service that keeps the economies' score sheets.
    sheets.rebuild()
    return cycles[-1].pk


def run() -> Iterator[Figure]:
    from django.test import Client

    from secretariat.registry.demo import seed_all

    seed_all()
    latest = _fill()
    anonymous = Client()
    baseline = get(anonymous, BASELINE_URL)
    page = get(anonymous, f"/en/commitments/heat-map/?cycle={latest}&stage=final")
    content = page().content  # type: ignore[attr-defined]
    from secretariat.commitments.page import COLUMNS_PER_PAGE

    # The first page of columns, its averages over all the commitments.
    if content.count(b"data-score=") < 21 * COLUMNS_PER_PAGE or (
        f"of {COMMITMENTS}</p>".encode() not in content
    ):
        raise RuntimeError("the heat map does not show a full first page of cells")
    yield compare("heat-map_warm", page, baseline, target=None, repeats=5, rounds=3)

    def renew() -> None:
        from secretariat.commitments.services import TOKEN
        from secretariat.core import cache_tokens

        cache_tokens.renew(TOKEN)

    yield compare("heat-map_cold", page, baseline, target=15, repeats=5, rounds=3, before=renew)
    yield _after_score(latest, baseline)


def _after_score(latest: int, baseline: Callable[[], object]) -> Figure:
    """The heat map after one final score changes (through the service, so its economy's
    score sheet is written again and the commitments' token renewed), as its assessor reads
    it: the latest cycle is unpublished for this figure, since published final scores
    cannot change, and an anonymous reader would see none of an unpublished cycle."""
    from itertools import cycle as turns

    from django.contrib.auth import get_user_model

    from secretariat.commitments import services
    from secretariat.commitments.choices import CommitmentState, Stage
    from secretariat.commitments.models import Commitment, Cycle
    from secretariat.registry.models import Economy

    the_cycle = Cycle.objects.get(pk=latest)
    published_at = the_cycle.final_published_at
    Cycle.objects.filter(pk=latest).update(final_published_at=None)
    the_cycle.refresh_from_db()
    assessor = get_user_model().objects.get(username="secretariat")
    commitment = Commitment.objects.filter(
        eid__startswith="bench_", state=CommitmentState.CONFIRMED
    ).first()
    economy = Economy.objects.order_by("code").first()
    values = turns([1, 0, -1])

    def rescore() -> None:
        services.record_score(
            actor=assessor,
            commitment=commitment,
            economy=economy,
            cycle=the_cycle,
            stage=Stage.FINAL,
            value=next(values),
            justification="Bench: re-scored.",
        )

    page = get(_staff_client(), f"/en/commitments/heat-map/?cycle={latest}&stage=final")
    try:
        return compare(
            "heat-map_after_score", page, baseline, target=15, repeats=5, rounds=3, before=rescore
        )
    finally:
        Cycle.objects.filter(pk=latest).update(final_published_at=published_at)
