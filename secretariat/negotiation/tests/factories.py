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


def agreed_xml(
    *,
    uri: str = "/akn/apec/statement/daib/2019-10-10/la-serena",
    language: str = "eng",
    wording: str = "Ministers welcome the roadmap.",
    extra: str = "",
) -> bytes:
    """A small statement as another secretariat might write it (ISO 639-2 language)."""
    expression = f"{uri}/{language}@"
    bracket = '<inline name="bracket" refersTo="#zz">promote</inline>'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="declaration">
    <meta>
      <identification source="#sec">
        <FRBRWork>
          <FRBRthis value="{uri}/!main"/><FRBRuri value="{uri}"/>
          <FRBRdate date="2019-10-10" name="adoption"/><FRBRauthor href="#sec"/>
          <FRBRcountry value="apec"/>
        </FRBRWork>
        <FRBRExpression>
          <FRBRthis value="{expression}/!main"/><FRBRuri value="{expression}"/>
          <FRBRdate date="2019-10-10" name="adoption"/><FRBRauthor href="#sec"/>
          <FRBRlanguage language="{language}"/>
        </FRBRExpression>
        <FRBRManifestation>
          <FRBRthis value="{expression}/!main.xml"/><FRBRuri value="{expression}.akn"/>
          <FRBRdate date="2019-10-10" name="adoption"/><FRBRauthor href="#sec"/>
        </FRBRManifestation>
      </identification>
    </meta>
    <preface><p><docTitle>La Serena Roadmap</docTitle></p></preface>
    <mainBody>
      <paragraph eId="para_1"><num>1</num><content><p>{wording}</p></content></paragraph>
      <paragraph eId="para_2"><num>2</num><heading>Data</heading>
        <content><p>We will {bracket} data flows.</p></content>
      </paragraph>{extra}
    </mainBody>
  </statement>
</akomaNtoso>""".encode()
