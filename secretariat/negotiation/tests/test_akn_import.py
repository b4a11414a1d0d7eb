"""Importing agreed texts from Akoma Ntoso: validated first, all files or none, never twice,
hostile XML refused unread, our own export read back to the same paragraphs and eIds."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase

from secretariat.core.errors import Conflict
from secretariat.core.models import AuditEntry
from secretariat.negotiation import akn_import, demo, hooks, services_import
from secretariat.negotiation.choices import Classification, TextStatus
from secretariat.negotiation.exports.akn import render_akn
from secretariat.negotiation.models import ImportedText, Text
from secretariat.testing.world import client_for

from .factories import agreed_xml

pytestmark = pytest.mark.django_db


def _texts_and_entries() -> tuple[int, int]:
    return Text.objects.count(), AuditEntry.objects.count()


def _rows(text: Text) -> list[tuple]:
    return [
        (p.provision.eid, p.part, p.num, p.heading, p.content)
        for p in text.current_version.paragraphs.select_related("provision")
    ]


def test_our_export_of_the_2025_statement_reads_back_the_same_paragraphs_and_eids(tmp_path):
    from secretariat.registry import demo as registry_demo

    registry_demo.seed()
    demo.seed()
    original = Text.objects.get(slug=demo.SLUG)
    path = tmp_path / "statement.akn.xml"
    path.write_bytes(render_akn(original, original.current_version))

    call_command("import", "--format", "akn", "--forum", original.forum.slug, str(path))
    imported = Text.objects.get(imported_from__file_name="statement.akn.xml")
    assert _rows(imported) == _rows(original)
    # One expression is one language: the English title, not the Korean machine draft.
    assert imported.title == {"en": original.title["en"]} and imported.language == "en"
    assert imported.adopted_at.date() == original.adopted_at.date()
    assert (imported.status, imported.classification) == (
        TextStatus.ADOPTED,
        Classification.PUBLISHED,
    )
    actions = set(
        AuditEntry.objects.filter(object_id=str(imported.pk)).values_list("action", flat=True)
    )
    assert {
        "negotiation.text.created",
        "negotiation.text.imported",
        "negotiation.text.adopted",
    } <= actions

    before = _texts_and_entries()
    call_command("import", "--format", "akn", "--forum", original.forum.slug, str(path))
    assert _texts_and_entries() == before  # the same expression is not imported twice


def test_a_statement_from_elsewhere_keeps_its_language_date_title_and_words(world):
    adopted: list[int] = []
    hooks.on_adopted("test-import", adopted.append)
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            [result] = services_import.import_agreed_texts(
                actor=world.users["secretariat"],
                forum=world.body,
                files=[("serena.xml", agreed_xml(language="kor"))],
            )
    finally:
        hooks._ADOPTION_HOOKS.pop("test-import")
    text = result.text
    assert text.slug == "la-serena" and text.language == "ko" and text.kind == "declaration"
    assert text.title == {"ko": {"text": "La Serena Roadmap", "status": "original"}}
    assert str(text.adopted_at.date()) == "2019-10-10"
    assert _rows(text) == [
        ("para_1", "body", "1", "", [{"text": "Ministers welcome the roadmap."}]),
        (
            "para_2",
            "body",
            "2",
            "Data",
            # ZZ has no delegation here: the wording stays, the attribution goes.
            [{"text": "We will "}, {"bracket": "promote", "holders": []}, {"text": " data flows."}],
        ),
    ]
    assert adopted == [text.pk]  # announced as every adoption is (the precedent finder)


def test_one_invalid_file_imports_nothing_and_names_the_schemas_message_and_line(world, tmp_path):
    good = tmp_path / "good.xml"
    good.write_bytes(agreed_xml())
    bad = tmp_path / "bad.xml"
    bad.write_bytes(agreed_xml(uri="/akn/apec/statement/daib/2019-10-10/other", extra="<oops/>"))
    before = _texts_and_entries()
    with pytest.raises(CommandError) as refused:
        call_command("import", "--format", "akn", "--forum", "daib", str(good), str(bad))
    message = str(refused.value)
    assert "bad.xml" in message and "line 27" in message and "oops" in message
    assert "Nothing was imported" in message
    assert _texts_and_entries() == before


@pytest.mark.parametrize(
    "hostile",
    [
        # A billion laughs: entities are never expanded, and a DTD is refused outright.
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;&l;">]>'
        b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&l2;</akomaNtoso>',
        # An external entity would read a local file (or the network).
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&x;</akomaNtoso>',
        b"not xml at all",
        b"",
    ],
)
def test_hostile_or_broken_xml_is_refused_unread(world, hostile):
    before = _texts_and_entries()
    with pytest.raises(akn_import.InvalidAkomaNtoso) as refused:
        services_import.import_agreed_texts(
            actor=world.users["secretariat"], forum=world.body, files=[("x.xml", hostile)]
        )
    assert "root:" not in refused.value.detail  # nothing of /etc/passwd
    assert _texts_and_entries() == before


def test_a_file_over_the_limit_is_refused_before_parsing(settings):
    settings.NEGOTIATION_MAX_AKN_BYTES = 100
    with pytest.raises(akn_import.InvalidAkomaNtoso, match="larger than 100 bytes"):
        akn_import.read_upload(agreed_xml(), "big.xml")


def test_the_same_expression_with_other_wording_is_a_conflict(world):
    actor = world.users["secretariat"]
    services_import.import_agreed_texts(
        actor=actor, forum=world.body, files=[("a.xml", agreed_xml())]
    )
    before = _texts_and_entries()
    with pytest.raises(Conflict):
        services_import.import_agreed_texts(
            actor=actor,
            forum=world.body,
            files=[("b.xml", agreed_xml(wording="Ministers reject the roadmap."))],
        )
    assert _texts_and_entries() == before
    assert ImportedText.objects.count() == 1


def _upload(*files: tuple[str, bytes], forum: str = "daib") -> dict:
    return {"forum": forum, "files": [SimpleUploadedFile(name, data) for name, data in files]}


def test_the_api_imports_for_the_secretariat_and_refuses_invalid_files_as_problems(world):
    client = client_for("secretariat", world)
    response = client.post("/api/negotiation/imports", _upload(("serena.xml", agreed_xml())))
    assert response.status_code == 201, response.content
    [item] = response.json()["items"]
    assert item["created"] is True and item["text"]["status"] == "adopted"
    assert item["text"]["language"] == "en"

    again = client.post("/api/negotiation/imports", _upload(("serena.xml", agreed_xml())))
    assert again.status_code == 201 and again.json()["items"][0]["created"] is False

    before = _texts_and_entries()
    invalid = agreed_xml(uri="/akn/x/2019-10-10/new", extra="<oops/>")
    refused = client.post(
        "/api/negotiation/imports",
        _upload(("ok.xml", agreed_xml(uri="/akn/x/2019-10-10/ok")), ("bad.xml", invalid)),
    )
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert "line 27" in refused.json()["errors"]["bad.xml"][0]
    assert _texts_and_entries() == before


def test_the_api_refuses_everyone_but_the_secretariat(world):
    for role, status in [("anonymous", 401), ("chair", 403), ("head_a", 403)]:
        response = client_for(role, world).post(
            "/api/negotiation/imports", _upload(("serena.xml", agreed_xml()))
        )
        assert response.status_code == status, role
    assert not ImportedText.objects.exists()
