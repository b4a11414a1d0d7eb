"""Live updates of the consensus map: events after commit, the stream, single rows, the cache."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secretariat.core import live as live_channel
from secretariat.negotiation import live, services
from secretariat.negotiation.choices import Stance
from secretariat.testing.world import client_for

from .factories import make_text


def _state(world, text, eid="para_1", stance=Stance.OBJECT, based_on=None):
    return services.state_position(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        eid=eid,
        stance=stance,
        based_on=based_on,
    )


@pytest.mark.django_db
def test_a_position_is_announced_only_once_committed(world, django_capture_on_commit_callbacks):
    text = make_text(world)
    subscription = live_channel.broker().subscribe(live.channel(text))
    try:
        with django_capture_on_commit_callbacks(execute=False) as pending:
            _state(world, text)
        assert subscription.get(timeout=0.1) is None  # not before the commit
        for callback in pending:
            callback()
        event = json.loads(subscription.get(timeout=2).message)
        assert (event["kind"], event["eid"]) == ("position", "para_1")
    finally:
        subscription.close()


@pytest.mark.django_db
def test_the_event_stream_carries_changes_to_a_member(world, django_capture_on_commit_callbacks):
    text = make_text(world)
    response = client_for("delegate_b", world).get("/en/negotiation/statement/map/events/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    frames = iter(response.streaming_content)
    assert next(frames).decode().startswith("retry:")
    with django_capture_on_commit_callbacks(execute=True):
        _state(world, text, eid="para_2")
    frame = next(frames).decode()
    while "data: " not in frame:  # comments, and the channel's newest id
        frame = next(frames).decode()
    assert frame.startswith("id: ") and frame.endswith("\n\n")
    assert frame.split("\n")[1].startswith('data: {"kind":"position","eid":"para_2",')
    response.close()


@pytest.mark.django_db
def test_a_position_event_carries_the_row_every_open_map_would_reread(
    world, django_capture_on_commit_callbacks
):
    """A hundred open maps re-read the same row after each position, each request signing
    in and reading the text: the event carries it instead, as the row view renders it, in
    the site's language and the poster's, with the number of the change it includes."""
    from django.utils import translation

    text = make_text(world)
    subscription = live_channel.broker().subscribe(live.channel(text))
    try:
        with translation.override("ko"), django_capture_on_commit_callbacks(execute=True):
            _state(world, text, eid="para_3")
        event = json.loads(subscription.get(timeout=2).message)
    finally:
        subscription.close()
    client = client_for("delegate_b", world)
    for language in ("en", "ko"):
        row = client.get(f"/{language}/negotiation/statement/map/rows/para_3/").content.decode()
        assert event["rows"][language] == row and "stance-object" in row
    assert set(event["rows"]) == {"en", "ko"}
    assert event["change"] == str(live.map_state(text).changes)


@pytest.mark.django_db
def test_a_position_is_announced_even_if_its_row_cannot_be_rendered(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    from secretariat.negotiation import views

    def broken(text_id, eid):
        raise RuntimeError("template missing")

    monkeypatch.setattr(views, "live_row_fields", broken)
    text = make_text(world)
    subscription = live_channel.broker().subscribe(live.channel(text))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _state(world, text, eid="para_2")
        assert json.loads(subscription.get(timeout=2).message) == {
            "kind": "position",
            "eid": "para_2",
        }
    finally:
        subscription.close()


@pytest.mark.django_db
def test_outsiders_get_no_stream_of_a_restricted_text(world):
    make_text(world)
    outsider = client_for("reader", world).get("/en/negotiation/statement/map/events/")
    assert outsider.status_code in (403, 404)
    assert Client().get("/en/negotiation/statement/map/events/").status_code == 404


@pytest.mark.django_db
def test_a_down_channel_answers_503_so_the_page_polls(world, settings):
    make_text(world)
    settings.LIVE_UPDATES_REDIS_URL = "redis://127.0.0.1:1/0"
    response = client_for("delegate_b", world).get("/en/negotiation/statement/map/events/")
    assert response.status_code == 503
    assert "refreshes itself" in response.content.decode()


@pytest.mark.django_db
def test_a_row_shows_the_new_position_and_state(world):
    text = make_text(world)
    _state(world, text, eid="para_3")
    row = client_for("delegate_b", world).get("/en/negotiation/statement/map/rows/para_3/")
    assert row.status_code == 200
    html = row.content.decode()
    assert html.startswith('<tr id="row-para_3"') and "stance-object" in html
    missing = client_for("delegate_b", world).get("/en/negotiation/statement/map/rows/para_99/")
    assert missing.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_cached_map_changes_with_the_next_position(world):
    text = make_text(world)
    client = client_for("delegate_b", world)
    before = client.get("/en/negotiation/statement/map/", HTTP_HX_REQUEST="true")
    assert "stance-object" not in before.content.decode()
    _state(world, text, eid="para_1")  # commits: the token is renewed
    after = client.get("/en/negotiation/statement/map/", HTTP_HX_REQUEST="true")
    assert "stance-object" in after.content.decode()
    # Outside a test transaction, as in production: the map kept its connection (the test
    # client does not close them), the event stream gives its back before streaming, or every
    # open map would hold one from the pool for minutes (core/streams.py).
    from django.db import connection

    assert connection.connection is not None
    stream = client.get("/en/negotiation/statement/map/events/")
    assert stream.status_code == 200
    # (Django never closes the in-memory SQLite test database: the PostgreSQL pass checks.)
    assert connection.connection is None or connection.vendor == "sqlite"
    stream.close()


@pytest.mark.django_db(transaction=True)
def test_an_open_stream_holds_no_database_connection(world):
    """Each open live map held its request's connection until the stream ended (minutes):
    with more delegates than the pool's size, every other page waited and failed."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("Django never closes an in-memory SQLite database (the PostgreSQL pass)")
    make_text(world)
    response = client_for("delegate_b", world).get("/en/negotiation/statement/map/events/")
    assert response.status_code == 200
    assert connection.connection is None  # given back before the stream is read
    assert next(iter(response.streaming_content)).decode().startswith("retry:")
    response.close()


@pytest.mark.django_db
def test_a_live_row_is_rendered_once_for_all_who_reread_it(
    world, django_capture_on_commit_callbacks
):
    """After a position every watching delegate re-reads its row: the second reader gets
    the row the first one rendered, without reading positions again — and the row after
    the next position is the new one, not the kept one."""
    text = make_text(world)
    row_url = "/en/negotiation/statement/map/rows/para_3/"
    with django_capture_on_commit_callbacks(execute=True):
        first = _state(world, text, eid="para_3")
    rendered = client_for("delegate_b", world).get(row_url).content.decode()
    assert "stance-object" in rendered
    with CaptureQueriesContext(connection) as queries:
        again = client_for("head_a", world).get(row_url)
    assert again.content.decode() == rendered
    assert not [q for q in queries.captured_queries if "negotiation_position" in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        _state(world, text, eid="para_3", stance=Stance.SUPPORT, based_on=first.pk)
    after = client_for("delegate_b", world).get(row_url).content.decode()
    assert "stance-support" in after and "stance-object" not in after
