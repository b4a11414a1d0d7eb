"""Meetings as the API shows them (``…Out``) and accepts them (``…Create``, ``…Update``)."""

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Field, FilterSchema, Schema
from pydantic import AwareDatetime

from secretariat.core.i18n import resolve
from secretariat.core.schemas import MAX_ID, Id, TranslatedIn, TranslatedOut
from secretariat.summaries.schemas import AutomaticExtractOut, automatic_extract_of

from .choices import (
    ArchiveStatus,
    Classification,
    DocumentPurpose,
    FileKind,
    MeetingKind,
    MeetingStatus,
)
from .models import (
    MEETING_CODE,
    AgendaItem,
    AgendaProposal,
    Document,
    MaterialsArchive,
    Meeting,
    MeetingSeries,
    Session,
)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FORUM_SLUG = Field(None, max_length=40, pattern=SLUG)
ECONOMY_CODE = r"^[A-Za-z]{2}$"


def _display(value: dict) -> str:
    return resolve(value, get_language()).text


class HostIn(Schema):
    economy: str = Field(..., pattern=ECONOMY_CODE)
    timezone: str = Field(..., max_length=64)
    city: str = Field("", max_length=100)
    venue: str = Field("", max_length=200)


class SeriesOut(Schema):
    id: int
    slug: str
    forum: str
    code_prefix: str
    name: TranslatedOut
    display_name: str
    kind: MeetingKind
    cadence_months: int
    duration_days: int
    first_date: date
    host_rotation: list[dict[str, str]]
    agenda_template: list[str]
    document_cutoff_days: int
    registration_close_days: int
    minutes_due_days: int
    version: int

    @staticmethod
    def resolve_forum(obj: MeetingSeries) -> str:
        return obj.forum.slug

    @staticmethod
    def resolve_display_name(obj: MeetingSeries) -> str:
        return _display(obj.name)


class SeriesCreate(Schema):
    slug: str = Field(..., max_length=60, pattern=SLUG)
    forum: str = Field(..., max_length=40, pattern=SLUG)
    code_prefix: str = Field(..., pattern=r"^[A-Z][A-Z0-9]{0,15}$")
    name: TranslatedIn
    kind: MeetingKind
    cadence_months: int = Field(6, ge=1, le=60)
    duration_days: int = Field(1, ge=1, le=30)
    first_date: date
    host_rotation: list[HostIn] = Field(..., min_length=1, max_length=50)
    agenda_template: list[str] = Field(default_factory=list, max_length=50)
    document_cutoff_days: int = Field(14, ge=0, le=365)
    registration_close_days: int = Field(21, ge=0, le=365)
    minutes_due_days: int = Field(30, ge=0, le=365)


class SeriesUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    name: TranslatedIn | None = None
    cadence_months: int | None = Field(None, ge=1, le=60)
    duration_days: int | None = Field(None, ge=1, le=30)
    host_rotation: list[HostIn] | None = Field(None, min_length=1, max_length=50)
    agenda_template: list[str] | None = Field(None, max_length=50)
    document_cutoff_days: int | None = Field(None, ge=0, le=365)
    registration_close_days: int | None = Field(None, ge=0, le=365)
    minutes_due_days: int | None = Field(None, ge=0, le=365)


class SessionOut(Schema):
    id: int
    title: TranslatedOut
    display_title: str
    starts_at: datetime
    ends_at: datetime
    room: str

    @staticmethod
    def resolve_display_title(obj: Session) -> str:
        return _display(obj.title)


class SessionCreate(Schema):
    title: TranslatedIn
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    room: str = Field("", max_length=200)


class AgendaItemOut(Schema):
    id: int
    number: str
    title: TranslatedOut
    display_title: str
    session: int | None
    co_owners: list[str]

    @staticmethod
    def resolve_display_title(obj: AgendaItem) -> str:
        return _display(obj.title)

    @staticmethod
    def resolve_co_owners(obj: AgendaItem) -> list[str]:
        return [forum.slug for forum in obj.co_owners.all()]

    @staticmethod
    def resolve_session(obj: AgendaItem) -> int | None:
        return obj.session_id


