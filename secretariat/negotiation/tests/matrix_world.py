"""The negotiation objects the permission matrix needs beside the shared world: each rule has
something one role must see or change and another must not (see ``matrix.py``)."""

from datetime import timedelta

from django.utils import timezone

from secretariat.negotiation import services, services_closing, services_reservations
from secretariat.negotiation.choices import AmendmentKind, AmendmentState, Classification
from secretariat.negotiation.models import Amendment

from .factories import make_text, paragraph
from .matrix_record import extend_world as extend_world_record

# The amendments' proposed wordings: what the amendments page and the paragraph dossier show.
WORDINGS = {
    "draft_a": "We welcome AI.",  # economy A's draft, never submitted
    "withdrawn_a": "We note AI with caution.",  # economy A's draft, withdrawn unsubmitted
    "submitted_b": "We embrace trustworthy AI.",  # economy B's, submitted: forum A sees it
}
RESERVATIONS = {
    "reservation_a": "Korea reserves on paragraph 1.",  # on forum A's "statement"
    "reservation_c": "Japan reserves on roaming.",  # on forum B's "roaming"
}


def _propose(world, role, delegation, wording, text=None, eid="para_2") -> Amendment:  # type: ignore[no-untyped-def]
    return services.propose_amendment(
        actor=world.users[role],
        text=text or world.extra["text"],
        delegation=delegation,
        kind=AmendmentKind.REPLACE,
        eid=eid,
        proposed_text=wording,
        justification="Shorter.",
    )


def _move(world, role: str, amendment: Amendment, to_state: str) -> Amendment:  # type: ignore[no-untyped-def]
    return services.move_amendment(
        actor=world.users[role],
        amendment=amendment,
        to_state=to_state,
        version=Amendment.objects.get(pk=amendment.pk).version,
    )


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
    # Amendments on "statement" para_2: a draft and a withdrawn draft of economy A (seen by
    # economy A only), a submitted one of economy B (seen by all of forum A).
    world.extra["amendment"] = _propose(
        world, "delegate_a", world.delegation_a, WORDINGS["draft_a"]
    )
    world.extra["withdrawn_a"] = _move(
        world,
        "delegate_a",
        _propose(world, "head_a", world.delegation_a, WORDINGS["withdrawn_a"]),
        AmendmentState.WITHDRAWN,
    )
    world.extra["submitted_b"] = _move(
        world,
        "delegate_b",
        _propose(world, "delegate_b", world.delegation_b, WORDINGS["submitted_b"]),
        AmendmentState.SUBMITTED,
    )
    # Forum B's own restricted texts (one under silence), and a published one of forum A:
    # forum B's heads act on theirs and are refused forum A's, and the other way round.
    roaming = make_text(
        world, slug="roaming", forum=world.other_forum, paragraphs=[paragraph("Roaming.", num="1")]
    )
    world.extra["submitted_c"] = _move(
        world,
        "delegate_c",
        _propose(world, "delegate_c", world.delegation_c, "Roaming at cost.", roaming, "para_1"),
        AmendmentState.SUBMITTED,
    )
    quiet = make_text(
        world, slug="quiet", forum=world.other_forum, paragraphs=[paragraph("Quiet.", num="1")]
    )
    services_closing.start_silence(
        actor=world.users["secretariat"],
        text=quiet,
        deadline=timezone.now() + timedelta(days=2),
        version=quiet.version,
    )
    make_text(  # forum B's published text: forum A's chair reads it but does not chair it
        world,
        slug="open-b",
        forum=world.other_forum,
        classification=Classification.PUBLISHED,
        paragraphs=[paragraph("Open.", num="1")],
    )
    make_text(
        world,
        slug="published",
        classification=Classification.PUBLISHED,
        paragraphs=[paragraph("Published.", num="1")],
    )
    world.extra["reservation"] = services_reservations.enter_reservation(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        kind="reservation",
        statement={"en": {"text": RESERVATIONS["reservation_a"], "status": "original"}},
        eid="para_1",
    )
    world.extra["reservation_c"] = services_reservations.enter_reservation(
        actor=world.users["head_c"],
        text=roaming,
        delegation=world.delegation_c,
        kind="reservation",
        statement={"en": {"text": RESERVATIONS["reservation_c"], "status": "original"}},
        eid="para_1",
    )
    extend_world_record(world)  # "outcome" and "opened": the negotiating record (ADR 0020)
