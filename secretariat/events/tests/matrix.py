"""Permission-matrix entries for the events app (merged by secretariat/testing/matrix.py).

The world's forum "GDAIF" (forum A) is co-hosted by the World Bank, so its partner user
manages its speakers with the secretariat; forum B has a forum of its own ("TELF"), public
like every event. Programmes, exhibitions and exhibitors are public; contact requests are
private to their sender and the exhibiting company's contacts — not the secretariat's:

- the reader and delegate_a each have an open request to booth A-2 (``exhibitor_org``, the
  ``exhibitor`` role's company): the exhibitor sees both, each sender their own;
- the press member has one to booth A-4, a company none of the roles works for;
- ``exhibitor_idle``'s company exhibits at A-3 and has no request; A-1 is nobody's.

A second exhibition ("EXPO2", booth Z-1) and a plain meeting (not an event) are there to be
left out of the pages and lists that must not show them."""

from django.urls import reverse

from secretariat.events.choices import ContactStatus
from secretariat.events.models import CoHost, ContactRequest, Exhibitor, Speaker
from secretariat.meetings.tests.factories import MeetingFactory, SessionFactory
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
SENDER_AND_CONTACT = frozenset({"reader", "exhibitor"})
OWN_PROFILE = frozenset({"exhibitor", "secretariat"})  # A-2's contact and the managers
# The requests each role is party to (as sender or as the exhibitor's contact).
REQUESTS_SEEN = {
    "reader": {"from_reader"},
    "delegate_a": {"from_delegate_a"},
    "press": {"from_press"},
    "exhibitor": {"from_reader", "from_delegate_a"},
}
MESSAGES = {
    "from_reader": "Reader asks Booth Co for a demo",
    "from_delegate_a": "Korea asks Booth Co about cloud",
    "from_press": "Press asks about an interview",
}
EVENTS = ("forum_event", "forum_b_event", "exhibition", "other_exhibition")
EXHIBITORS = ("exhibitor", "own_exhibitor", "idle_exhibitor", "press_exhibitor")


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    forum = ForumEventFactory(forum=world.body, code="GDAIF")
    forum_b = ForumEventFactory(forum=world.other_forum, code="TELF")
    cohost = CoHostFactory(meeting=forum, organisation=world.partner_org)
    session = SessionFactory(meeting=forum)
    exhibition = ExhibitionFactory(forum=world.body, code="EXPO")
    other_exhibition = ExhibitionFactory(forum=world.body, code="EXPOB")
    exhibitor = ExhibitorFactory(meeting=exhibition, booth_code="A-1")
    own_exhibitor = ExhibitorFactory(
        meeting=exhibition, booth_code="A-2", organisation=world.exhibitor_org
    )
    idle_exhibitor = ExhibitorFactory(
        meeting=exhibition, booth_code="A-3", organisation=world.idle_exhibitor_org
    )
    press_exhibitor = ExhibitorFactory(meeting=exhibition, booth_code="A-4")
    senders = {
        "from_reader": (own_exhibitor, "reader"),
        "from_delegate_a": (own_exhibitor, "delegate_a"),
        "from_press": (press_exhibitor, "press"),
    }
    world.extra.update(
        forum_event=forum,
        forum_b_event=forum_b,
        plain_meeting=MeetingFactory(forum=world.body, code="PLAIN"),
        cohost=cohost,
        forum_session=session,
        speaker=SpeakerFactory(meeting=forum, session=session, name="Speaker Alpha", order=0),
        forum_b_speaker=SpeakerFactory(meeting=forum_b, name="Speaker Beta"),
        exhibition=exhibition,
        other_exhibition=other_exhibition,
        exhibitor=exhibitor,
        own_exhibitor=own_exhibitor,
        idle_exhibitor=idle_exhibitor,
        press_exhibitor=press_exhibitor,
        other_exhibitor=ExhibitorFactory(meeting=other_exhibition, booth_code="Z-1"),
        new_company=CompanyFactory(slug="newco"),
        requests={
            label: ContactRequestFactory(
                exhibitor=booth, sender=world.users[role], message=MESSAGES[label]
            )
            for label, (booth, role) in senders.items()
        },
    )
    world.extra["contact_request"] = world.extra["requests"]["from_reader"]


def _forum(w):  # type: ignore[no-untyped-def]
    return w.extra["forum_event"].pk


def _exhibitor(w):  # type: ignore[no-untyped-def]
    return w.extra["exhibitor"].pk


def _own_exhibitor(w):  # type: ignore[no-untyped-def]
    return w.extra["own_exhibitor"].pk


def _request(label: str):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["requests"][label].pk


def _event_urls(w):  # type: ignore[no-untyped-def]
    """The events page links each forum and exhibition; the plain meeting is no event."""
    urls = {
        label: reverse(
            "events:exhibition" if "exhibition" in label else "events:forum",
            args=[w.extra[label].pk],
        )
        for label in EVENTS
    }
    return urls | {"plain_meeting": reverse("events:forum", args=[w.extra["plain_meeting"].pk])}