class AgendaItemCreate(Schema):
    number: str = Field(..., min_length=1, max_length=10, pattern=r"^[0-9A-Za-z.]+$")
    title: TranslatedIn
    session: Id | None = None
    co_owners: list[Annotated[str, Field(max_length=80, pattern=r"^[-a-z0-9_]+$")]] = Field(
        default_factory=list,
        max_length=20,
        description="Slugs of the other fora that take the item up with the meeting's own.",
    )


class MeetingOut(Schema):
    id: int
    uid: str
    forum: str
    series: str | None
    sequence: int | None
    code: str
    title: TranslatedOut
    display_title: str
    kind: MeetingKind
    status: MeetingStatus
    host_economy: str | None
    venue: str
    city: str
    timezone: str
    start_date: date
    end_date: date
    chair: int | None
    document_cutoff: date | None
    registration_close: date | None
    minutes_due: date | None
    version: int

    @staticmethod
    def resolve_uid(obj: Meeting) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_forum(obj: Meeting) -> str:
        return obj.forum.slug

    @staticmethod
    def resolve_series(obj: Meeting) -> str | None:
        return obj.series.slug if obj.series else None

    @staticmethod
    def resolve_display_title(obj: Meeting) -> str:
        return _display(obj.title)

    @staticmethod
    def resolve_host_economy(obj: Meeting) -> str | None:
        return obj.host_economy.code if obj.host_economy else None

    @staticmethod
    def resolve_chair(obj: Meeting) -> int | None:
        return obj.chair_id


class MeetingDetailOut(MeetingOut):
    sessions: list[SessionOut]
    agenda_items: list[AgendaItemOut]

    @staticmethod
    def resolve_sessions(obj: Meeting) -> list[Session]:
        return list(obj.sessions.all())

    @staticmethod
    def resolve_agenda_items(obj: Meeting) -> list[AgendaItem]:
        return list(obj.agenda_items.all())


class MeetingCreate(Schema):
    forum: str = Field(..., max_length=40, pattern=SLUG)
    code: str = Field(..., pattern=MEETING_CODE)
    title: TranslatedIn
    kind: MeetingKind
    status: MeetingStatus = MeetingStatus.PLANNED
    host_economy: str | None = Field(None, pattern=ECONOMY_CODE)
    venue: str = Field("", max_length=200)
    city: str = Field("", max_length=100)
    timezone: str = Field(..., max_length=64)
    start_date: date
    end_date: date
    chair: Id | None = None
    document_cutoff: date | None = None
    registration_close: date | None = None
    minutes_due: date | None = None


class MeetingUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    title: TranslatedIn | None = None
    status: MeetingStatus | None = None
    venue: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    timezone: str | None = Field(None, max_length=64)
    start_date: date | None = None
    end_date: date | None = None
    document_cutoff: date | None = None
    registration_close: date | None = None
    minutes_due: date | None = None


class MeetingFilter(FilterSchema):
    forum: str | None = FORUM_SLUG
    series: str | None = Field(None, max_length=60, pattern=SLUG)
    kind: MeetingKind | None = None
    status: MeetingStatus | None = None
    year: int | None = Field(None, ge=1989, le=2200)

    def filter_forum(self, value: str | None) -> Q:
        return Q(forum__slug=value) if value else Q()

    def filter_series(self, value: str | None) -> Q:
        return Q(series__slug=value) if value else Q()

    def filter_year(self, value: int | None) -> Q:
        return Q(start_date__year=value) if value else Q()


class DocumentOut(Schema):
    id: int
    number: str
    revision: int
    revises: int | None
    meeting: int
    owning_forum: str
    title: TranslatedOut
    display_title: str
    agenda_item: str | None
    purpose: DocumentPurpose
    submitted_by_economy: str | None
    submitted_by_forum: str | None
    classification: Classification
    derestrict_on: date | None
    is_late: bool
    link: str
    file_kind: FileKind | None
    file_size: int | None
    sha256: str
    file_url: str | None
    submitted_at: datetime
    version: int

    @staticmethod
    def resolve_revises(obj: Document) -> int | None:
        return obj.revises_id

    @staticmethod
    def resolve_meeting(obj: Document) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_owning_forum(obj: Document) -> str:
        return obj.owning_forum.slug

    @staticmethod
    def resolve_display_title(obj: Document) -> str:
        return _display(obj.title)

    @staticmethod
    def resolve_agenda_item(obj: Document) -> str | None:
        return obj.agenda_item.number if obj.agenda_item else None

    @staticmethod
    def resolve_submitted_by_economy(obj: Document) -> str | None:
        return obj.submitted_by_economy.code if obj.submitted_by_economy else None

    @staticmethod
    def resolve_submitted_by_forum(obj: Document) -> str | None:
        return obj.submitted_by_forum.slug if obj.submitted_by_forum else None

    @staticmethod
    def resolve_file_kind(obj: Document) -> str | None:
        return obj.file_kind or None

    @staticmethod
    def resolve_file_url(obj: Document) -> str | None:
        return reverse("meetings:document_file", args=[obj.pk]) if obj.file else None


