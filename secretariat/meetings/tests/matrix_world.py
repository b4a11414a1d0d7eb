"""The meetings matrix's world: two fora's meetings with documents of every classification,
DAIB1's participants in every category, and three requesters' materials zips (see the
docstring of ``matrix.py`` for who must see what)."""

import io
import zipfile
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from secretariat.core.i18n import translations
from secretariat.meetings.choices import ArchiveStatus, Classification
from secretariat.meetings.models import AgendaProposal, MaterialsArchive
from secretariat.registrations.choices import Category, RegistrationState
from secretariat.registrations.tests.factories import RegistrationFactory
from secretariat.registry.tests.factories import PersonFactory

from .factories import (
    PDF_BYTES,
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    SeriesFactory,
    SessionFactory,
)

MATRIX_FILE = "meetings/matrix/economy-only.pdf"
MATRIX_ZIP = "meetings/matrix/materials.zip"


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    series = SeriesFactory(slug="daib-regular", forum=world.body, code_prefix="DAIB")
    meeting = MeetingFactory(forum=world.body, series=series, sequence=1, code="DAIB1")
    series_b = SeriesFactory(slug="tel-regular", forum=world.other_forum, code_prefix="TEL")
    meeting_b = MeetingFactory(forum=world.other_forum, series=series_b, sequence=1, code="TEL1")
    session = SessionFactory(meeting=meeting)
    AgendaItemFactory(meeting=meeting, number="1", session=session)
    SessionFactory(meeting=meeting_b)
    if not default_storage.exists(MATRIX_FILE):  # one small file, shared by every run
        default_storage.save(MATRIX_FILE, ContentFile(PDF_BYTES))
    if not default_storage.exists(MATRIX_ZIP):
        default_storage.save(MATRIX_ZIP, ContentFile(_empty_zip()))
    file = {"link": "", "file": MATRIX_FILE, "file_kind": "pdf", "file_size": len(PDF_BYTES)}
    documents = {
        "public": DocumentFactory(meeting=meeting, number="2030/DAIB1/WORLD/001"),
        "restricted": DocumentFactory(
            meeting=meeting,
            number="2030/DAIB1/WORLD/002",
            classification=Classification.RESTRICTED,
        ),
        "economy_a": DocumentFactory(
            meeting=meeting,
            number="2030/DAIB1/WORLD/003",
            classification=Classification.ECONOMY_ONLY,
            submitted_by_economy=world.economy_a,
            **file,
        ),
        "economy_b": DocumentFactory(
            meeting=meeting,
            number="2030/DAIB1/WORLD/004",
            classification=Classification.ECONOMY_ONLY,
            submitted_by_economy=world.economy_b,
        ),
        "restricted_b": DocumentFactory(
            meeting=meeting_b,
            number="2030/TEL1/WORLD/005",
            classification=Classification.RESTRICTED,
            **file,
        ),
    }
    world.extra.update(
        series=series,
        meeting=meeting,
        meeting_b=meeting_b,
        session=session,
        documents=documents,
        public_document=documents["public"],
        restricted_document=documents["restricted"],
        economy_document=documents["economy_a"],
        archives={
            role: _archive(world, role, meeting_of, [documents[label] for label in labels])
            for role, meeting_of, labels in (
                ("reader", meeting, ["public"]),
                ("head_a", meeting, ["public", "restricted", "economy_a"]),
                ("delegate_c", meeting, ["public", "restricted"]),
            )
        },
    )
    world.extra["materials_archive"] = world.extra["archives"]["reader"]
    world.extra["proposals"] = {
        "a": AgendaProposal.objects.create(
            meeting=meeting,
            source_key="matrix:a",
            title=translations("en", en="Overdue milestone Alpha"),
        ),
        "b": AgendaProposal.objects.create(
            meeting=meeting_b,
            source_key="matrix:b",
            title=translations("en", en="Late report Beta"),
        ),
    }
    _register(world, meeting)


def _archive(world, role, meeting, documents) -> MaterialsArchive:  # type: ignore[no-untyped-def]
    return MaterialsArchive.objects.create(
        meeting=meeting,
        requested_by=world.users[role],
        status=ArchiveStatus.READY,
        file=MATRIX_ZIP,
        document_ids=[document.pk for document in documents],
        expires_at=timezone.now() + timedelta(days=1),
    )


def _register(world, meeting) -> None:  # type: ignore[no-untyped-def]
    """DAIB1's participants, one per category (and a pending delegate)."""
    people = {
        "delegate": (
            PersonFactory(family_name="Attendee", economy=world.economy_b),
            Category.DELEGATE,
        ),
        "observer": (
            PersonFactory(family_name="Banker", organisation=world.partner_org),
            Category.PARTNER,
        ),
        "press": (world.people["press"], Category.PRESS),
        "minister": (world.public_person, Category.SPEAKER),
        "visitor": (PersonFactory(family_name="Visitor"), Category.VISITOR),
        "pending": (PersonFactory(family_name="Waiting", economy=world.economy_a), None),
    }
    for person, category in people.values():
        RegistrationFactory(
            meeting=meeting,
            person=person,
            category=category or Category.DELEGATE,
            state=RegistrationState.APPROVED if category else RegistrationState.PENDING,
        )
    world.extra["participants"] = {label: str(person) for label, (person, _) in people.items()}


def _empty_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("index.csv", "number\n")
    return buffer.getvalue()
