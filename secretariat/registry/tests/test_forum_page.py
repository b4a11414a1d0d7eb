"""The forum page's own parts, read with the forum in one query and written in Python from
plain values (``forum_page``), are
what the template loops they replaced wrote from the ORM's objects, for every kind of
viewer; hidden people stay hidden; every value is escaped."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import render
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from secretariat.core.i18n import translations
from secretariat.registry import forum_page, forum_sections, selectors
from secretariat.registry.choices import RoleKind
from secretariat.registry.forum_sections import ForumSection
from secretariat.registry.models import ForumRole
from secretariat.registry.permissions import principal_for
from secretariat.registry.tests.factories import ForumFactory, PersonFactory
from secretariat.testing.world import client_for

# The loops of ``registry/forum.html`` before they were written in Python.
_TEMPLATE_LOOPS = """{% load secretariat %}<ul>{% for child in children %}<li><a href="{% url 'registry:forum' child.slug %}">{{ child.abbreviation }}</a> — {{ child.name|tr }}</li>{% endfor %}</ul>
<ul>{% for role in officers %}<li>{{ role.get_kind_display }}: <a href="{% url 'registry:person' role.person.pk %}">{{ role.person }}</a>{% if role.organisation %} ({{ role.organisation }}){% endif %}</li>{% empty %}<li>None that you may see.</li>{% endfor %}</ul>
<tbody>{% for delegation in delegations %}
    <tr><td><a href="{% url 'registry:delegation' delegation.pk %}">{{ delegation.economy.name|tr }}</a></td><td>{% for head in delegation.heads %}{{ head.person }}{% empty %}—{% endfor %}</td></tr>
  {% empty %}<tr><td colspan="2">No delegations yet.</td></tr>{% endfor %}</tbody>"""  # noqa: E501

# ``registry/forum.html`` before its frame was written in Python (``head_html``, ``foot_html``).
_PAGE = """{% extends "base.html" %}
{% load i18n secretariat %}
{% block title %}{{ forum.abbreviation }}{% endblock %}
{% block content %}
<p><a href="{% url 'registry:fora' %}">← {% translate "Fora" %}</a></p>
<h1>{{ forum.name|tr }} ({{ forum.abbreviation }})</h1>
<dl class="facts">
  <dt>{% translate "Kind" %}</dt><dd>{{ forum.get_kind_display }}</dd>
  {% if forum.parent %}<dt>{% translate "Reports to" %}</dt><dd><a href="{% url 'registry:forum' forum.parent.slug %}">{{ forum.parent.abbreviation }}</a></dd>{% endif %}
  {% if forum.established_year %}<dt>{% translate "Established" %}</dt><dd>{{ forum.established_year }}</dd>{% endif %}
</dl>
{% if forum.description %}<p>{{ forum.description|tr }}</p>{% endif %}
{% if children_html %}<h2>{% translate "Sub-fora" %}</h2><ul>{{ children_html }}</ul>{% endif %}
<h2>{% translate "Officers and partners" %}</h2>
<ul>{{ officers_html }}</ul>
<h2>{% translate "Delegations" %}</h2>
<table>
  <caption>{% translate "Delegations and their heads" %}</caption>
  <thead><tr><th scope="col">{% translate "Economy" %}</th><th scope="col">{% translate "Head of delegation" %}</th></tr></thead>
  <tbody>{{ delegations_html }}</tbody>
