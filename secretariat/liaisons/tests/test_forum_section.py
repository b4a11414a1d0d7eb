"""The forum page's section writes its rows in Python from plain values (``section.py``):
they are what the template loops they replaced wrote from the ORM's objects, for every kind
of viewer and in English and Korean, every value escaped."""

import datetime as dt

import pytest
from django.template import engines
from django.template.defaultfilters import date as date_filter
from django.template.loader import render_to_string
from django.utils import timezone, translation

from secretariat.core.i18n import translations
from secretariat.liaisons import section, selectors
from secretariat.liaisons.choices import Direction, LiaisonState, Purpose
from secretariat.registry.models import WorksWith
from secretariat.registry.permissions import principal_for
from secretariat.registry.selectors import forum_page, works_with_of_forum
from secretariat.registry.tests.factories import ForumFactory, OrganisationFactory

from .factories import LiaisonStatementFactory

# ``liaisons/_forum_section.html`` before it was written in Python (``section.section_html``).
_SECTION = """{% load i18n %}{% with forum=section.context.forum %}{# the rows are written by section.py #}
<h3>{% translate "Works with" %}</h3>
<ul>{{ section.context.links_html }}</ul>
<h3>{% translate "Liaison statements" %}</h3>
<table>
  <caption>{% blocktranslate with forum=forum.abbreviation %}Liaison statements of {{ forum }}, in and out{% endblocktranslate %}</caption>
  {% include "liaisons/_head.html" %}
  <tbody>{{ section.context.rows_html }}</tbody>
</table>
<p><a href="{% url 'liaisons:list' %}?forum={{ forum.slug }}">{% translate "All of this forum's liaison statements" %}</a></p>
{% endwith %}
"""  # noqa: E501
# The "works with" loop of ``liaisons/_forum_section.html`` before it was written in Python.
_LINKS_LOOP = """{% load i18n secretariat %}{% for partner, link in links %}<li>{% if link.partner_organisation %}<a href="{% url 'registry:organisation' partner.slug %}">{{ partner }}</a>{% else %}<a href="{% url 'registry:forum' partner.slug %}">{{ partner.abbreviation }}</a>{% endif %} — {% blocktranslate with since=link.since|date:"j F Y" %}since {{ since }}{% endblocktranslate %}{% if link.note %}: {{ link.note|tr }}{% endif %}</li>{% empty %}<li>{% translate "None recorded." %}</li>{% endfor %}"""  # noqa: E501


@pytest.fixture
def statements(world, sc42):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    odd = OrganisationFactory(slug="odd", acronym="", name=translations("en", en="R&D <Lab>"))
    note = translations("en", en="Joint <work>", ko="공동 작업")
    WorksWith.objects.create(
        forum=world.body, partner_organisation=sc42, since="2025-09-01", note=note
    )
    WorksWith.objects.create(forum=world.other_forum, partner_forum=world.body, since="2024-01-31")
    WorksWith.objects.create(forum=world.body, partner_organisation=odd, since="2023-05-02")
    overdue = LiaisonStatementFactory(
        forum=world.body, counterpart_organisation=sc42, purpose=Purpose.FOR_ACTION,
        deadline=today - dt.timedelta(days=1), title=translations("en", en="Tell <us>"),
    )  # fmt: skip
    answered = LiaisonStatementFactory(
        forum=world.body, counterpart_organisation=odd, purpose=Purpose.FOR_ACTION,
        deadline=today - dt.timedelta(days=3),
    )  # fmt: skip
    LiaisonStatementFactory(
        forum=world.body, counterpart_organisation=odd, direction=Direction.INCOMING,
        state=LiaisonState.RECEIVED, purpose=Purpose.IN_RESPONSE, in_response_to=answered,
    )  # fmt: skip
    LiaisonStatementFactory(forum=world.other_forum, counterpart_forum=world.body,
                            is_restricted=True, deadline=today + dt.timedelta(days=9))  # fmt: skip
    draft_title = translations("ko", ko="초안")
    LiaisonStatementFactory(forum=world.body, counterpart_forum=world.other_forum,
                            state=LiaisonState.DRAFT, title=draft_title)  # fmt: skip
    return overdue


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "reader", "delegate_a", "head_c", "secretariat"])
def test_the_written_rows_are_what_the_templates_wrote(world, statements, role):
    principal = principal_for(world.users.get(role))
    today = timezone.localdate()
    for forum in (world.body, world.other_forum, ForumFactory(slug="quiet")):
        links = [(link.other_side(forum), link) for link in works_with_of_forum(forum.pk)]
        shown = list(selectors.forum_statements(principal, forum.pk)[: section.SHOWN])
        for language in ("en", "ko"):
            with translation.override(language):
                by_template = render_to_string(
                    "liaisons/_rows.html", {"statements": shown, "today": today}
                )
                read_links, read_statements = _read(principal, forum)
                rows = section.rows_html(read_statements, today)
                assert rows == by_template.strip()  # the file's edges only
                links_by_template = (
                    engines["django"].from_string(_LINKS_LOOP).render({"links": links})
                )
                assert section.links_html(read_links, forum.pk) == links_by_template
                frame = {"forum": forum, "links_html": links_by_template, "rows_html": rows}
                assert section.section_html(
                    forum, section.links_html(read_links, forum.pk), rows
                ) == engines["django"].from_string(_SECTION).render({"section": {"context": frame}})
                page = forum_page(principal, forum.slug, today)
                written = section.joint_work(page.forum, principal, page.sections["liaisons"])
                assert written.html == render_to_string(written.template, {"section": written})
    assert "Tell &lt;us&gt;" in section.rows_html(_read(principal, world.body)[1], today)


def _read(principal, forum):  # type: ignore[no-untyped-def]
    """The section's rows as the forum page reads them, with the forum's row."""
    page = forum_page(principal, forum.slug, timezone.localdate())
    return selectors.forum_page_rows(page.sections["liaisons"])


def test_the_sections_dates_are_what_the_date_filter_writes():
    """Every month, in English and Korean: ``j F Y`` (a link's since) and ``j M Y`` (a
    deadline)."""
    for language in ("en", "ko"):
        with translation.override(language):
            words = section._words(translation.get_language())
            for day in (dt.date(2026, month, month + 9) for month in range(1, 13)):
                assert section.long_date(day) == date_filter(day, "j F Y")
                assert words.short_date(day) == date_filter(day, "j M Y")
            assert section.long_date(dt.date(987, 3, 1)) == date_filter(dt.date(987, 3, 1), "j F Y")
