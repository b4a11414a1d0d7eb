"""Services: saving, verifying (four eyes, compare-and-swap), staleness, announcement."""

import pytest

from secretariat.core.errors import Conflict, PermissionDenied, ValidationFailed
from secretariat.core.models import AuditEntry
from secretariat.outcomes import selectors, services
from secretariat.outcomes.choices import TranslationState
from secretariat.outcomes.models import ParagraphTranslation

from .factories import make_outcome, translate

pytestmark = pytest.mark.django_db


def test_a_saved_translation_is_a_draft_until_someone_else_verifies_it(world, translators):
    translator, reviewer = translators
    outcome = make_outcome(world)
    saved = translate(outcome, "para_1", "우리 장관들은 인천에서 회합하였다.", by=translator)
    assert saved.state == TranslationState.DRAFT and saved.version == 1
    with pytest.raises(PermissionDenied):
        services.verify_translation(
            actor=translator, outcome=outcome, eid="para_1", language="ko", version=1
        )
    verified = services.verify_translation(
        actor=reviewer, outcome=outcome, eid="para_1", language="ko", version=1
    )
    assert verified.state == TranslationState.VERIFIED and verified.reviewed_by == reviewer
    assert AuditEntry.objects.filter(action="outcomes.translation.verified").count() == 1


def test_editing_a_verified_translation_unverifies_it(world, translators):
    translator, reviewer = translators
    outcome = make_outcome(world)
    translate(outcome, "para_1", "첫 번역", by=translator, verify_by=reviewer)
    edited = translate(outcome, "para_1", "고친 번역", by=reviewer)
    assert edited.state == TranslationState.DRAFT and edited.reviewed_by is None


def test_a_stale_save_is_a_conflict_with_the_current_text(world, translators):
    translator, reviewer = translators
    outcome = make_outcome(world)
    translate(outcome, "para_1", "먼저 저장한 번역", by=translator)
    with pytest.raises(Conflict) as raised:
        services.save_translation(
            actor=reviewer, outcome=outcome, eid="para_1", language="ko", text="x", version=0
        )
    assert raised.value.current["text"] == "먼저 저장한 번역"
    with pytest.raises(Conflict):
        services.verify_translation(
            actor=reviewer, outcome=outcome, eid="para_1", language="ko", version=7
        )


def test_invalid_input_writes_nothing(world, translators):
    translator, _reviewer = translators
    outcome = make_outcome(world)
    for text, eid, language in [
        ("", "para_1", "ko"),
        ("x" * 5001, "para_1", "ko"),
        ("ok", "para_1", "en"),  # the original is not translated
    ]:
        with pytest.raises(ValidationFailed):
            services.save_translation(
                actor=translator, outcome=outcome, eid=eid, language=language, text=text, version=0
            )
    assert not ParagraphTranslation.objects.exists()


def test_a_translation_of_changed_wording_is_outdated_and_never_verified(world, translators):
    translator, reviewer = translators
    outcome = make_outcome(world)
    translate(outcome, "para_1", "번역", by=translator, verify_by=reviewer)
    ParagraphTranslation.objects.filter(outcome=outcome).update(source_hash="changed")
    rows = selectors.rows_for(outcome, "ko", selectors.source_paragraphs(outcome))
    assert rows[0].state == TranslationState.OUTDATED
    assert rows[0].shown_language == "en" and rows[0].shown_text.startswith("We, the Ministers")


def test_announcement_waits_for_the_required_languages(world, translators):
    translator, reviewer = translators
    outcome = make_outcome(world, announce=False, required=["ko"])
    with pytest.raises(ValidationFailed):
        services.announce_outcome(actor=world.users["secretariat"], outcome=outcome, version=1)
    for eid in ("para_1", "para_2"):
        translate(outcome, eid, f"번역 {eid}", by=translator, verify_by=reviewer)
    announced = services.announce_outcome(
        actor=world.users["secretariat"], outcome=outcome, version=outcome.version
    )
    assert announced.is_announced


def test_the_memory_suggests_exact_and_fuzzy_matches_from_verified_translations(world, translators):
    translator, reviewer = translators
    earlier = make_outcome(
        world,
        slug="earlier",
        paragraphs=["We recognise the potential of AI.", "We support open markets for all."],
    )
    translate(
        earlier, "para_1", "우리는 AI의 잠재력을 인식한다.", by=translator, verify_by=reviewer
    )
    translate(earlier, "para_2", "초안일 뿐", by=translator)  # a draft: never suggested
    outcome = make_outcome(
        world,
        slug="later",
        paragraphs=["We recognise the potential of AI.", "We support open markets for everyone."],
    )
    rows = selectors.rows_for(outcome, "ko", selectors.source_paragraphs(outcome))
    selectors.memory_for(outcome, "ko", rows)
    assert [(s.score, s.text) for s in rows[0].suggestions] == [
        (100, "우리는 AI의 잠재력을 인식한다.")
    ]
    assert rows[1].suggestions == []
    saved = services.save_translation(
        actor=translator,
        outcome=outcome,
        eid="para_1",
        language="ko",
        text="",
        version=0,
        from_memory=rows[0].suggestions[0].translation_id,
    )
    assert saved.text == "우리는 AI의 잠재력을 인식한다." and saved.state == TranslationState.DRAFT
    translate(earlier, "para_2", "우리는 모두를 위한 개방 시장을 지지한다.", by=translator)
    services.verify_translation(
        actor=reviewer, outcome=earlier, eid="para_2", language="ko", version=2
    )
    selectors.memory_for(outcome, "ko", rows)
    fuzzy = rows[1].suggestions[0]
    assert 60 <= fuzzy.score < 100


def test_a_restricted_text_cannot_become_a_public_outcome(world):
    """Adopted without publication, a text stays with its forum's members: no outcome may
    show it to translators or, once announced, to the public."""
    from secretariat.negotiation.choices import Classification
    from secretariat.negotiation.models import Text
    from secretariat.outcomes.models import Outcome

    from .factories import adopted_text

    staff = world.users["secretariat"]
    text = adopted_text(actor=staff, forum=world.body, slug="kept", paragraphs=["Kept text."])
    Text.objects.filter(pk=text.pk).update(classification=Classification.RESTRICTED)
    text.refresh_from_db()
    with pytest.raises(ValidationFailed, match="restricted"):
        services.create_outcome(actor=staff, text=text)
    assert not Outcome.objects.exists()
