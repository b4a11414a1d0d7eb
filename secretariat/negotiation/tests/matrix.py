"""Permission-matrix entries of the negotiation app (merged by secretariat.testing.matrix).

The world (``matrix_world.py``) holds restricted texts of forum A ("statement", "agreed",
"silent") and of forum B ("roaming", "quiet"), a published one; on "statement" economy A's
draft amendment, its draft withdrawn unsubmitted and economy B's submitted one; reservations of
economy A (forum A) and economy C (forum B). Entries that act on both fora are tuples: forum
B's head and delegate must be refused forum A's things, and act on their own."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from secretariat.negotiation.models import (
    Amendment,
    Position,
    SilenceBreak,
    SilenceProcedure,
    Text,
    Version,
)
from secretariat.testing.matrix import (
    ECONOMY_A,
    ECONOMY_B,
    ECONOMY_C,
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

from .matrix_outputs import API_OUTPUTS, PAGES_OUTPUTS
from .matrix_world import WORDINGS
from .matrix_world import extend_world as extend_world

CHAIRS = frozenset({"chair", "secretariat"})
DELEGATIONS = frozenset({"delegate_a", "head_a", "delegate_b", "head_b"})
HEADS = frozenset({"head_a", "head_b"})  # the heads of delegation in forum A
HEAD_C = frozenset({"head_c"})  # the only head of delegation in forum B


def _texts(url):  # type: ignore[no-untyped-def]
    """The texts lists' labelled items: each text's slug (API) or its page's URL (page)."""
    return lambda w: {slug: url(slug) for slug in ("statement", "roaming", "published")}


TEXTS_SEEN = {
    EVERYONE: {"published"},
    FORUM_A: {"published", "statement"},
    FORUM_B: {"published", "roaming"},
    "secretariat": {"published", "statement", "roaming"},
}
# A draft, submitted or not withdrawn, is its economy's own; a submitted one is everyone's.
AMENDMENTS_SEEN = {FORUM_A: {"submitted_b"}, ECONOMY_A: {"draft_a", "withdrawn_a", "submitted_b"}}
AMENDMENT_KEYS = ("draft_a", "withdrawn_a", "submitted_b")


def _amendment_ids(w):  # type: ignore[no-untyped-def]
    return {
        key: (w.extra["amendment"] if key == "draft_a" else w.extra[key]).pk
        for key in AMENDMENT_KEYS
    }


def _amendment_wordings(w):  # type: ignore[no-untyped-def]
    return {key: WORDINGS[key] for key in AMENDMENT_KEYS}


def _text_body(world):  # type: ignore[no-untyped-def]
    return {
        "forum": "daib",
        "slug": "chairs-summary",
        "kind": "chairs_summary",
        "title": {"en": {"text": "Chair's summary", "status": "original"}},
        "paragraphs": [{"content": [{"text": "The chair thanks the host."}]}],
    }


def _version(world, slug: str) -> int:  # type: ignore[no-untyped-def]
    return Text.objects.get(slug=slug).version


def _amendment(world, key: str) -> Amendment:  # type: ignore[no-untyped-def]
    return world.extra["amendment" if key == "draft_a" else key]


def _in_state(key: str, state: str):  # type: ignore[no-untyped-def]
    return lambda w: Amendment.objects.filter(pk=_amendment(w, key).pk, state=state).exists()


def _position_on(slug: str, stance: str = "support"):  # type: ignore[no-untyped-def]
    """The posted stance is the current position on the text's para_1 (there was none)."""
    return lambda w: Position.objects.filter(
        provision__text__slug=slug, provision__eid="para_1", superseded_at=None, stance=stance
    ).exists()


def _new_amendment_on(slug: str, eid: str):  # type: ignore[no-untyped-def]
    return lambda w: Amendment.objects.filter(
        text__slug=slug, provision__eid=eid, kind="delete", state="draft"
    ).exists()


