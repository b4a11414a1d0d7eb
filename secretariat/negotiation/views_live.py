"""The consensus map's live side: a server-sent event stream per text, and single rows that
the page re-reads when an event names them."""

from typing import Any

from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from secretariat.core import live as live_channel
from secretariat.core.errors import NotFound
from secretariat.registry.permissions import principal_for

from . import live, permissions, views


class ChannelUnavailable(HttpResponse):
    status_code = 503


@require_GET
def map_events(request: HttpRequest, slug: str) -> HttpResponseBase:
    """``text/event-stream`` of the text's changes. 503 when the broker is down: the page
    then polls instead. A reconnecting browser sends the id of the last event it saw and
    gets the ones it missed first, or an order to refresh (``core.live``). Who may read them
    is checked here, on every connection, before anything is replayed: the events, replayed
    or live, are those of the text this viewer may read the record of. A first connection
    cannot send that header: it passes the id the page was rendered at as ``?after=``, taken
    exactly like it (a reconnection's header wins: EventSource keeps the URL)."""
    text = permissions.access_text(request.user, slug, need="record")
    since = live_channel.resume_id(request.headers.get("Last-Event-ID"), request.GET.get("after"))
    broker = live_channel.broker()
    try:
        broker.check()
        if isinstance(request, ASGIRequest):
            body: Any = live_channel.astream(live.channel(text), since=since)
        else:
            body = live_channel.stream(broker.subscribe(live.channel(text)), since=since)
    except live_channel.ChannelDown:
        return ChannelUnavailable(
            _("Live updates are unavailable; the page refreshes itself instead."),
            content_type="text/plain; charset=utf-8",
        )
    response = StreamingHttpResponse(body, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx would otherwise hold events back
    # Its database connection goes back before the stream is read (core/streams.py).
    return response


@require_GET
def map_row(request: HttpRequest, slug: str, eid: str) -> HttpResponse:
    """One paragraph's row of the consensus map, for the viewer and the page's filters.
    After a position every delegate watching re-reads the same row: it comes from the rows
    the map keeps (``views.map_rows_html``), rendered once per change."""
    text = permissions.access_text(request.user, slug, need="record")
    mine = request.GET.get("mine") == "1"
    economy_ids = principal_for(request.user).economy_ids if mine else None
    rows = views.map_rows_html(text, live.map_state(text), economy_ids=economy_ids)
    row = rows.row_of(eid)
    if row is None:
        raise NotFound(_("The current version has no paragraph %(eid)s.") % {"eid": eid})
    return HttpResponse(row)
