"""Matrix entries for the version composer (views_composer.py): the chair of the owning forum
and the secretariat compose; delegates, members of another forum and visitors are refused.

The world has a draft of forum A's "statement" (started by its chair) and of forum B's
"roaming" (started by the secretariat); forum A's chair reads forum B's published "open-b"
but does not chair it, so it may not start a draft of it."""

from typing import Any

from django.urls import reverse

from secretariat.negotiation import composer
from secretariat.negotiation.models import Text, Version, VersionDraft
from secretariat.testing.matrix import SECRETARIAT, Check

from .matrix_rules import CHAIRS


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    for slug, role in (("statement", "chair"), ("roaming", "secretariat")):
        composer.start_draft(actor=world.users[role], text=Text.objects.get(slug=slug))


def _url(name: str, slug: str, *args: str):  # type: ignore[no-untyped-def]
    return lambda w: reverse(f"negotiation:{name}", args=[slug, *args])


def _draft(slug: str) -> VersionDraft | None:
    return VersionDraft.objects.filter(text__slug=slug).first()


def _body(slug: str, **fields: Any):  # type: ignore[no-untyped-def]
    """The draft's version as the page showed it, and the form's fields."""
    return lambda w: {"version": VersionDraft.objects.get(text__slug=slug).version, **fields}


def _keys(slug: str) -> list[str]:
    draft = _draft(slug)
    return [item["key"] for item in draft.paragraphs] if draft else []


def _worded(slug: str, words: str):  # type: ignore[no-untyped-def]
    def effect(w) -> bool:  # type: ignore[no-untyped-def]
        draft = _draft(slug)
        return draft is not None and any(
            segment.get("bracket") == words
            for item in draft.paragraphs
            for segment in item["content"]
        )

    return effect


def _changed(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: VersionDraft.objects.filter(text__slug=slug, version__gt=1).exists()


def _started(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: VersionDraft.objects.filter(text__slug=slug).exists()


def _published(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: Version.objects.filter(text__slug=slug, number=2).exists()


def _discarded(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: not VersionDraft.objects.filter(text__slug=slug).exists()


WORDING = {"markup": "We met in [Busan].", "num": "1", "span-holders-1": "Busan"}

PAGES_COMPOSER = {
    "negotiation:compose": (
        Check("GET", _url("compose", "statement"), CHAIRS),
        Check("GET", _url("compose", "roaming"), SECRETARIAT),
        Check("GET", _url("compose", "open-b"), SECRETARIAT),  # forum A's chair: read only
    ),
    "negotiation:compose_start": (
        Check("POST", _url("compose_start", "agreed"), CHAIRS, effect=_started("agreed")),
        Check("POST", _url("compose_start", "open-b"), SECRETARIAT, effect=_started("open-b")),
    ),
    "negotiation:compose_paragraph": (
        Check("GET", _url("compose_paragraph", "statement", "para_1"), CHAIRS),
        Check(
            "POST",
            _url("compose_paragraph", "statement", "para_1"),
            CHAIRS,
            _body("statement", **WORDING, **{"holders-1": "KR"}),
            effect=_worded("statement", "Busan"),
        ),
        Check(
            "POST",
            _url("compose_paragraph", "roaming", "para_1"),
            SECRETARIAT,
            _body("roaming", **WORDING),
            effect=_worded("roaming", "Busan"),
        ),
    ),
    "negotiation:compose_holders": (
        Check(
            "POST",
            _url("compose_holders", "statement", "para_1"),
            CHAIRS,
            lambda w: {"markup": "We met in [Busan]."},
        ),
        Check(
            "POST",
            _url("compose_holders", "roaming", "para_1"),
            SECRETARIAT,
            lambda w: {"markup": "Roaming [at cost]."},
        ),
    ),
    "negotiation:compose_add": (
        Check(
            "POST",
            _url("compose_add", "statement"),
            CHAIRS,
            _body("statement", after="para_1"),
            effect=lambda w: _keys("statement")[1:2] == ["new-1"],
        ),
        Check(
            "POST",
            _url("compose_add", "roaming"),
            SECRETARIAT,
            _body("roaming", part="annex"),
            effect=lambda w: len(_keys("roaming")) == 2,
        ),
    ),
    "negotiation:compose_delete": Check(
        "POST",
        _url("compose_delete", "statement"),
        CHAIRS,
        _body("statement", key="para_2"),
        effect=lambda w: _keys("statement") == ["para_1", "para_3"],
    ),
    "negotiation:compose_move": Check(
        "POST",
        _url("compose_move", "statement"),
        CHAIRS,
        _body("statement", key="para_2", direction="up"),
        effect=lambda w: _keys("statement")[:2] == ["para_2", "para_1"],
    ),
    "negotiation:compose_renumber": (
        Check(
            "POST",
            _url("compose_renumber", "statement"),
            CHAIRS,
            _body("statement"),
            effect=_changed("statement"),
        ),
        Check(
            "POST",
            _url("compose_renumber", "roaming"),
            SECRETARIAT,
            _body("roaming"),
            effect=_changed("roaming"),
        ),
    ),
    "negotiation:compose_preview": (
        Check("GET", _url("compose_preview", "statement"), CHAIRS),
        Check("GET", _url("compose_preview", "roaming"), SECRETARIAT),
    ),
    "negotiation:compose_publish": (
        Check(
            "POST",
            _url("compose_publish", "statement"),
            CHAIRS,
            _body("statement", kind="rolling_text", note="Second reading."),
            effect=_published("statement"),
        ),
        Check(
            "POST",
            _url("compose_publish", "roaming"),
            SECRETARIAT,
            _body("roaming", kind="chairs_text"),
            effect=_published("roaming"),
        ),
    ),
    "negotiation:compose_discard": Check(
        "POST",
        _url("compose_discard", "statement"),
        CHAIRS,
        _body("statement"),
        effect=_discarded("statement"),
    ),
}
