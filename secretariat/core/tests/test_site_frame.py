"""The frame written in Python (``core/site_frame.py``) is byte for byte what ``base.html``
wrote as a template (kept as ``templates/base_before.html``), for anonymous and signed-in
viewers, in several languages and sections, with search words, paths and messages that need
escaping. Only the CSRF token differs between two renderings (each request masks its own)."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.middleware.csrf import get_token
from django.template import engines
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from secretariat.registry.tests.factories import UserFactory

BEFORE = Path(__file__).parent / "templates" / "base_before.html"
TOKEN = re.compile(r"[A-Za-z0-9]{64}")
PAGE = (
    "{% extends frame %}{% block title %}A <title> & more{% endblock %}"
    '{% block extra_head %}<meta name="x" content="{{ LANGUAGE_CODE }}">{% endblock %}'
    "{% block content %}<p>{{ LANGUAGE_CODE }} {{ search_query }}</p>{% endblock %}"
    '{% block extra_body %}<script src="/x.js"></script>{% endblock %}'
)
PATHS = [
    "/{lang}/",
    "/{lang}/meetings/",
    "/{lang}/registry/fora/",
    "/{lang}/registry/economies/",
    "/{lang}/registry/people/",
    "/{lang}/projects/",
    "/{lang}/news/",
    "/{lang}/outcomes/",
    "/{lang}/search/",
]
# The template kept the frame's fixed parts in a cache of the process's own memory.
BEFORE_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "frame"}
QUERIES = ["", "?q=a%20b&x=<i>\"'&page=2", "?next=/ko/é/&a=1"]


@pytest.fixture(autouse=True)
def _before_cache(settings):  # type: ignore[no-untyped-def]
    settings.CACHES = {**settings.CACHES, "local": BEFORE_CACHE}


def _frames():  # type: ignore[no-untyped-def]
    engine = engines["django"]
    before = engine.from_string(BEFORE.read_text())
    after = engine.engine.get_template("base.html")
    page = engine.from_string(PAGE)
    return before, after, page


def _render(page, frame, request, extra):  # type: ignore[no-untyped-def]
    html = page.render({"frame": frame, **extra}, request)
    return TOKEN.sub("TOKEN", html)


def _request(path: str, user, messages=None):  # type: ignore[no-untyped-def]
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path.split("?")[0])
    if messages is not None:
        request._messages = messages
    get_token(request)
    return request


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko", "zh-hans", "es"])
def test_the_frame_is_what_the_template_wrote(language):  # type: ignore[no-untyped-def]
    before, after, page = _frames()
    signed_in = UserFactory(username='d<el>"eg&ate')
    compared = 0
    with translation.override(language):
        for path in PATHS:
            for query in QUERIES:
                full = path.format(lang=language) + query
                for user in (AnonymousUser(), signed_in):
                    for search_query in (None, "", "tariffs <b>&\"'", 42):
                        for messages in (None, [], _messages()):
                            extra = {} if search_query is None else {"search_query": search_query}
                            old = _render(page, before, _request(full, user, messages), extra)
                            new = _render(page, after, _request(full, user, messages), extra)
                            assert new == old, (full, user, search_query, messages)
                            compared += 1
    assert compared == len(PATHS) * len(QUERIES) * 2 * 4 * 3


def _messages():  # type: ignore[no-untyped-def]
    return [
        Message(constants.SUCCESS, 'Saved <b>your</b> & "changes"'),
        Message(constants.ERROR, "Failed", extra_tags="x<y"),
    ]


@pytest.mark.django_db
def test_a_page_rendered_without_a_request_has_the_frame_but_no_token_path_or_user():  # type: ignore[no-untyped-def]
    """Every page renders the frame with its request (the site's context processors). Without
    one the template wrote empty links (no ``SITE_LINKS``); the frame now writes the site's
    links, and still no token, path or user."""
    _before, after, page = _frames()
    with translation.override("ko"):
        html = page.render({"frame": after})
    assert 'X-CSRFToken": ""' in html and 'name="next" type="hidden" value=""' in html
    assert 'href="/ko/accounts/login/?next="' in html and "csrfmiddlewaretoken" not in html


@pytest.mark.django_db
def test_a_page_that_resolves_nowhere_marks_no_section():  # type: ignore[no-untyped-def]
    before, after, page = _frames()
    request = RequestFactory().get("/nowhere")
    request.user = AnonymousUser()
    request.resolver_match = None
    assert _render(page, after, request, {}) == _render(page, before, request, {})
    request.resolver_match = SimpleNamespace(app_name="", url_name=None)
    assert _render(page, after, request, {}) == _render(page, before, request, {})


TITLED_PAGE = (
    '{% extends "base.html" %}{% load i18n %}{% block title %}'
    '{% translate "Projects and work items" %}'
    "{% endblock %}{% block content %}\n{{ content }}\n{% endblock %}"
)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_page_written_in_python_is_what_its_template_wrote(language):  # type: ignore[no-untyped-def]
    """``frame_page.page_html``: the page a template of a title and content writes, byte for
    byte, with the request's token, or a stand-in for it (the page cache's)."""
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    from secretariat.core.frame_page import page_html

    engine = engines["django"]
    template = engine.from_string(TITLED_PAGE)  # as ``render`` renders: the view's values on top
    content = mark_safe('<p class="x">Rows &amp; more</p>')  # noqa: S308 - a test's own text
    signed_in = UserFactory(username='d<el>"eg&ate')
    compared = 0
    with translation.override(language):
        for path in PATHS[:4]:
            for query in QUERIES:
                full = path.format(lang=language) + query
                for user in (AnonymousUser(), signed_in):
                    for messages in (None, [], _messages()):
                        for stand_in in (None, "CSRF-STAND-IN"):
                            request = _request(full, user, messages)
                            extra = {} if stand_in is None else {"csrf_token": stand_in}
                            old = template.render({"content": content, **extra}, request)
                            new = page_html(
                                _request(full, user, messages),
                                title=gettext("Projects and work items"),
                                content=f"\n{content}\n",
                                csrf_token=stand_in,
                            )
                            assert TOKEN.sub("TOKEN", new) == TOKEN.sub("TOKEN", old), full
                            compared += 1
    assert compared == 4 * len(QUERIES) * 2 * 3 * 2
