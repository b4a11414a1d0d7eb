import csv
import io

import pytest

from secretariat.registrations.exports import safe_cell
from secretariat.registry.tests.factories import PersonFactory
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import RegistrationFactory


def _rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("KIM", "KIM"),
        ("", ""),
        (None, ""),
    ],
)
def test_cells_a_spreadsheet_would_run_are_defused(value, written):
    assert safe_cell(value) == written


@pytest.mark.django_db
def test_the_secretariat_exports_everyone_with_contact_details_and_no_formulas(world, meeting):
    evil = PersonFactory(family_name="=cmd|' /C calc'!A0", email="x@example.test")
    RegistrationFactory(meeting=meeting, person=evil, category="visitor")
    RegistrationFactory(meeting=meeting, person=world.people["delegate_a"], category="delegate")
    rows = _rows(
        client_for("secretariat", world).get(
            f"/en/registrations/meetings/{meeting.pk}/participants.csv"
        )
    )
    assert rows[0][-3:] == ["email", "state", "checked_in_at"]
    names = [row[0] for row in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in names
    assert all(not row[0].startswith(("=", "+", "-", "@")) for row in rows)


@pytest.mark.django_db
def test_a_member_exports_only_what_they_may_see_without_contact_details(world, meeting):
    RegistrationFactory(
        meeting=meeting, person=PersonFactory(family_name="Visitor"), category="visitor"
    )
    RegistrationFactory(meeting=meeting, person=world.people["delegate_a"], category="delegate")
    rows = _rows(
        call(
            client_for("delegate_b", world),
            "GET",
            f"/registrations/meetings/{meeting.pk}/participants.csv",
        )
    )
    assert "email" not in rows[0]
    assert [row[4] for row in rows[1:]] == ["delegate"]


@pytest.mark.django_db
def test_those_who_see_only_counts_cannot_export(world, meeting, client):
    assert (
        client_for("reader", world)
        .get(f"/en/registrations/meetings/{meeting.pk}/participants.csv")
        .status_code
        == 403
    )
    assert (
        call(client, "GET", f"/registrations/meetings/{meeting.pk}/participants.csv").status_code
        == 401
    )
