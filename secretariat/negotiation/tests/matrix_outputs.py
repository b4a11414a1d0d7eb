"""Matrix entries for the negotiation's outputs: redlines, exports and reservations
(api_outputs.py, views_outputs.py). Everyone who reads a text reads its reservations; its
economy's head of delegation, or the secretariat on its behalf, writes them."""

from django.urls import reverse

from secretariat.negotiation.models import Reservation
from secretariat.testing.matrix import FORUM_A, FORUM_B, MEMBERS_ONLY, Check, Sees, api, page

from .matrix_world import RESERVATIONS

HEAD_A_OR_SECRETARIAT = frozenset({"head_a", "secretariat"})
HEAD_C_OR_SECRETARIAT = frozenset({"head_c", "secretariat"})
# Each text's reservations list shows that text's only (forum B's never on forum A's text).
RESERVATIONS_ON = {
    "statement": ({FORUM_A: {"reservation_a"}}, MEMBERS_ONLY),
    "roaming": ({FORUM_B: {"reservation_c"}}, FORUM_B),
}


def _reservation_ids(w):  # type: ignore[no-untyped-def]
    return {
        "reservation_a": w.extra["reservation"].pk,
        "reservation_c": w.extra["reservation_c"].pk,
    }


def _reservation_body(economy: str, eid: str):  # type: ignore[no-untyped-def]
    return lambda w: {
        "economy": economy,
        "eid": eid,
        "kind": "interpretive_statement",
        "statement": {"en": {"text": f"{economy} reads this as voluntary.", "status": "original"}},
    }


def _entered(slug: str, eid: str):  # type: ignore[no-untyped-def]
    return lambda w: Reservation.objects.filter(
        text__slug=slug, provision__eid=eid, kind="interpretive_statement"
    ).exists()


def _key(key: str) -> str:
    return "reservation" if key == "reservation_a" else key


def _withdrawn(key: str):  # type: ignore[no-untyped-def]
    return lambda w: Reservation.objects.filter(
        pk=w.extra[_key(key)].pk, withdrawn_at__isnull=False
    ).exists()


def _reinterpreted(key: str):  # type: ignore[no-untyped-def]
    return lambda w: Reservation.objects.filter(
        pk=w.extra[_key(key)].pk, kind="interpretive_statement"
    ).exists()


def _api_reservation(key: str, tail: str = ""):  # type: ignore[no-untyped-def]
    return lambda w: f"/api/negotiation/reservations/{w.extra[_key(key)].pk}{tail}"


def _page_withdraw(slug: str, key: str):  # type: ignore[no-untyped-def]
    return lambda w: reverse("negotiation:withdraw_reservation", args=[slug, w.extra[_key(key)].pk])


PAGES_OUTPUTS = {
    "negotiation:redline": (
        Check("GET", page("negotiation:redline", lambda w: "statement"), MEMBERS_ONLY),
        Check("GET", page("negotiation:redline", lambda w: "roaming"), FORUM_B),
    ),
    "negotiation:reservations": tuple(
        Check(
            "GET",
            page("negotiation:reservations", lambda w, slug=slug: slug),
            allowed,
            sees=Sees(items=lambda w: RESERVATIONS, by_role=seen),
        )
        for slug, (seen, allowed) in RESERVATIONS_ON.items()
    ),
    "negotiation:withdraw_reservation": (
        Check(
            "POST",
            _page_withdraw("statement", "reservation_a"),
            HEAD_A_OR_SECRETARIAT,
            lambda w: {"version": 1},
            effect=_withdrawn("reservation_a"),
        ),
        Check(
            "POST",
            _page_withdraw("roaming", "reservation_c"),
            HEAD_C_OR_SECRETARIAT,
            lambda w: {"version": 1},
            effect=_withdrawn("reservation_c"),
        ),
    ),
}

API_OUTPUTS = {
    "get_redline": (
        Check("GET", api("/negotiation/texts/statement/redline?a=1&b=1"), MEMBERS_ONLY),
        Check("GET", api("/negotiation/texts/roaming/redline?a=1&b=1"), FORUM_B),
    ),
    "export_version_html": (
        Check("GET", api("/negotiation/texts/statement/versions/1/html"), MEMBERS_ONLY),
        Check("GET", api("/negotiation/texts/roaming/versions/1/html"), FORUM_B),
    ),
    "export_version_pdf": Check(
        "GET", api("/negotiation/texts/statement/versions/1/pdf"), MEMBERS_ONLY
    ),
    "export_version_docx": (
        Check("GET", api("/negotiation/texts/statement/versions/1/docx"), MEMBERS_ONLY),
        Check("GET", api("/negotiation/texts/roaming/versions/1/docx"), FORUM_B),
    ),
    "list_reservations": tuple(
        Check(
            "GET",
            api(f"/negotiation/texts/{slug}/reservations"),
            allowed,
            sees=Sees(items=_reservation_ids, by_role=seen),
        )
        for slug, (seen, allowed) in RESERVATIONS_ON.items()
    ),
    "enter_reservation": (
        Check(
            "POST",
            api("/negotiation/texts/statement/reservations"),
            HEAD_A_OR_SECRETARIAT,
            _reservation_body("KR", "para_2"),
            effect=_entered("statement", "para_2"),
        ),
        Check(  # a head enters for their own economy only, even at the same table
            "POST",
            api("/negotiation/texts/statement/reservations"),
            frozenset({"head_b", "secretariat"}),
            _reservation_body("US", "para_3"),
            effect=_entered("statement", "para_3"),
        ),
        Check(
            "POST",
            api("/negotiation/texts/roaming/reservations"),
            HEAD_C_OR_SECRETARIAT,
            _reservation_body("JP", "para_1"),
            effect=_entered("roaming", "para_1"),
        ),
    ),
    "get_reservation": (
        Check("GET", _api_reservation("reservation_a"), MEMBERS_ONLY),
        Check("GET", _api_reservation("reservation_c"), FORUM_B),
    ),
    "update_reservation": (
        Check(
            "PATCH",
            _api_reservation("reservation_a"),
            HEAD_A_OR_SECRETARIAT,
            lambda w: {"version": 1, "kind": "interpretive_statement"},
            effect=_reinterpreted("reservation_a"),
        ),
        Check(
            "PATCH",
            _api_reservation("reservation_c"),
            HEAD_C_OR_SECRETARIAT,
            lambda w: {"version": 1, "kind": "interpretive_statement"},
            effect=_reinterpreted("reservation_c"),
        ),
    ),
    "withdraw_reservation": (
        Check(
            "POST",
            _api_reservation("reservation_a", "/withdraw"),
            HEAD_A_OR_SECRETARIAT,
            lambda w: {"version": 1},
            effect=_withdrawn("reservation_a"),
        ),
        Check(
            "POST",
            _api_reservation("reservation_c", "/withdraw"),
            HEAD_C_OR_SECRETARIAT,
            lambda w: {"version": 1},
            effect=_withdrawn("reservation_c"),
        ),
    ),
}
