"""The exhibition: public exhibitor list with a sector filter, profiles the company edits."""

import pytest

from secretariat.events.choices import Sector
from secretariat.events.models import Exhibitor
from secretariat.registry.tests.factories import OrganisationFactory
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import CompanyFactory, ExhibitionFactory, ExhibitorFactory

pytestmark = pytest.mark.django_db


def test_sector_filter_answers_htmx_with_just_the_table(world):
    exhibition = ExhibitionFactory()
    ExhibitorFactory(
        meeting=exhibition, sector=Sector.AI, organisation=CompanyFactory(slug="ai-co")
    )
    ExhibitorFactory(
        meeting=exhibition, sector=Sector.CLOUD, organisation=CompanyFactory(slug="cloud-co")
    )
    client = client_for("anonymous", world)
    full = client.get(f"/en/events/exhibitions/{exhibition.pk}/")
    assert b"Ai-Co" in full.content and b"Cloud-Co" in full.content
    fragment = client.get(
        f"/en/events/exhibitions/{exhibition.pk}/?sector=cloud", headers={"HX-Request": "true"}
    )
    assert b"<h1" not in fragment.content
    assert b"Cloud-Co" in fragment.content and b"Ai-Co" not in fragment.content


def test_api_lists_exhibitors_by_sector(world):
    exhibition = ExhibitionFactory()
    ExhibitorFactory(meeting=exhibition, sector=Sector.AI)
    cloud = ExhibitorFactory(meeting=exhibition, sector=Sector.CLOUD)
    body = call(
        client_for("anonymous", world),
        "GET",
        f"/events/exhibitors?meeting={exhibition.pk}&sector=cloud",
    ).json()
    assert [item["id"] for item in body["items"]] == [cloud.pk]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"organisation": "world-bank", "booth_code": "B-1", "sector": "ai"}, "organisation"),
        ({"organisation": "acme", "booth_code": "A-1", "sector": "ai"}, None),
        (
            {
                "organisation": "acme",
                "booth_code": "B-2",
                "sector": "ai",
                "website": "javascript:x",
            },
            "website",
        ),
    ],
)
def test_invalid_exhibitor_gets_422_and_writes_nothing(world, body, field):
    exhibition = ExhibitionFactory()
    ExhibitorFactory(meeting=exhibition, booth_code="A-1")
    OrganisationFactory(slug="acme", kind="company")
    response = call(
        client_for("secretariat", world),
        "POST",
        f"/events/exhibitions/{exhibition.pk}/exhibitors",
        body,
    )
    assert response.status_code == 422, response.content
    if field:
        assert field in response.json()["errors"]
    assert Exhibitor.objects.count() == 1


def test_company_contact_edits_its_profile_but_not_its_booth(world, exhibitor, exhibitor_contact):
    from django.test import Client

    client = Client()
    client.force_login(exhibitor_contact)
    url = f"/events/exhibitors/{exhibitor.pk}"
    profile = {"en": {"text": "Trustworthy AI for SMEs.", "status": "original"}}
    response = call(client, "PATCH", url, {"version": 1, "profile": profile, "sector": "security"})
    assert response.status_code == 200, response.content
    assert response.json()["display_profile"] == "Trustworthy AI for SMEs."
    assert call(client, "PATCH", url, {"version": 2, "booth_code": "Z-1"}).status_code == 403
    assert (
        call(
            client_for("delegate_a", world), "PATCH", url, {"version": 2, "sector": "ai"}
        ).status_code
        == 403
    )


def test_profile_page_keeps_other_languages_and_detects_conflicts(
    world, exhibitor, exhibitor_contact
):
    from django.test import Client

    exhibitor.profile = {
        "en": {"text": "Old", "status": "original"},
        "ko": {"text": "옛", "status": "verified"},
    }
    exhibitor.save()
    client = Client()
    client.force_login(exhibitor_contact)
    url = f"/en/events/exhibitors/{exhibitor.pk}/edit/"
    assert client.get(url).status_code == 200
    form = {"sector": "ai", "website": "https://example.org", "profile": "New", "version": 1}
    assert client.post(url, form).status_code == 302
    exhibitor.refresh_from_db()
    assert exhibitor.profile["en"]["text"] == "New" and exhibitor.profile["ko"]["text"] == "옛"
    assert client.post(url, form).status_code == 409
