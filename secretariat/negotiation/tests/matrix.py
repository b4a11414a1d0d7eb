"""Permission-matrix entries of the negotiation app (merged by secretariat.testing.matrix)."""

from secretariat.negotiation import services
from secretariat.negotiation.choices import AmendmentKind
from secretariat.testing.matrix import (
    ECONOMY_A,
    EVERYONE,
    MEMBERS_ONLY,
    SECRETARIAT,
    Check,
    api,
    page,
)

from .factories import make_text

CHAIRS = frozenset({"chair", "secretariat"})
DELEGATIONS = frozenset({"delegate_a", "head_a", "delegate_b"})
HEADS = frozenset({"head_a"})


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    text = make_text(world)
    world.extra["text"] = text
    world.extra["amendment"] = services.propose_amendment(
        actor=world.users["delegate_a"],
        text=text,
        delegation=world.delegation_a,
        kind=AmendmentKind.REPLACE,
        eid="para_2",
        proposed_text="We welcome AI.",
        justification="Shorter.",
    )


def _text_body(world):  # type: ignore[no-untyped-def]
    return {
        "forum": "daib",
        "slug": "chairs-summary",
        "kind": "chairs_summary",
        "title": {"en": {"text": "Chair's summary", "status": "original"}},
        "paragraphs": [{"content": [{"text": "The chair thanks the host."}]}],
    }


PAGES = {
    "negotiation:texts": Check("GET", page("negotiation:texts"), EVERYONE),
    "negotiation:text": Check("GET", page("negotiation:text", lambda w: "statement"), MEMBERS_ONLY),
    "negotiation:map": Check("GET", page("negotiation:map", lambda w: "statement"), MEMBERS_ONLY),
}

API = {
    "list_texts": Check("GET", api("/negotiation/texts"), EVERYONE),
    "create_text": Check("POST", api("/negotiation/texts"), SECRETARIAT, _text_body),
    "get_text": Check("GET", api("/negotiation/texts/statement"), MEMBERS_ONLY),
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
}
