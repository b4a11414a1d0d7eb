"""Texts for the search tests: adopted and under negotiation, in several languages, one
restricted to forum B."""

from django.utils import timezone

from secretariat.core.i18n import translations
from secretariat.negotiation import services
from secretariat.negotiation.choices import Classification, TextKind, TextStatus, VersionKind
from secretariat.negotiation.models import Text
from secretariat.negotiation.tests.factories import paragraph


def make_text(world, *, slug, title, language="en", paragraphs, forum=None, published=True):  # type: ignore[no-untyped-def]
    return services.create_text(
        actor=world.users["secretariat"],
        forum=forum or world.body,
        slug=slug,
        kind=TextKind.MINISTERIAL_STATEMENT,
        title=translations(language, **{language: title}),
        classification=Classification.PUBLISHED if published else Classification.RESTRICTED,
        consensus_rule="default",
        package_mode=True,
        first_version_kind=VersionKind.ZERO_DRAFT,
        paragraphs=[paragraph(wording, num=str(n)) for n, wording in enumerate(paragraphs, 1)],
    )


def mark_adopted(text: Text, year: int = 2025) -> Text:
    """Test data: the text as adoption leaves it (adoption itself is negotiation's, tested
    there; here only its outcome matters)."""
    adopted_at = timezone.now().replace(year=year, month=8, day=15)
    Text.objects.filter(pk=text.pk).update(status=TextStatus.ADOPTED, adopted_at=adopted_at)
    text.refresh_from_db()
    return text


def build_texts(world):  # type: ignore[no-untyped-def]
    texts = {
        "incheon": make_text(
            world,
            slug="incheon-2025",
            title="Incheon Ministerial Statement",
            paragraphs=[
                "We will strengthen cooperation on data security and trustworthy AI.",
                "We encourage cross-border data flows with trust.",
                "We welcome the APEC Digital and AI Ministerial Meeting.",
            ],
        ),
        "seoul-ko": make_text(
            world,
            slug="seoul-ko",
            title="서울 성명",
            language="ko",
            paragraphs=[
                "우리는 정보 보안 분야에서 협력을 강화한다.",
                "디지털 인재 양성을 지원한다.",
            ],
        ),
        "beijing-zh": make_text(
            world,
            slug="beijing-zh",
            title="北京声明",
            language="zh-hans",
            paragraphs=["我们加强数据安全合作。"],
        ),
        "tokyo-ja": make_text(
            world,
            slug="tokyo-ja",
            title="東京声明",
            language="ja",
            paragraphs=["デジタル人材の育成を推進する。"],
        ),
        "draft": make_text(
            world,
            slug="draft-2026",
            title="Draft statement",
            paragraphs=["We will strengthen cooperation on data security in 2026."],
        ),
        "secret": make_text(
            world,
            slug="telwg-restricted",
            title="TELWG restricted statement",
            forum=world.other_forum,
            published=False,
            paragraphs=["Quantum-safe encryption cooperation remains confidential."],
        ),
    }
    for key in ("incheon", "seoul-ko", "beijing-zh", "tokyo-ja", "secret"):
        texts[key] = mark_adopted(texts[key])
    return texts


def publish_translation(world, text: Text, wording: str, *, language: str = "ko"):  # type: ignore[no-untyped-def]
    """The text's outcome announced and its first paragraph's translation into ``language``
    saved by the secretariat and verified by the chair: what the public reads."""
    from secretariat.outcomes import services as outcomes
    from secretariat.outcomes.models import Outcome

    staff = world.users["secretariat"]
    outcome = Outcome.objects.filter(text=text).first()
    if outcome is None:
        outcome = outcomes.create_outcome(actor=staff, text=text)
        outcome = outcomes.announce_outcome(actor=staff, outcome=outcome, version=outcome.version)
    eid = text.current_version.paragraphs.order_by("order").first().provision.eid
    saved = outcomes.save_translation(
        actor=staff, outcome=outcome, eid=eid, language=language, text=wording, version=0
    )
    return outcomes.verify_translation(
        actor=world.users["chair"],
        outcome=outcome,
        eid=eid,
        language=language,
        version=saved.version,
    )
