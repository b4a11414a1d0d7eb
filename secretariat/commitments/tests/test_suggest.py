"""The suggestion of commitments: it proposes (state ``suggested``), never decides."""

import pytest

from secretariat.commitments import services
from secretariat.commitments.choices import CommitmentState
from secretariat.commitments.models import Commitment
from secretariat.commitments.suggest import find_operative, wording_hash

from .factories import statement


@pytest.mark.parametrize(
    ("wording", "phrase", "span"),
    [
        ("We will strengthen digital skills.", "will", "will"),
        ("Leaders commit to open markets.", "commit to", "commit to"),
        ("We instruct officials to report.", "instruct", "instruct"),
        ("We CALL ON all economies to act.", "call on", "CALL ON"),
        ("We  call   upon fora.", "call upon", "call   upon"),
        ("Ministers encourage investment.", "encourage", "encourage"),
        ("We recommit to the Putrajaya Vision.", None, None),  # not "commit" inside a word
        ("We recognise the potential of AI.", None, None),
        ("Goodwill is willing.", None, None),
    ],
)
def test_operative_language_in_hand_written_english(wording, phrase, span):
    found = find_operative(wording, "en")
    if phrase is None:
        assert found is None
    else:
        assert found is not None and found.phrase == phrase
        assert wording[found.start : found.end] == span


def test_the_earliest_phrase_wins():
    found = find_operative("We encourage economies and will report.", "en")
    assert found is not None and found.phrase == "encourage"


def test_korean_phrases_are_data_too():
    found = find_operative("회원 경제는 디지털 격차 해소를 추진한다.", "ko")
    assert found is not None and found.phrase == "추진한다"


def test_suggestions_are_proposals_with_the_wording_its_hash_and_theme(world):
    text = statement(world)
    created = services.suggest_commitments(actor=world.users["secretariat"], text=text)
    assert [c.eid for c in created] == ["para_2", "para_3", "para_4"]
    assert {c.state for c in created} == {CommitmentState.SUGGESTED}
    first = created[0]
    assert first.wording == "We will strengthen digital skills for all."
    assert first.wording_hash == wording_hash(first.wording)
    assert first.span_parts() == ("We ", "will", " strengthen digital skills for all.")
    assert first.source_version == text.current_version
    assert [t.name["en"]["text"] for t in text.themes.all()] == ["Innovation", "Connectivity"]
    assert created[2].theme.order == 2


def test_suggesting_again_adds_nothing_and_a_rejection_is_remembered(world):
    text = statement(world)
    created = services.suggest_commitments(actor=world.users["secretariat"], text=text)
    services.decide_commitment(
        actor=world.users["secretariat"],
        commitment=created[0],
        expected_version=1,
        decision="rejected",
    )
    assert services.suggest_commitments(actor=world.users["secretariat"], text=text) == []
    assert Commitment.objects.get(pk=created[0].pk).state == CommitmentState.REJECTED


@pytest.mark.django_db
def test_the_demo_statement_yields_its_operative_paragraphs(seeded_demo):
    from secretariat.negotiation.demo import SLUG
    from secretariat.negotiation.models import Text

    text = Text.objects.get(slug=SLUG)
    found = Commitment.objects.filter(text=text).order_by("pk")
    # paragraphs 5 (will), 6 (instruct), 7 (encourage), 8 (aim to), 9 (will); not 1–4 or 10
    assert [c.eid for c in found] == ["para_5", "para_6", "para_7", "para_8", "para_9"]
    assert found.filter(theme__isnull=True).count() == 0
