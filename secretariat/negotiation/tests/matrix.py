"""Permission-matrix entries of the negotiation app (merged by secretariat.testing.matrix).

The world (``matrix_world.py``) holds restricted texts of forum A ("statement", "agreed",
"silent") and of forum B ("roaming", "quiet"), a published one; on "statement" economy A's
draft amendment, its draft withdrawn unsubmitted and economy B's submitted one; reservations of
economy A (forum A) and economy C (forum B). Entries that act on both fora are tuples: forum
B's head and delegate must be refused forum A's things, and act on their own. The negotiating
record's checks (an adopted text whose record forum A alone reads, and its derestricted twin)
are in ``matrix_record.py`` and appended to the same routes' entries."""

from django.urls import reverse

from secretariat.testing.matrix import (
    ECONOMY_C,
    EVERYONE,
    FORUM_A,
    FORUM_B,
    MEMBERS_ONLY,
    SECRETARIAT,
    Check,
    Sees,
    page,
)

from . import matrix_composer
from .matrix_api import API as API
from .matrix_import import PAGES_IMPORT
from .matrix_outputs import PAGES_OUTPUTS
from .matrix_record import PAGES_RECORD, add_checks
from .matrix_rules import (
    AMENDMENTS_SEEN,
    BREAK,
    CHAIRS,
    DELEGATIONS,
    HEAD_C,
    HEADS,
    TEXTS_SEEN,
    adopted,
    amendment_wordings,
    issued,
    moves,
    new_amendment_on,
    on,
    page_move_url,
    position_on,
    silence_body,
    silence_broken,
    silence_started,
    silence_withdrawn,
    texts,
    versioned,
)
from .matrix_world import extend_world as extend_base_world

# The text page's "open proposals" per paragraph (para_1 and para_3 have none).
OPEN_COUNTS = {"submitted_only": "1 open proposal\n", "drafts_counted": "3 open proposals"}

# The outstanding list of "statement": its three paragraphs, none agreed, para_3 bracketed
# for economy B.
OUTSTANDING = {
    f"para_{n}": f'<a href="/en/negotiation/statement/paragraphs/para_{n}/">{n}</a>'
    for n in (1, 2, 3)
} | {"holder": "<td>US</td>"}

