"""A consensus map that reconnects gets the events it missed (``Last-Event-ID``) instead of
re-reading the whole map, or an order to refresh when they are no longer kept; and nobody gets
by replay what they could not read live (docs/decisions/0036)."""

import json
import re

import pytest
from django.test import Client

from secretariat.core import live as live_channel
from secretariat.negotiation import services, views
from secretariat.negotiation.choices import AmendmentKind, Classification, Stance
from secretariat.testing.world import client_for

from .factories import make_text

MAP = "/en/negotiation/statement/map/"
EVENTS = "/en/negotiation/statement/map/events/"
DRAFT = "Seoul's own fallback wording, never submitted."


def _state(world, text, eid, stance=Stance.OBJECT, based_on=None):  # type: ignore[no-untyped-def]
    return services.state_position(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        eid=eid,
        stance=stance,
        based_on=based_on,
    )


def _opening(frames) -> tuple[list[dict[str, str]], str]:  # type: ignore[no-untyped-def]
    """The events a stream starts with (replayed, or the refresh order) and the id it ends
    its opening on, read without waiting for live events."""
    events: list[dict[str, str]] = []
    for raw in frames:
        lines = raw.decode().splitlines()
        fields = dict(line.split(": ", 1) for line in lines if line[:1] not in ("", ":"))
        if "data" in fields:
            events.append(fields)
            if json.loads(fields["data"]) == {"kind": "refresh"}:
                return events, fields["id"]
        elif "id" in fields:
            return events, fields["id"]
    raise AssertionError("the stream ended before its opening did")


def _connect(client, since=None, after=None):  # type: ignore[no-untyped-def]
    headers = {"HTTP_LAST_EVENT_ID": since} if since is not None else {}
    response = client.get(EVENTS, {"after": after} if after is not None else {}, **headers)
    assert response.status_code == 200, response.status_code
    try:
        return _opening(iter(response.streaming_content))
    finally:
        # Closing a stream read part way fires request_finished, which closes the database
        # connection: the tests here commit (transaction=True), as the server does.
        response.close()


@pytest.mark.django_db(transaction=True)
def test_a_map_that_reconnects_gets_the_positions_it_missed(world):
    text = make_text(world)
    watcher = client_for("delegate_b", world)
    events, last_seen = _connect(watcher)
    assert events == []  # a first connection: the page was just read
    _state(world, text, "para_1")  # while the stream was down (each commits)
    _state(world, text, "para_3", Stance.SUPPORT)
    replayed, newest = _connect(watcher, since=last_seen)
    assert [json.loads(e["data"])["eid"] for e in replayed] == ["para_1", "para_3"]
    assert newest == replayed[-1]["id"] and len({e["id"] for e in replayed}) == 2
    # Each carries its row as the row view gives this viewer (the browser puts it in).
    for event in replayed:
        data = json.loads(event["data"])
        row = watcher.get(f"/en/negotiation/statement/map/rows/{data['eid']}/").content.decode()
        if data["eid"] == "para_3":  # para_1's row has moved on since: only the newest is equal
            assert data["rows"]["en"] == row
    # Back again with the newest id: nothing missed, nothing replayed.
    assert _connect(watcher, since=newest) == ([], newest)


@pytest.mark.django_db(transaction=True)
def test_a_map_whose_missed_events_are_not_kept_is_told_to_refresh(world, monkeypatch):
    monkeypatch.setattr(live_channel.events, "REPLAY_LIMIT", 3)
    live_channel.broker.cache_clear()  # a fresh in-memory broker, with the small limit
    text = make_text(world)
    watcher = client_for("delegate_b", world)
    _, last_seen = _connect(watcher)
    position = None
    for stance in [Stance.OBJECT, Stance.SUPPORT] * 60:  # Redis trims 100 at a time
        position = _state(world, text, "para_2", stance, position and position.pk)
    for since in (last_seen, "unknown", "1-1"):
        events, _ = _connect(watcher, since=since)
        assert [json.loads(e["data"]) for e in events] == [{"kind": "refresh"}], since
    live_channel.broker.cache_clear()


@pytest.mark.django_db(transaction=True)
def test_replay_shows_an_outsider_nothing_of_the_record(world):
    """The text is public, its negotiating record is not: a reader of the text who is not
    in the forum sends a real id as a returning browser would, and gets neither the
    positions' rows nor anything else; a delegate of another economy gets the positions
    but never the economy's draft that was not submitted."""
    text = make_text(world, classification=Classification.PUBLISHED)
    _, last_seen = _connect(client_for("delegate_b", world))
    _state(world, text, "para_1")
    services.propose_amendment(
        actor=world.users["delegate_a"],
        text=text,
        delegation=world.delegation_a,
        kind=AmendmentKind.REPLACE,
        eid="para_2",
        proposed_text=DRAFT,
        justification="Not for the other delegations.",
    )
    assert client_for("reader", world).get("/en/negotiation/statement/").status_code == 200
    for outsider in (client_for("reader", world), client_for("press", world), Client()):
        response = outsider.get(EVENTS, HTTP_LAST_EVENT_ID=last_seen)
        if response.streaming:  # read what it would replay (not the live stream after it)
            try:
                body = json.dumps(_opening(iter(response.streaming_content)))
            finally:
                response.close()
        else:
            body = response.content.decode()
        assert "stance-object" not in body and "para_1" not in body and "data" not in body
        assert response.status_code == 404
    other_economy, _ = _connect(client_for("delegate_b", world), since=last_seen)
    assert [json.loads(e["data"])["kind"] for e in other_economy] == ["position"]
    assert DRAFT not in json.dumps(other_economy)