def _speaker_added(w) -> bool:  # type: ignore[no-untyped-def]
    return Speaker.objects.filter(meeting=w.extra["forum_event"], name="Jane DOE").exists()


def _sent_to(label: str):  # type: ignore[no-untyped-def]
    return lambda w: ContactRequest.objects.filter(
        exhibitor=w.extra[label], message="Could we meet?"
    ).exists()


def _closed(label: str):  # type: ignore[no-untyped-def]
    return lambda w: ContactRequest.objects.filter(
        pk=w.extra["requests"][label].pk, status=ContactStatus.CLOSED, closed_at__isnull=False
    ).exists()


def _profile_saved(w) -> bool:  # type: ignore[no-untyped-def]
    return Exhibitor.objects.filter(
        pk=w.extra["own_exhibitor"].pk, website="https://booth.example.org", sector="cloud"
    ).exists()


def _contact_page(label: str, allowed: frozenset[str]) -> Check:
    return Check(
        "POST",
        page("events:close_contact_request", _request(label)),
        allowed,
        effect=_closed(label),
    )


def _contact_api(label: str, allowed: frozenset[str]) -> Check:
    return Check(
        "POST",
        api(f"/events/contact-requests/{{w.extra[requests][{label}].pk}}/close"),
        allowed,
        effect=_closed(label),
    )


PAGES: dict[str, Check | tuple[Check, ...]] = {
    "events:events": Check(
        "GET",
        page("events:events"),
        EVERYONE,
        sees=Sees(items=_event_urls, by_role={EVERYONE: set(EVENTS)}),
    ),
    "events:forum": (
        Check(
            "GET",
            page("events:forum", _forum),
            EVERYONE,
            # The programme shows this forum's speakers, not forum B's forum's.
            sees=Sees(
                items=lambda w: {"alpha": "Speaker Alpha", "beta": "Speaker Beta"},
                by_role={EVERYONE: {"alpha"}},
            ),
        ),
        Check("GET", page("events:forum", lambda w: w.extra["forum_b_event"].pk), EVERYONE),
    ),
    "events:add_speaker": (
        Check("GET", page("events:add_speaker", _forum), MANAGERS),
        Check(
            "POST",
            page("events:add_speaker", _forum),
            MANAGERS,
            lambda w: {"name": "Jane DOE", "role": "panellist", "order": 1},
            effect=_speaker_added,
        ),
    ),
    "events:exhibition": Check(
        "GET",
        page("events:exhibition", lambda w: w.extra["exhibition"].pk),
        EVERYONE,
        # Its own booths, not another exhibition's.
        sees=Sees(
            items=lambda w: {
                label: reverse("events:exhibitor", args=[w.extra[label].pk])
                for label in (*EXHIBITORS, "other_exhibitor")
            },
            by_role={EVERYONE: set(EXHIBITORS)},
        ),
    ),
    "events:exhibitor": Check("GET", page("events:exhibitor", _exhibitor), EVERYONE),
    "events:edit_exhibitor": (
        Check("GET", page("events:edit_exhibitor", _exhibitor), SECRETARIAT),
        Check("GET", page("events:edit_exhibitor", _own_exhibitor), OWN_PROFILE),
        Check(
            "POST",
            page("events:edit_exhibitor", _own_exhibitor),
            OWN_PROFILE,
            lambda w: {
                "version": 1,
                "sector": "cloud",
                "website": "https://booth.example.org",
                "profile": "Cloud booths.",
            },
            effect=_profile_saved,
        ),
    ),
    "events:contact_exhibitor": (
        Check(
            "POST",
            page("events:contact_exhibitor", _exhibitor),
            SIGNED_IN,
            lambda w: {"message": "Could we meet?"},
            effect=_sent_to("exhibitor"),
        ),
        # Not to one's own company.
        Check(
            "POST",
            page("events:contact_exhibitor", lambda w: w.extra["idle_exhibitor"].pk),
            SIGNED_IN - {"exhibitor_idle"},
            lambda w: {"message": "Could we meet?"},
            effect=_sent_to("idle_exhibitor"),
        ),
    ),
    "events:contact_requests": Check(
        "GET",
        page("events:contact_requests"),
        SIGNED_IN,
        sees=Sees(items=lambda w: dict(MESSAGES), by_role=REQUESTS_SEEN),
    ),
    "events:close_contact_request": (
        _contact_page("from_reader", SENDER_AND_CONTACT),
        _contact_page("from_delegate_a", frozenset({"delegate_a", "exhibitor"})),
        _contact_page("from_press", frozenset({"press"})),
    ),
}