</table>
{% for section in sections %}<section aria-labelledby="section-{{ forloop.counter }}"><h2 id="section-{{ forloop.counter }}">{{ section.title }}</h2>{% include section.template with section=section %}</section>{% endfor %}
{% if principal.is_member %}<p><a href="{% url 'registry:forum_history' forum.slug %}">{% translate "History of changes" %}</a></p>{% endif %}
{% endblock %}
"""  # noqa: E501


def _by_template(world, forum, principal) -> str:  # type: ignore[no-untyped-def]
    context = {
        "children": forum.children.all(),
        "officers": selectors.roles_visible_to(principal).filter(
            forum=forum, delegation__isnull=True
        ),
        "delegations": selectors.delegations_with_visible_heads(principal)
        .filter(forum=forum)
        .order_by("economy__code"),
    }
    return engines["django"].from_string(_TEMPLATE_LOOPS).render(context)


def _by_writer(forum, principal) -> str:  # type: ignore[no-untyped-def]
    page = selectors.forum_page(principal, forum.slug, timezone.localdate())
    parts = forum_page.parts_html(page.rows)
    return (
        f"<ul>{parts['children_html']}</ul>\n<ul>{parts['officers_html']}</ul>\n"
        f"<tbody>{parts['delegations_html']}</tbody>"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "partner", "reader", "head_a", "secretariat"])
def test_the_written_parts_are_what_the_template_wrote(world, role):
    ForumFactory(slug="ai-sg", abbreviation="A<I>SG", parent=world.body,
                 name=translations("en", en="AI & safety", ko="AI 안전"))  # fmt: skip
    hidden = PersonFactory(family_name="O'Hidden<b>", given_name="Ann & Co")
    ForumRole.objects.create(person=hidden, forum=world.body, kind=RoleKind.VICE_CHAIR)
    head = world.delegation_a.members.get(kind=RoleKind.HEAD_OF_DELEGATION).person
    head.is_public = True
    head.save(update_fields=["is_public"])
    principal = principal_for(world.users.get(role))
    for language in ("en", "ko"):
        with translation.override(language):
            assert _by_writer(world.body, principal) == _by_template(world, world.body, principal)
    empty = ForumFactory(slug="empty", abbreviation="EMPTY")
    assert _by_writer(empty, principal) == _by_template(world, empty, principal)


@pytest.mark.django_db
def test_the_forum_page_shows_officers_and_heads_only_to_those_who_may_see_them(world):
    hidden = PersonFactory(family_name="Hiddenperson", given_name="Ann")
    ForumRole.objects.create(person=hidden, forum=world.body, kind=RoleKind.VICE_CHAIR)
    head = world.people["head_a"]
    for role, sees in (("anonymous", False), ("reader", False), ("head_a", True)):
        html = client_for(role, world).get("/en/registry/fora/daib/").content.decode()
        assert ("HIDDENPERSON Ann" in html) is sees, role
        assert (str(head) in html) is sees, role
        assert str(world.people["chair"]) in html  # a public officer


def _without_tokens(page: bytes) -> bytes:
    return re.sub(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', rb"\\1", page)


@pytest.fixture
def written_and_templated_sections():
    """Two sections besides the apps' own: one written by its provider (``html``, as the
    apps' are), one only through its template."""

    def written(forum, principal):  # type: ignore[no-untyped-def]
        html = mark_safe(f"<p>{escape(forum.abbreviation)} &amp; co</p>")  # noqa: S308
        return ForumSection("Written <work>", "registry/tests/_written.html", {"html": html},
                            html=mark_safe(f"{html}\n"))  # noqa: S308  # fmt: skip

    def templated(forum, principal):  # type: ignore[no-untyped-def]
        return ForumSection("Joint & work", "registry/tests/_joint_work.html",
                            {"items": [forum.slug, "<b>"]})  # fmt: skip

    forum_sections.register("test-written", written, order=1)
    forum_sections.register("test-templated", templated, order=999)
    yield
    forum_sections._PROVIDERS.pop("test-written")
    forum_sections._PROVIDERS.pop("test-templated")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "reader", "head_a", "secretariat"])
def test_the_written_frame_is_what_the_template_wrote(world, role, written_and_templated_sections):
    """The whole page, through the template that wrote the frame and through the one that
    takes it written, for a forum with and without a parent, a founding year, a description
    and sub-fora, for members and others, in English and Korean; with a section its provider
    wrote and one only through its template."""
    world.body.established_year, world.body.description = 2025, translations("en", en="A <b>")
    world.body.save(update_fields=["established_year", "description"])
    child = ForumFactory(slug="sub", abbreviation="S&B", parent=world.body, established_year=None)
    user = world.users.get(role)
    principal = principal_for(user)
    for forum in (world.body, child):
        for language in ("en", "ko"):
            with translation.override(language):
                request = RequestFactory().get(f"/{language}/registry/fora/{forum.slug}/")
                request.user, request.session = user or AnonymousUser(), {}
                page = selectors.forum_page(principal, forum.slug, timezone.localdate())
                sections = forum_sections.sections_for(page.forum, principal, page.sections)
                old = engines["django"].from_string(_PAGE).render(
                    {"forum": page.forum, **forum_page.parts_html(page.rows),
                     "sections": sections}, request,
                )  # fmt: skip
                new = render(request, "registry/forum.html", {
                    "forum": page.forum,
                    "sections_html": forum_page.sections_html(sections, request),
                    "head_html": forum_page.head_html(page.forum, page.rows),
                    "foot_html": forum_page.foot_html(page.forum, principal),
                }).content  # fmt: skip
                assert _without_tokens(new) == _without_tokens(old.encode())
                assert b"Written &lt;work&gt;</h2><p>" in new and b"<li>&lt;b&gt;</li>" in new
                assert (b"History of changes" in new) is (language == "en" and principal.is_member)
