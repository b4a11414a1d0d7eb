"""The participant list's rows written in Python: five hundred rows through the template
language (a model instance with four relations, two choice displays and a string method per
row) cost more than the rest of the meeting page. The output is the template loop's own
(``test_participant_rows.py`` compares them)."""

import html

from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from secretariat.core.i18n import escaped_choice_labels, resolve

from .models import Registration


class ParticipantRowsHtml:
    """The rows of ``registrations`` (the viewer's list), read and written only when the
    template outputs them, so not at all when the rendered list is cached."""

    def __init__(self, registrations: QuerySet[Registration], contact_details: bool) -> None:
        self.registrations, self.contact_details = registrations, contact_details

    def __html__(self) -> str:
        rows = self.registrations.values_list(
            "person__honorific",
            "person__family_name",
            "person__given_name",
            "person__email",
            "category",
            "state",
            "economy_id",
            "economy__code",
            "organisation_id",
            "organisation__acronym",
            "organisation__name",
            "organisation__slug",
        )
        categories = escaped_choice_labels(Registration, "category")
        states = escaped_choice_labels(Registration, "state")
        written = []
        for (
            honorific,
            family_name,
            given_name,
            email,
            category,
            state,
            economy_id,
            economy_code,
            organisation_id,
            acronym,
            organisation_name,
            slug,
        ) in rows:
            # As Person.__str__ and Organisation.__str__.
            name = f"{family_name.upper()} {given_name}".strip()
            person = (
                f"{html.escape(honorific)} {html.escape(name)}" if honorific else html.escape(name)
            )
            economy = html.escape(economy_code) if economy_id is not None else ""
            organisation = (
                html.escape(acronym or resolve(organisation_name, "en").text or slug)
                if organisation_id is not None
                else ""
            )
            contact = (
                f"<td>{html.escape(email)}</td><td>{states.get(state) or html.escape(state)}</td>"
                if self.contact_details
                else ""
            )
            shown = categories.get(category) or html.escape(category)
            written.append(
                f"\n    <tr><td>{person}</td><td>{shown}</td>\n"
                f"    <td>{economy}</td><td>{organisation}</td>\n    {contact}</tr>\n  "
            )
        if not written:
            columns = 6 if self.contact_details else 4
            empty = escape(gettext("No participants that you may see."))
            return f'<tr><td colspan="{columns}">{empty}</td></tr>'
        return "".join(written)

    def __str__(self) -> SafeString:
        return mark_safe(self.__html__())  # noqa: S308 - every value escaped above
