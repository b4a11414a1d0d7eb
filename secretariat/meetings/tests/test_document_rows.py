"""The documents table's rows, written in Python for speed (``page.DocumentRowsHtml``), are
exactly what the template loop they replaced rendered: every branch, escaping and language."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.utils import translation

from secretariat.core.i18n import translations
from secretariat.meetings import page, selectors
from secretariat.meetings.choices import Classification
from secretariat.registry.permissions import principal_for

from .factories import AgendaItemFactory, DocumentFactory, MeetingFactory

# The loop as _meeting_programme.html had it.
TEMPLATE_LOOP = """{% load i18n secretariat %}{% for document in documents %}
    <tr><td><a href="{% url 'meetings:document' document.pk %}">{{ document.number }}</a>{% if document.is_late %} <span class="badge">{% translate "late" %}</span>{% endif %}</td><td>{{ document.title|tr }}</td>
    <td>{% if document.agenda_item %}{{ document.agenda_item.number }}{% endif %}</td><td>{{ document.get_purpose_display }}</td>
    <td>{% if document.submitted_by_economy %}{{ document.submitted_by_economy.name|tr }}{% elif document.submitted_by_forum %}{{ document.submitted_by_forum.abbreviation }}{% endif %}</td>
    <td>{{ document.get_classification_display }}</td></tr>
  {% empty %}<tr><td colspan="6">{% translate "No documents that you may see." %}</td></tr>{% endfor %}"""  # noqa: E501


def _template_rows(user, meeting) -> str:  # type: ignore[no-untyped-def]
    documents = (
        selectors.documents_visible_to(principal_for(user))
        .filter(meeting=meeting)
        .order_by("base_number", "revision")
    )
    return engines["django"].from_string(TEMPLATE_LOOP).render({"documents": documents})


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko", "es"])
def test_the_written_rows_are_the_template_loop(world, language):
    meeting = MeetingFactory(forum=world.body, code="ROWS")
    agenda = AgendaItemFactory(meeting=meeting, number="2<b>")
    DocumentFactory(
        meeting=meeting,
        number="2030/A&B/<1>",
        is_late=True,
        agenda_item=agenda,
        submitted_by_economy=world.economy_a,
        title=translations("fr", fr="Réunion <b> & 'x'"),  # a fallback language, escaped
    )
    DocumentFactory(meeting=meeting, submitted_by_forum=world.body, purpose="decision")
    DocumentFactory(
        meeting=meeting,
        classification=Classification.RESTRICTED,
        submitted_by_economy=world.economy_b,
    )
    DocumentFactory(meeting=meeting)  # no agenda item, nobody named as submitter
    empty = MeetingFactory(forum=world.body, code="NONE")
    with translation.override(language):
        for user in (world.users["secretariat"], world.users["delegate_a"], AnonymousUser()):
            principal = principal_for(user)
            for item in (meeting, empty):
                written = str(page.DocumentRowsHtml(principal, item))
                assert written == _template_rows(user, item)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_rows_read_with_the_meeting_are_the_rows_read_alone(world, language):
    """On PostgreSQL the page reads its documents inside the meeting's query (as one JSON
    array, in order) unless their stamp is the one the cached table was rendered from: the
    same rows as ``documents_for_page`` for every viewer — restricted ones only to whom may
    see them — and the rows are not read while the stamp has not moved. On SQLite they are
    read on their own (None here)."""
    from django.db import connection

    meeting = MeetingFactory(forum=world.body, code="FOLD")
    agenda = AgendaItemFactory(meeting=meeting, number="3<i>")
    DocumentFactory(
        meeting=meeting,
        number="2030/Z&Z/<9>",
        is_late=True,
        agenda_item=agenda,
        submitted_by_economy=world.economy_a,
        title=translations("fr", fr="Réunion <b> & 'x'"),
    )
    DocumentFactory(meeting=meeting, number="2030/A/1", submitted_by_forum=world.body)
    DocumentFactory(
        meeting=meeting,
        number="2030/A/2",
        classification=Classification.RESTRICTED,
        submitted_by_economy=world.economy_b,
    )
    DocumentFactory(
        meeting=meeting,
        number="2030/A/0",
        classification=Classification.ECONOMY_ONLY,
        submitted_by_economy=world.economy_a,
    )
    users = (world.users["secretariat"], world.users["delegate_a"], AnonymousUser())
    for user in users:
        principal = principal_for(user)
        alone = selectors.documents_for_page(principal, meeting, language)
        read, rows = selectors.meeting_and_documents_for_page(
            meeting.pk, principal, language, unless_stamp=""
        )
        assert read is not None and read.meeting.pk == meeting.pk
        if connection.vendor != "postgresql":
            assert rows is None
            continue
        assert rows == alone
        _, unchanged = selectors.meeting_and_documents_for_page(
            meeting.pk, principal, language, unless_stamp=read.documents_stamp or ""
        )
        assert unchanged is None
        with translation.override(language):
            assert str(page.DocumentRowsHtml(principal, meeting, rows)) == _template_rows(
                user, meeting
            )
    # Anonymous visitors never receive the restricted or economy-only rows.
    _, public = selectors.meeting_and_documents_for_page(
        meeting.pk, principal_for(AnonymousUser()), language, unless_stamp=""
    )
    if public is not None:
        assert {row.classification for row in public} == {Classification.PUBLIC}
