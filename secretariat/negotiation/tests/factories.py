from secretariat.core.i18n import translations
from secretariat.negotiation import services
from secretariat.negotiation.choices import Classification, TextKind, VersionKind


def paragraph(text: str, *, eid: str | None = None, num: str = "", part: str = "body", **extra):  # type: ignore[no-untyped-def]
    item = {"part": part, "num": num, "content": [{"text": text}], **extra}
    if eid:
        item["eid"] = eid
    return item


def make_text(
    world,
    *,
    slug: str = "statement",
    paragraphs=None,  # type: ignore[no-untyped-def]
    classification: str = Classification.RESTRICTED,
    package_mode: bool = True,
    forum=None,  # type: ignore[no-untyped-def]
):
    return services.create_text(
        actor=world.users["secretariat"],
        forum=forum or world.body,
        slug=slug,
        kind=TextKind.MINISTERIAL_STATEMENT,
        title=translations("en", en="Digital and AI Ministerial Statement"),
        classification=classification,
        consensus_rule="default",
        package_mode=package_mode,
        first_version_kind=VersionKind.ZERO_DRAFT,
        paragraphs=paragraphs
        or [
            paragraph("We, the Ministers, met in Incheon.", num="1"),
            paragraph("We recognise the potential of AI.", num="2"),
            {
                "part": "body",
                "num": "3",
                "content": [
                    {"text": "We will "},
                    {"bracket": "promote", "holders": ["US"]},
                    {"text": " trustworthy AI."},
                ],
            },
        ],
    )
