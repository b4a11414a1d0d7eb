"""The consensus map served from cached rows is the map computed afresh, after every kind of
change; a position recomputes its paragraph's row only, in a fixed number of queries; and
whatever the cache lost, rows are computed again rather than served old."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.negotiation import live, map_cache, selectors, services
from secretariat.negotiation.choices import AmendmentKind, AmendmentState, Stance
from secretariat.negotiation.models import Position, Text
from secretariat.negotiation.schemas import ConsensusMapOut, map_out
from secretariat.registry.models import Delegation
from secretariat.testing.world import client_for

from .factories import make_text, paragraph

API = "/api/negotiation/texts/statement/map"
PAGE = "/en/negotiation/statement/map/"
PAGE_FILTERS = ["", "?open=1", "?mine=1", "?open=1&mine=1"]


def _served(client) -> dict[str, str]:
    """The map as the API and the page's table (every filter) serve it now."""
    served = {API: client.get(API).content.decode()}
    for query in PAGE_FILTERS:
        served[PAGE + query] = client.get(PAGE + query, HTTP_HX_REQUEST="true").content.decode()
    return served


def _assert_served_as_computed_afresh(client, text: Text) -> dict[str, str]:
    """What is served after the change (from the rows still cached) equals the map computed
    without the cache, and what is served once the cache is emptied. Leaves the cache warm."""
    served = _served(client)
    current = Text.objects.select_related("current_version").get(pk=text.pk)
    computed = ConsensusMapOut(**map_out(selectors.consensus_map(current))).model_dump_json()
    assert served[API] == computed
    cache.clear()
    assert _served(client) == served
    return served


def _state(world, text, eid, stance, delegation=None):  # type: ignore[no-untyped-def]
    delegation = delegation or world.delegation_a
    current = Position.objects.filter(
        provision__text=text, provision__eid=eid, delegation=delegation, superseded_at=None
    ).first()
    services.state_position(
        actor=world.users["head_a"],
        text=text,
        delegation=delegation,
        eid=eid,
        stance=stance,
        based_on=current.pk if current else None,
    )


def _publish(world, text, paragraphs):  # type: ignore[no-untyped-def]
    text.refresh_from_db()
    services.publish_version(
        actor=world.users["chair"],
        text=text,
        kind="rolling_text",
        based_on=text.current_version.number,
        paragraphs=paragraphs,
    )
    text.refresh_from_db()


@pytest.mark.django_db
def test_the_map_served_after_each_change_is_the_map_computed_afresh(
    world, django_capture_on_commit_callbacks
):
    text = make_text(world)
    client = client_for("delegate_b", world)
    served = _assert_served_as_computed_afresh(client, text)

    def after(change):  # type: ignore[no-untyped-def]
        nonlocal served
        with django_capture_on_commit_callbacks(execute=True):
            change()
        before, served = served, _assert_served_as_computed_afresh(client, text)
        assert served[API] != before[API]  # the change shows

    after(lambda: _state(world, text, "para_1", Stance.SUPPORT))
    after(lambda: _state(world, text, "para_1", Stance.OBJECT))
    after(lambda: _state(world, text, "para_2", Stance.RESERVE, world.delegation_b))
    amendment = services.propose_amendment(
        actor=world.users["delegate_a"],
        text=text,
        delegation=world.delegation_a,
        kind=AmendmentKind.REPLACE,
        eid="para_3",
        proposed_text="We will promote AI.",
        justification="",
    )
    after(
        lambda: services.move_amendment(
            actor=world.users["delegate_a"],
            amendment=amendment,
            to_state=AmendmentState.SUBMITTED,
            version=amendment.version,
        )
    )
    assert '"open_amendments":1' in served[API]
    # Reworded para_1 (its positions go stale), para_3 unbracketed, para_4 competing with 2.
    after(
        lambda: _publish(
            world,
            text,
            [
                paragraph("We, the Ministers, met in Incheon, Korea.", eid="para_1"),
                paragraph("We recognise the potential of AI.", eid="para_2"),
                paragraph("We will promote trustworthy AI.", eid="para_3"),
                paragraph("We recognise AI.", eid="para_4", alternative_to="para_2"),
            ],
        )
    )
    after(
        lambda: _publish(
            world,
            text,
            [paragraph(words, eid=f"para_{n}") for n, words in ((1, "One."), (2, "Two."))],
        )
    )
    delegations = list(Delegation.objects.filter(forum=world.body))
    for delegation in delegations:
        for eid in ("para_1", "para_2"):
            after(lambda d=delegation, e=eid: _state(world, text, e, Stance.SUPPORT, d))
    assert '"agreed":true' in served[API] and '"provisional":true' in served[API]
    text.refresh_from_db()
    after(
        lambda: services.adopt_text(
            actor=world.users["secretariat"], text=text, version=text.version
        )
    )
    assert '"provisional":true' not in served[API]