class DocumentDetailOut(DocumentOut):
    """One document as its own operation shows it: with its automatic extract, if any."""

    automatic_extract: AutomaticExtractOut | None

    @staticmethod
    def resolve_automatic_extract(obj: Document) -> Any:
        return automatic_extract_of("document", obj.pk)


class DocumentCreate(Schema):
    """The fields of a new document; the file itself is the multipart part ``file``."""

    title: TranslatedIn
    purpose: DocumentPurpose
    classification: Classification = Classification.PUBLIC
    forum: str | None = Field(
        None, max_length=40, pattern=SLUG, description="Adds its segment to the number"
    )
    agenda_item: str | None = Field(None, max_length=10, description="Agenda item number")
    submitted_by_economy: str | None = Field(None, pattern=ECONOMY_CODE)
    submitted_by_forum: str | None = FORUM_SLUG
    derestrict_on: date | None = None
    link: str = Field("", max_length=500, description="For a link document instead of a file")


class DocumentRevisionCreate(Schema):
    title: TranslatedIn | None = None
    link: str = Field("", max_length=500)


class DocumentUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    title: TranslatedIn | None = None
    purpose: DocumentPurpose | None = None
    classification: Classification | None = None
    derestrict_on: date | None = None


class DocumentFilter(FilterSchema):
    meeting: Id | None = None
    classification: Classification | None = None
    purpose: DocumentPurpose | None = None
    late: bool | None = None

    def filter_meeting(self, value: int | None) -> Q:
        return Q(meeting_id=value) if value else Q()

    def filter_late(self, value: bool | None) -> Q:
        return Q() if value is None else Q(is_late=value)


class MaterialsArchiveOut(Schema):
    """A materials zip: poll until ``status`` is ``ready``, then fetch ``download_url``."""

    id: int
    meeting: int
    status: ArchiveStatus
    documents: int
    file_size: int | None
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime
    status_url: str
    download_url: str | None

    @staticmethod
    def resolve_meeting(obj: MaterialsArchive) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_documents(obj: MaterialsArchive) -> int:
        return len(obj.document_ids)

    @staticmethod
    def resolve_status_url(obj: MaterialsArchive) -> str:
        return reverse("api:get_materials_archive", kwargs={"archive_id": obj.pk})

    @staticmethod
    def resolve_download_url(obj: MaterialsArchive) -> str | None:
        if obj.status != ArchiveStatus.READY:
            return None
        return reverse("api:download_materials_archive", kwargs={"archive_id": obj.pk})


_OUT_SCHEMAS: dict[type, type[Schema]] = {
    MeetingSeries: SeriesOut,
    Meeting: MeetingOut,
    Document: DocumentOut,
}


def present(obj: Any) -> dict[str, Any]:
    """The current state of ``obj`` as the API shows it (used in 409 responses)."""
    return _OUT_SCHEMAS[type(obj)].from_orm(obj).model_dump(mode="json")


class AgendaProposalOut(Schema):
    id: int
    meeting: int
    title: TranslatedOut
    display_title: str
    reason: TranslatedOut
    source_url: str
    state: str
    proposed_at: datetime
    decided_at: datetime | None
    agenda_item: str | None

    @staticmethod
    def resolve_meeting(obj: AgendaProposal) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_display_title(obj: AgendaProposal) -> str:
        return _display(obj.title)

    @staticmethod
    def resolve_agenda_item(obj: AgendaProposal) -> str | None:
        return obj.agenda_item.number if obj.agenda_item else None
