"""Permission-matrix entries of the meetings app (merged by secretariat.testing.matrix).

The world's documents (``extend_world``), and who may see each:

- DAIB1 (forum A's series "daib-regular"): a public document (everyone), a restricted one
  (forum A's members and the secretariat), an economy-only one of Korea (Korea's delegates —
  not the secretariat) and one of the United States (its delegates);
- TEL1 (forum B, series "tel-regular"): a restricted document (forum B's members — delegate_c,
  head_c — and the secretariat).

DAIB1's participants, by registration category: an approved US delegate, a World Bank
observer, the press member (as press), a public minister (as speaker), a visitor, and a
pending delegate only the secretariat sees. The page lists delegates to forum A's members
(not forum B's), observers to partners, public figures to accredited press, everything to
the secretariat and nothing to the public.

Materials zips are their requester's alone: the reader's (public documents), head_a's (with
Korea's own and forum A's restricted documents), and delegate_c's, which lists forum A's
restricted document (as if built before delegate_c lost access) and so is downloaded by
nobody."""

from datetime import date

from django.urls import reverse

from secretariat.meetings.choices import ArchiveStatus
from secretariat.meetings.models import (
    AgendaItem,
    AgendaProposal,
    Document,
    MaterialsArchive,
    Meeting,
    MeetingSeries,
    Session,
)
from secretariat.testing.checks import (
    ECONOMY_A,
    ECONOMY_B,
    EVERYONE,
    FORUM_A,
    FORUM_B,
    MEMBERS,
    SECRETARIAT,
    SIGNED_IN,
    Check,
    Sees,
    api,
    i18n,
    page,
)

from .matrix_world import extend_world

__all__ = ["API", "PAGES", "extend_world"]

DOCUMENTS = ("public", "restricted", "economy_a", "economy_b", "restricted_b")
# Who sees which document, in lists and on the meeting page.
DOCUMENTS_SEEN = {
    EVERYONE: {"public"},
    FORUM_A: {"public", "restricted"},
    ECONOMY_A: {"public", "restricted", "economy_a"},
    ECONOMY_B: {"public", "restricted", "economy_b"},
    FORUM_B: {"public", "restricted_b"},
    "secretariat": {"public", "restricted", "restricted_b"},
}
# DAIB1's page: its documents (TEL1's never) and the participants each role may see.
MEETING_PAGE_SEEN = {
    EVERYONE: {"public"},
    "press": {"public", "minister"},
    FORUM_A: {"public", "restricted", "minister", "delegate"},
    ECONOMY_A: {"public", "restricted", "economy_a", "minister", "delegate"},
    ECONOMY_B: {"public", "restricted", "economy_b", "minister", "delegate"},
    "partner": {"public", "restricted", "minister", "delegate", "observer"},
    FORUM_B: {"public"},  # a role in forum B grants nothing at forum A's meetings
    # The secretariat sees every registration, pending ones too.
    "secretariat": {
        *("public", "restricted", "minister", "delegate", "observer", "press", "visitor"),
        "pending",
    },
}


def _meeting(w):  # type: ignore[no-untyped-def]
    return w.extra["meeting"].pk


def _meeting_b(w):  # type: ignore[no-untyped-def]
    return w.extra["meeting_b"].pk


def _document(label: str):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["documents"][label].pk


def _archive_of(role: str):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["archives"][role].pk


def _meeting_urls(w):  # type: ignore[no-untyped-def]
    return {
        label: reverse("meetings:meeting", args=[w.extra[label].pk])
        for label in ("meeting", "meeting_b")
    }


def _calendar_uids(w):  # type: ignore[no-untyped-def]
    """What an iCalendar feed names each meeting by."""
    return {label: f"meeting-{w.extra[label].uid}@" for label in ("meeting", "meeting_b")}


def _meeting_page_items(w):  # type: ignore[no-untyped-def]
    numbers = {label: w.extra["documents"][label].number for label in DOCUMENTS}
    return numbers | w.extra["participants"]


def _exists(model, **lookup):  # type: ignore[no-untyped-def]
    return lambda w: model.objects.filter(**lookup).exists()


def _document_submitted(link: str, meeting: str = "meeting"):  # type: ignore[no-untyped-def]
    return lambda w: Document.objects.filter(meeting=w.extra[meeting], link=link).exists()


def _revised(label: str):  # type: ignore[no-untyped-def]
    return lambda w: Document.objects.filter(
        base_number=w.extra["documents"][label].base_number,
        revision=1,
        link="https://example.org/rev1",
    ).exists()


def _derestricting(label: str):  # type: ignore[no-untyped-def]
    return lambda w: Document.objects.filter(
        pk=w.extra["documents"][label].pk, derestrict_on=date(2031, 1, 1)
    ).exists()