def _rendered_after(client) -> str:  # type: ignore[no-untyped-def]
    """The id the map page was rendered at, which its first stream sends as ``?after=``."""
    page = client.get(MAP).content.decode()
    found = re.search(r'data-events-after="([^"]+)"', page)
    assert found is not None, "the map page embeds no event id"
    return found.group(1)


@pytest.mark.django_db(transaction=True)
def test_a_position_stated_while_the_page_loads_is_replayed_on_its_first_connection(world):
    """Between the map's rendering and its stream's first connection, a position is stated:
    the first connection carries no Last-Event-ID, so without the page's id it would start
    from now and the page would never show it."""
    text = make_text(world)
    watcher = client_for("delegate_b", world)
    rendered_at = _rendered_after(watcher)
    _state(world, text, "para_1")
    assert _connect(watcher)[0] == []  # from now: the position would be lost
    replayed, newest = _connect(watcher, after=rendered_at)
    assert [json.loads(e["data"])["eid"] for e in replayed] == ["para_1"]
    assert newest == replayed[-1]["id"]
    # A reconnection keeps the URL: its Last-Event-ID, newer, wins over the page's id.
    assert _connect(watcher, since=newest, after=rendered_at) == ([], newest)


@pytest.mark.django_db(transaction=True)
def test_the_page_reads_its_id_before_the_map_so_a_change_during_rendering_is_replayed(
    world, monkeypatch
):
    """A change committing after the map's rows were read, as the page is still rendered,
    is after the embedded id: replayed. Read after the map, the id would cover it unseen."""
    text = make_text(world)
    read_map = views._map_table_html

    def read_then_a_change(*args, **kwargs):  # type: ignore[no-untyped-def]
        html = read_map(*args, **kwargs)
        _state(world, text, "para_2", Stance.SUPPORT)
        return html

    monkeypatch.setattr(views, "_map_table_html", read_then_a_change)
    watcher = client_for("delegate_b", world)
    rendered_at = _rendered_after(watcher)
    monkeypatch.setattr(views, "_map_table_html", read_map)
    replayed, _ = _connect(watcher, after=rendered_at)
    assert [json.loads(e["data"])["eid"] for e in replayed] == ["para_2"]


@pytest.mark.django_db(transaction=True)
def test_the_page_id_shows_an_outsider_nothing_of_the_record(world):
    """A first connection with a real page id is checked like a reconnection: outsiders of
    the record (the text is public) get a 404 and nothing of the positions."""
    text = make_text(world, classification=Classification.PUBLISHED)
    rendered_at = _rendered_after(client_for("delegate_b", world))
    _state(world, text, "para_1")
    for outsider in (client_for("reader", world), client_for("press", world), Client()):
        assert "data-events-after" not in outsider.get(MAP).content.decode()
        for headers in ({}, {"HTTP_LAST_EVENT_ID": rendered_at}):
            response = outsider.get(EVENTS, {"after": rendered_at}, **headers)
            if response.streaming:  # read what it would replay (not the live stream after it)
                try:
                    body = json.dumps(_opening(iter(response.streaming_content)))
                finally:
                    response.close()
            else:
                body = response.content.decode()
            assert "stance-object" not in body and "para_1" not in body and "data" not in body
            assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_malformed_page_id_is_told_to_refresh_never_an_error(world):
    text = make_text(world)
    watcher = client_for("delegate_b", world)
    rendered_at = _rendered_after(watcher)
    _state(world, text, "para_1")
    epoch = rendered_at.rpartition("-")[0]
    for bad in ("nonsense", "x" * 5000, "\u0663-\u0663", f"{epoch}-\u00b2", "1-1", "-", "<b>"):
        for header in (False, True):
            events, _ = _connect(watcher, since=bad) if header else _connect(watcher, after=bad)
            assert [json.loads(e["data"]) for e in events] == [{"kind": "refresh"}], bad
    assert _connect(watcher, after="")[0] == []  # none given: from now


def _unmasked(page: str) -> str:
    """The page without its CSRF token, masked afresh on every rendering."""
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", page)


@pytest.mark.django_db(transaction=True)
def test_the_map_page_differs_only_by_its_event_id(world, monkeypatch):
    """The id is one attribute of the live status; without an id (the broker unreachable)
    the page is the one rendered before it existed. The filters' requests read no id."""
    make_text(world)
    for role in ("delegate_b", "head_a", "secretariat"):
        client = client_for(role, world)
        with_id = client.get(MAP).content.decode()
        rendered_at = _rendered_after(client)
        broker = live_channel.broker()
        monkeypatch.setattr(type(broker), "newest_id", lambda self, channel: None)
        without = client.get(MAP).content.decode()
        monkeypatch.undo()
        assert f'data-events-after="{rendered_at}"' in with_id
        with_id = with_id.replace(f'\n   data-events-after="{rendered_at}"', "")
        assert _unmasked(with_id) == _unmasked(without), role
    monkeypatch.setattr(type(broker), "newest_id", lambda self, channel: pytest.fail("read"))
    assert client.get(MAP, HTTP_HX_REQUEST="true").status_code == 200
