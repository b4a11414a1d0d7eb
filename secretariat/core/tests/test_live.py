"""The live-update broker: in memory (embedded default) and Redis pub/sub (production)."""

import asyncio
import os
import threading

import pytest

from secretariat.core import live

REDIS_URL = os.environ.get("REDIS_URL")
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
