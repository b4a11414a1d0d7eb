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
from secretariat.registry.tests.factories import EconomyFactory

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
    # Names and titles read as their text in the language, or whole where they have none
    # there (no entry, an empty text): each as the filter writes it, escaped.
    for code, name, title in (
        ("XA", translations("ko", ko="<한국> & 'co'", en="", es="X & <es>"), {}),
        ("XB", translations("en", en="A&B <en>"), translations("es", es="", ko="제목 <b>")),
    ):
        economy = EconomyFactory(code=code, name=name)
        for _ in range(2):  # the second row's name is the first's, written once
            DocumentFactory(meeting=meeting, submitted_by_economy=economy, title=title)
    empty = MeetingFactory(forum=world.body, code="NONE")
    with translation.override(language):
        for user in (world.users["secretariat"], world.users["delegate_a"], AnonymousUser()):
            principal = principal_for(user)
            for item in (meeting, empty):
                written = str(page.DocumentRowsHtml(principal, item))
                assert written == _template_rows(user, item)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_page_after_a_document_change_shows_the_template_loops_rows(world, language):
    """After a change to one document the page writes its table again, reading the rows on
    their own (``documents_for_page``) while the rest of the content is rendered: the rows
    are the template loop's for each viewer — restricted and economy-only ones only to whom
    may see them — on both databases."""
    from secretariat.meetings import services
    from secretariat.testing.world import client_for

    meeting = MeetingFactory(forum=world.body, code="AFTER")
    agenda = AgendaItemFactory(meeting=meeting, number="3<i>")
    changed = DocumentFactory(
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
    url = f"/{language}/meetings/{meeting.pk}/"
    roles = {"secretariat": True, "delegate_a": True, "anonymous": False}
    for n, (role, sees_restricted) in enumerate(roles.items()):
        client = client_for(role, world)
        client.get(url)  # the content and its table cached
        changed.refresh_from_db()
        services.update_document(
            actor=world.users["secretariat"],
            document=changed,
            version=changed.version,
            title=translations("en", en=f"Edited <{n}> & 'again'"),
        )
        page_text = client.get(url).content.decode()
        user = world.users.get(role, AnonymousUser())
        with translation.override(language):
            expected = _template_rows(user, meeting)
        assert f"<tbody>{expected}</tbody>" in page_text, role
        assert f"Edited &lt;{n}&gt;" in page_text
        assert ("2030/A/2" in page_text) is sees_restricted, role
        assert ("2030/A/0" in page_text) is (role == "delegate_a"), role
