"""The browser's side of server-sent events, for the load scenario's delegates: what
EventSource keeps between connections (the last event id it sends back as ``Last-Event-ID``,
and how long it waits before reconnecting) and how it cuts a stream into events, after the
HTML standard's parsing. Apart from the locustfile so it is tested without gevent."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Chromium's wait before reconnecting until the server sends a ``retry`` field.
DEFAULT_RETRY_MS = 3000


@dataclass(frozen=True)
class Dispatch:
    """A blank line ended a block: an event (``data`` set), or none (``data`` None: the
    browser fires nothing, but keeps an ``id`` the block gave; the server ends its replay
    with such a block)."""

    event_type: str
    data: str | None
    id: str | None = None  # the block's own id field, if it had one


@dataclass
class EventSourceState:
    last_id: str = ""
    retry_ms: int = DEFAULT_RETRY_MS

    def headers(self) -> dict[str, str]:
        """What a reconnection sends: the last id seen, once there is one."""
        return {"Last-Event-ID": self.last_id} if self.last_id else {}

    def dispatches(self, lines: Iterable[bytes]) -> Iterator[Dispatch]:
        """The blocks of ``lines`` (the stream cut at its line ends, blank lines included)."""
        data: list[str] = []
        event_type = ""
        pending_id = self.last_id
        block_id: str | None = None
        for raw in lines:
            line = raw.decode()
            if not line:
                self.last_id = pending_id  # kept even when no event is fired
                text = "\n".join(data) if data else None
                yield Dispatch(event_type or "message", text, block_id)
                data, event_type, block_id = [], "", None
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "data":
                data.append(value)
            elif name == "event":
                event_type = value
            elif name == "id" and "\0" not in value:
                pending_id = block_id = value
            elif name == "retry" and value.isdigit():
                self.retry_ms = int(value)
