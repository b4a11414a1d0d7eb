"""Incorporated amendments carried into the next version: each kind applied, conflicts shown
and not resolved, each carried once, and the resulting changes naming their amendment in the
stored version and the redline, to those who may see the amendment."""

import io
import zipfile

import pytest
from lxml import html as lxml_html

from secretariat.core import audit
from secretariat.core.errors import ValidationFailed
from secretariat.core.models import AuditEntry
from secretariat.negotiation import services
from secretariat.negotiation.carry_forward import carry_forward
from secretariat.negotiation.choices import AmendmentKind, AmendmentState, VersionKind
from secretariat.negotiation.models import Amendment, Paragraph, Version
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import make_text, paragraph

ECONOMY = {"a": ("head_a", "delegation_a"), "b": ("head_b", "delegation_b")}


def _amend(  # type: ignore[no-untyped-def]
    world,
    text,
    kind: str,
    *,
    eid: str | None = None,
    after: str | None = None,
    wording: str = "",
    economy: str = "a",
    state: str = AmendmentState.INCORPORATED,
) -> Amendment:
    """An amendment of ``economy`` submitted and moved by the chair to ``state``."""
    role, delegation = ECONOMY[economy]
    amendment = services.propose_amendment(
        actor=world.users[role],
        text=text,
        delegation=getattr(world, delegation),
        kind=kind,
        eid=eid,
        proposed_text=wording,
        justification="",
        after_eid=after,
    )
    for to_state, actor in ((AmendmentState.SUBMITTED, role), (state, "chair")):
        if to_state != amendment.state:
            amendment = services.move_amendment(
                actor=world.users[actor],
                amendment=amendment,
                to_state=to_state,
                version=amendment.version,
            )
    return amendment


def _carry(text):  # type: ignore[no-untyped-def]
    text.refresh_from_db()
    return carry_forward(text, text.current_version)


def _publish(world, text, draft) -> Version:  # type: ignore[no-untyped-def]
    return services.publish_version(
        actor=world.users["chair"],
        text=text,
        kind=VersionKind.ROLLING_TEXT,
        based_on=draft.base_number,
        paragraphs=draft.paragraphs,
        deleted_by_amendments=draft.deleted_by_amendments,
    )


def _eids(draft) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["eid"] for item in draft.paragraphs]


def _by_eid(draft) -> dict:  # type: ignore[no-untyped-def]
    return {item["eid"]: item for item in draft.paragraphs}


def _stored(version: Version) -> dict[str, Paragraph]:
    return {p.provision.eid: p for p in version.paragraphs.select_related("provision")}


# Each kind


@pytest.mark.django_db
def test_a_replacement_gives_the_paragraph_the_proposed_wording_and_its_source(world):
    text = make_text(world)
    amendment = _amend(world, text, AmendmentKind.REPLACE, eid="para_2", wording="AI is useful.")
    draft = _carry(text)
    assert _eids(draft) == ["para_1", "para_2", "para_3"]
    assert _by_eid(draft)["para_2"]["content"] == [{"text": "AI is useful."}]
    assert _by_eid(draft)["para_2"]["from_amendments"] == [amendment.pk]
    assert _by_eid(draft)["para_1"]["from_amendments"] == []
    assert _by_eid(draft)["para_3"]["content"][1] == {"bracket": "promote", "holders": ["US"]}
    assert draft.carried == [amendment.pk] and draft.conflicts == [] and draft.modified == []


@pytest.mark.django_db
def test_a_deletion_leaves_the_paragraph_out_and_remembers_why(world):
    text = make_text(world)
    amendment = _amend(world, text, AmendmentKind.DELETE, eid="para_2")
    draft = _carry(text)
    assert _eids(draft) == ["para_1", "para_3"]
    assert draft.deleted_by_amendments == {"para_2": [amendment.pk]}


