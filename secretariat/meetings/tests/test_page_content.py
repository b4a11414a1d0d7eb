"""The meeting page's main content, written in Python for speed (``content.programme`` and
``content.participation``, through ``page._render``), is exactly what the templates it
replaced rendered: every branch, escaping, language and kind of viewer, with the tables'
fragments rendered and read from the cache."""

import datetime as dt
import difflib

import pytest
from django.core.cache import cache
from django.template import engines
from django.utils import translation

from secretariat.core.i18n import translations
from secretariat.meetings import page, permissions, selectors
from secretariat.meetings.choices import Classification, MeetingStatus
from secretariat.minutes import selectors as minutes_selectors
from secretariat.minutes.choices import MinutesState
from secretariat.minutes.tests.factories import MinutesFactory
from secretariat.registrations import permissions as registration_permissions
from secretariat.registrations import selectors as registration_selectors
from secretariat.registrations.tests.factories import RegistrationFactory
from secretariat.registry.permissions import principal_for
from secretariat.registry.tests.factories import PersonFactory

from .factories import (
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    SeriesFactory,
    SessionFactory,
)

# The templates as meetings/_meeting_programme.html and _meeting_participation.html had them
# (the latter includes registrations/_participants.html, which the registrations page keeps).
PROGRAMME = """{% load i18n secretariat cache %}
{% comment %}Part of the meeting page's main content, cached per kind of viewer (meetings/page.py):
it gets no request, user or CSRF token, only `viewer` and what the page shows.{% endcomment %}
<p><a href="{{ links.meetings }}">← {% translate "Meetings" %}</a>{% if meeting.series %} · <a href="{{ links.series }}">{{ meeting.series.name|tr }}</a>{% endif %}</p>
<h1>{{ meeting.title|tr }}</h1>
{% if meeting.is_cancelled %}<p class="messages" role="status"><strong>{% translate "This meeting is cancelled." %}</strong></p>{% endif %}
<dl class="facts">
  <dt>{% translate "Meeting code" %}</dt><dd>{{ meeting }}</dd>
  <dt>{% translate "Kind" %}</dt><dd>{{ meeting.get_kind_display }}</dd>
  <dt>{% translate "Status" %}</dt><dd>{{ meeting.get_status_display }}</dd>
  <dt>{% translate "Forum" %}</dt><dd><a href="{{ links.forum }}">{{ meeting.forum.abbreviation }}</a></dd>
  <dt>{% translate "Dates" %}</dt><dd><time datetime="{{ meeting.start_date|date:'Y-m-d' }}">{{ meeting.start_date|date:"j F Y" }}</time>{% if meeting.end_date != meeting.start_date %} – <time datetime="{{ meeting.end_date|date:'Y-m-d' }}">{{ meeting.end_date|date:"j F Y" }}</time>{% endif %}</dd>
  {% if meeting.host_economy %}<dt>{% translate "Host economy" %}</dt><dd>{{ meeting.host_economy.name|tr }}</dd>{% endif %}
  {% if meeting.venue or meeting.city %}<dt>{% translate "Venue" %}</dt><dd>{{ meeting.venue }}{% if meeting.venue and meeting.city %}, {% endif %}{{ meeting.city }}</dd>{% endif %}
  <dt>{% translate "Venue time zone" %}</dt><dd>{{ meeting.timezone }}</dd>
  {% if meeting.chair %}<dt>{% translate "Chair" %}</dt><dd>{{ meeting.chair.honorific }} {{ meeting.chair }}{% if meeting.chair.position %}, {{ meeting.chair.position|tr }}{% endif %}</dd>{% endif %}
  {% if meeting.document_cutoff %}<dt>{% translate "Document cut-off" %}</dt><dd>{{ meeting.document_cutoff|date:"j F Y" }}</dd>{% endif %}
  {% if meeting.registration_close %}<dt>{% translate "Registration closes" %}</dt><dd>{{ meeting.registration_close|date:"j F Y" }}</dd>{% endif %}
  {% if meeting.minutes_due %}<dt>{% translate "Minutes due" %}</dt><dd>{{ meeting.minutes_due|date:"j F Y" }}</dd>{% endif %}
</dl>
<p><a href="{{ links.ics }}">{% translate "Add to calendar (iCalendar)" %}</a></p>

<h2 id="timetable">{% translate "Timetable" %}</h2>
<form method="get" class="filters">
  <p><label for="id_tz">{% translate "Show times in time zone" %}</label> <input type="text" name="tz" id="id_tz" value="{{ zone }}" maxlength="64" placeholder="Europe/Paris"> <button type="submit">{% translate "Show" %}</button>
  {% if not is_venue_zone %}<a href="{{ links.meeting }}">{% translate "Back to the venue's time" %}</a>{% endif %}</p>
</form>
{% if unknown_zone %}<p class="errorlist" role="alert">{% translate "Unknown time zone; showing the venue's time." %}</p>{% endif %}
<table>
  <caption>{% if is_venue_zone %}{% blocktranslate %}Sessions in the venue's time zone, {{ zone }}{% endblocktranslate %}{% else %}{% blocktranslate %}Sessions in {{ zone }}{% endblocktranslate %}{% endif %}</caption>
  <thead><tr><th scope="col">{% translate "Day" %}</th><th scope="col">{% translate "Starts" %}</th><th scope="col">{% translate "Ends" %}</th><th scope="col">{% translate "Session" %}</th><th scope="col">{% translate "Agenda items" %}</th></tr></thead>
  <tbody>{{ timetable_rows }}</tbody>
</table>

<h2 id="agenda">{% translate "Agenda" %}</h2>
<ol class="agenda-items">{{ agenda_items }}</ol>

<h2 id="documents">{% translate "Documents" %}</h2>
{# Cached per state of the documents and per visibility: two hundred rows cost one lookup. #}
{% get_current_language as LANGUAGE_CODE %}{% cache 3600 meeting_documents documents_key LANGUAGE_CODE %}
<table>
  <caption>{% translate "Documents you may see" %}</caption>
  <thead><tr><th scope="col">{% translate "Number" %}</th><th scope="col">{% translate "Title" %}</th><th scope="col">{% translate "Agenda item" %}</th><th scope="col">{% translate "Purpose" %}</th><th scope="col">{% translate "Submitted by" %}</th><th scope="col">{% translate "Classification" %}</th></tr></thead>
  <tbody>{{ document_rows }}</tbody>
</table>
{% endcache %}
{% if can_submit %}<p><a class="button" href="{{ links.submit }}">{% translate "Submit a document" %}</a></p>{% endif %}
"""  # noqa: E501
PARTICIPATION = """{% load i18n %}
{% comment %}Part of the meeting page's main content, cached per kind of viewer (meetings/page.py):
it gets no request, user or CSRF token, only `viewer` and what the page shows.{% endcomment %}
<h2 id="participants">{% translate "Participants" %}</h2>
{% include "registrations/_participants.html" with overview=participants %}
<p><a href="{{ links.registrations }}">{% translate "Registration and participants" %}</a></p>

<h2 id="minutes">{% translate "Minutes" %}</h2>
{% if minutes %}<p><a href="{{ links.minutes }}">{% blocktranslate with state=minutes.get_state_display %}Minutes ({{ state }}){% endblocktranslate %}</a></p>
{% else %}<p>{% translate "No minutes that you may see yet." %}{% if viewer.is_secretariat %} <a href="{{ links.minutes }}">{% translate "Start the minutes" %}</a>{% endif %}</p>{% endif %}
{% if viewer.is_member %}<p><a href="{{ links.history }}">{% translate "History of changes" %}</a></p>{% endif %}
"""  # noqa: E501