def _rendered_eids(text: Text) -> list[str]:
    """The rows the map had to compute, read the way a request reads it."""
    rendered: list[str] = []

    def render(row: selectors.MapRow) -> str:
        rendered.append(row.paragraph.provision.eid)
        return row.verdict.state

    current = Text.objects.select_related("current_version").get(pk=text.pk)
    map_cache.rendered_map(current, live.map_state(current), "probe", render)
    return rendered


@pytest.mark.django_db
def test_a_position_recomputes_its_row_only(world, django_capture_on_commit_callbacks):
    text = make_text(world)
    assert _rendered_eids(text) == ["para_1", "para_2", "para_3"]
    assert _rendered_eids(text) == []
    with django_capture_on_commit_callbacks(execute=True):
        _state(world, text, "para_2", Stance.OBJECT)
    assert _rendered_eids(text) == ["para_2"]
    with django_capture_on_commit_callbacks(execute=True):
        amendment = services.propose_amendment(
            actor=world.users["delegate_a"],
            text=text,
            delegation=world.delegation_a,
            kind=AmendmentKind.DELETE,
            eid="para_3",
            proposed_text="",
            justification="",
        )
    assert _rendered_eids(text) == []  # a draft stays with its economy: the map is unchanged
    with django_capture_on_commit_callbacks(execute=True):
        services.move_amendment(
            actor=world.users["delegate_a"],
            amendment=amendment,
            to_state=AmendmentState.SUBMITTED,
            version=amendment.version,
        )
    assert _rendered_eids(text) == ["para_3"]  # a proposal: its paragraph's row
    with django_capture_on_commit_callbacks(execute=True):
        _state(world, text, "para_1", Stance.SUPPORT)
        _state(world, text, "para_3", Stance.SUPPORT)
    assert _rendered_eids(text) == ["para_1", "para_3"]


@pytest.mark.django_db
def test_a_lost_count_or_record_of_changes_recomputes_every_row(
    world, django_capture_on_commit_callbacks
):
    text = make_text(world)
    every_row = ["para_1", "para_2", "para_3"]
    assert _rendered_eids(text) == every_row
    with django_capture_on_commit_callbacks(execute=True):
        _state(world, text, "para_2", Stance.OBJECT)
    cache.delete(live._change_key(text.pk, cache.get(live._changes_key(text.pk))))
    assert _rendered_eids(text) == every_row  # which paragraph changed is not known
    cache.incr(live._changes_key(text.pk))  # counted, not yet recorded
    assert _rendered_eids(text) == every_row
    cache.delete(live._changes_key(text.pk))  # the count evicted: read anew from a new count
    assert _rendered_eids(text) == every_row
    with django_capture_on_commit_callbacks(execute=True):
        _state(world, text, "para_2", Stance.SUPPORT)
    assert _rendered_eids(text) == ["para_2"]
    cache.delete(live._changes_key(text.pk))
    with django_capture_on_commit_callbacks(execute=True):
        _state(world, text, "para_1", Stance.SUPPORT)  # no count to number it: every row
    assert _rendered_eids(text) == every_row
    assert _rendered_eids(text) == []
    with django_capture_on_commit_callbacks(execute=True):
        _publish(world, text, [paragraph("One.", eid="para_1"), paragraph("Two.", eid="para_2")])
    assert _rendered_eids(text) == ["para_1", "para_2"]


@pytest.mark.django_db
def test_a_new_version_recomputes_only_the_rows_whose_wording_changed(
    world, django_capture_on_commit_callbacks
):
    text = make_text(world)
    first = paragraph("We, the Ministers, met in Incheon.", eid="para_1", num="1")
    bracketed = [
        {"text": "We will "},
        {"bracket": "promote", "holders": ["US"]},
        {"text": " trustworthy AI."},
    ]
    second = {"eid": "para_3", "num": "3", "content": bracketed}
    assert _rendered_eids(text) == ["para_1", "para_2", "para_3"]
    with django_capture_on_commit_callbacks(execute=True):
        _state(world, text, "para_1", Stance.SUPPORT)  # a change kept rows must count across
    reworded = paragraph("We recognise the promise of AI.", eid="para_2", num="2")
    with django_capture_on_commit_callbacks(execute=True):
        _publish(world, text, [first, reworded, second])
    assert _rendered_eids(text) == ["para_1", "para_2"]  # the position, the new wording
    renumbered = {**second, "num": "3bis"}
    with django_capture_on_commit_callbacks(execute=True):
        _publish(world, text, [first, reworded, renumbered])
    assert _rendered_eids(text) == ["para_3"]
    alternative = paragraph("We met.", eid="para_4", num="4", alternative_to="para_1")
    with django_capture_on_commit_callbacks(execute=True):
        _publish(world, text, [first, reworded, renumbered, alternative])
    assert _rendered_eids(text) == ["para_1", "para_4"]  # now competing, and the new one
    with django_capture_on_commit_callbacks(execute=True):
        _publish(world, text, [first, reworded, renumbered, alternative])
    assert _rendered_eids(text) == []  # the same wording: every row stands
    Text.objects.filter(pk=text.pk).update(package_mode=False, version=text.version + 50)
    assert _rendered_eids(text) == ["para_1", "para_2", "para_3", "para_4"]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [API, PAGE])
