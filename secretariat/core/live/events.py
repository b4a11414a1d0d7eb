"""What the live channel carries and how a client resumes: events with ids, what a
reconnecting client missed (``Replay``), the ids a client may send, and the two brokers'
common shape (``Subscription``). The brokers are ``memory`` and ``redis_broker``."""

import re
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from django.conf import settings

CHANNEL_PREFIX = "secretariat:live:"  # LIVE_UPDATES_CHANNEL_PREFIX overrides it


def channel_prefix() -> str:
    """Redis pub/sub channels are shared by the whole server, whatever the database index:
    processes that must not hear each other (parallel test workers, two sites on one Redis)
    set their own ``LIVE_UPDATES_CHANNEL_PREFIX``."""
    return getattr(settings, "LIVE_UPDATES_CHANNEL_PREFIX", CHANNEL_PREFIX)


# How many events a channel keeps for replay: a text's positions come at most a few a second
# in a drafting session's peak (0.2 a second in the load scenario: 20 minutes kept); a client
# away for longer re-reads the map, which by then costs less than replaying.
REPLAY_LIMIT = 256
# How long Redis keeps a text's events after its last one: a day of quiet and its map is read
# afresh by whoever comes back.
LOG_SECONDS = 24 * 60 * 60
# What a client is told when its missed events cannot be replayed: re-read everything. An event
# of a kind live-map.js already answers by re-reading the map, so a page loaded before this
# change does the right thing too.
REFRESH = '{"kind":"refresh"}'


# What a client may send as the id to resume from: an id of either broker's form (memory:
# ``<hex epoch>-<number>``, Redis: ``<ms>-<seq>``), short. Anything else stands for an id no
# channel gave, answered with REFRESH like a trimmed one: never an error, since a page told
# to refresh re-reads the map and its stream carries on with a real id (docs/decisions/0036).
CLIENT_ID = re.compile(r"[0-9a-f]{1,20}-[0-9]{1,20}")
UNKNOWN_ID = "unknown"


def resume_id(*sent: str | None) -> str | None:
    """The id a stream starts after: the first of ``sent`` that was given (a reconnecting
    browser's ``Last-Event-ID`` before the id its page was rendered at), ``None`` when none
    was (the events from now on), ``UNKNOWN_ID`` when it is no id (the client refreshes)."""
    given = next((value for value in sent if value), None)
    if given is None:
        return None
    return given if CLIENT_ID.fullmatch(given) else UNKNOWN_ID


class ChannelDown(Exception):
    """The broker cannot be reached; callers degrade to polling."""


class Event(NamedTuple):
    """One published event: its id in its channel and the message (JSON)."""

    id: str
    message: str


@dataclass(frozen=True)
class Replay:
    """What a (re)connecting client missed since the id it sent. ``last_id``: the channel's
    newest id when the stream started, so a client that saw nothing still has an id to send
    back. ``complete`` is False when the missed events are no longer all kept: it refreshes."""

    last_id: str
    events: list[Event] = field(default_factory=list)
    complete: bool = True


class Subscription(Protocol):
    def replay(self, since: str | None) -> Replay: ...

    def get(self, timeout: float) -> Event | None: ...

    def close(self) -> None: ...


class AsyncSubscription(Protocol):
    async def replay(self, since: str | None) -> Replay: ...

    async def get(self, timeout: float) -> Event | None: ...

    async def close(self) -> None: ...
