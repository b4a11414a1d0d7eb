"""Permission-matrix entries of liaison statements and of the registry's "works with" links
(merged by secretariat/testing/matrix.py).

The world (ADR 0029): DAIB (forum A) sent a public statement to SC 42 ("pub") and a
restricted one to TELWG (forum B, "to_b"); it received a restricted one from the World Bank
("from_wb"); it holds a draft to TELWG ("draft_a", with an attachment) and a withdrawn draft
("dead_a"); TELWG holds a draft to SC 42 ("draft_b"). Public: "pub" only. Restricted: the
members of the fora concerned. Drafts: their own forum's members. The secretariat: all.
Writing is the forum's officers' (DAIB: its chair and secretariat) and the staff's."""

import datetime as dt

from django.utils import timezone

from secretariat.core.i18n import translations
from secretariat.liaisons.choices import Direction, LiaisonState, Purpose
from secretariat.liaisons.models import LiaisonStatement
from secretariat.meetings.tests.factories import DocumentFactory, MeetingFactory
from secretariat.registry.models import Organisation, WorksWith
from secretariat.registry.tests.factories import OrganisationFactory
from secretariat.testing.checks import (
    EVERYONE,
    FORUM_A,
    FORUM_B,
    MEMBERS,
    SECRETARIAT,
    Check,
    Sees,
    api,
    i18n,
    page,
)

from .factories import LiaisonStatementFactory

TITLES = {
    "pub": "Quoll public liaison",
    "to_b": "Bilby restricted to TELWG",
    "from_wb": "Wallaby restricted from the Bank",
    "draft_a": "Echidna draft of DAIB",
    "dead_a": "Platypus withdrawn draft",
    "draft_b": "Kookaburra draft of TELWG",
}
WRITERS = frozenset({"chair", "secretariat"})
READ_BY = {
    "pub": EVERYONE,
    "to_b": FORUM_A | FORUM_B,
    "from_wb": FORUM_A,
    "draft_a": FORUM_A,
    "dead_a": FORUM_A,
    "draft_b": FORUM_B,
}
SEEN = {
    EVERYONE: {"pub"},
    FORUM_A: {"pub", "to_b", "from_wb", "draft_a", "dead_a"},
    FORUM_B: {"pub", "to_b", "draft_b"},
    "secretariat": set(TITLES),
}


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    sc42 = OrganisationFactory(slug="iso-iec-jtc1-sc42", acronym="SC 42", kind="standards_body")
    body, telwg = world.body, world.other_forum

    def statement(label, **kwargs):  # type: ignore[no-untyped-def]
        return LiaisonStatementFactory(title=translations("en", en=TITLES[label]), **kwargs)

    draft = {"state": LiaisonState.DRAFT, "issued_on": None}
    statements = {
        "pub": statement("pub", forum=body, counterpart_organisation=sc42),
        "to_b": statement("to_b", forum=body, counterpart_forum=telwg, is_restricted=True),
        "from_wb": statement(
            "from_wb",
            forum=body,
            direction=Direction.INCOMING,
            state=LiaisonState.RECEIVED,
            counterpart_organisation=world.partner_org,
            purpose=Purpose.FOR_ACTION,
            deadline=timezone.localdate() + dt.timedelta(days=30),
            is_restricted=True,
        ),
        "draft_a": statement("draft_a", forum=body, counterpart_forum=telwg, **draft),
        "dead_a": statement(
            "dead_a", forum=body, counterpart_organisation=sc42, state=LiaisonState.WITHDRAWN
        ),
        "draft_b": statement("draft_b", forum=telwg, counterpart_organisation=sc42, **draft),
    }
    meeting = MeetingFactory(forum=body, code="LIAISONMTG")
    documents = {
        "attached": DocumentFactory(meeting=meeting, number="2030/LIAISONMTG/001"),
        "spare": DocumentFactory(meeting=meeting, number="2030/LIAISONMTG/002"),
    }
    statements["draft_a"].attachments.add(documents["attached"])
    links = {
        "telwg": WorksWith.objects.create(
            forum=body, partner_forum=telwg, since=dt.date(2025, 8, 5), note=i18n("Joint study")
        ),
        "wb": WorksWith.objects.create(
            forum=body, partner_organisation=world.partner_org, since=dt.date(2025, 8, 4)
        ),
    }
    world.extra.update(liaisons=statements, liaison_documents=documents, works_with=links)