@pytest.mark.django_db
def test_insertions_follow_their_paragraph_in_proposed_order_with_bis_numbers(world):
    text = make_text(world)
    first = _amend(world, text, AmendmentKind.INSERT, after="para_1", wording="First new.")
    second = _amend(
        world, text, AmendmentKind.INSERT, after="para_1", wording="Second new.", economy="b"
    )
    draft = _carry(text)
    assert _eids(draft) == ["para_1", "para_4", "para_5", "para_2", "para_3"]
    new = _by_eid(draft)
    assert (new["para_4"]["num"], new["para_4"]["content"]) == ("1 bis", [{"text": "First new."}])
    assert (new["para_5"]["num"], new["para_5"]["from_amendments"]) == ("1 ter", [second.pk])
    assert new["para_4"]["from_amendments"] == [first.pk]


@pytest.mark.django_db
def test_an_insertion_with_no_place_goes_to_the_end_of_the_main_body(world):
    text = make_text(
        world,
        paragraphs=[
            paragraph("Recalling.", num="", part="preamble"),
            paragraph("We act.", num="1"),
            paragraph("We conclude.", num="", part="conclusions"),
        ],
    )
    _amend(world, text, AmendmentKind.INSERT, wording="We also act.")
    draft = _carry(text)
    assert _eids(draft) == ["recital_1", "para_1", "para_2", "concl_1"]
    assert (_by_eid(draft)["para_2"]["part"], _by_eid(draft)["para_2"]["num"]) == ("body", "1 bis")


@pytest.mark.django_db
def test_a_move_puts_the_paragraph_after_the_one_named_and_into_its_part(world):
    text = make_text(
        world,
        paragraphs=[
            paragraph("Recalling.", part="preamble"),
            paragraph("One.", num="1"),
            paragraph("Two.", num="2"),
        ],
    )
    within = _amend(world, text, AmendmentKind.MOVE, eid="para_1", after="para_2")
    draft = _carry(text)
    assert _eids(draft) == ["recital_1", "para_2", "para_1"]
    assert _by_eid(draft)["para_1"]["from_amendments"] == [within.pk]
    assert _by_eid(draft)["para_1"]["content"] == [{"text": "One."}]  # the wording stays

    across = _amend(world, text, AmendmentKind.MOVE, eid="para_2", after="recital_1")
    draft = _carry(text)
    assert _by_eid(draft)["para_2"]["part"] == "preamble"
    assert _by_eid(draft)["para_2"]["from_amendments"] == [across.pk]


@pytest.mark.django_db
def test_an_insertion_after_a_deleted_paragraph_follows_the_one_before_it(world):
    text = make_text(world)
    _amend(world, text, AmendmentKind.DELETE, eid="para_2")
    _amend(world, text, AmendmentKind.INSERT, after="para_2", wording="Instead.", economy="b")
    draft = _carry(text)
    assert _eids(draft) == ["para_1", "para_4", "para_3"]


@pytest.mark.django_db
def test_only_incorporated_amendments_are_carried(world):
    text = make_text(world)
    for state in (
        AmendmentState.SUBMITTED,
        AmendmentState.UNDER_CONSIDERATION,
        AmendmentState.NOT_RETAINED,
        AmendmentState.WITHDRAWN,
    ):
        _amend(world, text, AmendmentKind.DELETE, eid="para_1", state=state)
    services.propose_amendment(  # a draft never submitted
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        kind=AmendmentKind.DELETE,
        eid="para_1",
        proposed_text="",
        justification="",
    )
    draft = _carry(text)
    assert _eids(draft) == ["para_1", "para_2", "para_3"] and draft.carried == []


# Conflicts


