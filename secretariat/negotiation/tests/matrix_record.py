"""The negotiating record in the permission matrix (ADR 0020): forum A's adopted, published
text "outcome" keeps its record (positions and reasons, proposals, the map and its live
stream, the report, version 1 and redlines) with forum A; its twin "opened" had its record
derestricted by the secretariat, so everyone reads it. Both show everyone their wording
(version 2) and the reservation that is part of the outcome; the withdrawn one is record.

Entries here are added to the checks of the same route in ``matrix.py`` / ``matrix_api.py``."""

from django.urls import reverse

from secretariat.negotiation import services, services_record, services_reservations
from secretariat.negotiation.choices import AmendmentKind, AmendmentState, Classification
from secretariat.negotiation.models import Amendment, Text
from secretariat.testing.checks import EVERYONE, FORUM_A, SECRETARIAT, Check, Sees, api, page

from .factories import make_text, paragraph

# Who sees each text's record.
RECORD_OF = {"outcome": FORUM_A, "opened": EVERYONE}
NEEDLES = {
    "wording": "We will meet again in 2027.",  # version 2 of para_2: the outcome
    "reason": "Capital accepts the date.",  # economy B's reason for supporting para_2
    "proposal": "We will meet again in 2026.",  # economy B's proposal, not retained
    "standing": "Korea reads paragraph 2 as a plan.",  # a reservation of the outcome
    "withdrawn": "The United States reserves on paragraph 1.",  # withdrawn: record only
}
DECISION = "DAIB decision 2026/3"


def _concluded(world, slug: str):  # type: ignore[no-untyped-def]
    """Adopted and published after two versions, positions, a proposal not retained and two
    reservations (one withdrawn)."""
    text = make_text(
        world,
        slug=slug,
        paragraphs=[
            paragraph("We agree on the outcome.", num="1"),
            {
                "num": "2",
                "content": [{"text": "We will meet "}, {"bracket": "again", "holders": ["US"]}],
            },
        ],
    )
    chair, secretariat = world.users["chair"], world.users["secretariat"]
    services.publish_version(
        actor=chair,
        text=text,
        kind="clean_text",
        based_on=1,
        paragraphs=[
            {"eid": "para_1", "num": "1", "content": [{"text": "We agree on the outcome."}]},
            {"eid": "para_2", "num": "2", "content": [{"text": NEEDLES["wording"]}]},
        ],
    )
    proposal = services.propose_amendment(
        actor=world.users["delegate_b"],
        text=text,
        delegation=world.delegation_b,
        kind=AmendmentKind.REPLACE,
        eid="para_2",
        proposed_text=NEEDLES["proposal"],
        justification="Sooner.",
    )
    for state, actor in ((AmendmentState.SUBMITTED, "delegate_b"), ("not_retained", "chair")):
        services.move_amendment(
            actor=world.users[actor],
            amendment=proposal,
            to_state=state,
            version=Amendment.objects.get(pk=proposal.pk).version,
        )
    for role, delegation in (("head_a", world.delegation_a), ("head_b", world.delegation_b)):
        for eid in ("para_1", "para_2"):
            services.state_position(
                actor=world.users[role],
                text=text,
                delegation=delegation,
                eid=eid,
                stance="support",
                based_on=None,
                reason=NEEDLES["reason"] if role == "head_b" and eid == "para_2" else "",
            )
    text.refresh_from_db()
    services.adopt_text(actor=chair, text=text, version=text.version, publish=True)
    standing, withdrawn = [
        services_reservations.enter_reservation(
            actor=secretariat,
            text=text,
            delegation=delegation,
            kind="reservation",
            statement={"en": {"text": NEEDLES[key], "status": "original"}},
            eid=eid,
        )
        for key, delegation, eid in (
            ("standing", world.delegation_a, "para_2"),
            ("withdrawn", world.delegation_b, "para_1"),
        )
    ]
    services_reservations.withdraw_reservation(
        actor=secretariat, reservation=withdrawn, version=withdrawn.version
    )
    world.extra[f"{slug}_proposal"] = proposal
    world.extra[f"{slug}_standing"] = standing
    world.extra[f"{slug}_withdrawn"] = withdrawn
    return Text.objects.get(pk=text.pk)


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    _concluded(world, "outcome")
    opened = _concluded(world, "opened")
    assert opened.classification == Classification.PUBLISHED
    services_record.derestrict_record(
        actor=world.users["secretariat"], text=opened, decision=DECISION, version=opened.version
    )


def _needles(*keys: str):  # type: ignore[no-untyped-def]
    return lambda w: {key: NEEDLES[key] for key in keys}


LINKS = ("wording", "map_link", "dossier_link", "redline_link")


def _links(slug: str):  # type: ignore[no-untyped-def]
    """What the text page shows of the record: links to the map and to a paragraph's dossier
    (positions and proposals), and the wording everyone reads."""
    return lambda w: {
        "wording": NEEDLES["wording"],
        "map_link": reverse("negotiation:map", args=[slug]),
        "dossier_link": reverse("negotiation:paragraph", args=[slug, "para_1"]),
        "redline_link": reverse("negotiation:redline", args=[slug]),
    }


