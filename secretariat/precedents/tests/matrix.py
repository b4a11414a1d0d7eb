"""Permission-matrix entries of the precedent finder (merged by secretariat.testing.matrix).

The world gains three adopted texts, each with one agreed paragraph: "precedent-open"
(forum A, published: everyone's precedent), "precedent-closed" (forum A, restricted: forum
A's) and "precedent-forum-b" (forum B, restricted: forum B's). Only these are embedded, so
the finder's answers are exactly them, filtered by who asks."""

from secretariat.negotiation.models import Amendment
from secretariat.negotiation.tests.matrix_rules import DELEGATIONS
from secretariat.precedents import services
from secretariat.precedents.models import ParagraphEmbedding
from secretariat.testing.checks import (
    ECONOMY_C,
    EVERYONE,
    FORUM_A,
    FORUM_B,
    SECRETARIAT,
    Check,
    Sees,
    api,
    page,
)

from .factories import adopted_text

WORDINGS = {
    "open": "We promote interoperable zephyr frameworks for data flows.",
    "closed": "We cooperate on zephyr incident response in forum A.",
    "forum_b": "We harmonise zephyr roaming charges in forum B.",
}
SEEN = {
    EVERYONE: {"open"},
    FORUM_A: {"open", "closed"},
    FORUM_B: {"open", "forum_b"},
    SECRETARIAT: {"open", "closed", "forum_b"},
}


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    texts = {
        "open": adopted_text(world, "precedent-open", [WORDINGS["open"]]),
        "closed": adopted_text(world, "precedent-closed", [WORDINGS["closed"]], published=False),
        "forum_b": adopted_text(
            world,
            "precedent-forum-b",
            [WORDINGS["forum_b"]],
            published=False,
            forum=world.other_forum,
        ),
    }
    for text in texts.values():
        services.index_text(text.pk)
    world.extra["precedents"] = {
        label: ParagraphEmbedding.objects.get(text=text).paragraph_id
        for label, text in texts.items()
    }


def _ids(world):  # type: ignore[no-untyped-def]
    return dict(world.extra["precedents"])


def _panel(slug: str, eid: str):  # type: ignore[no-untyped-def]
    url = page("precedents:panel", lambda w: slug, lambda w: eid)
    return lambda w: url(w) + "?q=zephyr"


def _inserted(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: Amendment.objects.filter(
        text__slug=slug, proposed_text=WORDINGS["open"]
    ).exists()


def _insert(slug: str, eid: str, allowed):  # type: ignore[no-untyped-def]
    return Check(
        "POST",
        page("precedents:insert", lambda w: slug, lambda w: eid),
        allowed,
        lambda w: {"precedent": w.extra["precedents"]["open"]},
        effect=_inserted(slug),
    )


PAGES = {
    "precedents:panel": (
        Check(
            "GET",
            _panel("statement", "para_2"),
            FORUM_A,
            sees=Sees(items=lambda w: dict(WORDINGS), by_role=SEEN),
        ),
        Check("GET", _panel("roaming", "para_1"), FORUM_B),
    ),
    "precedents:insert": (
        _insert("statement", "para_2", DELEGATIONS),
        _insert("roaming", "para_1", ECONOMY_C),
    ),
}

API = {
    "find_precedents": Check(
        "GET",
        api("/negotiation/precedents?q=zephyr&limit=50"),
        EVERYONE,
        sees=Sees(items=_ids, by_role=SEEN),
    ),
}