@pytest.mark.django_db
@pytest.mark.parametrize(
    "second",
    [
        {"kind": AmendmentKind.REPLACE, "eid": "para_2", "wording": "Other words."},
        {"kind": AmendmentKind.DELETE, "eid": "para_2"},
    ],
)
def test_two_incompatible_amendments_to_a_paragraph_are_shown_and_neither_applied(world, second):
    text = make_text(world)
    first = _amend(world, text, AmendmentKind.REPLACE, eid="para_2", wording="AI helps.")
    other = _amend(
        world, text, second["kind"], eid="para_2", wording=second.get("wording", ""), economy="b"
    )
    draft = _carry(text)
    assert [c.eid for c in draft.conflicts] == ["para_2"]
    assert draft.conflicts[0].amendment_ids == (first.pk, other.pk)
    assert f"#{first.pk} (KR)" in draft.conflicts[0].message
    assert _by_eid(draft)["para_2"]["content"] == [{"text": "We recognise the potential of AI."}]
    assert _by_eid(draft)["para_2"]["from_amendments"] == [] and draft.deleted_by_amendments == {}


@pytest.mark.django_db
def test_moves_to_different_places_conflict_but_the_same_wording_twice_does_not(world):
    text = make_text(world)
    _amend(world, text, AmendmentKind.MOVE, eid="para_1", after="para_2")
    _amend(world, text, AmendmentKind.MOVE, eid="para_1", after="para_3", economy="b")
    same = [
        _amend(world, text, AmendmentKind.REPLACE, eid="para_3", wording="Agreed words.", economy=e)
        for e in ("a", "b")
    ]
    draft = _carry(text)
    assert [c.eid for c in draft.conflicts] == ["para_1"]
    assert _eids(draft) == ["para_1", "para_2", "para_3"]
    assert _by_eid(draft)["para_3"]["from_amendments"] == [a.pk for a in same]


@pytest.mark.django_db
def test_a_replacement_of_wording_changed_since_its_version_is_a_conflict(world):
    text = make_text(world)
    stale = _amend(world, text, AmendmentKind.REPLACE, eid="para_2", wording="AI helps.")
    kept = _amend(world, text, AmendmentKind.REPLACE, eid="para_1", wording="We met.")
    services.publish_version(
        actor=world.users["chair"],
        text=text,
        kind=VersionKind.ROLLING_TEXT,
        based_on=1,
        paragraphs=[
            paragraph("We, the Ministers, met in Incheon.", eid="para_1", num="1"),
            paragraph("We recognise the great potential of AI.", eid="para_2", num="2"),
        ],
    )
    draft = _carry(text)
    assert [(c.eid, c.amendment_ids) for c in draft.conflicts] == [("para_2", (stale.pk,))]
    assert _by_eid(draft)["para_1"]["from_amendments"] == [kept.pk]  # unchanged since: applied


@pytest.mark.django_db
def test_a_paragraph_already_worded_as_proposed_or_already_gone_needs_nothing(world):
    text = make_text(world)
    retyped = _amend(world, text, AmendmentKind.REPLACE, eid="para_2", wording="AI helps.")
    _amend(world, text, AmendmentKind.DELETE, eid="para_3")
    moved = _amend(world, text, AmendmentKind.MOVE, eid="para_1", after="para_3", economy="b")
    services.publish_version(  # the chair did it all by hand
        actor=world.users["chair"],
        text=text,
        kind=VersionKind.ROLLING_TEXT,
        based_on=1,
        paragraphs=[paragraph("AI helps.", eid="para_2"), paragraph("Met.", eid="para_1")],
    )
    draft = _carry(text)
    assert draft.conflicts == [] and draft.carried == []
    assert retyped.pk not in draft.carried and moved.pk not in draft.carried


@pytest.mark.django_db
def test_an_amendment_to_a_paragraph_no_longer_there_is_a_conflict(world):
    text = make_text(world)
    amendment = _amend(world, text, AmendmentKind.REPLACE, eid="para_3", wording="Gone?")
    services.publish_version(
        actor=world.users["chair"],
        text=text,
        kind=VersionKind.ROLLING_TEXT,
        based_on=1,
        paragraphs=[paragraph("One.", eid="para_1"), paragraph("Two.", eid="para_2")],
    )
    draft = _carry(text)
    assert [(c.eid, c.amendment_ids) for c in draft.conflicts] == [("para_3", (amendment.pk,))]


