"""Long-lived event streams hold no database connection.

Django hands a request's database connection back when the response is closed, and a
streaming response closes when the stream ends: a live-map stream would keep its connection
(taken from the pool in production) for its whole five minutes, so a hundred open maps would
drain the pool and every other request would wait for a connection. The streams read nothing
from the database once they start (they listen to the broker), so the connection goes back as
soon as the view and the other middleware are done with it."""

from collections.abc import Callable

from django.db import connections
from django.http import HttpRequest
from django.http.response import HttpResponseBase

EVENT_STREAM = "text/event-stream"


class ReleaseConnectionsForStreamsMiddleware:
    """First in MIDDLEWARE, so it runs after every other middleware's response phase."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.streaming and response.get("Content-Type", "").startswith(EVENT_STREAM):
            for connection in connections.all(initialized_only=True):
                # Inside a transaction (a test's, or ATOMIC_REQUESTS) closing would lose it.
                if not connection.in_atomic_block:
                    connection.close()
        return response
