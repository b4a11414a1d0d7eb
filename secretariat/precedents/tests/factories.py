"""Adopted texts for the precedent finder's tests: every paragraph supported by forum A's two
heads (or forum B's one), then adopted; embedded by the adoption hook once committed."""

from secretariat.core.i18n import translations
from secretariat.negotiation import services
from secretariat.negotiation.choices import Classification, TextKind, VersionKind


def adopted_text(world, slug, wordings, *, published=True, forum=None, language="en"):  # type: ignore[no-untyped-def]
    """An adopted text of ``wordings`` (paragraphs numbered from 1)."""
    forum = forum or world.body
    text = services.create_text(
        actor=world.users["secretariat"],
        forum=forum,
        slug=slug,
        kind=TextKind.MINISTERIAL_STATEMENT,
        title=translations(language, **{language.replace("-", "_"): f"Statement {slug}"}),
        language=language,
        classification=Classification.RESTRICTED,
        consensus_rule="default",
        package_mode=True,
        first_version_kind=VersionKind.ZERO_DRAFT,
        paragraphs=[
            {"part": "body", "num": str(n), "content": [{"text": wording}]}
            for n, wording in enumerate(wordings, start=1)
        ],
    )
    heads = (
        [("head_a", world.delegation_a), ("head_b", world.delegation_b)]
        if forum == world.body
        else [("head_c", world.delegation_c)]
    )
    for n in range(1, len(wordings) + 1):
        for role, delegation in heads:
            services.state_position(
                actor=world.users[role],
                text=text,
                delegation=delegation,
                eid=f"para_{n}",
                stance="support",
                based_on=None,
            )
    text.refresh_from_db()
    return services.adopt_text(
        actor=world.users["secretariat"], text=text, version=text.version, publish=published
    )
