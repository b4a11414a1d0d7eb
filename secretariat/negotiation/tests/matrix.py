"""Permission-matrix entries of the negotiation app (merged by secretariat.testing.matrix)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from secretariat.negotiation import services, services_closing
from secretariat.negotiation.choices import AmendmentKind, Classification
from secretariat.negotiation.models import Text
from secretariat.testing.matrix import (
    ECONOMY_A,
    EVERYONE,
    FORUM_A,
    FORUM_B,
    MEMBERS_ONLY,
    SECRETARIAT,
    Check,
    Sees,
    api,
    page,
)

from .factories import make_text, paragraph

CHAIRS = frozenset({"chair", "secretariat"})
DELEGATIONS = frozenset({"delegate_a", "head_a", "delegate_b", "head_b"})
HEADS = frozenset({"head_a", "head_b"})  # the heads of delegation in forum A


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    text = make_text(world)
    world.extra["text"] = text
    agreed = make_text(world, slug="agreed", paragraphs=[paragraph("We agree.", num="1")])
    for role, delegation in (("head_a", world.delegation_a), ("head_b", world.delegation_b)):
        services.state_position(
            actor=world.users[role],
            text=agreed,
            delegation=delegation,
            eid="para_1",
            stance="support",
            based_on=None,
        )
    silent = make_text(world, slug="silent", paragraphs=[paragraph("Under silence.", num="1")])
    services_closing.start_silence(
        actor=world.users["chair"],
        text=silent,
        deadline=timezone.now() + timedelta(days=2),
        version=silent.version,
    )
    world.extra["amendment"] = services.propose_amendment(
        actor=world.users["delegate_a"],
        text=text,
        delegation=world.delegation_a,
        kind=AmendmentKind.REPLACE,
        eid="para_2",
        proposed_text="We welcome AI.",
        justification="Shorter.",
    )
    # Forum B's own restricted text, and a published one of forum A: the texts lists must
    # show each forum's restricted texts to that forum's members only.
    make_text(
        world, slug="roaming", forum=world.other_forum, paragraphs=[paragraph("Roaming.", num="1")]
    )
    make_text(
        world,
        slug="published",
        classification=Classification.PUBLISHED,
        paragraphs=[paragraph("Published.", num="1")],
    )
    _extend_world_for_outputs(world)


def _texts(url):  # type: ignore[no-untyped-def]
    """The texts lists' labelled items: each text's slug (API) or its page's URL (page)."""
    return lambda w: {slug: url(slug) for slug in ("statement", "roaming", "published")}


TEXTS_SEEN = {
    EVERYONE: {"published"},
    FORUM_A: {"published", "statement"},
    FORUM_B: {"published", "roaming"},
    "secretariat": {"published", "statement", "roaming"},
}


def _text_body(world):  # type: ignore[no-untyped-def]
    return {
        "forum": "daib",
        "slug": "chairs-summary",
        "kind": "chairs_summary",
        "title": {"en": {"text": "Chair's summary", "status": "original"}},
        "paragraphs": [{"content": [{"text": "The chair thanks the host."}]}],
    }