def _scheduled(w) -> bool:  # type: ignore[no-untyped-def]
    return Meeting.objects.filter(series=w.extra["series"], sequence=2).exists()


def _materials_requested(w) -> bool:  # type: ignore[no-untyped-def]
    return MaterialsArchive.objects.filter(
        meeting=w.extra["meeting"], status=ArchiveStatus.PENDING
    ).exists()


def _link_document(w):  # type: ignore[no-untyped-def]
    return {
        "title": i18n("Chair's note"),
        "purpose": "information",
        "link": "https://example.org/n",
    }


def _page_document(w):  # type: ignore[no-untyped-def]
    return {
        "title": "Chair's note",
        "purpose": "information",
        "classification": "public",
        "link": "https://example.org/note",
    }


# Each document's page and API read: who may open it.
DOCUMENT_READERS = {
    "public": EVERYONE,
    "restricted": FORUM_A,
    "economy_a": ECONOMY_A,
    "restricted_b": FORUM_B,
}
# A zip to its requester alone; delegate_c's lists a document they may no longer see.
ZIP_STATUS = {"reader": {"reader"}, "head_a": {"head_a"}, "delegate_c": {"delegate_c"}}
ZIP_DOWNLOAD = {"reader": {"reader"}, "head_a": {"head_a"}, "delegate_c": set()}


def _per_zip(url, readers: dict[str, set[str]]) -> tuple[Check, ...]:  # type: ignore[no-untyped-def]
    return tuple(
        Check("GET", url(_archive_of(role)), frozenset(allowed))
        for role, allowed in readers.items()
    )


def _zip_api(suffix: str):  # type: ignore[no-untyped-def]
    return lambda archive: lambda w: f"/api/meetings/materials/{archive(w)}{suffix}"


# Proposed agenda items: read by the meeting's forum's members, decided by its chair.
DECIDE_AGENDA = frozenset({"chair", "secretariat"})
PROPOSALS_SEEN = {FORUM_A: {"a"}, FORUM_B: {"b"}, "secretariat": {"a"}}


def _proposal(label: str):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["proposals"][label].pk


def _decided(label: str, state: str):  # type: ignore[no-untyped-def]
    return lambda w: AgendaProposal.objects.filter(
        pk=w.extra["proposals"][label].pk, state=state
    ).exists()


def _proposals_seen(title: bool):  # type: ignore[no-untyped-def]
    def items(w):  # type: ignore[no-untyped-def]
        proposals = w.extra["proposals"]
        return {
            label: (proposal.title["en"]["text"] if title else proposal.pk)
            for label, proposal in proposals.items()
        }

    return items


