"""What the negotiation's matrix entries share: role sets, labelled list items, request bodies
and the effects that show a change is really there (each queries the database afresh)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from secretariat.negotiation.models import (
    Amendment,
    Position,
    SilenceBreak,
    SilenceProcedure,
    Text,
)
from secretariat.testing.matrix import (
    ECONOMY_A,
    ECONOMY_B,
    ECONOMY_C,
    EVERYONE,
    FORUM_A,
    FORUM_B,
    SECRETARIAT,
    Check,
)

from .matrix_world import WORDINGS

CHAIRS = frozenset({"chair", "secretariat"})
DELEGATIONS = frozenset({"delegate_a", "head_a", "delegate_b", "head_b"})
HEADS = frozenset({"head_a", "head_b"})  # the heads of delegation in forum A
HEAD_C = frozenset({"head_c"})  # the only head of delegation in forum B


def texts(url):  # type: ignore[no-untyped-def]
    """The texts lists' labelled items: each text's slug (API) or its page's URL (page)."""
    slugs = ("statement", "roaming", "published", "open-b")
    return lambda w: {slug: url(slug) for slug in slugs}


PUBLISHED = {"published", "open-b"}  # forum A's and forum B's: everyone reads them
TEXTS_SEEN = {
    EVERYONE: PUBLISHED,
    FORUM_A: PUBLISHED | {"statement"},
    FORUM_B: PUBLISHED | {"roaming"},
    "secretariat": PUBLISHED | {"statement", "roaming"},
}
# Never submitted (a draft, or a draft withdrawn): its economy's own. Submitted: all of forum A.
AMENDMENTS_SEEN = {FORUM_A: {"submitted_b"}, ECONOMY_A: {"draft_a", "withdrawn_a", "submitted_b"}}
AMENDMENT_KEYS = ("draft_a", "withdrawn_a", "submitted_b")


def amendment_ids(w):  # type: ignore[no-untyped-def]
    return {key: amendment(w, key).pk for key in AMENDMENT_KEYS}


def amendment_wordings(w):  # type: ignore[no-untyped-def]
    return {key: WORDINGS[key] for key in AMENDMENT_KEYS}


def text_body(world):  # type: ignore[no-untyped-def]
    return {
        "forum": "daib",
        "slug": "chairs-summary",
        "kind": "chairs_summary",
        "title": {"en": {"text": "Chair's summary", "status": "original"}},
        "paragraphs": [{"content": [{"text": "The chair thanks the host."}]}],
    }


def version(world, slug: str) -> int:  # type: ignore[no-untyped-def]
    return Text.objects.get(slug=slug).version


def amendment(world, key: str) -> Amendment:  # type: ignore[no-untyped-def]
    return world.extra["amendment" if key == "draft_a" else key]


def in_state(key: str, state: str):  # type: ignore[no-untyped-def]
    return lambda w: Amendment.objects.filter(pk=amendment(w, key).pk, state=state).exists()


def position_on(slug: str, stance: str = "support"):  # type: ignore[no-untyped-def]
    """The posted stance is the current position on the text's para_1 (there was none)."""
    return lambda w: Position.objects.filter(
        provision__text__slug=slug, provision__eid="para_1", superseded_at=None, stance=stance
    ).exists()


def new_amendment_on(slug: str, eid: str):  # type: ignore[no-untyped-def]
    return lambda w: Amendment.objects.filter(
        text__slug=slug, provision__eid=eid, kind="delete", state="draft"
    ).exists()


def silence_started(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: SilenceProcedure.objects.filter(text__slug=slug, outcome="running").exists()


def silence_broken(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: SilenceBreak.objects.filter(procedure__text__slug=slug).exists()


def silence_withdrawn(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: SilenceProcedure.objects.filter(text__slug=slug, outcome="withdrawn").exists()


def adopted(w) -> bool:  # type: ignore[no-untyped-def]
    return Text.objects.filter(slug="agreed", adopted_at__isnull=False).exists()


def issued(w) -> bool:  # type: ignore[no-untyped-def]
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


def move_body(key: str, state: str):  # type: ignore[no-untyped-def]
    return lambda w: {
        "state": state,
        "version": Amendment.objects.get(pk=amendment(w, key).pk).version,
    }


def moves(url):  # type: ignore[no-untyped-def]
    return tuple(
        Check(
            "POST",
            url(slug, key),
            allowed,
            move_body(key, state),
            effect=in_state(key, state),
        )
        for slug, key, state, allowed in MOVES
    )


def page_move_url(slug: str, key: str):  # type: ignore[no-untyped-def]
    return lambda w: reverse("negotiation:move_amendment", args=[slug, amendment(w, key).pk])


def api_move_url(slug: str, key: str):  # type: ignore[no-untyped-def]
    return lambda w: f"/api/negotiation/amendments/{amendment(w, key).pk}/state"


def silence_body(slug: str, fmt: str):  # type: ignore[no-untyped-def]
    def body(w):  # type: ignore[no-untyped-def]
        deadline = timezone.now() + timedelta(days=1)
        return {
            "version": version(w, slug),
            "deadline": deadline.strftime(fmt) if fmt else deadline.isoformat(),
        }

    return body


def versioned(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: {"version": version(w, slug)}


BREAK = {"reason": "Instructions from capital."}


def on(slug: str, *more):  # type: ignore[no-untyped-def]
    return (lambda w: slug, *(lambda w, m=m: m for m in more))
