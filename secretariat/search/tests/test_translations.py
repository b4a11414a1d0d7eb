"""A paragraph is found in every language it is published in: the verified translations
of an announced outcome are entries of their own (in their language), read by whoever may
read the text, and follow the translation's life (saved again: unverified, gone)."""

import pytest

from secretariat.negotiation.choices import Classification
from secretariat.negotiation.models import Text
from secretariat.outcomes import services as outcomes
from secretariat.outcomes.models import ParagraphTranslation
from secretariat.registry.permissions import principal_for
from secretariat.search import services

from .fixtures import make_text, mark_adopted, publish_translation

KOREAN = "우리는 양자내성암호 표준화를 함께 추진한다."


def _found(query: str, user=None) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    results = services.search(principal=principal_for(user), text=query)
    return [(hit.kind, hit.language, hit.path) for hit in results.items]


@pytest.mark.django_db
def test_a_korean_word_only_in_the_korean_translation_finds_the_paragraph(
    texts, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    world, _ = texts
    with django_capture_on_commit_callbacks(execute=True):
        text = mark_adopted(
            make_text(
                world,
                slug="translated",
                title="Translated statement",
                paragraphs=["We will advance post-quantum cryptography standards together."],
            )
        )
    assert _found("양자내성암호") == []
    with django_capture_on_commit_callbacks(execute=True):
        translation = publish_translation(world, text, KOREAN)
    eid = translation.eid
    path = f"/negotiation/translated/paragraphs/{eid}/"
    assert _found("양자내성암호") == [("translation", "ko", path)]
    assert _found("표준화") == [("translation", "ko", path)]  # a 3-character word
    # The precedent finder's keyword side: the Korean draft finds the English paragraph.
    paragraph_id = text.current_version.paragraphs.get().pk
    assert services.rank_paragraphs("양자내성암호 표준화를 추진한다") == [paragraph_id]
    results = services.search(principal=principal_for(None), text="양자내성암호")
    assert results.facets["language"] == {"ko": 1}
    assert "<mark>양자내성암호</mark>" in results.items[0].snippet

    # Saved again, the translation is a draft until verified: the public no longer reads it.
    outcome = translation.outcome
    with django_capture_on_commit_callbacks(execute=True):
        outcomes.save_translation(
            actor=world.users["secretariat"],
            outcome=outcome,
            eid=eid,
            language="ko",
            text="우리는 암호 표준을 함께 추진한다.",
            version=translation.version,
        )
    assert _found("양자내성암호") == []


@pytest.mark.django_db
def test_a_restricted_texts_translation_is_found_only_by_its_readers(
    texts, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    world, _ = texts
    with django_capture_on_commit_callbacks(execute=True):
        text = mark_adopted(
            make_text(
                world,
                slug="translated-b",
                title="Forum B statement",
                forum=world.other_forum,
                paragraphs=["Quantum-safe cooperation of forum B."],
            )
        )
        publish_translation(world, text, "양자안전협력은 포럼 비공개이다.")
    assert [kind for kind, _, _ in _found("양자안전협력")] == ["translation"]
    with django_capture_on_commit_callbacks(execute=True):
        Text.objects.filter(pk=text.pk).update(classification=Classification.RESTRICTED)
    # No re-indexing: the text's rule is read at query time.
    assert _found("양자안전협력") == []
    assert services.rank_paragraphs("양자안전협력") == []
    assert _found("양자안전협력", world.users["delegate_a"]) == []
    assert [kind for kind, _, _ in _found("양자안전협력", world.users["delegate_c"])] == [
        "translation"
    ]
    assert ParagraphTranslation.objects.filter(outcome__text=text).count() == 1