# The venue's zone, another one, and an unknown one (the venue's shown, with a warning).
ZONES = [("Asia/Seoul", False), ("Europe/Paris", False), ("Nowhere/X", True)]


def _template_content(principal, meeting, viewer, zone, unknown_zone, shared):  # type: ignore[no-untyped-def]
    """The content as page._render rendered it through the templates."""
    read = selectors.meeting_for_page(meeting.pk)
    loaded = read.meeting
    context = {
        "meeting": loaded,
        "viewer": viewer,
        "zone": str(zone),
        "is_venue_zone": str(zone) == loaded.timezone,
        "unknown_zone": unknown_zone,
        "links": page._links(loaded),
        "timetable_rows": page.TimetableRowsHtml(selectors.timetable(read, zone)),
        "agenda_items": page.AgendaItemsHtml(read.agenda),
        "can_submit": permissions.can_submit(principal, loaded),
        "document_rows": page.DocumentRowsHtml(principal, loaded),
        "documents_key": selectors.documents_cache_key(
            principal, loaded, shared, read.documents_stamp
        ),
        "participants": registration_selectors.participants_overview(
            principal,
            loaded,
            frozenset(registration_permissions.Audience(a) for a in viewer.audiences),
            shared,
        ),
        "minutes": minutes_selectors.meeting_minutes_for(principal, loaded, attends=viewer.attends),
    }
    engine = engines["django"]
    return (
        engine.from_string(PROGRAMME).render(context),
        engine.from_string(PARTICIPATION).render(context),
    )


