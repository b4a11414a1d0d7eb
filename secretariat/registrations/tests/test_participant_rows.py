"""The participant list's rows, written in Python for speed (``tables.ParticipantRowsHtml``),
are exactly what the template loop they replaced rendered: every branch, escaping and
language, with and without contact details."""

import pytest
from django.template import engines
from django.utils import translation

from secretariat.core.i18n import translations
from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.registrations.choices import Category, RegistrationState
from secretariat.registrations.models import Registration
from secretariat.registrations.tables import ParticipantRowsHtml
from secretariat.registry.tests.factories import OrganisationFactory, PersonFactory

from .factories import RegistrationFactory

# The loop as registrations/_participants.html had it.
TEMPLATE_LOOP = """{% load i18n %}{% for registration in overview.visible %}
    <tr><td>{% if registration.person.honorific %}{{ registration.person.honorific }} {% endif %}{{ registration.person }}</td><td>{{ registration.get_category_display }}</td>
    <td>{% if registration.economy %}{{ registration.economy.code }}{% endif %}</td><td>{% if registration.organisation %}{{ registration.organisation }}{% endif %}</td>
    {% if overview.sees_contact_details %}<td>{{ registration.person.email }}</td><td>{{ registration.get_state_display }}</td>{% endif %}</tr>
  {% empty %}<tr><td colspan="{% if overview.sees_contact_details %}6{% else %}4{% endif %}">{% translate "No participants that you may see." %}</td></tr>{% endfor %}"""  # noqa: E501


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko", "es"])
def test_the_written_rows_are_the_template_loop(world, language):
    meeting = MeetingFactory(forum=world.body, code="ROWS")
    named = OrganisationFactory(
        slug="named", acronym="", name=translations("en", en="O'Neil & <Co>")
    )
    bare = OrganisationFactory(slug="bare-org", acronym="", name={})
    for n, (honorific, organisation, economy, category, state) in enumerate(
        [
            ("Dr <i>", named, world.economy_a, Category.DELEGATE, RegistrationState.APPROVED),
            ("", bare, None, Category.PRESS, RegistrationState.PENDING),
            ("", None, world.economy_b, Category.PARTNER, RegistrationState.APPROVED),
        ]
    ):
        person = PersonFactory(
            family_name=f"o'brien-{n}",
            given_name="Zoë & co",
            honorific=honorific,
            email=f"p{n}@example.test",
        )
        RegistrationFactory(
            meeting=meeting,
            person=person,
            category=category,
            state=state,
            economy=economy,
            organisation=organisation,
        )
    registrations = Registration.objects.filter(meeting=meeting).select_related(
        "person", "economy", "organisation"
    )
    template = engines["django"].from_string(TEMPLATE_LOOP)
    with translation.override(language):
        for visible in (registrations, registrations.none()):
            for contact in (True, False):
                overview = {"visible": visible, "sees_contact_details": contact}
                expected = template.render({"overview": overview})
                assert str(ParticipantRowsHtml(visible, contact)) == expected
