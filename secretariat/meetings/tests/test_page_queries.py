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


def _cache_round_trips(client, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The shared cache's operations during one request (each is one round trip to Redis)."""
    from django.core.cache import caches

    backend = caches["default"]
    called: list[str] = []
    names = ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "incr")
    names += ("set_many_unanswered",) if hasattr(backend, "set_many_unanswered") else ()
    originals = {name: getattr(backend, name) for name in names}

    depth = [0]  # the local-memory cache's get_many calls its get: count the outer call

    def counting(name):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            if not depth[0]:
                called.append(name)
            depth[0] += 1
            try:
                return originals[name](*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in names:
        setattr(backend, name, counting(name))
    try:
        response = client.get(url)
    finally:
        for name in names:
            delattr(backend, name)
    assert response.status_code == 200
    return called


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "secretariat"])
def test_the_meeting_page_reads_the_cache_once_and_writes_it_once(world, role):
    """Round trips, not rendering, were most of a cold page on PostgreSQL with Redis: the
    page's tokens, its content and its tables are read together, and whatever was
    rendered is written together (ADR 0017's amendments) — with Redis, without waiting for
    its answer. The secretariat's session adds one read. Warm, the one read is all."""
    from django.core.cache import caches

    from secretariat.meetings import cache as meeting_cache

    unanswered = hasattr(caches["default"], "set_many_unanswered")
    write = "set_many_unanswered" if unanswered else "set_many"

    meeting = MeetingFactory(forum=world.body, code="TRIPS")
    _fill(world, meeting, documents=6, participants=8)
    client = client_for(role, world)
    url = f"/en/meetings/{meeting.pk}/"
    client.get(url)  # the session read, the tokens there
    session = ["get"] if role == "secretariat" else []
    meeting_cache.touch(meeting.pk)  # cold: the content rendered again, the tables kept
    assert _cache_round_trips(client, url) == [*session, "get_many", write]
    assert _cache_round_trips(client, url) == [*session, "get_many"]
    DocumentFactory(meeting=meeting, number="2030/TRIPS/999")  # a table renders again
    meeting_cache.touch(meeting.pk)
    assert _cache_round_trips(client, url) == [*session, "get_many", write]
