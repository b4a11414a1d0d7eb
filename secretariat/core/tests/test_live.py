"""The live-update broker: in memory (embedded default) and Redis pub/sub (production)."""

import asyncio
import os
import threading

import pytest
from django.conf import settings

from secretariat.core import live

# The worker's own Redis database (settings/test.py): another worker's ``cache.clear()``
# empties its own database, never the streams this one is reading back.
REDIS_URL = settings.REDIS_URL or None
brokers = [pytest.param(live.MemoryBroker, id="memory")]
brokers.append(
    pytest.param(
        lambda: live.RedisBroker(REDIS_URL),
        id="redis",
        marks=pytest.mark.skipif(not REDIS_URL, reason="runs in the PostgreSQL + Redis pass"),
    )
)


@pytest.mark.parametrize("make_broker", brokers)
def test_a_subscriber_receives_what_is_published_on_its_channel_only(make_broker):
    broker = make_broker()
    mine, other = broker.subscribe("text.1"), broker.subscribe("text.2")
    try:
        broker.publish("text.1", '{"kind":"position"}')
        assert mine.get(timeout=2).message == '{"kind":"position"}'
        assert other.get(timeout=0.2) is None
    finally:
        mine.close()
        other.close()


@pytest.mark.parametrize("make_broker", brokers)
def test_the_stream_frames_events_and_ends_when_the_channel_fails(make_broker):
    broker = make_broker()
    subscription = broker.subscribe("text.3")
    frames = live.stream(subscription, heartbeat=0.2, lifetime=5)
    assert next(frames).startswith("retry: ")
    threading.Timer(0.05, broker.publish, ("text.3", '{"kind":"version"}')).start()
    received = next(frames)
    while received == live.HEARTBEAT:
        received = next(frames)
    while received.startswith("id: ") and "data: " not in received:  # the channel's newest id
        received = next(frames)
    assert received.startswith("id: ") and received.endswith('\ndata: {"kind":"version"}\n\n')
    frames.close()


def test_a_broken_redis_is_reported_as_a_channel_down():
    broker = live.RedisBroker("redis://127.0.0.1:1/0")  # nothing listens on port 1
    with pytest.raises(live.ChannelDown):
        broker.check()
    with pytest.raises(live.ChannelDown):
        broker.subscribe("text.4")
    broker.publish("text.4", "{}")  # a committed write never fails because the channel is down
    assert broker.newest_id("text.4") is None  # a page rendered meanwhile embeds no id


def test_pages_do_not_wait_on_a_broken_redis_for_their_id_again_and_again(monkeypatch):
    broker = live.RedisBroker("redis://127.0.0.1:1/0")
    assert broker.newest_id("text.4") is None
    asked = []

    def back(**kwargs):  # type: ignore[no-untyped-def]
        asked.append(kwargs)
        return [b"1-0", []]

    monkeypatch.setattr(broker, "_replay_script", back)
    assert broker.newest_id("text.4") is None and asked == []  # not asked again so soon
    monkeypatch.setattr(live.time, "monotonic", lambda: float("inf"))
    assert broker.newest_id("text.4") == "1-0" and len(asked) == 1  # asked again later


@pytest.mark.parametrize("make_broker", brokers)
def test_the_async_stream_waits_without_a_thread(make_broker, settings):
    settings.LIVE_UPDATES_REDIS_URL = REDIS_URL if make_broker is not brokers[0].values[0] else None
    broker = live.broker()

    async def first_event():
        frames = live.astream("text.5", heartbeat=0.2, lifetime=5)
        assert (await frames.__anext__()).startswith("retry:")
        await asyncio.sleep(0.1)  # subscribed before the publish below
        await asyncio.to_thread(broker.publish, "text.5", '{"kind":"status"}')
        frame = await frames.__anext__()
        while frame == live.HEARTBEAT or "data: " not in frame:
            frame = await frames.__anext__()
        await frames.aclose()
        return frame

    # In a thread of its own: an earlier test (Playwright's sync API) may leave this thread's
    # event loop running, and asyncio.run refuses to nest.
    frames: list[str] = []
    runner = threading.Thread(target=lambda: frames.append(asyncio.run(first_event())))
    runner.start()
    runner.join(timeout=30)
    assert len(frames) == 1 and frames[0].endswith('\ndata: {"kind":"status"}\n\n')


