"""The default and no-objection consensus rules, state by state."""

import itertools
import json
import random

import pytest

from secretariat.negotiation.choices import ConsensusRule, ParagraphState, Stance
from secretariat.negotiation.consensus import (
    Cell,
    cell_tally,
    derive_state,
    has_open_brackets,
    has_open_brackets_in_json,
    tallied_verdict,
    text_is_agreed,
)

CLEAN = [{"text": "We recognise the transformative potential of AI."}]
BRACKETED = [{"text": "We will "}, {"bracket": "promote", "holders": ["US"]}, {"text": " it."}]
OPTIONS = [{"options": [{"text": "shall", "holders": ["KR"]}, {"text": "may", "holders": ["US"]}]}]
DELEGATIONS = [1, 2, 3]


def state(
    cells, content=CLEAN, rule=ConsensusRule.DEFAULT, competing=False, package=True, adopted=False
):
    return derive_state(
        rule=rule,
        bracketed=has_open_brackets(content),
        competing=competing,
        cells=cells,
        expected=DELEGATIONS,
        package_mode=package,
        adopted=adopted,
    )


def cell(stance, ad_ref=False, stale=False):
    return Cell(stance=stance, ad_referendum=ad_ref, stale=stale)


def everyone(stance, **kwargs):
    return {key: cell(stance, **kwargs) for key in DELEGATIONS}


def test_no_positions_yet_is_proposed():
    assert state({}).state == ParagraphState.PROPOSED


def test_one_missing_position_keeps_it_pending():
    cells = {1: cell(Stance.SUPPORT), 2: cell(Stance.SUPPORT)}
    verdict = state(cells)
    assert verdict.state == ParagraphState.PROPOSED and verdict.missing == 1


def test_no_instruction_counts_as_missing():
    cells = everyone(Stance.SUPPORT) | {3: cell(Stance.NO_INSTRUCTION)}
    assert state(cells).state == ParagraphState.PROPOSED


def test_everyone_supporting_or_living_with_it_is_agreed():
    cells = everyone(Stance.SUPPORT) | {2: cell(Stance.CAN_LIVE_WITH)}
    assert state(cells, package=False).state == ParagraphState.AGREED


def test_any_objection_brackets_the_paragraph():
    cells = everyone(Stance.SUPPORT) | {3: cell(Stance.OBJECT)}
    verdict = state(cells)
    assert verdict.state == ParagraphState.BRACKETED and verdict.objections == 1


def test_open_brackets_or_competing_options_keep_it_bracketed_despite_support():
    assert state(everyone(Stance.SUPPORT), content=BRACKETED).state == ParagraphState.BRACKETED
    assert state(everyone(Stance.SUPPORT), content=OPTIONS).state == ParagraphState.BRACKETED


def test_a_competing_alternative_paragraph_brackets_both():
    assert state(everyone(Stance.SUPPORT), competing=True).state == ParagraphState.BRACKETED


def test_a_reservation_keeps_it_pending():
    cells = everyone(Stance.SUPPORT) | {1: cell(Stance.RESERVE)}
    assert state(cells).state == ParagraphState.PROPOSED


def test_support_only_ad_referendum_is_agreed_ad_ref():
    cells = everyone(Stance.SUPPORT) | {2: cell(Stance.SUPPORT, ad_ref=True)}
    assert state(cells).state == ParagraphState.AGREED_AD_REF


def test_answers_to_an_earlier_wording_reopen_the_paragraph():
    cells = everyone(Stance.SUPPORT, stale=True)
    verdict = state(cells)
    assert verdict.state == ParagraphState.REOPENED and verdict.stale == 3


def test_package_mode_keeps_agreement_provisional_until_adoption():
    assert state(everyone(Stance.SUPPORT)).provisional is True
    assert state(everyone(Stance.SUPPORT), adopted=True).provisional is False
    assert state(everyone(Stance.SUPPORT), package=False).provisional is False
    assert state({}).provisional is False


@pytest.mark.parametrize(
    "cells, expected",
    [
        ({}, ParagraphState.AGREED),
        ({1: cell(Stance.RESERVE)}, ParagraphState.PROPOSED),
        ({1: cell(Stance.OBJECT)}, ParagraphState.BRACKETED),
        ({1: cell(Stance.SUPPORT, ad_ref=True)}, ParagraphState.AGREED_AD_REF),
    ],
)
def test_no_objection_rule_lets_silence_agree(cells, expected):
    assert state(cells, rule=ConsensusRule.NO_OBJECTION).state == expected


def test_the_text_is_agreed_only_when_every_paragraph_is_agreed_outright():
    agreed = state(everyone(Stance.SUPPORT))
    ad_ref = state(everyone(Stance.SUPPORT) | {1: cell(Stance.SUPPORT, ad_ref=True)})
    assert text_is_agreed([agreed, agreed])
    assert not text_is_agreed([agreed, ad_ref])


@pytest.mark.parametrize(
    "content",
    [
        CLEAN,
        BRACKETED,
        OPTIONS,
        [{"options": [{"text": "only one", "holders": ["KR"]}]}],  # one option: no choice left
        [{"text": 'A text that quotes "bracket" and "options" as words.'}],
        [{"text": "Korean 대괄호 text"}],
    ],
)
@pytest.mark.parametrize("stored_as", ["compact", "spaced"])
def test_brackets_read_from_stored_json_as_from_decoded_content(content, stored_as):
    """The map reads whether a wording has brackets from its stored JSON text (SQLite keeps
    it compact, PostgreSQL's jsonb prints it spaced), skipping the decoding when it cannot."""
    separators = (",", ":") if stored_as == "compact" else (", ", ": ")
    stored = json.dumps(content, ensure_ascii=False, separators=separators)
    assert has_open_brackets_in_json(stored) == has_open_brackets(content)


EVERY_CELL = [
    Cell(stance, ad_referendum, stale)
    for stance in Stance.values
    for ad_referendum in (False, True)
    for stale in (False, True)
]


@pytest.mark.parametrize("rule", ConsensusRule.values)
def test_cells_counted_by_table_give_the_verdict_counted_cell_by_cell(rule):
    """The map's JSON counts a paragraph's cells by summing what each adds (``cell_tally``):
    every pair of cells, and many larger sets, in every circumstance, give ``derive_state``'s
    verdict."""
    chosen = random.Random(8)
    sets = [list(pair) for pair in itertools.product([None, *EVERY_CELL], repeat=2)]
    sets += [[chosen.choice([None, *EVERY_CELL]) for _ in range(21)] for _ in range(300)]
    sets += [[cell] * 21 for cell in EVERY_CELL]
    for cells in sets:
        on_paragraph = {key: cell for key, cell in enumerate(cells) if cell is not None}
        for bracketed, competing, package_mode, adopted in itertools.product(
            (False, True), repeat=4
        ):
            circumstances = dict(
                rule=rule,
                bracketed=bracketed,
                competing=competing,
                package_mode=package_mode,
                adopted=adopted,
            )
            counted = derive_state(cells=on_paragraph, expected=range(len(cells)), **circumstances)
            tallied = tallied_verdict(
                tally=sum(cell_tally(*cell) for cell in on_paragraph.values()),
                expected=len(cells),
                **circumstances,
            )
            assert tallied == counted, (cells, circumstances)