def _reservation_ids(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: {
        "standing": w.extra[f"{slug}_standing"].pk,
        "withdrawn": w.extra[f"{slug}_withdrawn"].pk,
    }


def _record_pages(slug: str, record: frozenset[str]) -> dict[str, tuple[Check, ...]]:
    on = (lambda w: slug,)
    return {
        "negotiation:text": (
            Check(
                "GET",
                page("negotiation:text", *on),
                EVERYONE,
                sees=Sees(
                    items=_links(slug),
                    by_role={EVERYONE: {"wording"}, record: set(LINKS)},
                ),
            ),
        ),
        "negotiation:map": (Check("GET", page("negotiation:map", *on), record),),
        "negotiation:map_events": (
            Check("GET", page("negotiation:map_events", *on), record),
            # A first stream, sent with the id its page was rendered at (ADR 0036).
            Check("GET", lambda w: page("negotiation:map_events", *on)(w) + "?after=0-0", record),
        ),
        "negotiation:map_row": (
            Check("GET", page("negotiation:map_row", *on, lambda w: "para_1"), record),
        ),
        "negotiation:paragraph": (
            Check(
                "GET",
                page("negotiation:paragraph", *on, lambda w: "para_2"),
                record,
                sees=Sees(
                    items=_needles("reason", "proposal"), by_role={record: {"reason", "proposal"}}
                ),
            ),
        ),
        "negotiation:amendments": (
            Check(
                "GET",
                page("negotiation:amendments", *on),
                record,
                sees=Sees(items=_needles("proposal"), by_role={record: {"proposal"}}),
            ),
        ),
        "negotiation:report": (Check("GET", page("negotiation:report", *on), record),),
        "negotiation:redline": (Check("GET", page("negotiation:redline", *on), record),),
        "negotiation:reservations": (
            Check(
                "GET",
                page("negotiation:reservations", *on),
                EVERYONE,
                sees=Sees(
                    items=_needles("standing", "withdrawn"),
                    by_role={EVERYONE: {"standing"}, record: {"standing", "withdrawn"}},
                ),
            ),
        ),
    }


def _record_api(slug: str, record: frozenset[str]) -> dict[str, tuple[Check, ...]]:
    base = f"/negotiation/texts/{slug}"
    return {
        "get_text_version": (
            Check("GET", api(f"{base}/versions/1"), record),
            Check("GET", api(f"{base}/versions/2"), EVERYONE),
        ),
        "export_version_akn": (
            Check("GET", api(f"{base}/versions/1/akn"), record),
            Check("GET", api(f"{base}/versions/2/akn"), EVERYONE),
        ),
        "export_version_html": (
            Check("GET", api(f"{base}/versions/1/html"), record),
            Check("GET", api(f"{base}/versions/2/html"), EVERYONE),
        ),
        "export_version_docx": (
            Check("GET", api(f"{base}/versions/2/docx"), EVERYONE),
            Check("GET", api(f"{base}/versions/2/docx?against=1"), record),
        ),
        "get_consensus_map": (Check("GET", api(f"{base}/map"), record),),
        "list_paragraph_positions": (
            Check("GET", api(f"{base}/paragraphs/para_2/positions"), record),
        ),
        "list_amendments": (
            Check(
                "GET",
                api(f"{base}/amendments?limit=100"),
                record,
                sees=Sees(
                    items=lambda w: {"proposal": w.extra[f"{slug}_proposal"].pk},
                    by_role={record: {"proposal"}},
                ),
            ),
        ),
        "consensus_report": (Check("GET", api(f"{base}/report"), record),),
        "list_silence": (Check("GET", api(f"{base}/silence"), record),),
        "get_redline": (Check("GET", api(f"{base}/redline?a=1&b=2"), record),),
        "list_reservations": (
            Check(
                "GET",
                api(f"{base}/reservations"),
                EVERYONE,
                sees=Sees(
                    items=_reservation_ids(slug),
                    by_role={EVERYONE: {"standing"}, record: {"standing", "withdrawn"}},
                ),
            ),
        ),
        "get_reservation": (
            Check(
                "GET",
                lambda w: f"/api/negotiation/reservations/{w.extra[f'{slug}_standing'].pk}",
                EVERYONE,
            ),
            Check(
                "GET",
                lambda w: f"/api/negotiation/reservations/{w.extra[f'{slug}_withdrawn'].pk}",
                record,
            ),
        ),
    }


def _derestricted(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: Text.objects.filter(
        slug=slug, record_derestricted_at__isnull=False, record_derestriction_decision=DECISION
    ).exists()


def _derestriction(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: {"version": Text.objects.get(slug=slug).version, "decision": DECISION}


NOBODY: frozenset[str] = frozenset()
# The secretariat alone derestricts, and only a published text's record (a restricted
# text's record is its forum's whatever is decided: refused, nothing written; the API's
# 422 for it is tested in test_record.py).
PAGES_DERESTRICT = {
    "negotiation:derestrict_record": (
        Check(
            "POST",
            page("negotiation:derestrict_record", lambda w: "outcome"),
            SECRETARIAT,
            _derestriction("outcome"),
            effect=_derestricted("outcome"),
        ),
        Check(
            "POST",
            page("negotiation:derestrict_record", lambda w: "statement"),
            NOBODY,
            _derestriction("statement"),
            effect=_derestricted("statement"),
        ),
    ),
}
API_DERESTRICT = {
    "derestrict_record": (
        Check(
            "POST",
            api("/negotiation/texts/outcome/record/derestrict"),
            SECRETARIAT,
            _derestriction("outcome"),
            effect=_derestricted("outcome"),
        ),
    ),
}


def add_checks(entries: dict, more: dict) -> None:  # type: ignore[type-arg]
    """Append ``more``'s checks to the entries of the same route (or add the route)."""
    for key, checks in more.items():
        found = entries.get(key, ())
        entries[key] = (found if isinstance(found, tuple) else (found,)) + checks


PAGES_RECORD: dict = {}  # type: ignore[type-arg]
API_RECORD: dict = {}  # type: ignore[type-arg]
for _slug, _record in RECORD_OF.items():
    add_checks(PAGES_RECORD, _record_pages(_slug, _record))
    add_checks(API_RECORD, _record_api(_slug, _record))
add_checks(PAGES_RECORD, PAGES_DERESTRICT)
add_checks(API_RECORD, API_DERESTRICT)