def test_streams_opened_together_do_not_end_together():
    """Within their lifetime (a removed member's stream still ends by then), spread over its
    last half: 105 delegates who opened the map at once must not all reconnect and re-read
    the whole map in the same second."""
    ends = [live.stream_seconds(300) for _ in range(200)]
    assert all(150 <= end <= 300 for end in ends)
    assert max(ends) - min(ends) > 100


def _published_ids(broker, channel, messages):  # type: ignore[no-untyped-def]
    """Publish ``messages`` and return their ids, as a listener heard them."""
    listener = broker.subscribe(channel)
    try:
        ids = []
        for message in messages:
            broker.publish(channel, message)
            event = listener.get(timeout=2)
            assert event is not None and event.message == message
            ids.append(event.id)
        return ids
    finally:
        listener.close()


@pytest.mark.parametrize("make_broker", brokers)
def test_a_returning_client_gets_what_it_missed_once_and_in_order(make_broker):
    broker = make_broker()
    channel = f"text.replay.{os.getpid()}.{id(broker)}"
    first, *_ = _published_ids(broker, channel, ['{"n":1}', '{"n":2}', '{"n":3}'])
    back = broker.subscribe(channel)
    try:
        broker.publish(channel, '{"n":4}')  # between subscribing and reading the kept ones
        replay = back.replay(first)
        assert replay.complete
        heard = [event.message for event in replay.events]
        while (event := back.get(timeout=0.3)) is not None:
            heard.append(event.message)
        assert heard == ['{"n":2}', '{"n":3}', '{"n":4}']  # none lost, none twice
        broker.publish(channel, '{"n":5}')
        live_event = back.get(timeout=2)
        assert live_event is not None and live_event.message == '{"n":5}'
    finally:
        back.close()


@pytest.mark.parametrize("make_broker", brokers)
def test_a_client_that_saw_the_newest_event_gets_nothing_and_a_first_one_no_replay(make_broker):
    broker = make_broker()
    channel = f"text.uptodate.{os.getpid()}.{id(broker)}"
    *_, newest = _published_ids(broker, channel, ['{"n":1}', '{"n":2}'])
    subscription = broker.subscribe(channel)
    try:
        assert subscription.replay(newest) == live.Replay(newest, [], complete=True)
        assert subscription.replay(None).events == []  # first connection: the page is fresh
    finally:
        subscription.close()
    # On a channel that never had an event a stream still gives an id to come back with.
    quiet = broker.subscribe(channel + ".quiet")
    try:
        start = quiet.replay(None).last_id
    finally:
        quiet.close()
    again = broker.subscribe(channel + ".quiet")
    try:
        assert again.replay(start) == live.Replay(start, [], complete=True)
    finally:
        again.close()


@pytest.mark.parametrize("make_broker", brokers)
def test_an_id_the_channel_cannot_replay_from_asks_for_a_refresh(make_broker, monkeypatch):
    monkeypatch.setattr(live.events, "REPLAY_LIMIT", 5)
    broker = make_broker()
    channel = f"text.trimmed.{os.getpid()}.{id(broker)}"
    # Redis trims an approximately capped stream a node (100 entries) at a time.
    ids = _published_ids(broker, channel, [f'{{"n":{n}}}' for n in range(250)])
    subscription = broker.subscribe(channel)
    try:
        for unusable in (
            ids[0],  # trimmed: the events after it are no longer all kept
            "nonsense",
            "1-2-3",
            "99999999999999999-0",  # after the newest
            "0123abcd-1",  # another broker's (a restarted process)
            "\u0663-\u0663",  # digits to str.isdigit(), not to Redis
            f"{getattr(broker, 'epoch', '1')}-\u00b2",  # a digit to isdigit(), not to int()
        ):
            replay = subscription.replay(unusable)
            assert not replay.complete and replay.events == [], unusable
        assert subscription.replay(ids[-3]).events == [
            live.Event(ids[-2], '{"n":248}'),
            live.Event(ids[-1], '{"n":249}'),
        ]
    finally:
        subscription.close()


