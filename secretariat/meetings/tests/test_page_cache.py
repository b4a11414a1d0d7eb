"""The meeting page's main content is cached per state of the meeting and kind of viewer:
nobody is ever served what was rendered for another kind of viewer, and every change shows
on the next request."""

import datetime as dt
import re

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secretariat.core.i18n import translations
from secretariat.meetings import cache as meeting_cache
from secretariat.meetings import services
from secretariat.meetings.choices import Classification
from secretariat.minutes import services as minutes_services
from secretariat.minutes.choices import MinutesState
from secretariat.minutes.tests.factories import MinutesFactory
from secretariat.registrations import services as registration_services
from secretariat.registrations.choices import Category, RegistrationState
from secretariat.registrations.tests.factories import RegistrationFactory
from secretariat.registry import services as registry_services
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import ForumRole
from secretariat.registry.tests.factories import OrganisationFactory, PersonFactory, UserFactory
from secretariat.testing.world import ROLES, TEST_TOTP_SECRET, client_for

from .factories import AgendaItemFactory, DocumentFactory, MeetingFactory, SeriesFactory

# Besides the world's roles (whose press member is accredited as press at the meeting: sees
# public figures): a secretariat member who is also a Korean delegate (sees Korea's
# economy-only documents).
VIEWERS = [*ROLES, "secretariat_kr"]
_CSRF = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')


@pytest.fixture
def meeting(world):  # type: ignore[no-untyped-def]
    """A meeting with something for every kind of viewer to see or not to see."""
    series = SeriesFactory(slug="hlb", forum=world.body)
    item = MeetingFactory(forum=world.body, code="CACHE", series=series, sequence=1)
    agenda = AgendaItemFactory(meeting=item, number="1")
    for classification, forum, economy in [
        (Classification.PUBLIC, world.body, world.economy_a),
        (Classification.RESTRICTED, world.body, world.economy_b),
        (Classification.RESTRICTED, world.other_forum, None),
        (Classification.ECONOMY_ONLY, world.body, world.economy_a),
        (Classification.ECONOMY_ONLY, world.body, world.economy_b),
    ]:
        DocumentFactory(
            meeting=item,
            owning_forum=forum,
            agenda_item=agenda,
            classification=classification,
            submitted_by_economy=economy,
            title=translations("en", en=f"{classification} of {forum.abbreviation}"),
        )
    organisation = OrganisationFactory(slug="press-agency", acronym="")
    for n, category in enumerate(Category.values):
        for is_public in (True, False):
            RegistrationFactory(
                meeting=item,
                category=category,
                organisation=organisation,
                person=PersonFactory(
                    family_name=f"{category}-{'public' if is_public else 'listed'}-{n}",
                    economy=world.economy_b,
                    organisation=organisation,
                    is_public=is_public,
                    email=f"{category}{n}{is_public}@example.test",
                ),
            )
    RegistrationFactory(meeting=item, category=Category.VISITOR, state=RegistrationState.PENDING)
    RegistrationFactory(meeting=item, person=world.people["delegate_a"], category=Category.DELEGATE)
    MinutesFactory(meeting=item, state=MinutesState.CIRCULATED)
    _add_viewers(world, item)
    return item


def _add_viewers(world, item) -> None:  # type: ignore[no-untyped-def]
    RegistrationFactory(meeting=item, category=Category.PRESS, person=world.people["press"])
    staff = UserFactory(username="secretariat-kr", is_staff=True)
    ForumRole.objects.create(
        person=PersonFactory(user=staff, economy=world.economy_a),
        forum=world.body,
        kind=RoleKind.DELEGATE,
        delegation=world.delegation_a,
    )
    Authenticator.objects.create(
        user=staff, type=Authenticator.Type.TOTP, data={"secret": TEST_TOTP_SECRET}
    )
    world.users["secretariat_kr"] = staff


def _main(client, item, **query: str) -> str:  # type: ignore[no-untyped-def]
    """The page's main content, without the CSRF tokens that differ on every request."""
    response = client.get(f"/en/meetings/{item.pk}/", query)
    assert response.status_code == 200
    html = response.content.decode()
    return _CSRF.sub("", html[html.index("<main") : html.index("</main>")])


def _references(world, item) -> dict[str, str]:  # type: ignore[no-untyped-def]
    references = {}
    for role in VIEWERS:
        cache.clear()
        references[role] = _main(client_for(role, world), item)
    return references


