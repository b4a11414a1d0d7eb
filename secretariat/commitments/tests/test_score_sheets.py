"""Score sheets, the figures kept as data (``models.ScoreSheet``): after a sequence of
scores, re-scores and an import they equal sheets made again from the scores, and the heat
map's and progress chart's figures equal figures summed from the scores one by one. Interim
scores stay out of what the public sees, also once their cycle is published."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from secretariat.commitments import csvio, figures, selectors, services, sheets
from secretariat.commitments.choices import CommitmentState, Stage
from secretariat.commitments.models import Commitment, Score, ScoreSheet
from secretariat.negotiation.choices import Classification
from secretariat.negotiation.models import Text
from secretariat.registry.permissions import principal_for

from .factories import confirmed_commitments, cycle, statement


@pytest.fixture
def scored(world):  # type: ignore[no-untyped-def]
    """Two cycles, three economies, three commitments: interim and final scores, re-scores
    (to another value and to the same one) and a CSV import that supersedes a score."""
    commitments = confirmed_commitments(world, statement(world))
    first, second = cycle("2025"), cycle("2026")
    a, b, c = world.economy_a, world.economy_b, world.economy_c

    def score(commitment, the_cycle, economy, value, stage=Stage.FINAL):  # type: ignore[no-untyped-def]
        services.record_score(
            actor=world.users["secretariat"],
            commitment=commitment,
            economy=economy,
            cycle=the_cycle,
            stage=stage,
            value=value,
            justification="As the report shows.",
        )

    for n, commitment in enumerate(commitments):
        for m, economy in enumerate((a, b, c)):
            score(commitment, first, economy, (n + m) % 3 - 1, Stage.INTERIM)
            score(commitment, first, economy, (n * m) % 3 - 1)
    score(commitments[0], first, a, 1)  # re-scored to another value
    score(commitments[0], first, a, 1)  # and again to the same one
    score(commitments[1], first, b, -1, Stage.INTERIM)
    score(commitments[2], second, c, 0, Stage.INTERIM)
    score(commitments[2], second, c, 1, Stage.INTERIM)
    csvio.import_scores(
        actor=world.users["secretariat"],
        text="commitment,economy,cycle,stage,value,justification\n"
        f"{commitments[1].pk},{a.code},{second.pk},final,-1,Report p. 1\n"
        f"{commitments[0].pk},{b.code},{first.pk},final,0,Report p. 2\n",
    )
    return commitments, first, second


def _kept() -> dict[tuple[int, int, str], tuple[object, ...]]:
    return {
        (s.cycle_id, s.economy_id, s.stage): (
            s.full,
            s.partial,
            s.none,
            (s.full_count, s.partial_count, s.none_count),
        )
        for s in ScoreSheet.objects.all()
    }


def test_a_sheet_counts_its_lists(world, scored):
    for kept in _kept().values():
        assert kept[3] == tuple(len(ids) for ids in kept[:3])  # type: ignore[arg-type]


def _from_scores(the_cycle, stage, commitments) -> figures.Summary:  # type: ignore[no-untyped-def]
    """The figures summed one score at a time, over ``commitments``' scores only."""
    theme_of = {c.pk: c.theme_id for c in commitments}
    return figures.summarise(
        figures.ScoreRow(economy_id, commitment_id, theme_of[commitment_id], value)
        for economy_id, commitment_id, value in Score.objects.filter(
            cycle=the_cycle, stage=stage, superseded_at__isnull=True, commitment__in=commitments
        ).values_list("economy_id", "commitment_id", "value")
    )


def test_kept_sheets_equal_sheets_made_again_from_the_scores(world, scored):
    kept = _kept()
    assert len(kept) == 3 * 2 + 1 + 1  # 3 economies × 2 stages in 2025; JP and KR in 2026
    assert sheets.rebuild() == len(kept)
    assert _kept() == kept


