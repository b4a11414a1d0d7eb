"""Permission-matrix entries of the meetings app (merged by secretariat.testing.matrix)."""

import io
import zipfile
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from secretariat.meetings.choices import ArchiveStatus, Classification
from secretariat.meetings.models import MaterialsArchive
from secretariat.testing.checks import (
    ECONOMY_A,
    EVERYONE,
    MEMBERS,
    MEMBERS_ONLY,
    SECRETARIAT,
    SIGNED_IN,
    Check,
    api,
    i18n,
    page,
)

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
ZIP_OWNER = frozenset({"reader"})  # a materials zip is its requester's alone


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    series = SeriesFactory(slug="daib-regular", forum=world.body, code_prefix="DAIB")
    meeting = MeetingFactory(forum=world.body, series=series, sequence=1, code="DAIB1")
    session = SessionFactory(meeting=meeting)
    AgendaItemFactory(meeting=meeting, number="1", session=session)
    if not default_storage.exists(MATRIX_FILE):  # one small file, shared by every run
        default_storage.save(MATRIX_FILE, ContentFile(PDF_BYTES))
    if not default_storage.exists(MATRIX_ZIP):
        default_storage.save(MATRIX_ZIP, ContentFile(_empty_zip()))
    public_document = DocumentFactory(meeting=meeting, number="2030/DAIB1/WORLD/001")
    world.extra.update(
        materials_archive=MaterialsArchive.objects.create(
            meeting=meeting,
            requested_by=world.users["reader"],
            status=ArchiveStatus.READY,
            file=MATRIX_ZIP,
            document_ids=[public_document.pk],
            expires_at=timezone.now() + timedelta(days=1),
        ),
        series=series,
        meeting=meeting,
        session=session,
        public_document=public_document,
        restricted_document=DocumentFactory(
            meeting=meeting,
            number="2030/DAIB1/WORLD/002",
            classification=Classification.RESTRICTED,
        ),
        economy_document=DocumentFactory(
            meeting=meeting,
            number="2030/DAIB1/WORLD/003",
            classification=Classification.ECONOMY_ONLY,
            submitted_by_economy=world.economy_a,
            link="",
            file=MATRIX_FILE,
            file_kind="pdf",
            file_size=len(PDF_BYTES),
        ),
    )


def _empty_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("index.csv", "number\n")
    return buffer.getvalue()


def _meeting(w):  # type: ignore[no-untyped-def]
    return w.extra["meeting"].pk


def _link_document(w):  # type: ignore[no-untyped-def]
    return {
        "title": i18n("Chair's note"),
        "purpose": "information",
        "link": "https://example.org/n",
    }


PAGES: dict[str, Check] = {
    "meetings:meetings": Check("GET", page("meetings:meetings"), EVERYONE),
    "meetings:meeting": Check("GET", page("meetings:meeting", _meeting), EVERYONE),
    "meetings:meeting_ics": Check("GET", page("meetings:meeting_ics", _meeting), EVERYONE),
    "meetings:meeting_history": Check(
        "GET",
        page("meetings:meeting_history", _meeting),
        MEMBERS,  # members of any forum
    ),
    "meetings:submit_document": (
        Check("GET", page("meetings:submit_document", _meeting), MEMBERS_ONLY),
        Check(
            "POST",
            page("meetings:submit_document", _meeting),
            MEMBERS_ONLY,
            lambda w: {
                "title": "Chair's note",
                "purpose": "information",
                "classification": "public",
                "link": "https://example.org/note",
            },
        ),
    ),
    "meetings:series_list": Check("GET", page("meetings:series_list"), EVERYONE),
    "meetings:series": Check("GET", page("meetings:series", lambda w: "daib-regular"), EVERYONE),
    "meetings:series_ics": Check(
        "GET", page("meetings:series_ics", lambda w: "daib-regular"), EVERYONE
    ),
    "meetings:schedule_next": Check(
        "POST", page("meetings:schedule_next", lambda w: "daib-regular"), SECRETARIAT
    ),
    "meetings:forum_ics": Check("GET", page("meetings:forum_ics", lambda w: "daib"), EVERYONE),
    "meetings:document": Check(
        "GET",
        page("meetings:document", lambda w: w.extra["restricted_document"].pk),
        MEMBERS_ONLY,
    ),
    "meetings:document_file": Check(
        "GET",
        page("meetings:document_file", lambda w: w.extra["economy_document"].pk),
        ECONOMY_A,
    ),
    "meetings:request_materials": Check(
        "POST", page("meetings:request_materials", _meeting), SIGNED_IN
    ),
    "meetings:materials": Check(
        "GET", page("meetings:materials", lambda w: w.extra["materials_archive"].pk), ZIP_OWNER
    ),
    "meetings:materials_download": Check(
        "GET",
        page("meetings:materials_download", lambda w: w.extra["materials_archive"].pk),
        ZIP_OWNER,
    ),
}