@pytest.mark.django_db
def test_the_kinds_of_viewer_are_shown_different_content(world, meeting):
    """The fixture tells viewers apart, so sharing a rendering would show in the test below."""
    seen = _references(world, meeting)
    assert "example.test" in seen["secretariat"] and "example.test" not in seen["chair"]
    assert "restricted of TELWG" in seen["secretariat"]
    assert "restricted of TELWG" not in seen["delegate_a"]
    assert "restricted of DAIB" in seen["delegate_a"] and "restricted of DAIB" not in seen["reader"]
    assert "economy_only" not in seen["secretariat"]
    assert seen["secretariat_kr"].count("economy_only") == 1
    assert "PRESS-PUBLIC" in seen["delegate_a"] and "PRESS-PUBLIC" in seen["press"]
    assert "DELEGATE-LISTED" in seen["delegate_a"] and "DELEGATE-LISTED" not in seen["press"]
    assert "PARTNER-LISTED" in seen["partner"] and "PARTNER-LISTED" not in seen["delegate_a"]
    assert "Minutes (" in seen["delegate_a"] and "Minutes (" not in seen["reader"]
    assert "History of changes" in seen["partner"] and "History of changes" not in seen["reader"]
    assert len(set(seen.values())) >= 8


@pytest.mark.django_db
def test_no_viewer_is_served_content_rendered_for_another_kind_of_viewer(world, meeting):
    """Every (first, reader) pair: the page cached as ``first`` saw it never reaches
    ``reader``. One test, so the references and the world are built once, not per reader."""
    expected = _references(world, meeting)
    clients = {role: client_for(role, world) for role in VIEWERS}
    for reader in VIEWERS:
        for first in VIEWERS:
            cache.clear()
            _main(clients[first], meeting)  # cached as ``first`` saw it
            assert _main(clients[reader], meeting) == expected[reader], (first, reader)


@pytest.mark.django_db
def test_viewers_of_one_kind_share_a_rendering_but_not_their_own_parts(world, meeting):
    twin = UserFactory(username="second-kr-delegate")
    ForumRole.objects.create(
        person=PersonFactory(user=twin, economy=world.economy_a),
        forum=world.body,
        kind=RoleKind.DELEGATE,
        delegation=world.delegation_a,
    )
    second = Client()
    second.force_login(twin)
    url = f"/en/meetings/{meeting.pk}/"
    client_for("head_a", world).get(url)  # a Korean delegate of the body, like ``twin``
    with CaptureQueriesContext(connection) as shared:
        response = second.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as alone:
        second.get(url)
    # Alone, it reads its session and renders: the meeting, its documents and its
    # participants.
    assert len(shared.captured_queries) < len(alone.captured_queries) - 2
    page = response.content.decode()
    assert "second-kr-delegate" in page and "head-a" not in page
    assert str(response.context["csrf_token"]) in page