def test_the_stream_replays_then_goes_live_or_orders_a_refresh():
    broker = live.MemoryBroker()
    first, second = _published_ids(broker, "text.6", ['{"kind":"position"}', '{"kind":"version"}'])
    frames = live.stream(broker.subscribe("text.6"), since=first, heartbeat=0.2, lifetime=5)
    assert next(frames).startswith("retry: ")
    assert next(frames) == f'id: {second}\ndata: {{"kind":"version"}}\n\n'
    assert next(frames) == f"id: {second}\n\n"  # the newest id, where the replay ends
    frames.close()
    refused = live.stream(broker.subscribe("text.6"), since="gone-1", heartbeat=0.2, lifetime=5)
    assert next(refused).startswith("retry: ")
    assert next(refused) == f"id: {second}\ndata: {live.REFRESH}\n\n"
    refused.close()


def test_a_stream_the_server_ends_says_to_come_back_soon():
    """The browser waits the last ``retry`` it was given before reconnecting: a stream ended
    on purpose asks for well under a second (its events are replayed, so the wait is their
    delay), at a spread moment; one that breaks keeps the longer wait of its opening."""
    broker = live.MemoryBroker()
    frames = list(live.stream(broker.subscribe("text.7"), heartbeat=0.05, lifetime=0.1))
    assert frames[0].startswith("retry: ") and 1500 <= int(frames[0].split()[1]) <= 3000
    assert frames[-1].startswith("retry: ") and 250 <= int(frames[-1].split()[1]) <= 1000


@pytest.mark.parametrize("make_broker", brokers)
def test_the_async_stream_replays_what_was_missed(make_broker, settings):
    """The production path (ASGI): a stream opened with the last id seen starts with the
    events after it, ends its opening on the newest id, then goes on live."""
    settings.LIVE_UPDATES_REDIS_URL = REDIS_URL if make_broker is not brokers[0].values[0] else None
    broker = live.broker()
    channel = f"text.areplay.{os.getpid()}"
    first, second = _published_ids(broker, channel, ['{"n":1}', '{"n":2}'])

    async def opening_then_live():
        frames = live.astream(channel, since=first, heartbeat=0.2, lifetime=5)
        received = [await frames.__anext__() for _ in range(3)]
        await asyncio.to_thread(broker.publish, channel, '{"n":3}')
        frame = await frames.__anext__()
        while frame == live.HEARTBEAT:
            frame = await frames.__anext__()
        await frames.aclose()
        return [*received, frame]

    frames: list[list[str]] = []
    runner = threading.Thread(target=lambda: frames.append(asyncio.run(opening_then_live())))
    runner.start()
    runner.join(timeout=30)
    hello, replayed, newest, live_frame = frames[0]
    assert hello.startswith("retry: ")
    assert replayed == f'id: {second}\ndata: {{"n":2}}\n\n'
    assert newest == f"id: {second}\n\n"
    assert live_frame.endswith('\ndata: {"n":3}\n\n') and live_frame != replayed


@pytest.mark.parametrize("make_broker", brokers)
def test_the_newest_id_read_with_a_page_replays_what_came_after_it(make_broker):
    """The map page embeds the channel's newest id as it renders; the page's first stream
    starts after it, so what was published meanwhile is replayed (docs/decisions/0036)."""
    broker = make_broker()
    channel = f"text.newest.{os.getpid()}.{id(broker)}"
    rendered_at = broker.newest_id(channel)  # a channel that never had an event
    assert rendered_at is not None
    ids = _published_ids(broker, channel, ['{"n":1}', '{"n":2}'])
    assert broker.newest_id(channel) == ids[-1]
    first = broker.subscribe(channel)
    try:
        replay = first.replay(rendered_at)
        assert replay.complete and [event.id for event in replay.events] == ids
    finally:
        first.close()


def test_a_client_id_is_taken_from_the_header_first_and_checked():
    assert live.resume_id(None, None) is None
    assert live.resume_id("", "") is None  # an empty header or parameter: none sent
    assert live.resume_id(None, "1733467200000-0") == "1733467200000-0"
    assert live.resume_id("0123abcd-7", "0123abcd-2") == "0123abcd-7"  # the reconnection's
    for malformed in (
        "nonsense",
        "-1",
        "1-",
        "1-2-3",
        "\u0663-\u0663",
        "1-\u00b2",
        "9" * 21 + "-1",
        "a" * 10_000,
        "1-1\n",
        "ABC-1",
    ):
        assert live.resume_id(None, malformed) == live.UNKNOWN_ID, malformed