def test_kept_figures_equal_figures_summed_from_every_score(world, scored):
    commitments, first, second = scored
    secretariat = principal_for(world.users["secretariat"])
    for the_cycle in (first, second):
        for stage in Stage.values:
            heat = selectors.heat_map(secretariat, cycle=the_cycle, stage=stage)
            assert heat.summary == _from_scores(the_cycle, stage, commitments), (the_cycle, stage)
            for economy_id, commitment_id, value in Score.objects.filter(
                cycle=the_cycle, stage=stage, superseded_at__isnull=True
            ).values_list("economy_id", "commitment_id", "value"):
                assert heat.cell(economy_id, commitment_id) == value
    for stage in Stage.values:
        points = dict(selectors.progress(secretariat, stage=stage))
        for the_cycle in (first, second):
            assert points[the_cycle] == _from_scores(the_cycle, stage, commitments).overall


def test_the_rebuild_command_repairs_a_drifted_sheet(world, scored):
    kept = _kept()
    ScoreSheet.objects.filter(pk=ScoreSheet.objects.order_by("pk")[0].pk).update(full=[999])
    ScoreSheet.objects.filter(pk=ScoreSheet.objects.order_by("-pk")[0].pk).delete()
    assert _kept() != kept
    call_command("rebuild_score_sheets")
    assert _kept() == kept


def test_the_migration_fills_the_sheets_of_scores_made_before_them(world, scored):
    kept = _kept()
    ScoreSheet.objects.all().delete()
    migration = importlib.import_module("secretariat.commitments.migrations.0003_score_sheets")
    migration.fill_sheets(apps, None)
    assert _kept() != kept  # uncounted until 0004
    counting = importlib.import_module("secretariat.commitments.migrations.0004_score_sheet_counts")
    counting.count_sheets(apps, None)
    assert _kept() == kept


def test_progress_leaves_out_the_scores_of_commitments_off_the_map(world, scored):
    """A commitment taken off the map (no longer confirmed) keeps its scores, and so its
    place in the sheets and their counts: the progress must not count it, as the map does
    not — neither for the map's own cycle nor for the others."""
    commitments, first, second = scored
    Commitment.objects.filter(pk=commitments[0].pk).update(state=CommitmentState.REJECTED)
    on_map = commitments[1:]
    secretariat = principal_for(world.users["secretariat"])
    every_cycle = list(selectors.cycles())
    for stage in Stage.values:
        expected = {c: _from_scores(c, stage, on_map).overall for c in (first, second)}
        assert dict(selectors.progress(secretariat, stage=stage)) == expected
        for shown in (first, second):
            heat, points = selectors.heat_map_with_progress(
                secretariat, cycle=shown, stage=stage, theme_id=None, every_cycle=every_cycle
            )
            assert dict(points) == expected, (stage, shown)
            assert heat.summary == _from_scores(shown, stage, on_map)


def test_progress_leaves_out_the_scores_of_a_text_the_reader_may_not_read(world, scored):
    """The kept sheets of a published cycle hold the scores of every text's commitments: a
    reader who may no longer read the text sees none of their scores, in the progress or
    the heat map's figures."""
    commitments, first, _second = scored
    services.publish_cycle(actor=world.users["secretariat"], cycle=first)
    public = principal_for(AnonymousUser())
    assert dict(selectors.progress(public, stage=Stage.FINAL))[first].count == 9
    Text.objects.filter(pk=commitments[0].text_id).update(classification=Classification.RESTRICTED)
    assert dict(selectors.progress(public, stage=Stage.FINAL))[first] == figures.NOTHING
    heat, points = selectors.heat_map_with_progress(
        public, cycle=first, stage=Stage.FINAL, theme_id=None, every_cycle=[first]
    )
    assert heat.summary.overall == figures.NOTHING
    assert points == [(first, figures.NOTHING)]


def test_interim_scores_stay_out_of_public_figures_after_publication(world, scored):
    commitments, first, _second = scored
    services.publish_cycle(actor=world.users["secretariat"], cycle=first)
    public = principal_for(AnonymousUser())
    interim = selectors.heat_map(public, cycle=first, stage=Stage.INTERIM)
    assert interim.cells == {}
    assert interim.summary.overall.count == 0
    assert all(f.count == 0 for _c, f in selectors.progress(public, stage=Stage.INTERIM))
    final = selectors.heat_map(public, cycle=first, stage=Stage.FINAL)
    assert final.summary == _from_scores(first, Stage.FINAL, commitments)
    assert final.summary.overall.count == 9
