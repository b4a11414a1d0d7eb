"""The redline: per provision, word-level changes, added/deleted paragraphs and moves; cached
per version pair; a constant number of queries whatever the text's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from secretariat.negotiation import redline, services
from secretariat.negotiation.redline import Op, Status, Wording
from secretariat.negotiation.tests.factories import make_text, paragraph
from secretariat.testing.api import call
from secretariat.testing.world import client_for


def _w(eid: str, text: str, *, order: int, num: str = "", part: str = "body") -> Wording:
    content = [{"text": text}]
    from secretariat.negotiation.consensus import wording_hash

    return Wording(eid, part, order, num, "", content, wording_hash(content))


def _rows(before: list[Wording], after: list[Wording]) -> dict[str, redline.Row]:
    return {row.eid: row for row in redline.compare(before, after)}


def test_renumbering_alone_is_not_a_change():
    rows = _rows(
        [_w("para_1", "First.", order=1, num="1"), _w("para_2", "Second.", order=2, num="2")],
        [_w("para_1", "First.", order=1, num="2"), _w("para_2", "Second.", order=2, num="3")],
    )
    assert all(row.status == Status.UNCHANGED and not row.moved for row in rows.values())
    assert rows["para_1"].renumbered and not rows["para_1"].is_change


def test_changed_words_are_insertions_and_deletions():
    rows = _rows(
        [_w("para_1", "We will promote digital skills.", order=1)],
        [_w("para_1", "We will strengthen digital skills for all.", order=1)],
    )
    pieces = [(p.op, p.text) for p in rows["para_1"].pieces]
    assert (Op.DELETE, "promote") in pieces and (Op.INSERT, "strengthen") in pieces
    assert (Op.INSERT, " for all") in pieces
    assert "".join(text for op, text in pieces if op != Op.DELETE) == (
        "We will strengthen digital skills for all."
    )


def test_removing_a_bracket_deletes_its_marks_and_keeps_the_words():
    before = [{"text": "We will "}, {"bracket": "strengthen", "holders": ["US"]}, {"text": "."}]
    pieces = redline.diff_tokens(
        redline.tokens(before), redline.tokens([{"text": "We will strengthen."}])
    )
    deleted = [(p.text, p.holders) for p in pieces if p.op == Op.DELETE]
    assert deleted == [("[", False), ("]", False), ("US", True)]
    assert not any(p.op == Op.INSERT for p in pieces)


def test_added_and_deleted_paragraphs_keep_their_place():
    rows = redline.compare(
        [_w("para_1", "One.", order=1), _w("para_2", "Two.", order=2), _w("para_3", "3", order=3)],
        [_w("para_1", "One.", order=1), _w("para_4", "New.", order=2), _w("para_3", "3", order=3)],
    )
    assert [(row.eid, row.status) for row in rows] == [
        ("para_1", Status.UNCHANGED),
        ("para_2", Status.DELETED),
        ("para_4", Status.ADDED),
        ("para_3", Status.UNCHANGED),
    ]
    assert not any(row.moved for row in rows)


def test_inserting_at_the_top_moves_nothing_but_a_swap_moves_one_paragraph():
    before = [_w(f"para_{i}", f"P{i}.", order=i) for i in range(1, 6)]
    shifted = [_w("para_9", "New.", order=1)] + [
        _w(w.eid, f"P{w.eid[-1]}.", order=w.order + 1) for w in before
    ]
    assert not any(row.moved for row in redline.compare(before, shifted))
    swapped = [before[0], before[2], before[1], before[3], before[4]]
    moved = [row.eid for row in redline.compare(before, swapped) if row.moved]
    assert len(moved) == 1 and moved[0] in ("para_2", "para_3")


def test_a_paragraph_that_changes_part_is_moved():
    rows = _rows(
        [_w("para_1", "Recalling.", order=1, part="body")],
        [_w("para_1", "Recalling.", order=1, part="preamble")],
    )
    assert rows["para_1"].moved and rows["para_1"].status == Status.UNCHANGED


def _second_version(world, text, paragraphs):  # type: ignore[no-untyped-def]
    services.publish_version(
        actor=world.users["chair"],
        text=text,
        kind="rolling_text",
        based_on=text.current_version.number,
        paragraphs=paragraphs,
    )
    text.refresh_from_db()
    return text


@pytest.mark.django_db
def test_a_redline_is_cached_per_version_pair(world):
    text = make_text(world)
    text = _second_version(
        world,
        text,
        [
            paragraph("We, the Ministers, met in Incheon.", eid="para_1", num="1"),
            paragraph("We recognise the great potential of AI.", eid="para_2", num="2"),
        ],
    )
    v1, v2 = text.versions.order_by("number")
    with CaptureQueriesContext(connection) as first:
        built = redline.redline(text, v1, v2)
    with CaptureQueriesContext(connection) as second:
        again = redline.redline(text, v1, v2)
    assert len(first) == 1 and len(second) == 0 and again == built
    assert built.counts == {"added": 0, "deleted": 1, "changed": 1, "moved": 0, "unchanged": 1}


@pytest.mark.django_db
def test_the_api_gives_the_redline_and_refuses_unknown_versions(world):
    text = make_text(world)
    _second_version(
        world,
        text,
        [
            paragraph("We recognise the potential of AI.", eid="para_2", num="1"),
            paragraph("We, the Ministers, met in Incheon.", eid="para_1", num="2"),
            paragraph("We will promote trustworthy AI.", eid="para_3", num="3"),
        ],
    )
    client = client_for("delegate_b", world)
    body = call(client, "GET", "/negotiation/texts/statement/redline?a=1&b=2").json()
    rows = {row["eid"]: row for row in body["rows"]}
    assert (body["before"], body["after"]) == (1, 2)
    assert sum(row["moved"] for row in rows.values()) == 1
    assert rows["para_3"]["status"] == "changed"
    assert {"op": "delete", "text": "US", "holders": True} in rows["para_3"]["pieces"]
    missing = call(client, "GET", "/negotiation/texts/statement/redline?a=1&b=7")
    assert missing.status_code == 404 and "no version 7" in missing.json()["detail"]
    assert call(client, "GET", "/negotiation/texts/statement/redline?a=0&b=1").status_code == 422
    assert (
        call(
            client_for("reader", world), "GET", "/negotiation/texts/statement/redline?a=1&b=2"
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_the_redline_page_marks_insertions_deletions_and_moves_in_words(world):
    text = make_text(world)
    _second_version(
        world,
        text,
        [
            paragraph("We recognise the potential of AI.", eid="para_2", num="1"),
            paragraph("We, the Ministers, met in Incheon.", eid="para_1", num="2"),
            paragraph("We will promote trustworthy AI.", eid="para_3", num="3"),
        ],
    )
    response = client_for("delegate_a", world).get(
        "/en/negotiation/statement/redline/?before=1&after=2"
    )
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    deleted = [d.text_content() for d in page.xpath("//div[@class='redline']//del")]
    assert "[deleted: []" in deleted  # the bracket's opening mark, announced in words
    moved = page.xpath("//article[contains(@class, 'moved')]")
    assert len(moved) == 1 and "moved from paragraph" in moved[0].text_content()
    bad = client_for("delegate_a", world).get("/en/negotiation/statement/redline/?before=9&after=1")
    assert bad.status_code == 422


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()  # measure the uncached redline
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/en/negotiation/statement/redline/?before=1&after=2",
        "/api/negotiation/texts/statement/redline?a=1&b=2",
    ],
)
def test_the_redline_issues_a_constant_number_of_queries(world, url):
    def versions(size: int, words: str) -> list[dict]:  # type: ignore[type-arg]
        return [paragraph(f"P{i} {words}.", eid=f"para_{i + 1}") for i in range(size)]

    client = client_for("delegate_a", world)
    small = make_text(world, paragraphs=versions(3, "as drafted"))
    _second_version(world, small, versions(3, "as amended")[::-1])
    few = _queries(client, url)
    large = make_text(world, slug="large", paragraphs=versions(60, "as drafted"))
    _second_version(world, large, versions(70, "as amended")[::-1])
    assert _queries(client, url.replace("statement", "large")) == few