PAGES: dict[str, Check | tuple[Check, ...]] = {
    "meetings:agenda_proposals": (
        Check(
            "GET",
            page("meetings:agenda_proposals", lambda w: w.extra["meeting"].pk),
            FORUM_A | SECRETARIAT,
            sees=Sees(items=_proposals_seen(title=True), by_role=PROPOSALS_SEEN),
        ),
        Check(
            "GET",
            page("meetings:agenda_proposals", lambda w: w.extra["meeting_b"].pk),
            FORUM_B,
            sees=Sees(items=_proposals_seen(title=True), by_role={FORUM_B: {"b"}}),
        ),
    ),
    "meetings:accept_proposal": Check(
        "POST",
        page("meetings:accept_proposal", _proposal("a")),
        DECIDE_AGENDA,
        effect=_decided("a", "accepted"),
    ),
    "meetings:dismiss_proposal": Check(
        "POST",
        page("meetings:dismiss_proposal", _proposal("a")),
        DECIDE_AGENDA,
        effect=_decided("a", "dismissed"),
    ),
    "meetings:meetings": Check(
        "GET",
        page("meetings:meetings"),
        EVERYONE,
        sees=Sees(items=_meeting_urls, by_role={EVERYONE: {"meeting", "meeting_b"}}),
    ),
    "meetings:meeting": (
        Check(
            "GET",
            page("meetings:meeting", _meeting),
            EVERYONE,
            sees=Sees(items=_meeting_page_items, by_role=MEETING_PAGE_SEEN),
        ),
        Check(
            "GET",
            page("meetings:meeting", _meeting_b),
            EVERYONE,
            sees=Sees(
                items=lambda w: {
                    label: w.extra["documents"][label].number
                    for label in ("restricted", "restricted_b")
                },
                by_role={FORUM_B: {"restricted_b"}},
            ),
        ),
    ),
    "meetings:meeting_ics": Check(
        "GET",
        page("meetings:meeting_ics", _meeting),
        EVERYONE,
        sees=Sees(items=_calendar_uids, by_role={EVERYONE: {"meeting"}}),
    ),
    "meetings:meeting_history": (
        Check("GET", page("meetings:meeting_history", _meeting), MEMBERS),  # any forum's
        Check("GET", page("meetings:meeting_history", _meeting_b), MEMBERS),
    ),
    "meetings:submit_document": (
        Check("GET", page("meetings:submit_document", _meeting), FORUM_A),
        Check(
            "POST",
            page("meetings:submit_document", _meeting),
            FORUM_A,
            _page_document,
            effect=_document_submitted("https://example.org/note"),
        ),
        Check("GET", page("meetings:submit_document", _meeting_b), FORUM_B),
        Check(
            "POST",
            page("meetings:submit_document", _meeting_b),
            FORUM_B,
            _page_document,
            effect=_document_submitted("https://example.org/note", "meeting_b"),
        ),
    ),
    "meetings:series_list": Check(
        "GET",
        page("meetings:series_list"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {
                slug: reverse("meetings:series", args=[slug])
                for slug in ("daib-regular", "tel-regular")
            },
            by_role={EVERYONE: {"daib-regular", "tel-regular"}},
        ),
    ),
    "meetings:series": Check(
        "GET",
        page("meetings:series", lambda w: "daib-regular"),
        EVERYONE,
        sees=Sees(items=_meeting_urls, by_role={EVERYONE: {"meeting"}}),  # not TEL1
    ),
    "meetings:series_ics": Check(
        "GET",
        page("meetings:series_ics", lambda w: "daib-regular"),
        EVERYONE,
        sees=Sees(items=_calendar_uids, by_role={EVERYONE: {"meeting"}}),
    ),
    "meetings:schedule_next": Check(
        "POST",
        page("meetings:schedule_next", lambda w: "daib-regular"),
        SECRETARIAT,
        effect=_scheduled,
    ),
    "meetings:forum_ics": (
        Check(
            "GET",
            page("meetings:forum_ics", lambda w: "daib"),
            EVERYONE,
            sees=Sees(items=_calendar_uids, by_role={EVERYONE: {"meeting"}}),
        ),
        Check(
            "GET",
            page("meetings:forum_ics", lambda w: "telwg"),
            EVERYONE,
            sees=Sees(items=_calendar_uids, by_role={EVERYONE: {"meeting_b"}}),
        ),
    ),
    "meetings:document": tuple(
        Check("GET", page("meetings:document", _document(label)), readers)
        for label, readers in DOCUMENT_READERS.items()
    ),
    "meetings:document_file": (
        Check("GET", page("meetings:document_file", _document("economy_a")), ECONOMY_A),
        Check("GET", page("meetings:document_file", _document("restricted_b")), FORUM_B),
    ),
    "meetings:request_materials": Check(
        "POST", page("meetings:request_materials", _meeting), SIGNED_IN, effect=_materials_requested
    ),
    "meetings:materials": _per_zip(lambda archive: page("meetings:materials", archive), ZIP_STATUS),
    "meetings:materials_download": _per_zip(
        lambda archive: page("meetings:materials_download", archive), ZIP_DOWNLOAD
    ),
}

