"""Averages and percentages against figures computed by hand."""

from decimal import Decimal

import pytest

from secretariat.commitments.figures import Figure, ScoreRow, summarise


def test_percent_reads_as_the_g20_research_group_reads_it():
    # +0.44 reads as 72 %: 9 scores totalling 4 → mean 0.444…, (0.444 + 1) / 2 × 100 = 72.2
    figure = Figure(total=4, count=9)
    assert figure.mean == Decimal("0.44") and figure.percent == Decimal("72")


def test_no_average_over_nothing():
    figure = Figure(0, 0)
    assert figure.mean is None and figure.percent is None
    assert figure.as_dict() == {"score": None, "percent": None, "count": 0}


def test_small_fixture_by_hand():
    # Economies 1, 2, 3; commitments 10 (theme 100), 11 (theme 100), 12 (no theme).
    # Economy 3 has no score on commitment 11 (missing); the re-scored slot counts once,
    # with its current value (the selector passes current scores only).
    rows = [
        ScoreRow(1, 10, 100, 1),
        ScoreRow(1, 11, 100, 0),
        ScoreRow(1, 12, None, -1),
        ScoreRow(2, 10, 100, 1),
        ScoreRow(2, 11, 100, 1),
        ScoreRow(3, 10, 100, -1),
    ]
    summary = summarise(rows)
    assert summary.by_economy[1].as_dict() == {"score": 0.0, "percent": 50, "count": 3}
    assert summary.by_economy[2].as_dict() == {"score": 1.0, "percent": 100, "count": 2}
    assert summary.by_economy[3].as_dict() == {"score": -1.0, "percent": 0, "count": 1}
    # commitment 10: (1 + 1 − 1) / 3 = 0.33, (0.333 + 1) / 2 × 100 = 66.7 → 67
    assert summary.by_commitment[10].as_dict() == {"score": 0.33, "percent": 67, "count": 3}
    assert summary.by_commitment[11].as_dict() == {"score": 0.5, "percent": 75, "count": 2}
    assert summary.by_commitment[12].as_dict() == {"score": -1.0, "percent": 0, "count": 1}
    # theme 100: 1 + 0 + 1 + 1 − 1 = 2 over 5 = 0.4 → 70 %
    assert summary.by_theme[100].as_dict() == {"score": 0.4, "percent": 70, "count": 5}
    assert None not in summary.by_theme
    # overall: 1 over 6 = 0.1666… → 0.17, 58.3 → 58
    assert summary.overall.as_dict() == {"score": 0.17, "percent": 58, "count": 6}


def test_the_figures_round_as_the_exact_fractions_do():
    """The mean and percent are taken from integers; they must be what rounding the exact
    fractions gives, halves away from zero, for every total a count of scores can have."""
    from decimal import ROUND_HALF_UP, Decimal
    from fractions import Fraction

    from secretariat.commitments.figures import Figure

    def rounded(value: Fraction, places: str) -> Decimal:
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(Decimal(places), rounding=ROUND_HALF_UP)

    for count in range(1, 130):
        for total in range(-count, count + 1):
            figure = Figure(total, count)
            assert figure.mean == rounded(Fraction(total, count), "0.01")
            assert figure.percent == rounded((Fraction(total, count) + 1) / 2 * 100, "1")


def test_summarise_sheets_is_the_figures_counted_score_by_score():
    """``summarise_sheets`` counts in C (``map`` over ids): the same figures as counting each
    score of each sheet one by one, with commitments without a theme, unscored commitments
    and economies without scores."""
    import random

    from secretariat.commitments.figures import summarise_sheets

    chance = random.Random(16)
    theme_of = {pk: chance.choice([None, 1, 2, 3]) for pk in range(1, 120)}
    sheets = []
    for economy_id in range(1, 22):
        lists: tuple[list[int], list[int], list[int]] = ([], [], [])
        for pk in theme_of:
            value = chance.choice([None, 1, 0, -1])
            if value is not None:
                lists[1 - value].append(pk)
        sheets.append((economy_id, *lists))
    sheets.append((99, [], [], []))
    totals: dict[str, dict[int, list[int]]] = {"economy": {}, "commitment": {}, "theme": {}}
    for economy_id, full, partial, none in sheets:
        for value, ids in ((1, full), (0, partial), (-1, none)):
            for pk in ids:
                keys = {"economy": economy_id, "commitment": pk, "theme": theme_of[pk]}
                for group, key in keys.items():
                    if key is not None:
                        figure = totals[group].setdefault(key, [0, 0])
                        figure[0] += value
                        figure[1] += 1
    summary = summarise_sheets(sheets, theme_of)
    for group, kept in (
        ("economy", summary.by_economy),
        ("commitment", summary.by_commitment),
        ("theme", summary.by_theme),
    ):
        assert kept == {key: Figure(*figure) for key, figure in totals[group].items()}
    assert summary.overall == Figure(
        sum(f[0] for f in totals["economy"].values()), sum(f[1] for f in totals["economy"].values())
    )


def _sheet_row(cycle_id, economy_id, full, partial, none, spaced=False):  # type: ignore[no-untyped-def]
    from secretariat.commitments.models import IdListField
    from secretariat.commitments.selectors import SheetRow

    field = IdListField()
    texts = [field.get_prep_value(ids) for ids in (full, partial, none)]
    if spaced:  # not as IdListField writes them: parsed by json instead
        texts = [text.replace(",", ", ") for text in texts]
    return SheetRow(cycle_id, economy_id, len(full), len(partial), len(none), *texts)


@pytest.mark.parametrize("spaced", [False, True])
def test_the_score_matrix_is_the_sheets_cut_down_and_counted_one_by_one(spaced):
    """``score_matrix`` (numpy) gives the figures ``summarise_sheets`` gives over the sheets
    cut down to the reader's commitments (``visible_sheets``), and the cells their lists
    give: ids off the map (above, below and between the map's) left out, empty lists, an
    economy without scores, a commitment without a theme, no columns at all."""
    import random

    from secretariat.commitments.figures import summarise_sheets
    from secretariat.commitments.selectors import score_matrix, visible_sheets

    chance = random.Random(17)
    on_map = sorted(chance.sample(range(5, 400), 150))
    theme_of = {pk: chance.choice([None, 1, 2, 3]) for pk in on_map}
    rows = []
    for economy_id in range(1, 22):
        lists: tuple[list[int], list[int], list[int]] = ([], [], [])
        for pk in range(1, 420):
            value = chance.choice([None, 1, 0, -1])
            if value is not None:
                lists[1 - value].append(pk)
        rows.append(_sheet_row(7, economy_id, *lists, spaced=spaced))
    rows.append(_sheet_row(7, 99, [], [], []))
    rows.append(_sheet_row(7, 98, [], [3], []))  # only a commitment off the map
    for commitment_ids in (set(on_map), set(on_map[:1]), set()):
        sheets = visible_sheets(rows, commitment_ids)
        expected = summarise_sheets(
            ((s.economy_id, s.full, s.partial, s.none) for s in sheets), theme_of
        )
        matrix = score_matrix.score_matrix(rows, commitment_ids)
        assert score_matrix.summarise(matrix, theme_of) == expected
        drawn = sorted(commitment_ids)[::3]
        cells = {
            s.economy_id: {
                pk: value for value, ids in zip((1, 0, -1), s[2:], strict=True) for pk in ids
            }
            for s in sheets
        }
        assert score_matrix.cells(matrix, drawn) == {
            economy_id: {pk: row[pk] for pk in drawn if pk in row}
            for economy_id, row in cells.items()
        }