def _id(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["liaisons"][label].pk


def _titles(w):  # type: ignore[no-untyped-def]
    return dict(TITLES)


def _ids(w):  # type: ignore[no-untyped-def]
    return {label: item.pk for label, item in w.extra["liaisons"].items()}


def _titled(title):  # type: ignore[no-untyped-def]
    return lambda w: LiaisonStatement.objects.filter(title__en__text=title).exists()


def _state(label, state):  # type: ignore[no-untyped-def]
    return lambda w: LiaisonStatement.objects.filter(pk=_id(label)(w), state=state).exists()


def _attached(label, document):  # type: ignore[no-untyped-def]
    return lambda w: (
        LiaisonStatement.objects.filter(pk=_id("draft_a")(w))
        .filter(attachments=w.extra["liaison_documents"][document])
        .exists()
    )


def _detached(w):  # type: ignore[no-untyped-def]
    return not _attached("draft_a", "attached")(w)


def _link(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["works_with"][label].pk


_PAGE_FORM = {
    "forum": "daib",
    "direction": "outgoing",
    "counterpart": "org:world-bank",
    "language": "en",
    "title": "Matrix drafted",
    "purpose": "for_information",
}

PAGES: dict[str, Check | tuple[Check, ...]] = {
    "liaisons:list": Check("GET", page("liaisons:list"), EVERYONE, sees=Sees(_titles, SEEN)),
    "liaisons:statement": tuple(
        Check("GET", page("liaisons:statement", _id(label)), allowed)
        for label, allowed in READ_BY.items()
    ),
    "liaisons:create": (
        Check("GET", page("liaisons:create"), WRITERS),
        Check(
            "POST",
            page("liaisons:create"),
            WRITERS,
            lambda w: dict(_PAGE_FORM),
            effect=_titled("Matrix drafted"),
        ),
    ),
    "liaisons:edit": (
        Check("GET", page("liaisons:edit", _id("draft_a")), WRITERS),
        Check(
            "POST",
            page("liaisons:edit", _id("draft_a")),
            WRITERS,
            lambda w: {"version": 1, "title": "Echidna renamed", "purpose": "for_information"},
            effect=_titled("Echidna renamed"),
        ),
    ),
    "liaisons:transition": Check(
        "POST",
        page("liaisons:transition", _id("draft_a")),
        WRITERS,
        lambda w: {"version": 1, "state": "sent"},
        effect=_state("draft_a", LiaisonState.SENT),
    ),
    "liaisons:attach": Check(
        "POST",
        page("liaisons:attach", _id("draft_a")),
        WRITERS,
        lambda w: {"document": w.extra["liaison_documents"]["spare"].pk},
        effect=_attached("draft_a", "spare"),
    ),
    "liaisons:history": Check("GET", page("liaisons:history", _id("pub")), MEMBERS),
}

API: dict[str, Check | tuple[Check, ...]] = {
    "list_liaisons": Check(
        "GET", api("/liaisons/statements?limit=500"), EVERYONE, sees=Sees(_ids, SEEN)
    ),
    "get_liaison": tuple(
        Check("GET", lambda w, label=label: f"/api/liaisons/statements/{_id(label)(w)}", allowed)
        for label, allowed in READ_BY.items()
    ),
    "create_liaison": Check(
        "POST",
        api("/liaisons/statements"),
        WRITERS,
        lambda w: {
            "forum": "daib",
            "counterpart_organisation": "iso-iec-jtc1-sc42",
            "title": i18n("Matrix drafted by API"),
            "purpose": "for_information",
        },
        effect=_titled("Matrix drafted by API"),
    ),
    "update_liaison": Check(
        "PATCH",
        lambda w: f"/api/liaisons/statements/{_id('draft_a')(w)}",
        WRITERS,
        lambda w: {"version": 1, "title": i18n("Echidna renamed")},
        effect=_titled("Echidna renamed"),
    ),
    "change_liaison_state": Check(
        "POST",
        lambda w: f"/api/liaisons/statements/{_id('draft_a')(w)}/transitions",
        WRITERS,
        lambda w: {"version": 1, "state": "sent"},
        effect=_state("draft_a", LiaisonState.SENT),
    ),
    "attach_liaison_document": Check(
        "POST",
        lambda w: f"/api/liaisons/statements/{_id('draft_a')(w)}/attachments",
        WRITERS,
        lambda w: {"document": w.extra["liaison_documents"]["spare"].pk},
        effect=_attached("draft_a", "spare"),
    ),
    "detach_liaison_document": Check(
        "DELETE",
        lambda w: (
            f"/api/liaisons/statements/{_id('draft_a')(w)}/attachments/"
            f"{w.extra['liaison_documents']['attached'].pk}"
        ),
        WRITERS,
        effect=_detached,
    ),
    # The registry's "works with" links: public, written by the secretariat.
    "list_works_with": Check(
        "GET",
        api("/registry/works-with?limit=500"),
        EVERYONE,
        sees=Sees(
            lambda w: {label: link.pk for label, link in w.extra["works_with"].items()},
            {EVERYONE: {"telwg", "wb"}},
        ),
    ),
    "get_works_with": Check(
        "GET", lambda w: f"/api/registry/works-with/{_link('telwg')(w)}", EVERYONE
    ),
    "create_works_with": Check(
        "POST",
        api("/registry/works-with"),
        SECRETARIAT,
        lambda w: {
            "forum": "daib",
            "partner_organisation": "iso-iec-jtc1-sc42",
            "since": "2025-09-01",
        },
        effect=lambda w: WorksWith.objects.filter(
            partner_organisation=Organisation.objects.get(slug="iso-iec-jtc1-sc42")
        ).exists(),
    ),
    "update_works_with": Check(
        "PATCH",
        lambda w: f"/api/registry/works-with/{_link('wb')(w)}",
        SECRETARIAT,
        lambda w: {"version": 1, "since": "2024-05-05"},
        effect=lambda w: WorksWith.objects.filter(
            pk=_link("wb")(w), since=dt.date(2024, 5, 5)
        ).exists(),
    ),
    "delete_works_with": Check(
        "DELETE",
        lambda w: f"/api/registry/works-with/{_link('telwg')(w)}",
        SECRETARIAT,
        effect=lambda w: not WorksWith.objects.filter(pk=_link("telwg")(w)).exists(),
    ),
}
