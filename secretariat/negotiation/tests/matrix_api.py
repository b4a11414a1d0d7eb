"""The negotiation API's matrix entries (merged into ``matrix.API``); see ``matrix.py``."""

from secretariat.negotiation.models import SilenceProcedure, Text, Version
from secretariat.testing.matrix import (
    ECONOMY_C,
    EVERYONE,
    FORUM_A,
    FORUM_B,
    MEMBERS_ONLY,
    SECRETARIAT,
    Check,
    Sees,
    api,
)

from .matrix_import import API_IMPORT
from .matrix_outputs import API_OUTPUTS
from .matrix_record import API_RECORD, add_checks
from .matrix_rules import (
    AMENDMENTS_SEEN,
    BREAK,
    CHAIRS,
    DELEGATIONS,
    HEAD_C,
    HEADS,
    TEXTS_SEEN,
    adopted,
    amendment_ids,
    api_move_url,
    issued,
    moves,
    new_amendment_on,
    position_on,
    silence_body,
    silence_broken,
    silence_started,
    silence_withdrawn,
    text_body,
    texts,
    versioned,
)

API = {
    "list_texts": Check(
        "GET",
        api("/negotiation/texts?limit=500"),
        EVERYONE,
        sees=Sees(items=texts(lambda slug: slug), by_role=TEXTS_SEEN),
    ),
    "create_text": Check(
        "POST",
        api("/negotiation/texts"),
        SECRETARIAT,
        text_body,
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
        Check(  # forum A's chair may read forum B's published text, not chair it
            "POST",
            api("/negotiation/texts/open-b/versions"),
            SECRETARIAT,
            lambda w: {
                "kind": "rolling_text",
                "based_on": 1,
                "paragraphs": [{"eid": "para_1", "content": [{"text": "Revised."}]}],
            },
            effect=lambda w: Version.objects.filter(text__slug="open-b", number=2).exists(),
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
            effect=position_on("statement"),
        ),
        Check(
            "POST",
            api("/negotiation/texts/roaming/positions"),
            HEAD_C,
            lambda w: {"eid": "para_1", "stance": "support", "based_on": None},
            effect=position_on("roaming"),
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
            sees=Sees(items=amendment_ids, by_role=AMENDMENTS_SEEN),
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
            effect=new_amendment_on("statement", "para_3"),
        ),
        Check(
            "POST",
            api("/negotiation/texts/roaming/amendments"),
            ECONOMY_C,
            lambda w: {"kind": "delete", "eid": "para_1", "justification": "Not needed."},
            effect=new_amendment_on("roaming", "para_1"),
        ),
    ),
    "move_amendment": moves(api_move_url),
    "adopt_text": Check(
        "POST",
        api("/negotiation/texts/agreed/adopt"),
        CHAIRS,
        versioned("agreed"),
        effect=adopted,
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
            silence_body("statement", ""),
            effect=silence_started("statement"),
        ),
        Check(
            "POST",
            api("/negotiation/texts/roaming/silence"),
            SECRETARIAT,
            silence_body("roaming", ""),
            effect=silence_started("roaming"),
        ),
    ),
    "break_silence": (
        Check(
            "POST",
            api("/negotiation/texts/silent/silence/break"),
            HEADS,
            lambda w: BREAK,
            effect=silence_broken("silent"),
        ),
        Check(
            "POST",
            api("/negotiation/texts/quiet/silence/break"),
            HEAD_C,
            lambda w: BREAK,
            effect=silence_broken("quiet"),
        ),
    ),
    "withdraw_silence": (
        Check(
            "POST",
            api("/negotiation/texts/silent/silence/withdraw"),
            CHAIRS,
            versioned("silent"),
            effect=silence_withdrawn("silent"),
        ),
        Check(
            "POST",
            api("/negotiation/texts/quiet/silence/withdraw"),
            SECRETARIAT,
            versioned("quiet"),
            effect=silence_withdrawn("quiet"),
        ),
    ),
    "issue_as_chairs_statement": Check(
        "POST",
        api("/negotiation/texts/statement/chairs-statement"),
        CHAIRS,
        versioned("statement"),
        effect=issued,
    ),
}


API.update(API_OUTPUTS)
API.update(API_IMPORT)
add_checks(API, API_RECORD)