@pytest.mark.django_db
def test_a_token_renewed_only_after_commit_orphans_what_was_rendered_meanwhile(
    world, meeting, django_capture_on_commit_callbacks
):
    before = meeting_cache.page_token(meeting.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        meeting_cache.touch(meeting.pk)
        during = meeting_cache.page_token(meeting.pk)  # the writer's own transaction
    assert during != before
    assert len(callbacks) == 1
    callbacks[0]()  # committed: what a reader rendered meanwhile is named by ``during``
    assert meeting_cache.page_token(meeting.pk) not in (before, during)


# Every kind of change shows on the next request ------------------------------------------


def _shows_after(world, item, role, change, text) -> None:  # type: ignore[no-untyped-def]
    client = client_for(role, world)
    assert text not in _main(client, item)
    change()
    assert text in _main(client, item)


@pytest.mark.django_db
def test_a_submitted_document_shows(world, meeting):
    _shows_after(
        world,
        meeting,
        "anonymous",
        lambda: services.submit_document(
            actor=world.users["secretariat"],
            meeting=meeting,
            title=translations("en", en="Fresh submission"),
            purpose="information",
            link="https://example.org/fresh",
        ),
        "Fresh submission",
    )


@pytest.mark.django_db
def test_a_revised_document_shows(world, meeting):
    document = meeting.documents.get(classification=Classification.PUBLIC)
    _shows_after(
        world,
        meeting,
        "anonymous",
        lambda: services.revise_document(
            actor=world.users["secretariat"], document=document, link="https://example.org/r1"
        ),
        f"{document.number}rev1",
    )


@pytest.mark.django_db
def test_a_document_made_public_shows_to_the_public(world, meeting):
    document = meeting.documents.get(owning_forum=world.other_forum)
    _shows_after(
        world,
        meeting,
        "anonymous",
        lambda: services.update_document(
            actor=world.users["secretariat"],
            document=document,
            version=document.version,
            classification=Classification.PUBLIC,
        ),
        "restricted of TELWG",
    )


@pytest.mark.django_db
def test_a_derestricted_document_shows_to_the_public(world, meeting):
    document = meeting.documents.get(owning_forum=world.other_forum)
    document.derestrict_on = dt.date(2030, 1, 1)
    document.save(update_fields=["derestrict_on"])
    _shows_after(
        world,
        meeting,
        "anonymous",
        lambda: services.derestrict_due_documents(actor="system", today=dt.date(2030, 1, 2)),
        "restricted of TELWG",
    )


@pytest.mark.django_db
def test_a_new_session_and_agenda_item_show(world, meeting):
    actor = world.users["secretariat"]
    _shows_after(
        world,
        meeting,
        "reader",
        lambda: services.add_session(
            actor=actor,
            meeting=meeting,
            title=translations("en", en="Ministerial dialogue"),
            starts_at=dt.datetime(2030, 8, 4, 1, 0, tzinfo=dt.UTC),
            ends_at=dt.datetime(2030, 8, 4, 2, 0, tzinfo=dt.UTC),
        ),
        "Ministerial dialogue",
    )
    _shows_after(
        world,
        meeting,
        "reader",
        lambda: services.add_agenda_item(
            actor=actor, meeting=meeting, number="9", title=translations("en", en="Any other")
        ),
        "Any other",
    )


@pytest.mark.django_db
def test_a_change_to_the_meeting_or_its_series_shows(world, meeting):
    actor = world.users["secretariat"]
    _shows_after(
        world,
        meeting,
        "anonymous",
        lambda: services.update_meeting(
            actor=actor, meeting=meeting, version=meeting.version, venue="Grand Hyatt"
        ),
        "Grand Hyatt",
    )
    series = meeting.series
    _shows_after(
        world,
        meeting,
        "anonymous",
        lambda: services.update_series(
            actor=actor,
            series=series,
            version=series.version,
            name=translations("en", en="Renamed series"),
        ),
        "Renamed series",
    )


@pytest.mark.django_db
def test_an_admin_edit_of_the_meeting_shows(world, meeting, rf):
    from django.contrib import admin
    from django.db import transaction

    from secretariat.meetings.admin import MeetingAdmin
    from secretariat.meetings.models import Meeting

    def edit() -> None:
        request = rf.post("/")
        request.user = world.users["secretariat"]
        meeting.city = "Busan"
        with transaction.atomic():
            MeetingAdmin(Meeting, admin.site).save_model(request, meeting, None, change=True)

    _shows_after(world, meeting, "anonymous", edit, "Busan")


@pytest.mark.django_db
def test_registrations_and_their_decisions_show(world, meeting):
    actor = world.users["secretariat"]
    person = PersonFactory(family_name="Applicant", economy=world.economy_b)
    registration = None

    def apply() -> None:
        nonlocal registration
        registration = registration_services.apply(
            actor=actor, meeting=meeting, person=person, category=Category.VISITOR
        )

    _shows_after(world, meeting, "secretariat", apply, "APPLICANT")
    client = client_for("secretariat", world)
    assert "pending" in _main(client, meeting).split("APPLICANT")[1][:300]
    assert registration is not None
    registration_services.decide(
        actor=actor,
        registration=registration,
        version=registration.version,
        decision=RegistrationState.APPROVED,
    )
    assert "approved" in _main(client, meeting).split("APPLICANT")[1][:300]
    registration.refresh_from_db()
    registration_services.withdraw(
        actor=actor, registration=registration, version=registration.version
    )
    assert "withdrawn" in _main(client, meeting).split("APPLICANT")[1][:300]


@pytest.mark.django_db
def test_an_accredited_delegate_and_a_check_in_show(world, meeting):
    actor = world.users["secretariat"]
    _shows_after(
        world,
        meeting,
        "delegate_b",
        lambda: registration_services.accredit_delegate(
            actor=actor, meeting=meeting, delegation=world.delegation_a, person=world.candidate_a
        ),
        "CANDIDATE",
    )
    registration = meeting.registrations.get(person=world.candidate_a)
    _shows_after(
        world,
        meeting,
        "secretariat",
        lambda: registration_services.check_in(
            actor=actor, registration=registration, version=registration.version
        ),
        "checked in",
    )


@pytest.mark.django_db
def test_minutes_started_and_moved_on_show(world):
    item = MeetingFactory(forum=world.body, code="MINUTES")
    actor = world.users["secretariat"]
    minutes = None

    def start() -> None:
        nonlocal minutes
        minutes = minutes_services.start_minutes(actor=actor, meeting=item)

    _shows_after(world, item, "secretariat", start, "Minutes (draft)")
    assert minutes is not None
    _shows_after(
        world,
        item,
        "delegate_b",
        lambda: minutes_services.change_state(
            actor=actor, minutes=minutes, version=minutes.version, state=MinutesState.CIRCULATED
        ),
        "Minutes (circulated)",
    )


@pytest.mark.django_db
def test_changes_to_people_economies_fora_and_organisations_show(world, meeting):
    actor = world.users["secretariat"]
    press = meeting.registrations.get(person__family_name__startswith="press-listed").person
    _shows_after(
        world,
        meeting,
        "delegate_a",
        lambda: registry_services.update_person(
            actor=actor, person=press, version=press.version, is_public=True
        ),
        "PRESS-LISTED",
    )
    economy = world.economy_a
    _shows_after(
        world,
        meeting,
        "anonymous",
        lambda: registry_services.update_economy(
            actor=actor,
            economy=economy,
            version=economy.version,
            name=translations("en", en="Korea (renamed)"),
        ),
        "Korea (renamed)",
    )
    organisation = press.organisation
    _shows_after(
        world,
        meeting,
        "secretariat",
        lambda: registry_services.update_organisation(
            actor=actor,
            organisation=organisation,
            version=organisation.version,
            name=translations("en", en="Renamed Agency"),
        ),
        "Renamed Agency",
    )
    forum = world.body
    _shows_after(
        world,
        meeting,
        "anonymous",
        lambda: registry_services.update_forum(
            actor=actor, forum=forum, version=forum.version, abbreviation="DAIB2"
        ),
        "DAIB2",
    )


@pytest.mark.django_db
def test_a_viewers_new_role_shows_at_once(world, meeting):
    """Who the viewer is is read on every request; only the content is cached."""
    client = client_for("reader", world)
    assert "restricted of DAIB" not in _main(client, meeting)
    ForumRole.objects.create(
        person=PersonFactory(user=world.users["reader"]), forum=world.body, kind=RoleKind.VICE_CHAIR
    )
    assert "restricted of DAIB" in _main(client, meeting)


@pytest.mark.django_db
def test_each_time_zone_is_rendered_for_itself(world, meeting):
    client = client_for("anonymous", world)
    assert "venue's time zone, Asia/Seoul" in _main(client, meeting)
    assert "Sessions in Europe/Paris" in _main(client, meeting, tz="Europe/Paris")
    assert "Unknown time zone" in _main(client, meeting, tz="Mars/Olympus")
    assert "Unknown time zone" not in _main(client, meeting)


@pytest.mark.django_db
def test_the_documents_table_shows_a_renamed_submitter_and_forum(world, meeting):
    """The table's fragment outlives a renewal of the page's token; a new name of an economy
    or forum it shows must still reach it (``documents_cache_key``'s shared part)."""
    services.submit_document(
        actor=world.users["secretariat"],
        meeting=meeting,
        title=translations("en", en="Forum paper"),
        purpose="information",
        link="https://example.org/forum-paper",
        submitted_by_forum=world.body,
    )
    client, actor = client_for("anonymous", world), world.users["secretariat"]

    def table() -> str:
        return _main(client, meeting).split('id="documents"', 1)[1]

    assert "Korea (renamed)" not in table()
    economy, forum = world.economy_a, world.body
    registry_services.update_economy(
        actor=actor,
        economy=economy,
        version=economy.version,
        name=translations("en", en="Korea (renamed)"),
    )
    assert "Korea (renamed)" in table()
    registry_services.update_forum(
        actor=actor, forum=forum, version=forum.version, abbreviation="DAIB9"
    )
    assert "DAIB9" in table().split("Forum paper", 1)[1].split("</tr>", 1)[0]


@pytest.mark.django_db
def test_cached_content_takes_its_tables_only_in_the_states_it_was_rendered_with(world, meeting):
    """The content is cached without its tables, which it takes from their own slots: a
    slot holding a table of another state (rewritten, or from another viewer's rendering)
    is never put into it; the content is rendered again instead."""
    from secretariat.meetings import page, selectors
    from secretariat.registry.permissions import principal_for

    expected = _references(world, meeting)["secretariat"]
    client = client_for("secretariat", world)
    cache.clear()
    _main(client, meeting)  # the content and both tables cached
    principal = principal_for(world.users["secretariat"])
    viewer = page.viewer_of(principal, selectors.meeting_page_head(meeting.pk))
    documents = page._key("documents", meeting, f"en|{selectors.documents_viewer(principal)}")
    participants = page._key("participants", meeting, f"en|{viewer.audiences}")
    for slot in (documents, participants):
        state, table = cache.get(slot)
        cache.set(slot, (f"{state}-another", "<p>A TABLE OF ANOTHER STATE</p>"))
        assert _main(client, meeting) == expected
        assert cache.get(slot) == (state, table)  # rendered again, in its own state
        assert _main(client, meeting) == expected  # and the content put back together from it
