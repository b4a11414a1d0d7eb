"""Fora that work together: "works with" links between fora and with organisations,
public, written by the secretariat, shown on the forum's and the organisation's pages."""

import pytest

from secretariat.core.models import AuditEntry
from secretariat.registry.models import WorksWith
from secretariat.registry.tests.factories import ForumFactory, OrganisationFactory
from secretariat.testing.api import call
from secretariat.testing.world import client_for

NOTE = {"en": {"text": "Joint research on AI safety testbeds", "status": "original"}}


def _create(client, **body):  # type: ignore[no-untyped-def]
    return call(client, "POST", "/registry/works-with", {"since": "2025-08-05", **body})


@pytest.mark.django_db
def test_the_secretariat_links_two_fora_and_the_link_holds_both_ways(world):
    staff = client_for("secretariat", world)
    created = _create(staff, forum="daib", partner_forum="telwg", note=NOTE)
    assert created.status_code == 201, created.content
    assert created.json()["display_note"] == NOTE["en"]["text"]
    assert AuditEntry.objects.filter(action="registry.works_with.created").count() == 1
    mirror = _create(staff, forum="telwg", partner_forum="daib")
    assert mirror.status_code == 422 and "already works with" in mirror.json()["detail"]
    listed = call(client_for("anonymous", world), "GET", "/registry/works-with?forum=telwg")
    assert [item["id"] for item in listed.json()["items"]] == [created.json()["id"]]
    page = client_for("anonymous", world).get("/en/registry/fora/telwg/").content.decode()
    assert "Joint research on AI safety testbeds" in page and ">DAIB</a>" in page


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"forum": "daib"}, "partner_forum"),  # no partner
        ({"forum": "daib", "partner_forum": "daib"}, "partner_forum"),
        ({"forum": "daib", "partner_forum": "telwg", "partner_organisation": "world-bank"}, None),
        ({"forum": "daib", "partner_organisation": "no-such"}, "partner_organisation"),
    ],
)
@pytest.mark.django_db
def test_a_link_without_exactly_one_partner_is_refused(world, body, field):
    refused = _create(client_for("secretariat", world), **body)
    assert refused.status_code == 422, refused.content
    if field:
        assert field in refused.json()["errors"]
    assert not WorksWith.objects.exists()


@pytest.mark.django_db
def test_a_link_with_an_organisation_shows_on_its_page_and_only_date_and_note_change(world):
    staff = client_for("secretariat", world)
    link = _create(staff, forum="daib", partner_organisation="world-bank").json()
    again = _create(staff, forum="daib", partner_organisation="world-bank")
    assert again.status_code == 422
    page = client_for("reader", world).get("/en/registry/organisations/world-bank/")
    assert 'href="/en/registry/fora/daib/">DAIB</a>' in page.content.decode()
    path = f"/registry/works-with/{link['id']}"
    moved = call(staff, "PATCH", path, {"version": 1, "since": "2024-01-01", "note": NOTE})
    assert moved.status_code == 200 and moved.json()["since"] == "2024-01-01"
    stale = call(staff, "PATCH", path, {"version": 1, "since": "2023-01-01"})
    assert stale.status_code == 409 and stale.json()["current"]["since"] == "2024-01-01"
    assert call(staff, "DELETE", path).status_code == 204
    assert not WorksWith.objects.exists()
    assert AuditEntry.objects.filter(action="registry.works_with.deleted").count() == 1


@pytest.mark.django_db
def test_only_the_secretariat_writes_links(world):
    ForumFactory(slug="desg", abbreviation="DESG")
    refused = _create(client_for("chair", world), forum="daib", partner_forum="desg")
    assert refused.status_code == 403
    assert not WorksWith.objects.exists()


@pytest.mark.django_db
def test_the_partners_of_a_link_do_not_change_in_place(world):
    from secretariat.core.errors import ValidationFailed
    from secretariat.registry import services

    link = WorksWith.objects.create(
        forum=world.body, partner_forum=world.other_forum, since="2025-08-05"
    )
    with pytest.raises(ValidationFailed, match="remove it and add another"):
        services.update_works_with(
            actor=world.users["secretariat"], link=link, version=1, partner_forum=world.body
        )
    assert WorksWith.objects.filter(pk=link.pk, partner_forum=world.other_forum, version=1).exists()


@pytest.mark.django_db
def test_the_admin_refuses_the_mirror_of_a_link_between_two_fora(world):
    """A link between two fora holds both ways and is stored once (ADR 0029): the admin,
    which validates through the model and not the service, must refuse its mirror too, or
    both fora's pages list the link twice."""
    WorksWith.objects.create(forum=world.body, partner_forum=world.other_forum, since="2025-08-05")
    mirror = {
        "forum": world.other_forum.pk,
        "partner_forum": world.body.pk,
        "since": "2025-09-01",
        "note": "{}",
    }
    response = client_for("secretariat", world).post("/admin/registry/workswith/add/", mirror)
    assert response.status_code == 200
    assert "already works with" in response.content.decode()
    no_forum = client_for("secretariat", world).post(
        "/admin/registry/workswith/add/", {**mirror, "forum": ""}
    )
    assert no_forum.status_code == 200  # the form's own error, the model's check skipped
    assert WorksWith.objects.count() == 1


@pytest.mark.django_db
def test_the_database_refuses_the_mirror_of_a_link_that_a_concurrent_request_wrote():
    """Two requests that each check for the mirror before either writes would both pass the
    service's check: the database's constraint is what keeps the link stored once."""
    from django.db import IntegrityError, transaction

    daib, telwg = ForumFactory(), ForumFactory()
    WorksWith.objects.create(forum=daib, partner_forum=telwg, since="2025-08-05")
    with pytest.raises(IntegrityError), transaction.atomic():
        WorksWith.objects.create(forum=telwg, partner_forum=daib, since="2025-09-01")
    # The rule is about pairs of fora: one forum's links to several organisations stand
    # (on PostgreSQL, LEAST and GREATEST skip NULLs, so without the index's condition each
    # organisation link would read as the pair (forum, forum) and clash with the next).
    for _ in range(2):
        WorksWith.objects.create(
            forum=daib, partner_organisation=OrganisationFactory(), since="2025-08-05"
        )
    assert WorksWith.objects.count() == 3