PAGES = {
    "negotiation:texts": Check(
        "GET",
        page("negotiation:texts"),
        EVERYONE,
        sees=Sees(
            items=_texts(lambda slug: reverse("negotiation:text", args=[slug])),
            by_role=TEXTS_SEEN,
        ),
    ),
    "negotiation:text": (
        Check("GET", page("negotiation:text", lambda w: "statement"), MEMBERS_ONLY),
        Check("GET", page("negotiation:text", lambda w: "roaming"), FORUM_B),
        Check("GET", page("negotiation:text", lambda w: "published"), EVERYONE),
    ),
    "negotiation:map": Check("GET", page("negotiation:map", lambda w: "statement"), MEMBERS_ONLY),
    "negotiation:map_events": Check(
        "GET", page("negotiation:map_events", lambda w: "statement"), MEMBERS_ONLY
    ),
    "negotiation:map_row": Check(
        "GET", page("negotiation:map_row", lambda w: "statement", lambda w: "para_1"), MEMBERS_ONLY
    ),
    "negotiation:paragraph": Check(
        "GET",
        page("negotiation:paragraph", lambda w: "statement", lambda w: "para_2"),
        MEMBERS_ONLY,
    ),
    "negotiation:state_position": Check(
        "POST",
        page("negotiation:state_position", lambda w: "statement", lambda w: "para_1"),
        HEADS,
        lambda w: {"stance": "support"},
    ),
    "negotiation:amendments": Check(
        "GET", page("negotiation:amendments", lambda w: "statement"), MEMBERS_ONLY
    ),
    "negotiation:propose_amendment": Check(
        "POST",
        page("negotiation:propose_amendment", lambda w: "statement"),
        DELEGATIONS,
        lambda w: {"eid": "para_3", "kind": "delete", "justification": "Not needed."},
    ),
    "negotiation:move_amendment": Check(
        "POST",
        page(
            "negotiation:move_amendment", lambda w: "statement", lambda w: w.extra["amendment"].pk
        ),
        ECONOMY_A,
        lambda w: {"state": "submitted", "version": 1},
    ),
    "negotiation:start_silence": Check(
        "POST",
        page("negotiation:start_silence", lambda w: "statement"),
        CHAIRS,
        lambda w: {
            "version": _version(w, "statement"),
            "deadline": (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    ),
    "negotiation:break_silence": Check(
        "POST",
        page("negotiation:break_silence", lambda w: "silent"),
        HEADS,
        lambda w: {"reason": "Instructions from capital."},
    ),
    "negotiation:withdraw_silence": Check(
        "POST",
        page("negotiation:withdraw_silence", lambda w: "silent"),
        CHAIRS,
        lambda w: {"version": _version(w, "silent")},
    ),
    "negotiation:adopt": Check(
        "POST",
        page("negotiation:adopt", lambda w: "agreed"),
        CHAIRS,
        lambda w: {"version": _version(w, "agreed")},
    ),
    "negotiation:chairs_statement": Check(
        "POST",
        page("negotiation:chairs_statement", lambda w: "statement"),
        CHAIRS,
        lambda w: {"version": _version(w, "statement")},
    ),
    "negotiation:report": Check(
        "GET", page("negotiation:report", lambda w: "statement"), MEMBERS_ONLY
    ),
}

API = {
    "list_texts": Check(
        "GET",
        api("/negotiation/texts?limit=500"),
        EVERYONE,
        sees=Sees(items=_texts(lambda slug: slug), by_role=TEXTS_SEEN),
    ),
    "create_text": Check("POST", api("/negotiation/texts"), SECRETARIAT, _text_body),
    "get_text": (
        Check("GET", api("/negotiation/texts/statement"), MEMBERS_ONLY),
        Check("GET", api("/negotiation/texts/roaming"), FORUM_B),
    ),
    "get_text_version": Check("GET", api("/negotiation/texts/statement/versions/1"), MEMBERS_ONLY),
    "export_version_akn": Check(
        "GET", api("/negotiation/texts/statement/versions/1/akn"), MEMBERS_ONLY
    ),
    "publish_version": Check(
        "POST",
        api("/negotiation/texts/statement/versions"),
        CHAIRS,
        lambda w: {
            "kind": "rolling_text",
            "based_on": 1,
            "paragraphs": [{"eid": "para_1", "content": [{"text": "Revised."}]}],
        },
    ),
    "get_consensus_map": Check("GET", api("/negotiation/texts/statement/map"), MEMBERS_ONLY),
    "state_position": Check(
        "POST",
        api("/negotiation/texts/statement/positions"),
        HEADS,
        lambda w: {"eid": "para_1", "stance": "support", "based_on": None},
    ),
    "list_paragraph_positions": Check(
        "GET", api("/negotiation/texts/statement/paragraphs/para_1/positions"), MEMBERS_ONLY
    ),
    "list_amendments": Check("GET", api("/negotiation/texts/statement/amendments"), MEMBERS_ONLY),
    "propose_amendment": Check(
        "POST",
        api("/negotiation/texts/statement/amendments"),
        DELEGATIONS,
        lambda w: {"kind": "delete", "eid": "para_3", "justification": "Not needed."},
    ),
    "move_amendment": Check(
        "POST",
        api("/negotiation/amendments/{w.extra[amendment].pk}/state"),
        ECONOMY_A,
        lambda w: {"state": "submitted", "version": 1},
    ),
    "adopt_text": Check(
        "POST",
        api("/negotiation/texts/agreed/adopt"),
        CHAIRS,
        lambda w: {"version": _version(w, "agreed")},
    ),
    "consensus_report": Check("GET", api("/negotiation/texts/statement/report"), MEMBERS_ONLY),
    "list_silence": Check("GET", api("/negotiation/texts/silent/silence"), MEMBERS_ONLY),
    "start_silence": Check(
        "POST",
        api("/negotiation/texts/statement/silence"),
        CHAIRS,
        lambda w: {
            "version": _version(w, "statement"),
            "deadline": (timezone.now() + timedelta(days=1)).isoformat(),
        },
    ),
    "break_silence": Check(
        "POST",
        api("/negotiation/texts/silent/silence/break"),
        HEADS,
        lambda w: {"reason": "Instructions from capital."},
    ),
    "withdraw_silence": Check(
        "POST",
        api("/negotiation/texts/silent/silence/withdraw"),
        CHAIRS,
        lambda w: {"version": _version(w, "silent")},
    ),
    "issue_as_chairs_statement": Check(
        "POST",
        api("/negotiation/texts/statement/chairs-statement"),
        CHAIRS,
        lambda w: {"version": _version(w, "statement")},
    ),
}


def _version(world, slug: str) -> int:  # type: ignore[no-untyped-def]
    return Text.objects.get(slug=slug).version


# Outputs: redlines, exports and reservations (api_outputs.py, views_outputs.py).
HEADS_OR_SECRETARIAT = frozenset({"head_a", "secretariat"})


def _extend_world_for_outputs(world) -> None:  # type: ignore[no-untyped-def]
    from secretariat.negotiation import services_reservations

    world.extra["reservation"] = services_reservations.enter_reservation(
        actor=world.users["head_a"],
        text=world.extra["text"],
        delegation=world.delegation_a,
        kind="reservation",
        statement={"en": {"text": "Korea reserves on paragraph 1.", "status": "original"}},
        eid="para_1",
    )


def _reservation_body(world):  # type: ignore[no-untyped-def]
    return {
        "economy": "KR",
        "eid": "para_2",
        "kind": "interpretive_statement",
        "statement": {"en": {"text": "Korea reads this as voluntary.", "status": "original"}},
    }


PAGES.update(
    {
        "negotiation:redline": Check(
            "GET", page("negotiation:redline", lambda w: "statement"), MEMBERS_ONLY
        ),
        "negotiation:reservations": Check(
            "GET", page("negotiation:reservations", lambda w: "statement"), MEMBERS_ONLY
        ),
        "negotiation:withdraw_reservation": Check(
            "POST",
            page(
                "negotiation:withdraw_reservation",
                lambda w: "statement",
                lambda w: w.extra["reservation"].pk,
            ),
            HEADS_OR_SECRETARIAT,
            lambda w: {"version": 1},
        ),
    }
)

API.update(
    {
        "get_redline": Check(
            "GET", api("/negotiation/texts/statement/redline?a=1&b=1"), MEMBERS_ONLY
        ),
        "export_version_html": Check(
            "GET", api("/negotiation/texts/statement/versions/1/html"), MEMBERS_ONLY
        ),
        "export_version_pdf": Check(
            "GET", api("/negotiation/texts/statement/versions/1/pdf"), MEMBERS_ONLY
        ),
        "export_version_docx": Check(
            "GET", api("/negotiation/texts/statement/versions/1/docx"), MEMBERS_ONLY
        ),
        "list_reservations": Check(
            "GET", api("/negotiation/texts/statement/reservations"), MEMBERS_ONLY
        ),
        "enter_reservation": Check(
            "POST",
            api("/negotiation/texts/statement/reservations"),
            HEADS_OR_SECRETARIAT,
            _reservation_body,
        ),
        "get_reservation": Check(
            "GET", api("/negotiation/reservations/{w.extra[reservation].pk}"), MEMBERS_ONLY
        ),
        "update_reservation": Check(
            "PATCH",
            api("/negotiation/reservations/{w.extra[reservation].pk}"),
            HEADS_OR_SECRETARIAT,
            lambda w: {"version": 1, "kind": "interpretive_statement"},
        ),
        "withdraw_reservation": Check(
            "POST",
            api("/negotiation/reservations/{w.extra[reservation].pk}/withdraw"),
            HEADS_OR_SECRETARIAT,
            lambda w: {"version": 1},
        ),
    }
)