def _silence_started(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: SilenceProcedure.objects.filter(text__slug=slug, outcome="running").exists()


def _silence_broken(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: SilenceBreak.objects.filter(procedure__text__slug=slug).exists()


def _silence_withdrawn(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: SilenceProcedure.objects.filter(text__slug=slug, outcome="withdrawn").exists()


def _adopted(w) -> bool:  # type: ignore[no-untyped-def]
    return Text.objects.filter(slug="agreed", adopted_at__isnull=False).exists()


def _issued(w) -> bool:  # type: ignore[no-untyped-def]
    return Text.objects.filter(slug="statement", outcome_report__isnull=False).exists()


# (text slug, amendment key, state, who may move it there)
MOVES = (
    ("statement", "draft_a", "submitted", ECONOMY_A),
    ("statement", "draft_a", "withdrawn", ECONOMY_A),
    ("statement", "submitted_b", "withdrawn", ECONOMY_B),
    ("statement", "submitted_b", "under_consideration", CHAIRS),
    ("statement", "submitted_b", "incorporated", CHAIRS),
    ("statement", "submitted_b", "not_retained", CHAIRS),
    ("roaming", "submitted_c", "withdrawn", ECONOMY_C),
    ("roaming", "submitted_c", "under_consideration", SECRETARIAT),
)


def _move_body(key: str, state: str):  # type: ignore[no-untyped-def]
    return lambda w: {
        "state": state,
        "version": Amendment.objects.get(pk=_amendment(w, key).pk).version,
    }


def _moves(url):  # type: ignore[no-untyped-def]
    return tuple(
        Check(
            "POST",
            url(slug, key),
            allowed,
            _move_body(key, state),
            effect=_in_state(key, state),
        )
        for slug, key, state, allowed in MOVES
    )


def _page_move_url(slug: str, key: str):  # type: ignore[no-untyped-def]
    return lambda w: reverse("negotiation:move_amendment", args=[slug, _amendment(w, key).pk])


def _api_move_url(slug: str, key: str):  # type: ignore[no-untyped-def]
    return lambda w: f"/api/negotiation/amendments/{_amendment(w, key).pk}/state"


def _silence_body(slug: str, fmt: str):  # type: ignore[no-untyped-def]
    def body(w):  # type: ignore[no-untyped-def]
        deadline = timezone.now() + timedelta(days=1)
        return {
            "version": _version(w, slug),
            "deadline": deadline.strftime(fmt) if fmt else deadline.isoformat(),
        }

    return body


def _versioned(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: {"version": _version(w, slug)}


BREAK = {"reason": "Instructions from capital."}


def _on(slug: str, *more):  # type: ignore[no-untyped-def]
    return (lambda w: slug, *(lambda w, m=m: m for m in more))


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
    "negotiation:map": (
        Check("GET", page("negotiation:map", *_on("statement")), MEMBERS_ONLY),
        Check("GET", page("negotiation:map", *_on("roaming")), FORUM_B),
    ),
    "negotiation:map_events": (
        Check("GET", page("negotiation:map_events", *_on("statement")), MEMBERS_ONLY),
        Check("GET", page("negotiation:map_events", *_on("roaming")), FORUM_B),
    ),
    "negotiation:map_row": (
        Check("GET", page("negotiation:map_row", *_on("statement", "para_1")), MEMBERS_ONLY),
        Check("GET", page("negotiation:map_row", *_on("roaming", "para_1")), FORUM_B),
    ),
    "negotiation:paragraph": (
        Check(
            "GET",
            page("negotiation:paragraph", *_on("statement", "para_2")),
            MEMBERS_ONLY,
            sees=Sees(items=_amendment_wordings, by_role=AMENDMENTS_SEEN),
        ),
        Check("GET", page("negotiation:paragraph", *_on("roaming", "para_1")), FORUM_B),
    ),
    "negotiation:state_position": (
        Check(
            "POST",
            page("negotiation:state_position", *_on("statement", "para_1")),
            HEADS,
            lambda w: {"stance": "support"},
            effect=_position_on("statement"),
        ),
        Check(
            "POST",
            page("negotiation:state_position", *_on("roaming", "para_1")),
            HEAD_C,
            lambda w: {"stance": "object"},
            effect=_position_on("roaming", "object"),
        ),
    ),
    "negotiation:amendments": (
        Check(
            "GET",
            page("negotiation:amendments", *_on("statement")),
            MEMBERS_ONLY,
            sees=Sees(items=_amendment_wordings, by_role=AMENDMENTS_SEEN),
        ),
        Check(
            "GET",
            page("negotiation:amendments", *_on("roaming")),
            FORUM_B,
            sees=Sees(
                items=lambda w: {"submitted_c": "Roaming at cost."},
                by_role={FORUM_B: {"submitted_c"}},
            ),
        ),
    ),
    "negotiation:propose_amendment": (
        Check(
            "POST",
            page("negotiation:propose_amendment", *_on("statement")),
            DELEGATIONS,
            lambda w: {"eid": "para_3", "kind": "delete", "justification": "Not needed."},
            effect=_new_amendment_on("statement", "para_3"),
        ),
        Check(
            "POST",
            page("negotiation:propose_amendment", *_on("roaming")),
            ECONOMY_C,
            lambda w: {"eid": "para_1", "kind": "delete", "justification": "Not needed."},
            effect=_new_amendment_on("roaming", "para_1"),
        ),
    ),
    "negotiation:move_amendment": _moves(_page_move_url),
    "negotiation:start_silence": (
        Check(
            "POST",
            page("negotiation:start_silence", *_on("statement")),
            CHAIRS,
            _silence_body("statement", "%Y-%m-%dT%H:%M"),
            effect=_silence_started("statement"),
        ),
        Check(
            "POST",
            page("negotiation:start_silence", *_on("roaming")),
            SECRETARIAT,
            _silence_body("roaming", "%Y-%m-%dT%H:%M"),
            effect=_silence_started("roaming"),
        ),
    ),
    "negotiation:break_silence": (
        Check(
            "POST",
            page("negotiation:break_silence", *_on("silent")),
            HEADS,
            lambda w: BREAK,
            effect=_silence_broken("silent"),
        ),
        Check(
            "POST",
            page("negotiation:break_silence", *_on("quiet")),
            HEAD_C,
            lambda w: BREAK,
            effect=_silence_broken("quiet"),
        ),
    ),
    "negotiation:withdraw_silence": (
        Check(
            "POST",
            page("negotiation:withdraw_silence", *_on("silent")),
            CHAIRS,
            _versioned("silent"),
            effect=_silence_withdrawn("silent"),
        ),
        Check(
            "POST",
            page("negotiation:withdraw_silence", *_on("quiet")),
            SECRETARIAT,
            _versioned("quiet"),
            effect=_silence_withdrawn("quiet"),
        ),
    ),
    "negotiation:adopt": Check(
        "POST",
        page("negotiation:adopt", *_on("agreed")),
        CHAIRS,
        _versioned("agreed"),
        effect=_adopted,
    ),
    "negotiation:chairs_statement": Check(
        "POST",
        page("negotiation:chairs_statement", *_on("statement")),
        CHAIRS,
        _versioned("statement"),
        effect=_issued,
    ),
    "negotiation:report": (
        Check("GET", page("negotiation:report", *_on("statement")), MEMBERS_ONLY),
        Check("GET", page("negotiation:report", *_on("roaming")), FORUM_B),
    ),
}

API = {
    "list_texts": Check(
        "GET",
        api("/negotiation/texts?limit=500"),
        EVERYONE,
        sees=Sees(items=_texts(lambda slug: slug), by_role=TEXTS_SEEN),
    ),
    "create_text": Check(
        "POST",
        api("/negotiation/texts"),
        SECRETARIAT,
        _text_body,
        effect=lambda w: Text.objects.filter(slug="chairs-summary", forum__slug="daib").exists(),
    ),
    "get_text": (
        Check("GET", api("/negotiation/texts/statement"), MEMBERS_ONLY),
        Check("GET", api("/negotiation/texts/roaming"), FORUM_B),
        Check("GET", api("/negotiation/texts/published"), EVERYONE),
    ),
    "get_text_version": (
        Check("GET", api("/negotiation/texts/statement/versions/1"), MEMBERS_ONLY),
        Check("GET", api("/negotiation/texts/roaming/versions/1"), FORUM_B),
    ),
    "export_version_akn": Check(
        "GET", api("/negotiation/texts/statement/versions/1/akn"), MEMBERS_ONLY
    ),
    "publish_version": (
        Check(
            "POST",
            api("/negotiation/texts/statement/versions"),
            CHAIRS,
            lambda w: {
                "kind": "rolling_text",
                "based_on": 1,
                "paragraphs": [{"eid": "para_1", "content": [{"text": "Revised."}]}],
            },
            effect=lambda w: Version.objects.filter(text__slug="statement", number=2).exists(),
        ),
        Check(
            "POST",
            api("/negotiation/texts/roaming/versions"),
            SECRETARIAT,
            lambda w: {
                "kind": "rolling_text",
                "based_on": 1,
                "paragraphs": [{"eid": "para_1", "content": [{"text": "Revised."}]}],
            },
            effect=lambda w: Version.objects.filter(text__slug="roaming", number=2).exists(),
        ),
    ),
    "get_consensus_map": (
        Check("GET", api("/negotiation/texts/statement/map"), MEMBERS_ONLY),
        Check("GET", api("/negotiation/texts/roaming/map"), FORUM_B),
    ),
    "state_position": (
        Check(
            "POST",
            api("/negotiation/texts/statement/positions"),
            HEADS,
            lambda w: {"eid": "para_1", "stance": "support", "based_on": None},
            effect=_position_on("statement"),
        ),
        Check(
            "POST",
            api("/negotiation/texts/roaming/positions"),
            HEAD_C,
            lambda w: {"eid": "para_1", "stance": "support", "based_on": None},
            effect=_position_on("roaming"),
        ),
    ),
    "list_paragraph_positions": (
        Check("GET", api("/negotiation/texts/statement/paragraphs/para_1/positions"), MEMBERS_ONLY),
        Check("GET", api("/negotiation/texts/roaming/paragraphs/para_1/positions"), FORUM_B),
    ),
    "list_amendments": (
        Check(
            "GET",
            api("/negotiation/texts/statement/amendments?limit=100"),
            MEMBERS_ONLY,
            sees=Sees(items=_amendment_ids, by_role=AMENDMENTS_SEEN),
        ),
        Check(
            "GET",
            api("/negotiation/texts/roaming/amendments?limit=100"),
            FORUM_B,
            sees=Sees(
                items=lambda w: {"submitted_c": w.extra["submitted_c"].pk},
                by_role={FORUM_B: {"submitted_c"}},
            ),
        ),
    ),
    "propose_amendment": (
        Check(
            "POST",
            api("/negotiation/texts/statement/amendments"),
            DELEGATIONS,
            lambda w: {"kind": "delete", "eid": "para_3", "justification": "Not needed."},
            effect=_new_amendment_on("statement", "para_3"),
        ),
        Check(
            "POST",
            api("/negotiation/texts/roaming/amendments"),
            ECONOMY_C,
            lambda w: {"kind": "delete", "eid": "para_1", "justification": "Not needed."},
            effect=_new_amendment_on("roaming", "para_1"),
        ),
    ),
    "move_amendment": _moves(_api_move_url),
    "adopt_text": Check(
        "POST",
        api("/negotiation/texts/agreed/adopt"),
        CHAIRS,
        _versioned("agreed"),
        effect=_adopted,
    ),
    "consensus_report": (
        Check("GET", api("/negotiation/texts/statement/report"), MEMBERS_ONLY),
        Check("GET", api("/negotiation/texts/roaming/report"), FORUM_B),
    ),
    "list_silence": (
        Check(
            "GET",
            api("/negotiation/texts/silent/silence"),
            MEMBERS_ONLY,
            sees=Sees(
                items=lambda w: {"silent": SilenceProcedure.objects.get(text__slug="silent").pk},
                by_role={FORUM_A: {"silent"}},
            ),
        ),
        Check(
            "GET",
            api("/negotiation/texts/quiet/silence"),
            FORUM_B,
            sees=Sees(
                items=lambda w: {"quiet": SilenceProcedure.objects.get(text__slug="quiet").pk},
                by_role={FORUM_B: {"quiet"}},
            ),
        ),
    ),
    "start_silence": (
        Check(
            "POST",
            api("/negotiation/texts/statement/silence"),
            CHAIRS,
            _silence_body("statement", ""),
            effect=_silence_started("statement"),
        ),
        Check(
            "POST",
            api("/negotiation/texts/roaming/silence"),
            SECRETARIAT,
            _silence_body("roaming", ""),
            effect=_silence_started("roaming"),
        ),
    ),
    "break_silence": (
        Check(
            "POST",
            api("/negotiation/texts/silent/silence/break"),
            HEADS,
            lambda w: BREAK,
            effect=_silence_broken("silent"),
        ),
        Check(
            "POST",
            api("/negotiation/texts/quiet/silence/break"),
            HEAD_C,
            lambda w: BREAK,
            effect=_silence_broken("quiet"),
        ),
    ),
    "withdraw_silence": (
        Check(
            "POST",
            api("/negotiation/texts/silent/silence/withdraw"),
            CHAIRS,
            _versioned("silent"),
            effect=_silence_withdrawn("silent"),
        ),
        Check(
            "POST",
            api("/negotiation/texts/quiet/silence/withdraw"),
            SECRETARIAT,
            _versioned("quiet"),
            effect=_silence_withdrawn("quiet"),
        ),
    ),
    "issue_as_chairs_statement": Check(
        "POST",
        api("/negotiation/texts/statement/chairs-statement"),
        CHAIRS,
        _versioned("statement"),
        effect=_issued,
    ),
}

PAGES.update(PAGES_OUTPUTS)
API.update(API_OUTPUTS)