def test_the_first_read_after_a_change_issues_a_constant_number_of_queries(
    world, url, django_capture_on_commit_callbacks
):
    text = make_text(world)
    client = client_for("delegate_a", world)

    def queries_after_a_change() -> int:
        client.get(url)
        with django_capture_on_commit_callbacks(execute=True):
            _state(world, text, "para_2", Stance.OBJECT)
        return _queries(client, url)

    few = queries_after_a_change()
    _publish(world, text, [paragraph(f"P{i}.", eid=f"para_{i + 1}") for i in range(40)])
    for i in range(1, 20):
        _state(world, text, f"para_{i}", Stance.SUPPORT)
    assert queries_after_a_change() == few


def _state_ad_referendum(world, text, eid, stance, delegation):  # type: ignore[no-untyped-def]
    current = Position.objects.filter(
        provision__text=text, provision__eid=eid, delegation=delegation, superseded_at=None
    ).first()
    services.state_position(
        actor=world.users["secretariat"],
        text=text,
        delegation=delegation,
        eid=eid,
        stance=stance,
        based_on=current.pk if current else None,
        ad_referendum=True,
    )


@pytest.mark.django_db
def test_the_json_map_counts_every_kind_of_cell_as_the_rule_does(
    world, django_capture_on_commit_callbacks
):
    """The API's map writes its cells and counts them from the positions' codes: ad
    referendum acceptances, no instruction, stale answers, a paragraph nobody answered and a
    delegation that left the forum are shown and counted as the map computed cell by cell."""
    text = make_text(world)
    client = client_for("delegate_b", world)
    with django_capture_on_commit_callbacks(execute=True):
        _state_ad_referendum(world, text, "para_1", Stance.CAN_LIVE_WITH, world.delegation_a)
        _state_ad_referendum(world, text, "para_1", Stance.SUPPORT, world.delegation_b)
        _state(world, text, "para_1", Stance.SUPPORT, world.delegation_c)
        _state(world, text, "para_2", Stance.NO_INSTRUCTION, world.delegation_a)
        _state(world, text, "para_2", Stance.SUPPORT, world.delegation_b)
    served = _assert_served_as_computed_afresh(client, text)
    assert '"state":"agreed_ad_ref"' in served[API]
    with django_capture_on_commit_callbacks(execute=True):
        _publish(
            world,
            text,
            [
                paragraph("We, the Ministers, met in Incheon, Korea.", eid="para_1"),
                paragraph("Reworded.", eid="para_2"),
                paragraph("Nobody answered.", eid="para_5"),
            ],
        )
    served = _assert_served_as_computed_afresh(client, text)
    assert '"stale":true' in served[API]
    Delegation.objects.filter(pk=world.delegation_c.pk).update(forum=world.other_forum)
    cache.clear()  # the forum's delegations are read again (the frame)
    served = _assert_served_as_computed_afresh(client, text)
    assert world.economy_c.code not in served[API].split('"rows"')[0]


@pytest.mark.django_db
def test_a_change_keeps_its_rows_beside_the_whole_map_until_they_are_many(
    world, django_capture_on_commit_callbacks
):
    """After a change the API's map keeps the rows computed again beside the whole map it
    kept before, not the whole map again; every read, the first after a change and the
    next ones, serves the map computed afresh; once the rows since are many, the whole map
    is kept again."""
    text = make_text(world)
    _publish(world, text, [paragraph(f"P{i}.", eid=f"para_{i}") for i in range(1, 21)])
    client = client_for("delegate_b", world)
    rows_key = map_cache._rows_key(text, "json")
    client.get(API)
    whole = cache.get(rows_key)
    bases, rows_since = [], []
    for i in range(1, 13):
        with django_capture_on_commit_callbacks(execute=True):
            _state(world, text, f"para_{i}", Stance.OBJECT if i % 2 else Stance.SUPPORT)
        current = Text.objects.select_related("current_version").get(pk=text.pk)
        computed = ConsensusMapOut(**map_out(selectors.consensus_map(current))).model_dump_json()
        assert client.get(API).content.decode() == computed  # the first read after it
        assert client.get(API).content.decode() == computed  # and the next, from the cache
        kept = cache.get(rows_key)
        bases.append(kept is whole or kept == whole)
        since = cache.get(map_cache._since_key(rows_key))
        stands_on_it = since[map_cache._SINCE_BASE] == kept[map_cache._KEPT_TOKEN]
        rows_since.append(len(since[map_cache._SINCE_ROWS]) if stands_on_it else None)
    # The whole map is kept once again when the 9th row changed, and the rows since anew.
    assert bases == [True] * 8 + [False] * 4
    assert rows_since == [1, 2, 3, 4, 5, 6, 7, 8, None, 1, 2, 3]