# Incorporated as modified


@pytest.mark.django_db
def test_an_amendment_incorporated_as_modified_is_applied_and_listed_for_review(world):
    text = make_text(world)
    modified = _amend(
        world,
        text,
        AmendmentKind.REPLACE,
        eid="para_2",
        wording="AI, used well, helps.",
        state=AmendmentState.INCORPORATED_MODIFIED,
    )
    inserted = _amend(
        world,
        text,
        AmendmentKind.INSERT,
        after="para_3",
        wording="New.",
        state=AmendmentState.INCORPORATED_MODIFIED,
    )
    draft = _carry(text)
    assert draft.modified == [(modified.pk, "para_2"), (inserted.pk, "para_4")]
    assert _by_eid(draft)["para_2"]["content"] == [{"text": "AI, used well, helps."}]


# Carried once, stored, and refused when it names what it may not


@pytest.mark.django_db
def test_an_incorporated_amendment_appears_in_the_next_version_without_retyping(world):
    text = make_text(world)
    replace = _amend(world, text, AmendmentKind.REPLACE, eid="para_2", wording="AI helps.")
    delete = _amend(world, text, AmendmentKind.DELETE, eid="para_1", economy="b")
    insert = _amend(world, text, AmendmentKind.INSERT, after="para_3", wording="We follow up.")
    version = _publish(world, text, _carry(text))
    stored = _stored(version)
    assert stored["para_2"].content == [{"text": "AI helps."}]
    assert stored["para_2"].from_amendments == [replace.pk]
    assert stored["para_4"].content == [{"text": "We follow up."}]
    assert (stored["para_4"].num, stored["para_4"].from_amendments) == ("3 bis", [insert.pk])
    assert stored["para_3"].from_amendments == [] and "para_1" not in stored
    assert version.deleted_by_amendments == {"para_1": [delete.pk]}
    entry = AuditEntry.objects.filter(action="negotiation.version.published").last()
    assert entry.changes["from_amendments"] == sorted([replace.pk, delete.pk, insert.pk])
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_an_amendment_is_carried_into_one_version_only(world):
    text = make_text(world)
    _amend(world, text, AmendmentKind.INSERT, after="para_1", wording="Once.")
    _amend(world, text, AmendmentKind.DELETE, eid="para_3")
    _publish(world, text, _carry(text))
    # The chair takes the insertion out again and restores nothing: it is not carried back.
    services.publish_version(
        actor=world.users["chair"],
        text=text,
        kind=VersionKind.ROLLING_TEXT,
        based_on=2,
        paragraphs=[paragraph("One.", eid="para_1"), paragraph("Two.", eid="para_2")],
    )
    draft = _carry(text)
    assert draft.carried == [] and draft.conflicts == []
    assert _eids(draft) == ["para_1", "para_2"]
    assert all(item["from_amendments"] == [] for item in draft.paragraphs)


