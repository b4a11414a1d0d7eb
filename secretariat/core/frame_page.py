"""A whole page in the site's frame, written without the template engine: what a template
of ``{% extends "base.html" %}`` with only its title and content blocks writes
(``tests/test_site_frame.py`` compares the two), for views that write their content in
Python. Through ``render`` the frame cost a cold project list half a millisecond: a request
context and its six processors, the ``{% extends %}`` walk and five blocks, around the
same ``site_frame`` writers used here."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from secretariat.core import site_frame

# ``base.html``'s own text between its tags, with its default ``htmx_config`` block.
_AFTER_LINKS = '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false}\'>\n  '
_END = "\n</body>\n</html>\n"


class _FrameContext:
    """What the frame's writers read of a template context: the values the site's context
    processors give a page (the token, the request, the user, the messages) and a place
    for the rendering's fixed parts."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.render_context: dict[str, Any] = {}
        self._values = values

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def __setitem__(self, name: str, value: Any) -> None:
        self._values[name] = value


def page_html(request: HttpRequest, *, title: str, content: str, csrf_token: Any = None) -> str:
    """The page: ``title`` (as ``{% translate %}`` writes a literal: not escaped) and
    ``content`` (already escaped) in the frame. ``csrf_token``: a value that stands for the
    token (a page kept in the page cache gets the requester's later), else the request's
    own, taken as the template's ``{% csrf_token %}`` takes it."""
    if csrf_token is None:
        csrf_token = get_token(request) or "NOTPROVIDED"  # as the csrf context processor
    context: Any = _FrameContext(
        {
            "csrf_token": csrf_token,
            "request": request,
            "user": getattr(request, "user", None) or AnonymousUser(),
            "messages": get_messages(request),
        }
    )
    return "".join(
        (
            "<!DOCTYPE html>",
            site_frame.head_open(context),
            title,
            site_frame.head_links(context),
            _AFTER_LINKS,
            site_frame.header(context),
            content,
            site_frame.footer(context),
            _END,
        )
    )


def page_response(
    request: HttpRequest, *, title: str, content: str, csrf_token: Any = None
) -> HttpResponse:
    """``page_html`` as ``render`` answers it."""
    return HttpResponse(page_html(request, title=title, content=content, csrf_token=csrf_token))