def _states(world):  # type: ignore[no-untyped-def]
    """Meetings covering every branch of the content."""
    series = SeriesFactory(
        slug="content-series", forum=world.body, name=translations("ko", ko="연속 <회의>")
    )
    chair = PersonFactory(
        family_name="O'Brien",
        given_name="Ann <b>",
        honorific="H.E.",
        position=translations("en", en="Chair & host"),
    )
    full = MeetingFactory(
        forum=world.body,
        code="FULL",
        series=series,
        sequence=1,
        title=translations("en", en="Full <meeting> & 'all'"),
        status=MeetingStatus.CANCELLED,
        host_economy=world.economy_a,
        venue="Hall <1>",
        city="Seoul & Incheon",
        chair=chair,
        end_date=dt.date(2030, 8, 6),
        document_cutoff=dt.date(2030, 7, 20),
        registration_close=dt.date(2030, 7, 25),
        minutes_due=dt.date(2030, 9, 1),
    )
    SessionFactory(meeting=full, room="Room <A>")
    AgendaItemFactory(meeting=full, number="1&", title=translations("ko", ko="의제"))
    for n, classification in enumerate(
        [Classification.PUBLIC, Classification.RESTRICTED, Classification.ECONOMY_ONLY]
    ):
        DocumentFactory(
            meeting=full,
            number=f"2030/FULL/{n + 1:03d}",
            classification=classification,
            submitted_by_economy=world.economy_a,
        )
    for n, person in enumerate([world.people["delegate_a"], PersonFactory(is_public=True)]):
        RegistrationFactory(meeting=full, person=person, category=["delegate", "speaker"][n])
    MinutesFactory(meeting=full, state=MinutesState.CIRCULATED)
    bare = MeetingFactory(
        forum=world.body, code="BARE", venue="", city="", chair=PersonFactory(position={})
    )
    venue_only = MeetingFactory(forum=world.body, code="VENUE", venue="Hall", city="")
    city_only = MeetingFactory(forum=world.body, code="CITY", venue="", city="Busan")
    return [full, bare, venue_only, city_only]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_written_content_is_the_templates(world, language):
    meetings = _states(world)
    with translation.override(language):
        for role in ("anonymous", "delegate_a", "partner", "secretariat"):
            principal = principal_for(world.users.get(role) or _anonymous())
            for meeting in meetings:
                head = selectors.meeting_page_head(meeting.pk)
                viewer = page.viewer_of(principal, head)
                zones = ZONES if meeting.code == "FULL" else ZONES[:1]
                for requested, unknown in zones:
                    zone = selectors.viewer_timezone(requested, meeting.timezone)
                    shared = "shared-token"
                    cache.clear()
                    expected = _template_content(principal, head, viewer, zone, unknown, shared)
                    slots = page._TableSlots(documents="documents", participants="participants")
                    found: dict = {}  # type: ignore[type-arg]
                    where = f"{role} {meeting.code} {requested}"
                    for _ in ("rendered", "tables cached"):
                        rendered, tables = page._render(
                            principal,
                            head,
                            viewer=viewer,
                            zone=zone,
                            unknown_zone=unknown,
                            shared=shared,
                            slots=slots,
                            found=found,
                        )
                        found = {**found, **tables}
                        _same(str(rendered.content.programme), expected[0], where)
                        _same(str(rendered.content.participation), expected[1], where)
                    # Cached without its tables, and put back together from their slots.
                    assert rendered.entry is not None
                    assembled = page._assembled(("state", *rendered.entry), "state", slots, found)
                    assert assembled is not None
                    _same(str(assembled.programme), expected[0], f"{where} assembled")
                    _same(str(assembled.participation), expected[1], f"{where} assembled")


def _anonymous():  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _same(written: str, expected: str, where: str) -> None:
    if written != expected:  # the lines that differ, not pytest's truncated strings
        lines = difflib.unified_diff(
            expected.splitlines(), written.splitlines(), "template", "written", lineterm=""
        )
        pytest.fail(f"{where}:\n" + "\n".join(lines))
