"""Forums and exhibitions as the API shows them (``…Out``) and accepts them (``…Create``,
``…Update``)."""

from datetime import date, datetime
from typing import Any

from django.utils.translation import get_language
from ninja import Field, Schema

from secretariat.core.i18n import resolve
from secretariat.core.schemas import MAX_ID, Id, TranslatedIn, TranslatedOut
from secretariat.meetings.choices import MeetingKind

from .choices import BoothSize, ContactStatus, Sector, SpeakerRole
from .models import CoHost, ContactRequest, Exhibitor, Speaker

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ECONOMY_CODE = r"^[A-Za-z]{2}$"
BOOTH = r"^[A-Za-z0-9][A-Za-z0-9-]{0,19}$"


def _display(value: dict) -> str:
    return resolve(value, get_language()).text


class CoHostOut(Schema):
    id: int
    meeting: int
    organisation: str
    organisation_name: str

    @staticmethod
    def resolve_meeting(obj: CoHost) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_organisation(obj: CoHost) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: CoHost) -> str:
        return _display(obj.organisation.name)


class CoHostCreate(Schema):
    organisation: str = Field(..., max_length=80, pattern=SLUG)


class SpeakerOut(Schema):
    id: int
    meeting: int
    session: int | None
    person: int | None
    name: str
    display_name: str
    position: TranslatedOut
    economy: str | None
    organisation: str | None
    role: SpeakerRole
    talk_title: TranslatedOut
    display_talk_title: str
    order: int
    version: int

    @staticmethod
    def resolve_meeting(obj: Speaker) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_session(obj: Speaker) -> int | None:
        return obj.session_id

    @staticmethod
    def resolve_person(obj: Speaker) -> int | None:
        return obj.person_id

    @staticmethod
    def resolve_economy(obj: Speaker) -> str | None:
        return obj.economy.code if obj.economy else None

    @staticmethod
    def resolve_organisation(obj: Speaker) -> str | None:
        return obj.organisation.slug if obj.organisation else None

    @staticmethod
    def resolve_display_talk_title(obj: Speaker) -> str:
        return _display(obj.talk_title)


class SpeakerCreate(Schema):
    """A registry ``person`` (its id) or a ``name``; a government (``economy``) or an
    ``organisation`` (slug), not both."""

    person: Id | None = None
    name: str = Field("", max_length=200)
    position: TranslatedIn | None = None
    economy: str | None = Field(None, pattern=ECONOMY_CODE)
    organisation: str | None = Field(None, max_length=80, pattern=SLUG)
    role: SpeakerRole
    session: Id | None = None
    talk_title: TranslatedIn | None = None
    order: int = Field(0, ge=0, le=1000)


class SpeakerUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    name: str | None = Field(None, max_length=200)
    position: TranslatedIn | None = None
    role: SpeakerRole | None = None
    talk_title: TranslatedIn | None = None
    order: int | None = Field(None, ge=0, le=1000)


class SessionProgrammeOut(Schema):
    id: int | None
    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    speakers: list[SpeakerOut]


class EventOut(Schema):
    id: int
    kind: MeetingKind
    code: str
    title: TranslatedOut
    display_title: str
    start_date: date
    end_date: date
    venue: str
    city: str
    timezone: str
    cohosts: list[CoHostOut]

    @staticmethod
    def resolve_display_title(obj: Any) -> str:
        return _display(obj.title)

    @staticmethod
    def resolve_cohosts(obj: Any) -> list[CoHost]:
        return list(obj.cohosts.all())


class ProgrammeOut(EventOut):
    sessions: list[SessionProgrammeOut]

    @staticmethod
    def resolve_sessions(obj: Any) -> list[dict]:
        return obj.programme


class ExhibitorOut(Schema):
    id: int
    meeting: int
    organisation: str
    organisation_name: str
    economy: str | None
    booth_code: str
    hall: str
    booth_size: BoothSize
    sector: Sector
    profile: TranslatedOut
    display_profile: str
    website: str
    version: int

    @staticmethod
    def resolve_meeting(obj: Exhibitor) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_organisation(obj: Exhibitor) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: Exhibitor) -> str:
        return _display(obj.organisation.name)

    @staticmethod
    def resolve_economy(obj: Exhibitor) -> str | None:
        economy = obj.organisation.economy
        return economy.code if economy else None

    @staticmethod
    def resolve_display_profile(obj: Exhibitor) -> str:
        return _display(obj.profile)


class ExhibitorCreate(Schema):
    organisation: str = Field(..., max_length=80, pattern=SLUG)
    booth_code: str = Field(..., pattern=BOOTH)
    hall: str = Field("", max_length=60)
    booth_size: BoothSize = BoothSize.SMALL
    sector: Sector
    profile: TranslatedIn | None = None
    website: str = Field("", max_length=200)


class ExhibitorUpdate(Schema):
    """``profile``, ``website`` and ``sector`` the company's contacts may change; the booth
    fields only the event's managers."""

    version: int = Field(..., ge=1, le=MAX_ID)
    booth_code: str | None = Field(None, pattern=BOOTH)
    hall: str | None = Field(None, max_length=60)
    booth_size: BoothSize | None = None
    sector: Sector | None = None
    profile: TranslatedIn | None = None
    website: str | None = Field(None, max_length=200)


BOOTH_FIELDS = frozenset({"booth_code", "hall", "booth_size"})


class ContactRequestOut(Schema):
    id: int
    exhibitor: int
    exhibitor_name: str
    sender: str
    message: str
    status: ContactStatus
    created_at: datetime
    closed_at: datetime | None

    @staticmethod
    def resolve_exhibitor(obj: ContactRequest) -> int:
        return obj.exhibitor_id

    @staticmethod
    def resolve_exhibitor_name(obj: ContactRequest) -> str:
        return _display(obj.exhibitor.organisation.name)

    @staticmethod
    def resolve_sender(obj: ContactRequest) -> str:
        return obj.sender.get_full_name() or obj.sender.get_username()


class ContactRequestCreate(Schema):
    message: str = Field(..., min_length=1, max_length=2000)


_OUT_SCHEMAS: dict[type, type[Schema]] = {Speaker: SpeakerOut, Exhibitor: ExhibitorOut}


def present(obj: Any) -> dict[str, Any]:
    """The current state of ``obj`` as the API shows it (used in 409 responses)."""
    return _OUT_SCHEMAS[type(obj)].from_orm(obj).model_dump(mode="json")