@pytest.mark.django_db
def test_a_fresh_eid_never_takes_one_a_later_paragraph_names(world):
    text = make_text(world)
    _amend(world, text, AmendmentKind.INSERT, after="para_3", wording="Carried.")
    draft = _carry(text)  # the insertion is para_4
    paragraphs = [paragraph("Added by the chair first."), *draft.paragraphs]
    version = services.publish_version(
        actor=world.users["chair"],
        text=text,
        kind=VersionKind.ROLLING_TEXT,
        based_on=1,
        paragraphs=paragraphs,
    )
    assert _stored(version)["para_4"].content == [{"text": "Carried."}]
    assert _stored(version)["para_5"].content == [{"text": "Added by the chair first."}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "broken",
    [
        {"from_amendments": "submitted"},  # not incorporated
        {"from_amendments": "other_text"},  # another text's
        {"from_amendments": [True]},
        {"deleted_by_amendments": {"para_1": "incorporated"}},  # para_1 is still there
        {"deleted_by_amendments": {"para_9": "incorporated"}},  # never was there
    ],
)
def test_a_version_naming_sources_it_may_not_is_refused_and_nothing_written(world, broken):
    text = make_text(world)
    other = make_text(world, slug="other")
    ids = {
        "submitted": _amend(world, text, AmendmentKind.DELETE, eid="para_2", state="submitted"),
        "incorporated": _amend(world, text, AmendmentKind.DELETE, eid="para_2"),
        "other_text": _amend(world, other, AmendmentKind.DELETE, eid="para_2"),
    }

    def resolve(value):  # type: ignore[no-untyped-def]
        return [ids[value].pk] if isinstance(value, str) else value

    items = [paragraph("One.", eid="para_1")]
    deleted = {}
    if "from_amendments" in broken:
        items[0]["from_amendments"] = resolve(broken["from_amendments"])
    else:
        deleted = {eid: resolve(v) for eid, v in broken["deleted_by_amendments"].items()}
    with pytest.raises(ValidationFailed):
        services.publish_version(
            actor=world.users["chair"],
            text=text,
            kind=VersionKind.ROLLING_TEXT,
            based_on=1,
            paragraphs=items,
            deleted_by_amendments=deleted,
        )
    assert text.versions.count() == 1


# Shown in the redline, the API and the Word export, to whoever may see the amendment


def _carried_text(world):  # type: ignore[no-untyped-def]
    text = make_text(world)
    replace = _amend(world, text, AmendmentKind.REPLACE, eid="para_2", wording="AI helps.")
    delete = _amend(world, text, AmendmentKind.DELETE, eid="para_1", economy="b")
    _publish(world, text, _carry(text))
    return text, replace, delete


@pytest.mark.django_db
def test_the_redline_page_names_the_amendment_each_change_came_from(world):
    text, replace, delete = _carried_text(world)
    response = client_for("delegate_b", world).get("/en/negotiation/statement/redline/")
    page = lxml_html.fromstring(response.content)
    notes = {
        article.get("id"): " ".join(article.xpath(".//p[contains(@class, 'provenance')]//text()"))
        for article in page.xpath("//article")
    }
    assert notes["para_2"] == f"From amendment #{replace.pk} (Republic of Korea)"
    assert notes["para_1"] == f"From amendment #{delete.pk} (United States of America)"
    assert notes["para_3"] == ""
    link = page.xpath("//article[@id='para_2']//p[contains(@class, 'provenance')]/a/@href")
    assert link == [f"/en/negotiation/statement/amendments/#amendment-{replace.pk}"]
    korean = client_for("delegate_b", world).get("/ko/negotiation/statement/redline/")
    assert f"수정안 #{replace.pk}(대한민국)에서 반영" in korean.content.decode()


@pytest.mark.django_db
def test_the_api_names_the_sources_in_the_version_and_its_redline(world):
    text, replace, delete = _carried_text(world)
    client = client_for("delegate_a", world)
    version = call(client, "GET", "/negotiation/texts/statement/versions/2").json()
    sources = {p["eid"]: p["from_amendments"] for p in version["paragraphs"]}
    assert sources == {"para_2": [replace.pk], "para_3": []}
    assert version["deleted_by_amendments"] == {"para_1": [delete.pk]}
    for _ in range(2):  # the second answer comes from the cache, with the sources added again
        rows = call(client, "GET", "/negotiation/texts/statement/redline?a=1&b=2").json()["rows"]
        by_eid = {row["eid"]: row["from_amendments"] for row in rows}
        assert by_eid["para_2"] == [{"id": replace.pk, "economy": "KR", "modified": False}]
        assert by_eid["para_1"] == [{"id": delete.pk, "economy": "US", "modified": False}]
        assert by_eid["para_3"] == []
    backwards = call(client, "GET", "/negotiation/texts/statement/redline?a=2&b=1").json()
    assert all(row["from_amendments"] == [] for row in backwards["rows"])


