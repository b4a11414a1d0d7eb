"""Outcomes for tests: an adopted text (every delegation of its forum supports every
paragraph, then the secretariat adopts it) and its outcome."""

from typing import Any

from secretariat.core.i18n import translations
from secretariat.negotiation import services as negotiation
from secretariat.negotiation.choices import Classification, Stance, TextKind, VersionKind
from secretariat.negotiation.models import Text
from secretariat.registry.models import Delegation

from .. import services
from ..models import Outcome


def adopted_text(
    *, actor: Any, forum: Any, slug: str, paragraphs: list[str], title: str = "Statement"
) -> Text:
    text = negotiation.create_text(
        actor=actor,
        forum=forum,
        slug=slug,
        kind=TextKind.MINISTERIAL_STATEMENT,
        title=translations("en", en=title),
        classification=Classification.RESTRICTED,
        consensus_rule="default",
        package_mode=True,
        first_version_kind=VersionKind.ZERO_DRAFT,
        paragraphs=[
            {"eid": f"para_{n}", "num": str(n), "part": "body", "content": [{"text": p}]}
            for n, p in enumerate(paragraphs, start=1)
        ],
    )
    for delegation in Delegation.objects.filter(forum=forum):
        for n in range(1, len(paragraphs) + 1):
            negotiation.state_position(
                actor=actor,
                text=text,
                delegation=delegation,
                eid=f"para_{n}",
                stance=Stance.SUPPORT,
                based_on=None,
            )
    text.refresh_from_db()
    return negotiation.adopt_text(actor=actor, text=text, version=text.version, publish=True)


def make_outcome(
    world: Any,
    *,
    slug: str = "adopted",
    paragraphs: list[str] | None = None,
    announce: bool = True,
    required: list[str] | None = None,
    forum: Any = None,
    title: str = "",
) -> Outcome:
    staff = world.users["secretariat"]
    text = adopted_text(
        actor=staff,
        forum=forum or world.body,
        slug=slug,
        paragraphs=paragraphs
        or ["We, the Ministers, met in Incheon.", "We recognise the potential of AI."],
        title=title or f"Statement {slug}",
    )
    outcome = services.create_outcome(actor=staff, text=text, required_languages=required or [])
    if announce:
        outcome = services.announce_outcome(actor=staff, outcome=outcome, version=outcome.version)
    return outcome


def translate(
    outcome: Outcome, eid: str, text: str, *, by: Any, verify_by: Any = None, language: str = "ko"
) -> Any:
    from ..models import ParagraphTranslation

    current = ParagraphTranslation.objects.filter(
        outcome=outcome, eid=eid, language=language
    ).first()
    t = services.save_translation(
        actor=by,
        outcome=outcome,
        eid=eid,
        language=language,
        text=text,
        version=current.version if current else 0,
    )
    if verify_by is not None:
        t = services.verify_translation(
            actor=verify_by, outcome=outcome, eid=eid, language=language, version=t.version
        )
    return t