API: dict[str, Check | tuple[Check, ...]] = {
    "list_events": Check(
        "GET",
        api("/events/events?limit=500"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {label: w.extra[label].pk for label in (*EVENTS, "plain_meeting")},
            by_role={EVERYONE: set(EVENTS)},
        ),
    ),
    "get_forum_programme": Check("GET", api("/events/forums/{w.extra[forum_event].pk}"), EVERYONE),
    "add_cohost": Check(
        "POST",
        api("/events/events/{w.extra[forum_event].pk}/cohosts"),
        SECRETARIAT,
        lambda w: {"organisation": "apec-secretariat"},
        effect=lambda w: CoHost.objects.filter(
            meeting=w.extra["forum_event"], organisation__slug="apec-secretariat"
        ).exists(),
    ),
    "remove_cohost": Check(
        "DELETE",
        api("/events/cohosts/{w.extra[cohost].pk}"),
        SECRETARIAT,
        effect=lambda w: not CoHost.objects.filter(pk=w.extra["cohost"].pk).exists(),
    ),
    "list_speakers": Check(
        "GET",
        api("/events/speakers?limit=500&meeting={w.extra[forum_event].pk}"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {"alpha": w.extra["speaker"].pk, "beta": w.extra["forum_b_speaker"].pk},
            by_role={EVERYONE: {"alpha"}},
        ),
    ),
    "get_speaker": Check("GET", api("/events/speakers/{w.extra[speaker].pk}"), EVERYONE),
    "add_speaker": Check(
        "POST",
        api("/events/forums/{w.extra[forum_event].pk}/speakers"),
        MANAGERS,
        lambda w: {"name": "Jane DOE", "role": "moderator", "economy": "KR"},
        effect=_speaker_added,
    ),
    "update_speaker": Check(
        "PATCH",
        api("/events/speakers/{w.extra[speaker].pk}"),
        MANAGERS,
        lambda w: {"version": 1, "order": 5},
        effect=lambda w: Speaker.objects.filter(pk=w.extra["speaker"].pk, order=5).exists(),
    ),
    "remove_speaker": Check(
        "DELETE",
        api("/events/speakers/{w.extra[speaker].pk}"),
        MANAGERS,
        effect=lambda w: not Speaker.objects.filter(pk=w.extra["speaker"].pk).exists(),
    ),
    "list_exhibitors": Check(
        "GET",
        api("/events/exhibitors?limit=500&meeting={w.extra[exhibition].pk}"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {
                label: w.extra[label].pk for label in (*EXHIBITORS, "other_exhibitor")
            },
            by_role={EVERYONE: set(EXHIBITORS)},
        ),
    ),
    "get_exhibitor": Check("GET", api("/events/exhibitors/{w.extra[exhibitor].pk}"), EVERYONE),
    "add_exhibitor": Check(
        "POST",
        api("/events/exhibitions/{w.extra[exhibition].pk}/exhibitors"),
        SECRETARIAT,
        lambda w: {"organisation": "newco", "booth_code": "B-7", "sector": "cloud"},
        effect=lambda w: Exhibitor.objects.filter(
            meeting=w.extra["exhibition"], organisation__slug="newco", booth_code="B-7"
        ).exists(),
    ),
    "update_exhibitor": Check(
        "PATCH",
        api("/events/exhibitors/{w.extra[exhibitor].pk}"),
        SECRETARIAT,
        lambda w: {"version": 1, "booth_code": "Z-9"},
        effect=lambda w: Exhibitor.objects.filter(
            pk=w.extra["exhibitor"].pk, booth_code="Z-9"
        ).exists(),
    ),
    "list_contact_requests": Check(
        "GET",
        api("/events/contact-requests?limit=500"),
        SIGNED_IN,
        sees=Sees(
            items=lambda w: {label: _request(label)(w) for label in MESSAGES},
            by_role=REQUESTS_SEEN,
        ),
    ),
    "send_contact_request": (
        Check(
            "POST",
            api("/events/exhibitors/{w.extra[exhibitor].pk}/contact-requests"),
            SIGNED_IN,
            lambda w: {"message": "Could we meet?"},
            effect=_sent_to("exhibitor"),
        ),
        Check(
            "POST",
            api("/events/exhibitors/{w.extra[idle_exhibitor].pk}/contact-requests"),
            SIGNED_IN - {"exhibitor_idle"},
            lambda w: {"message": "Could we meet?"},
            effect=_sent_to("idle_exhibitor"),
        ),
    ),
    "get_contact_request": (
        Check(
            "GET", api("/events/contact-requests/{w.extra[contact_request].pk}"), SENDER_AND_CONTACT
        ),
        Check(
            "GET",
            api("/events/contact-requests/{w.extra[requests][from_press].pk}"),
            frozenset({"press"}),
        ),
    ),
    "close_contact_request": (
        _contact_api("from_reader", SENDER_AND_CONTACT),
        _contact_api("from_delegate_a", frozenset({"delegate_a", "exhibitor"})),
        _contact_api("from_press", frozenset({"press"})),
    ),
}