API: dict[str, Check] = {
    "list_series": Check("GET", api("/meetings/series"), EVERYONE),
    "get_series": Check("GET", api("/meetings/series/daib-regular"), EVERYONE),
    "create_series": Check(
        "POST",
        api("/meetings/series"),
        SECRETARIAT,
        lambda w: {
            "slug": "telwg-plenary",
            "forum": "telwg",
            "code_prefix": "TEL",
            "name": i18n("TELWG plenary"),
            "kind": "working_group",
            "first_date": "2031-04-01",
            "host_rotation": [{"economy": "US", "timezone": "America/Chicago"}],
        },
    ),
    "update_series": Check(
        "PATCH",
        api("/meetings/series/daib-regular"),
        SECRETARIAT,
        lambda w: {"version": 1, "cadence_months": 12},
    ),
    "schedule_next_meeting": Check(
        "POST", api("/meetings/series/daib-regular/meetings"), SECRETARIAT
    ),
    "list_meetings": Check("GET", api("/meetings/meetings"), EVERYONE),
    "get_meeting": Check("GET", api("/meetings/meetings/{w.extra[meeting].pk}"), EVERYONE),
    "create_meeting": Check(
        "POST",
        api("/meetings/meetings"),
        SECRETARIAT,
        lambda w: {
            "forum": "daib",
            "code": "DAIBX",
            "title": i18n("Extraordinary meeting"),
            "kind": "high_level_body",
            "timezone": "Asia/Seoul",
            "start_date": "2031-01-10",
            "end_date": "2031-01-10",
        },
    ),
    "update_meeting": Check(
        "PATCH",
        api("/meetings/meetings/{w.extra[meeting].pk}"),
        SECRETARIAT,
        lambda w: {"version": 1, "venue": "COEX"},
    ),
    "create_session": Check(
        "POST",
        api("/meetings/meetings/{w.extra[meeting].pk}/sessions"),
        SECRETARIAT,
        lambda w: {
            "title": i18n("Closing"),
            "starts_at": "2030-08-04T08:00:00+09:00",
            "ends_at": "2030-08-04T09:00:00+09:00",
        },
    ),
    "create_agenda_item": Check(
        "POST",
        api("/meetings/meetings/{w.extra[meeting].pk}/agenda"),
        SECRETARIAT,
        lambda w: {"number": "9", "title": i18n("Any other business")},
    ),
    "list_documents": Check("GET", api("/meetings/documents"), EVERYONE),
    "get_document": Check(
        "GET", api("/meetings/documents/{w.extra[economy_document].pk}"), ECONOMY_A
    ),
    "submit_document": Check(
        "POST",
        api("/meetings/meetings/{w.extra[meeting].pk}/documents"),
        MEMBERS_ONLY,
        _link_document,
    ),
    "revise_document": Check(
        "POST",
        api("/meetings/documents/{w.extra[economy_document].pk}/revisions"),
        ECONOMY_A,
        lambda w: {"link": "https://example.org/rev1"},
    ),
    "update_document": Check(
        "PATCH",
        api("/meetings/documents/{w.extra[restricted_document].pk}"),
        SECRETARIAT,
        lambda w: {"version": 1, "derestrict_on": "2031-01-01"},
    ),
    "request_materials_archive": Check(
        "POST", api("/meetings/meetings/{w.extra[meeting].pk}/materials"), SIGNED_IN
    ),
    "get_materials_archive": Check(
        "GET", api("/meetings/materials/{w.extra[materials_archive].pk}"), ZIP_OWNER
    ),
    "download_materials_archive": Check(
        "GET", api("/meetings/materials/{w.extra[materials_archive].pk}/file"), ZIP_OWNER
    ),
}