@pytest.mark.django_db
def test_the_word_redline_comments_each_change_with_its_amendment(world):
    text, replace, _ = _carried_text(world)
    client = client_for("delegate_a", world)
    response = client.get("/api/negotiation/texts/statement/versions/2/docx?against=1")
    assert response.status_code == 200
    package = zipfile.ZipFile(io.BytesIO(response.content))
    comments = package.read("word/comments.xml").decode()
    assert f"From amendment #{replace.pk} (Republic of Korea)" in comments
    assert "commentReference" in package.read("word/document.xml").decode()
    plain = client.get("/api/negotiation/texts/statement/versions/2/docx")
    assert "word/comments.xml" not in zipfile.ZipFile(io.BytesIO(plain.content)).namelist()


@pytest.mark.django_db
def test_a_source_the_viewer_may_not_see_is_not_named(world):
    """Only incorporated (so submitted) amendments can be stored as sources; should a row
    ever name another economy's unsubmitted draft, it stays that economy's own."""
    text, replace, _ = _carried_text(world)
    draft = services.propose_amendment(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        kind=AmendmentKind.REPLACE,
        eid="para_3",
        proposed_text="Korea's fallback.",
        justification="",
    )
    Paragraph.objects.filter(version__text=text, version__number=2, provision__eid="para_2").update(
        from_amendments=[replace.pk, draft.pk]
    )
    seen = {}
    for role in ("delegate_a", "delegate_b"):
        client = client_for(role, world)
        version = call(client, "GET", "/negotiation/texts/statement/versions/2").json()
        redline = call(client, "GET", "/negotiation/texts/statement/redline?a=1&b=2").json()
        page = client.get("/en/negotiation/statement/redline/").content.decode()
        seen[role] = (
            {p["eid"]: p["from_amendments"] for p in version["paragraphs"]}["para_2"],
            [s["id"] for s in {r["eid"]: r for r in redline["rows"]}["para_2"]["from_amendments"]],
            f"#{draft.pk} (" in page,
        )
    assert seen["delegate_a"] == ([replace.pk, draft.pk], [replace.pk, draft.pk], True)
    assert seen["delegate_b"] == ([replace.pk], [replace.pk], False)


@pytest.mark.django_db
def test_outside_the_forum_the_sources_stay_in_the_record_until_it_is_derestricted(world):
    """A published text's current wording is public; which amendments shaped it is part of
    the negotiating record (ADR 0020): another forum's head and the public see no sources."""
    from django.test import Client

    from secretariat.negotiation import services_record
    from secretariat.negotiation.choices import Classification

    text = make_text(world, classification=Classification.PUBLISHED)
    replace = _amend(world, text, AmendmentKind.REPLACE, eid="para_2", wording="AI helps.")
    delete = _amend(world, text, AmendmentKind.DELETE, eid="para_1", economy="b")
    _publish(world, text, _carry(text))

    def sources(client):  # type: ignore[no-untyped-def]
        version = call(client, "GET", "/negotiation/texts/statement/versions/2").json()
        named = {p["eid"]: p["from_amendments"] for p in version["paragraphs"]}
        return named, version["deleted_by_amendments"]

    for outsider in (Client(), client_for("head_c", world)):
        assert sources(outsider) == ({"para_2": [], "para_3": []}, {})
    text.refresh_from_db()
    services_record.derestrict_record(
        actor=world.users["secretariat"], text=text, decision="DAIB/2026/7", version=text.version
    )
    assert sources(Client()) == ({"para_2": [replace.pk], "para_3": []}, {"para_1": [delete.pk]})
