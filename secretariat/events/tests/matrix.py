"""Permission-matrix entries for the events app (merged by secretariat/testing/matrix.py).

The world's forum is co-hosted by the World Bank, so its partner user manages speakers with
the secretariat. The reader has an open contact request to the exhibitor of the world's
``exhibitor_org`` (booth A-2): only the reader and the ``exhibitor`` role (that company's
contact) see it. ``exhibitor_idle``'s company exhibits at A-3 and has no request. Booth A-1
belongs to a company none of the roles works for."""

from secretariat.meetings.tests.factories import SessionFactory
from secretariat.testing.checks import EVERYONE, SECRETARIAT, SIGNED_IN, Check, Sees, api, page

from .factories import (
    CoHostFactory,
    CompanyFactory,
    ContactRequestFactory,
    ExhibitionFactory,
    ExhibitorFactory,
    ForumEventFactory,
    SpeakerFactory,
)

MANAGERS = frozenset({"partner", "secretariat"})
SENDER = frozenset({"reader"})
SENDER_AND_CONTACT = frozenset({"reader", "exhibitor"})


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    forum = ForumEventFactory(forum=world.body, code="GDAIF")
    cohost = CoHostFactory(meeting=forum, organisation=world.partner_org)
    session = SessionFactory(meeting=forum)
    exhibition = ExhibitionFactory(forum=world.body, code="EXPO")
    exhibitor = ExhibitorFactory(meeting=exhibition, booth_code="A-1")
    own_exhibitor = ExhibitorFactory(
        meeting=exhibition, booth_code="A-2", organisation=world.exhibitor_org
    )
    idle_exhibitor = ExhibitorFactory(
        meeting=exhibition, booth_code="A-3", organisation=world.idle_exhibitor_org
    )
    world.extra.update(
        forum_event=forum,
        cohost=cohost,
        forum_session=session,
        speaker=SpeakerFactory(meeting=forum, session=session),
        exhibition=exhibition,
        exhibitor=exhibitor,
        own_exhibitor=own_exhibitor,
        idle_exhibitor=idle_exhibitor,
        new_company=CompanyFactory(slug="newco"),
        contact_request=ContactRequestFactory(
            exhibitor=own_exhibitor, sender=world.users["reader"]
        ),
    )


def _forum(w):  # type: ignore[no-untyped-def]
    return w.extra["forum_event"].pk


def _exhibitor(w):  # type: ignore[no-untyped-def]
    return w.extra["exhibitor"].pk


def _request(w):  # type: ignore[no-untyped-def]
    return w.extra["contact_request"].pk


PAGES: dict[str, Check] = {
    "events:events": Check("GET", page("events:events"), EVERYONE),
    "events:forum": Check("GET", page("events:forum", _forum), EVERYONE),
    "events:add_speaker": (
        Check("GET", page("events:add_speaker", _forum), MANAGERS),
        Check(
            "POST",
            page("events:add_speaker", _forum),
            MANAGERS,
            lambda w: {"name": "Jane DOE", "role": "panellist", "order": 1},
        ),
    ),
    "events:exhibition": Check(
        "GET", page("events:exhibition", lambda w: w.extra["exhibition"].pk), EVERYONE
    ),
    "events:exhibitor": Check("GET", page("events:exhibitor", _exhibitor), EVERYONE),
    "events:edit_exhibitor": Check("GET", page("events:edit_exhibitor", _exhibitor), SECRETARIAT),
    "events:contact_exhibitor": Check(
        "POST",
        page("events:contact_exhibitor", _exhibitor),
        SIGNED_IN,
        lambda w: {"message": "Could we meet?"},
    ),
    "events:contact_requests": Check("GET", page("events:contact_requests"), SIGNED_IN),
    "events:close_contact_request": Check(
        "POST", page("events:close_contact_request", _request), SENDER_AND_CONTACT
    ),
}

API: dict[str, Check] = {
    "list_events": Check("GET", api("/events/events"), EVERYONE),
    "get_forum_programme": Check("GET", api("/events/forums/{w.extra[forum_event].pk}"), EVERYONE),
    "add_cohost": Check(
        "POST",
        api("/events/events/{w.extra[forum_event].pk}/cohosts"),
        SECRETARIAT,
        lambda w: {"organisation": "apec-secretariat"},
    ),
    "remove_cohost": Check("DELETE", api("/events/cohosts/{w.extra[cohost].pk}"), SECRETARIAT),
    "list_speakers": Check("GET", api("/events/speakers"), EVERYONE),
    "get_speaker": Check("GET", api("/events/speakers/{w.extra[speaker].pk}"), EVERYONE),
    "add_speaker": Check(
        "POST",
        api("/events/forums/{w.extra[forum_event].pk}/speakers"),
        MANAGERS,
        lambda w: {"name": "Jane DOE", "role": "moderator", "economy": "KR"},
    ),
    "update_speaker": Check(
        "PATCH",
        api("/events/speakers/{w.extra[speaker].pk}"),
        MANAGERS,
        lambda w: {"version": 1, "order": 5},
    ),
    "remove_speaker": Check("DELETE", api("/events/speakers/{w.extra[speaker].pk}"), MANAGERS),
    "list_exhibitors": Check("GET", api("/events/exhibitors"), EVERYONE),
    "get_exhibitor": Check("GET", api("/events/exhibitors/{w.extra[exhibitor].pk}"), EVERYONE),
    "add_exhibitor": Check(
        "POST",
        api("/events/exhibitions/{w.extra[exhibition].pk}/exhibitors"),
        SECRETARIAT,
        lambda w: {"organisation": "newco", "booth_code": "B-7", "sector": "cloud"},
    ),
    "update_exhibitor": Check(
        "PATCH",
        api("/events/exhibitors/{w.extra[exhibitor].pk}"),
        SECRETARIAT,
        lambda w: {"version": 1, "booth_code": "Z-9"},
    ),
    "list_contact_requests": Check(
        "GET",
        api("/events/contact-requests"),
        SIGNED_IN,
        sees=Sees(
            items=lambda w: {"request": _request(w)}, by_role={SENDER_AND_CONTACT: {"request"}}
        ),
    ),
    "send_contact_request": Check(
        "POST",
        api("/events/exhibitors/{w.extra[exhibitor].pk}/contact-requests"),
        SIGNED_IN,
        lambda w: {"message": "Could we meet?"},
    ),
    "get_contact_request": Check(
        "GET", api("/events/contact-requests/{w.extra[contact_request].pk}"), SENDER_AND_CONTACT
    ),
    "close_contact_request": Check(
        "POST",
        api("/events/contact-requests/{w.extra[contact_request].pk}/close"),
        SENDER_AND_CONTACT,
    ),
}
