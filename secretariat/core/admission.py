"""At most as many requests inside Django per process as its pool has database connections.

Under ASGI every request runs its sync views and middleware in a thread of its own, and each
of those threads borrows a connection from psycopg's pool (``DATABASE_POOL_MAX_SIZE``, 8) for
the whole request. Nothing bounded how many requests a process took in at once: with more in
flight than the pool holds, the others waited inside Django, each in its thread, for a
connection — and after the pool's timeout (5 s) failed with a 500 (``PoolTimeout``). The
load scenario saw hundreds.

Requests now wait *before* Django, in the event loop: a waiting request is a suspended
coroutine (no thread, no connection, a few kilobytes), admitted in arrival order as soon as a
request in flight finishes, and a request admitted always finds a connection free. Bounding
admission to the pool, rather than growing the pool to the process's concurrency, because
that concurrency has no natural bound under ASGI (every kept-alive client can send a request
at any time), PostgreSQL's connections are few and shared by every process of every host
(``hosts × WEB_CONCURRENCY × DATABASE_POOL_MAX_SIZE`` + task workers), and on this machine's
two cores more threads in one process only take turns at its interpreter lock: eight requests
in flight already keep a process busy while some of them wait on the database or Redis.

An event stream leaves the gate as soon as its response starts: its connection went back
before (``streams.ReleaseConnectionsForStreamsMiddleware``), and it then only waits on the
broker for minutes, which must not keep other requests out."""

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .streams import EVENT_STREAM

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
# Django's handler types its arguments more narrowly than the ASGI spec's mappings.
ASGIApp = Callable[..., Awaitable[None]]


class AdmissionGate:
    """ASGI middleware: at most ``limit`` HTTP requests in the app at once, the rest queued."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        if limit < 1:
            raise ValueError("the admission limit must be at least 1")
        self.app = app
        self.limit = limit
        self._slots: asyncio.Semaphore | None = None  # made in the server's event loop

    def slots(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        return self._slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan: nothing to bound
            await self.app(scope, receive, send)
            return
        slots = self.slots()
        admitted = held = False

        async def enter() -> None:
            nonlocal admitted, held
            if not admitted:
                admitted = True
                await slots.acquire()
                held = True

        def leave() -> None:
            nonlocal held
            if held:
                held = False
                slots.release()

        async def receive_then_enter() -> Message:
            # Django reads the whole body in the event loop before it takes a thread and a
            # connection: a slow or stalled upload must not hold a place meanwhile (a few of
            # them would keep everyone out), so the request enters once its body is in.
            message = await receive()
            if message["type"] == "http.request" and not message.get("more_body", False):
                await enter()
            return message

        async def send_and_leave_for_streams(message: Message) -> None:
            await enter()  # an app that answers without reading the body is bounded too
            if message["type"] == "http.response.start" and _is_event_stream(message):
                leave()
            await send(message)

        try:
            # The slot is held until the app returns: Django gives the request's connection
            # back when it closes the response, after the last byte is sent.
            await self.app(scope, receive_then_enter, send_and_leave_for_streams)
        finally:
            leave()


def _is_event_stream(start: Message) -> bool:
    for name, value in start.get("headers", ()):
        if name.lower() == b"content-type":
            return bytes(value).decode("latin-1").startswith(EVENT_STREAM)
    return False
