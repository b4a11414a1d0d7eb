"""The meeting and series pages issue the same number of SQL queries whatever the number of
documents, participants and meetings they show."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.meetings.choices import Classification
from secretariat.registrations.choices import Category
from secretariat.registrations.tests.factories import RegistrationFactory
from secretariat.registry.tests.factories import OrganisationFactory, PersonFactory
from secretariat.testing.world import client_for

from .factories import AgendaItemFactory, DocumentFactory, MeetingFactory, SeriesFactory

CATEGORIES = [Category.DELEGATE, Category.PARTNER, Category.PRESS, Category.VISITOR]
CLASSIFICATIONS = [Classification.PUBLIC, Classification.RESTRICTED, Classification.ECONOMY_ONLY]


def _fill(world, meeting, *, documents: int, participants: int) -> None:  # type: ignore[no-untyped-def]
    agenda = AgendaItemFactory(meeting=meeting)
    organisation = OrganisationFactory()
    for n in range(documents):
        DocumentFactory(
            meeting=meeting,
            number=f"2030/{meeting.code}/{n + 1:03d}",
            agenda_item=agenda if n % 2 else None,
            classification=CLASSIFICATIONS[n % 3],
            submitted_by_economy=world.economy_a if n % 3 else world.economy_b,
        )
    for n in range(participants):
        economy = world.economy_a if n % 2 else world.economy_b
        RegistrationFactory(
            meeting=meeting,
            person=PersonFactory(economy=economy, organisation=organisation, is_public=n % 5 == 0),
            category=CATEGORIES[n % len(CATEGORIES)],
        )


def _queries(client, url: str, *, cold: bool) -> int:  # type: ignore[no-untyped-def]
    if cold:  # the rendered tables are cached: measure with and without them
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "reader", "delegate_a", "partner", "secretariat"])
def test_the_meeting_page_query_count_does_not_grow_with_its_content(world, role):
    small = MeetingFactory(forum=world.body, code="SMALL")
    large = MeetingFactory(forum=world.body, code="LARGE")
    _fill(world, small, documents=3, participants=4)
    _fill(world, large, documents=40, participants=80)
    client = client_for(role, world)
    for cold in (True, False):
        _queries(client, f"/en/meetings/{small.pk}/", cold=cold)  # session loaded, caches set
        _queries(client, f"/en/meetings/{large.pk}/", cold=cold)
        small_count = _queries(client, f"/en/meetings/{small.pk}/", cold=cold)
        assert small_count == _queries(client, f"/en/meetings/{large.pk}/", cold=cold), cold


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "secretariat"])
def test_the_series_page_query_count_does_not_grow_with_its_content(world, role):
    small = SeriesFactory(slug="small", forum=world.body)
    large = SeriesFactory(slug="large", forum=world.body)
    for sequence in (1, 2):
        meeting = MeetingFactory(
            forum=world.body, series=small, sequence=sequence, code=f"S{sequence}"
        )
        _fill(world, meeting, documents=2, participants=2)
    for sequence in range(1, 7):
        meeting = MeetingFactory(
            forum=world.body, series=large, sequence=sequence, code=f"L{sequence}"
        )
        _fill(world, meeting, documents=10, participants=20)
    client = client_for(role, world)
    _queries(client, "/en/meetings/series/small/", cold=True)
    assert _queries(client, "/en/meetings/series/small/", cold=True) == _queries(
        client, "/en/meetings/series/large/", cold=True
    )
