"""Every exported declaration validates against the Akoma Ntoso 3.0 schema in shared/."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from lxml import etree

from secretariat.negotiation import demo
from secretariat.negotiation.exports.akn import AKN, render_akn
from secretariat.negotiation.exports.schema import SCHEMA_DIR, akn_schema
from secretariat.testing.world import client_for

from .factories import make_text

REFERENCE_DIR = (
    Path(os.environ.get("SECRETARIAT_SHARED_DIR", Path(settings.BASE_DIR).parent / "shared"))
    / "schemas"
    / "akn"
)


@pytest.fixture(scope="module")
def schema():
    path = SCHEMA_DIR / "akomantoso30.xsd"
    assert path.is_file(), f"The Akoma Ntoso schema is missing at {path}"
    return akn_schema()  # the one imports are validated with


def test_the_bundled_schema_is_the_reference_schema():
    """The copy we validate with must not drift from shared/ (where that folder exists)."""
    for name in ("akomantoso30.xsd", "xml.xsd"):
        bundled = (SCHEMA_DIR / name).read_bytes()
        reference = REFERENCE_DIR / name
        assert bundled and (not reference.exists() or reference.read_bytes() == bundled)


def _assert_valid(schema, xml: bytes) -> etree._Element:
    document = etree.fromstring(xml)
    assert schema.validate(document), [e.message for e in schema.error_log][:5]
    return document


@pytest.mark.django_db
def test_every_version_of_the_demo_statement_validates(schema):
    from secretariat.registry import demo as registry_demo

    registry_demo.seed()
    demo.seed()
    from secretariat.negotiation.models import Text

    text = Text.objects.get(slug=demo.SLUG)
    for version in text.versions.all():
        _assert_valid(schema, render_akn(text, version))


@pytest.mark.django_db
def test_brackets_options_alternatives_recitals_and_conclusions_validate(world, schema):
    text = make_text(
        world,
        paragraphs=[
            {"part": "preamble", "num": "PP1", "content": [{"text": "Recalling AIDER,"}]},
            {
                "part": "body",
                "num": "1",
                "heading": "Innovation",
                "content": [
                    {"text": "We "},
                    {"bracket": "will", "holders": ["US"]},
                    {"text": " act."},
                ],
            },
            {
                "part": "body",
                "num": "2",
                "content": [
                    {
                        "options": [
                            {"text": "shall", "holders": ["KR"]},
                            {"text": "may", "holders": ["US"]},
                        ]
                    }
                ],
            },
            {
                "part": "body",
                "num": "2alt",
                "alternative_to": "para_2",
                "content": [{"text": "An alternative paragraph."}],
            },
            {"part": "conclusions", "content": [{"text": "Adopted in Incheon."}]},
        ],
    )
    document = _assert_valid(schema, render_akn(text, text.current_version))
    ns = {"a": AKN}
    bracket = document.find(".//a:inline[@name='bracket']", ns)
    assert bracket.text == "will" and bracket.get("refersTo") == "#us"
    assert document.find(".//a:paragraph[@alternativeTo='#para_2']", ns) is not None
    assert [e.get("eId") for e in document.findall(".//a:recital", ns)] == ["recital_1"]


@pytest.mark.django_db
def test_the_api_and_the_command_export_akn(world, schema, tmp_path):
    text = make_text(world)
    response = client_for("delegate_a", world).get(
        "/api/negotiation/texts/statement/versions/1/akn"
    )
    assert response["Content-Type"] == "application/akn+xml"
    _assert_valid(schema, response.content)
    call_command("export", "--format", "akn", "--out", str(tmp_path))
    written = list(tmp_path.glob("*.akn.xml"))
    assert [path.name for path in written] == [f"{text.slug}-v1.akn.xml"]
    _assert_valid(schema, written[0].read_bytes())