API: dict[str, Check | tuple[Check, ...]] = {
    "list_agenda_proposals": Check(
        "GET",
        api("/meetings/meetings/{w.extra[meeting].pk}/agenda-proposals"),
        FORUM_A | SECRETARIAT,
        sees=Sees(items=_proposals_seen(title=False), by_role=PROPOSALS_SEEN),
    ),
    "accept_agenda_proposal": Check(
        "POST",
        api("/meetings/agenda-proposals/{w.extra[proposals][a].pk}/accept"),
        DECIDE_AGENDA,
        effect=_decided("a", "accepted"),
    ),
    "dismiss_agenda_proposal": Check(
        "POST",
        api("/meetings/agenda-proposals/{w.extra[proposals][b].pk}/dismiss"),
        SECRETARIAT,  # forum B has no chair in the world
        effect=_decided("b", "dismissed"),
    ),
    "list_series": Check(
        "GET",
        api("/meetings/series?limit=500"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {"daib-regular": "daib-regular", "tel-regular": "tel-regular"},
            by_role={EVERYONE: {"daib-regular", "tel-regular"}},
        ),
    ),
    "get_series": Check("GET", api("/meetings/series/daib-regular"), EVERYONE),
    "create_series": Check(
        "POST",
        api("/meetings/series"),
        SECRETARIAT,
        lambda w: {
            "slug": "telwg-plenary",
            "forum": "telwg",
            "code_prefix": "TEL",
            "name": i18n("TELWG plenary"),
            "kind": "working_group",
            "first_date": "2031-04-01",
            "host_rotation": [{"economy": "US", "timezone": "America/Chicago"}],
        },
        effect=_exists(MeetingSeries, slug="telwg-plenary", forum__slug="telwg"),
    ),
    "update_series": Check(
        "PATCH",
        api("/meetings/series/daib-regular"),
        SECRETARIAT,
        lambda w: {"version": 1, "cadence_months": 12},
        effect=_exists(MeetingSeries, slug="daib-regular", cadence_months=12),
    ),
    "schedule_next_meeting": Check(
        "POST", api("/meetings/series/daib-regular/meetings"), SECRETARIAT, effect=_scheduled
    ),
    "list_meetings": Check(
        "GET",
        api("/meetings/meetings?limit=500"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {label: w.extra[label].pk for label in ("meeting", "meeting_b")},
            by_role={EVERYONE: {"meeting", "meeting_b"}},
        ),
    ),
    "get_meeting": Check("GET", api("/meetings/meetings/{w.extra[meeting].pk}"), EVERYONE),
    "create_meeting": Check(
        "POST",
        api("/meetings/meetings"),
        SECRETARIAT,
        lambda w: {
            "forum": "daib",
            "code": "DAIBX",
            "title": i18n("Extraordinary meeting"),
            "kind": "high_level_body",
            "timezone": "Asia/Seoul",
            "start_date": "2031-01-10",
            "end_date": "2031-01-10",
        },
        effect=_exists(Meeting, code="DAIBX", forum__slug="daib"),
    ),
    "update_meeting": Check(
        "PATCH",
        api("/meetings/meetings/{w.extra[meeting].pk}"),
        SECRETARIAT,
        lambda w: {"version": 1, "venue": "COEX"},
        effect=lambda w: Meeting.objects.filter(pk=_meeting(w), venue="COEX").exists(),
    ),
    "create_session": Check(
        "POST",
        api("/meetings/meetings/{w.extra[meeting].pk}/sessions"),
        SECRETARIAT,
        lambda w: {
            "title": i18n("Closing"),
            "starts_at": "2030-08-04T08:00:00+09:00",
            "ends_at": "2030-08-04T09:00:00+09:00",
        },
        effect=lambda w: Session.objects.filter(
            meeting=w.extra["meeting"], title__en__text="Closing"
        ).exists(),
    ),
    "create_agenda_item": Check(
        "POST",
        api("/meetings/meetings/{w.extra[meeting].pk}/agenda"),
        SECRETARIAT,
        lambda w: {"number": "9", "title": i18n("Any other business")},
        effect=lambda w: AgendaItem.objects.filter(meeting=w.extra["meeting"], number="9").exists(),
    ),
    "list_documents": Check(
        "GET",
        api("/meetings/documents?limit=500"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {label: w.extra["documents"][label].pk for label in DOCUMENTS},
            by_role=DOCUMENTS_SEEN,
        ),
    ),
    "get_document": tuple(
        Check("GET", api(f"/meetings/documents/{{w.extra[documents][{label}].pk}}"), readers)
        for label, readers in DOCUMENT_READERS.items()
    ),
    "submit_document": (
        Check(
            "POST",
            api("/meetings/meetings/{w.extra[meeting].pk}/documents"),
            FORUM_A,
            _link_document,
            effect=_document_submitted("https://example.org/n"),
        ),
        Check(
            "POST",
            api("/meetings/meetings/{w.extra[meeting_b].pk}/documents"),
            FORUM_B,
            _link_document,
            effect=_document_submitted("https://example.org/n", "meeting_b"),
        ),
    ),
    "revise_document": (
        Check(
            "POST",
            api("/meetings/documents/{w.extra[documents][economy_a].pk}/revisions"),
            ECONOMY_A,
            lambda w: {"link": "https://example.org/rev1"},
            effect=_revised("economy_a"),
        ),
        Check(
            "POST",
            api("/meetings/documents/{w.extra[documents][restricted_b].pk}/revisions"),
            SECRETARIAT,
            lambda w: {"link": "https://example.org/rev1"},
            effect=_revised("restricted_b"),
        ),
    ),
    "update_document": (
        Check(
            "PATCH",
            api("/meetings/documents/{w.extra[documents][restricted].pk}"),
            SECRETARIAT,
            lambda w: {"version": 1, "derestrict_on": "2031-01-01"},
            effect=_derestricting("restricted"),
        ),
        Check(
            "PATCH",
            api("/meetings/documents/{w.extra[documents][restricted_b].pk}"),
            SECRETARIAT,
            lambda w: {"version": 1, "derestrict_on": "2031-01-01"},
            effect=_derestricting("restricted_b"),
        ),
    ),
    "request_materials_archive": Check(
        "POST",
        api("/meetings/meetings/{w.extra[meeting].pk}/materials"),
        SIGNED_IN,
        effect=_materials_requested,
    ),
    "get_materials_archive": _per_zip(_zip_api(""), ZIP_STATUS),
    "download_materials_archive": _per_zip(_zip_api("/file"), ZIP_DOWNLOAD),
}
