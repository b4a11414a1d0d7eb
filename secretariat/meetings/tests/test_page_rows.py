"""The timetable's rows and the agenda's items, written in Python for speed
(``page.TimetableRowsHtml``, ``page.AgendaItemsHtml``), are exactly what the template loops
they replaced rendered: every branch, escaping, language and time zone."""

import datetime as dt
import zoneinfo

import pytest
from django.template import engines
from django.utils import timezone, translation

from secretariat.core.i18n import translations
from secretariat.meetings import page, selectors

from .factories import AgendaItemFactory, MeetingFactory, SessionFactory

# The loops as _meeting_programme.html had them.
TIMETABLE_LOOP = """{% load i18n secretariat %}{% for row in timetable %}
    <tr><td>{{ row.day|date:"D j M Y" }}</td><td><time datetime="{{ row.session.starts_at|date:'c' }}">{{ row.starts }}</time></td><td><time datetime="{{ row.session.ends_at|date:'c' }}">{{ row.ends }}</time></td>
    <td>{{ row.session.title|tr }}{% if row.session.room %} <span class="meta">({{ row.session.room }})</span>{% endif %}</td>
    <td>{% for item in row.agenda %}{{ item.number }}{% if not forloop.last %}, {% endif %}{% endfor %}</td></tr>
  {% empty %}<tr><td colspan="5">{% translate "No sessions yet." %}</td></tr>{% endfor %}"""  # noqa: E501
AGENDA_LOOP = """{% load i18n secretariat %}{% for item in meeting.agenda_items.all %}<li><span>{{ item.number }}.</span> {{ item.title|tr }}</li>{% empty %}<li>{% translate "No agenda yet." %}</li>{% endfor %}"""  # noqa: E501


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko", "es"])
def test_the_written_timetable_and_agenda_are_the_template_loops(world, language):
    meeting = MeetingFactory(forum=world.body, code="ROWS")
    first = SessionFactory(
        meeting=meeting,
        room="Hall <A> & 'B'",
        title=translations("fr", fr="Séance <b> & 'x'"),  # a fallback language, escaped
    )
    SessionFactory(
        meeting=meeting,
        starts_at=dt.datetime(2030, 8, 5, 23, 0, tzinfo=dt.UTC),  # the next day in Seoul
        ends_at=dt.datetime(2030, 8, 6, 1, 15, tzinfo=dt.UTC),
    )
    AgendaItemFactory(meeting=meeting, number="2<b>", session=first, position=1)
    AgendaItemFactory(
        meeting=meeting,
        number="3&",
        session=first,
        position=2,
        title=translations("ko", ko="의제 <3>"),
    )
    AgendaItemFactory(meeting=meeting, number="4", position=3)  # in no session
    empty = MeetingFactory(forum=world.body, code="NONE")
    loops = engines["django"]
    with translation.override(language):
        for active in ("UTC", "America/Los_Angeles"):
            with timezone.override(zoneinfo.ZoneInfo(active)):
                for item in (meeting, empty):
                    loaded = selectors.meeting_for_page(item.pk)
                    for zone in ("Asia/Seoul", "Pacific/Auckland"):
                        rows = selectors.timetable(loaded, zoneinfo.ZoneInfo(zone))
                        expected = loops.from_string(TIMETABLE_LOOP).render({"timetable": rows})
                        assert str(page.TimetableRowsHtml(rows)) == expected
                    expected = loops.from_string(AGENDA_LOOP).render({"meeting": loaded.meeting})
                    assert str(page.AgendaItemsHtml(loaded.agenda)) == expected


@pytest.mark.django_db
def test_the_page_read_gives_the_sessions_and_agenda_as_the_orm_does(world):
    """``meeting_for_page`` reads sessions and agenda as JSON arrays inside the meeting's row
    (json_group_array on SQLite, jsonb_agg on PostgreSQL): the values and their order are
    the ORM's, on both databases (ties broken by id, titles in any script, times in UTC)."""
    meeting = MeetingFactory(forum=world.body, code="JSON")
    moment = dt.datetime(2030, 8, 4, 23, 30, 15, tzinfo=dt.UTC)
    later = SessionFactory(
        meeting=meeting,
        starts_at=moment + dt.timedelta(hours=2),
        ends_at=moment + dt.timedelta(hours=3),
    )
    tied = [
        SessionFactory(
            meeting=meeting,
            starts_at=moment,
            ends_at=moment + dt.timedelta(minutes=45),
            room=room,
            title=translations("ko", ko='회의 "하나" \\ <1>', en="One"),
        )
        for room in ("", "Hall 2")
    ]
    AgendaItemFactory(meeting=meeting, number="2", session=later, position=1)
    AgendaItemFactory(meeting=meeting, number="1", session=tied[0], position=1)
    AgendaItemFactory(meeting=meeting, number="3", position=0, title=translations("en", en=""))
    empty = MeetingFactory(forum=world.body, code="JSONNONE")
    SessionFactory(meeting=MeetingFactory(forum=world.body, code="OTHER"))  # not theirs
    for item in (meeting, empty):
        read = selectors.meeting_for_page(item.pk)
        assert read.meeting == item and read.meeting.forum == item.forum
        sessions = item.sessions.order_by("starts_at", "pk")
        assert read.sessions == [(s.pk, s.title, s.room, s.starts_at, s.ends_at) for s in sessions]
        agenda = item.agenda_items.order_by("position", "pk")
        assert read.agenda == [(a.pk, a.number, a.title, a.session_id, a.position) for a in agenda]
    assert selectors.meeting_for_page(empty.pk + 1000) is None


@pytest.mark.django_db
def test_the_page_read_gives_the_registration_figures_as_their_own_query(world):
    """The participants' counts and the list's stamp read in the meeting's row equal those
    ``registrations.selectors`` reads on its own (per category and state; none at all)."""
    from secretariat.registrations import selectors as registration_selectors
    from secretariat.registrations.choices import Category, RegistrationState
    from secretariat.registrations.tests.factories import RegistrationFactory

    meeting = MeetingFactory(forum=world.body, code="FIGS")
    empty = MeetingFactory(forum=world.body, code="FIGSNONE")
    for n, (category, state) in enumerate(
        [
            (Category.DELEGATE, RegistrationState.APPROVED),
            (Category.DELEGATE, RegistrationState.CHECKED_IN),
            (Category.PRESS, RegistrationState.PENDING),
            (Category.SPEAKER, RegistrationState.APPROVED),
        ]
    ):
        RegistrationFactory(
            meeting=meeting,
            person=world.people[["delegate_a", "head_a", "press", "chair"][n]],
            category=category,
            state=state,
        )
    for item in (meeting, empty):
        read = selectors.meeting_for_page(item.pk)
        assert registration_selectors.figures_of(
            read.registration_figures
        ) == registration_selectors._figures(item)
    assert (
        registration_selectors.figures_of(
            selectors.meeting_for_page(meeting.pk).registration_figures
        ).counts[Category.DELEGATE]
        == 2
    )