PAGES = {
    "negotiation:texts": Check(
        "GET",
        page("negotiation:texts"),
        EVERYONE,
        sees=Sees(
            items=texts(lambda slug: reverse("negotiation:text", args=[slug])),
            by_role=TEXTS_SEEN,
        ),
    ),
    "negotiation:text": (
        Check(
            "GET",
            page("negotiation:text", lambda w: "statement"),
            MEMBERS_ONLY,
            # para_2's count: economy B's submitted proposal, never economy A's drafts.
            sees=Sees(items=lambda w: OPEN_COUNTS, by_role={FORUM_A: {"submitted_only"}}),
        ),
        Check("GET", page("negotiation:text", lambda w: "roaming"), FORUM_B),
        Check("GET", page("negotiation:text", lambda w: "published"), EVERYONE),
    ),
    "negotiation:map": (
        Check("GET", page("negotiation:map", *on("statement")), MEMBERS_ONLY),
        Check("GET", page("negotiation:map", *on("roaming")), FORUM_B),
    ),
    "negotiation:map_events": (
        Check("GET", page("negotiation:map_events", *on("statement")), MEMBERS_ONLY),
        Check("GET", page("negotiation:map_events", *on("roaming")), FORUM_B),
    ),
    "negotiation:map_row": (
        Check("GET", page("negotiation:map_row", *on("statement", "para_1")), MEMBERS_ONLY),
        Check("GET", page("negotiation:map_row", *on("roaming", "para_1")), FORUM_B),
    ),
    "negotiation:paragraph": (
        Check(
            "GET",
            page("negotiation:paragraph", *on("statement", "para_2")),
            MEMBERS_ONLY,
            sees=Sees(items=amendment_wordings, by_role=AMENDMENTS_SEEN),
        ),
        Check("GET", page("negotiation:paragraph", *on("roaming", "para_1")), FORUM_B),
    ),
    "negotiation:state_position": (
        Check(
            "POST",
            page("negotiation:state_position", *on("statement", "para_1")),
            HEADS,
            lambda w: {"stance": "support"},
            effect=position_on("statement"),
        ),
        Check(
            "POST",
            page("negotiation:state_position", *on("roaming", "para_1")),
            HEAD_C,
            lambda w: {"stance": "object"},
            effect=position_on("roaming", "object"),
        ),
    ),
    "negotiation:amendments": (
        Check(
            "GET",
            page("negotiation:amendments", *on("statement")),
            MEMBERS_ONLY,
            sees=Sees(items=amendment_wordings, by_role=AMENDMENTS_SEEN),
        ),
        Check(
            "GET",
            page("negotiation:amendments", *on("roaming")),
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
            page("negotiation:propose_amendment", *on("statement")),
            DELEGATIONS,
            lambda w: {"eid": "para_3", "kind": "delete", "justification": "Not needed."},
            effect=new_amendment_on("statement", "para_3"),
        ),
        Check(
            "POST",
            page("negotiation:propose_amendment", *on("roaming")),
            ECONOMY_C,
            lambda w: {"eid": "para_1", "kind": "delete", "justification": "Not needed."},
            effect=new_amendment_on("roaming", "para_1"),
        ),
    ),
    "negotiation:move_amendment": moves(page_move_url),
    "negotiation:start_silence": (
        Check(
            "POST",
            page("negotiation:start_silence", *on("statement")),
            CHAIRS,
            silence_body("statement", "%Y-%m-%dT%H:%M"),
            effect=silence_started("statement"),
        ),
        Check(
            "POST",
            page("negotiation:start_silence", *on("roaming")),
            SECRETARIAT,
            silence_body("roaming", "%Y-%m-%dT%H:%M"),
            effect=silence_started("roaming"),
        ),
    ),
    "negotiation:break_silence": (
        Check(
            "POST",
            page("negotiation:break_silence", *on("silent")),
            HEADS,
            lambda w: BREAK,
            effect=silence_broken("silent"),
        ),
        Check(
            "POST",
            page("negotiation:break_silence", *on("quiet")),
            HEAD_C,
            lambda w: BREAK,
            effect=silence_broken("quiet"),
        ),
    ),
    "negotiation:withdraw_silence": (
        Check(
            "POST",
            page("negotiation:withdraw_silence", *on("silent")),
            CHAIRS,
            versioned("silent"),
            effect=silence_withdrawn("silent"),
        ),
        Check(
            "POST",
            page("negotiation:withdraw_silence", *on("quiet")),
            SECRETARIAT,
            versioned("quiet"),
            effect=silence_withdrawn("quiet"),
        ),
    ),
    "negotiation:adopt": Check(
        "POST",
        page("negotiation:adopt", *on("agreed")),
        CHAIRS,
        versioned("agreed"),
        effect=adopted,
    ),
    "negotiation:chairs_statement": Check(
        "POST",
        page("negotiation:chairs_statement", *on("statement")),
        CHAIRS,
        versioned("statement"),
        effect=issued,
    ),
    # What stands between the text and adoption: the chair of its forum and the secretariat.
    "negotiation:outstanding": (
        Check(
            "GET",
            page("negotiation:outstanding", *on("statement")),
            CHAIRS,
            sees=Sees(items=lambda w: OUTSTANDING, by_role={CHAIRS: set(OUTSTANDING)}),
        ),
        Check("GET", page("negotiation:outstanding", *on("roaming")), SECRETARIAT),
    ),
    "negotiation:report": (
        Check("GET", page("negotiation:report", *on("statement")), MEMBERS_ONLY),
        Check("GET", page("negotiation:report", *on("roaming")), FORUM_B),
    ),
}


PAGES.update(PAGES_OUTPUTS)
PAGES.update(PAGES_IMPORT)
PAGES.update(matrix_composer.PAGES_COMPOSER)
add_checks(PAGES, PAGES_RECORD)


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    extend_base_world(world)
    matrix_composer.extend_world(world)
