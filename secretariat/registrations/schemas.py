"""Registrations as the API shows them (``…Out``) and accepts them (``…Create`` …)."""

from datetime import datetime
from typing import Any

from django.utils.translation import get_language
from ninja import Field, Schema

from secretariat.core.i18n import resolve
from secretariat.core.schemas import MAX_ID

from .choices import Category, RegistrationState
from .models import Registration, RegistrationPolicy

ECONOMY_CODE = r"^[A-Za-z]{2}$"
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class ParticipantOut(Schema):
    id: int
    family_name: str
    given_name: str
    honorific: str
    position: str
    economy: str | None
    organisation: str | None
    is_public: bool


class RegistrationOut(Schema):
    id: int
    meeting: int
    category: Category
    state: RegistrationState
    person: ParticipantOut
    economy: str | None
    organisation: str | None
    email: str | None = Field(None, description="Shown to the secretariat and to the person only")
    decided_at: datetime | None
    decision_note: str
    checked_in_at: datetime | None
    version: int

    @staticmethod
    def resolve_meeting(obj: Registration) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_person(obj: Registration) -> dict[str, Any]:
        person = obj.person
        return {
            "id": person.pk,
            "family_name": person.family_name,
            "given_name": person.given_name,
            "honorific": person.honorific,
            "position": resolve(person.position, get_language()).text,
            "economy": person.economy.code if person.economy else None,
            "organisation": person.organisation.slug if person.organisation else None,
            "is_public": person.is_public,
        }

    @staticmethod
    def resolve_economy(obj: Registration) -> str | None:
        return obj.economy.code if obj.economy else None

    @staticmethod
    def resolve_organisation(obj: Registration) -> str | None:
        return obj.organisation.slug if obj.organisation else None

    @staticmethod
    def resolve_email(obj: Registration, context: Any) -> str | None:
        from secretariat.registry.permissions import principal_for
        from secretariat.registry.selectors import can_see_email

        request = (context or {}).get("request")
        if request is None:
            return None
        visible = can_see_email(principal_for(request.user), obj.person)
        return (obj.person.email or None) if visible else None


class MeetingAccreditationCreate(Schema):
    person: int = Field(..., ge=1, le=MAX_ID, description="The person to accredit (id)")


class ApplicationCreate(Schema):
    category: Category = Field(..., description="Any category but 'delegate'")
    organisation: str | None = Field(None, max_length=80, pattern=SLUG)
    family_name: str = Field(
        "", max_length=100, description="Only if you have no participant record yet"
    )
    given_name: str = Field("", max_length=100)


class DecisionCreate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    decision: RegistrationState = Field(..., description="'approved' or 'rejected'")
    note: str = Field("", max_length=500)


class TransitionCreate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)


class EconomyQuotaOut(Schema):
    economy: str
    delegate_quota: int
    accredited: int


class PolicyOut(Schema):
    meeting: int
    delegate_quota: int
    economy_quotas: list[EconomyQuotaOut]
    version: int = Field(..., description="0 while the defaults have never been changed")

    @staticmethod
    def resolve_meeting(obj: RegistrationPolicy) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_economy_quotas(obj: RegistrationPolicy) -> list[dict[str, Any]]:
        from . import selectors

        if not obj.pk:
            return []
        quotas = list(obj.economy_quotas.select_related("economy"))
        rows = selectors.quota_rows(obj.meeting)
        used = {row.economy.pk: row.used for row in rows}
        return [
            {
                "economy": quota.economy.code,
                "delegate_quota": quota.delegate_quota,
                "accredited": used.get(quota.economy_id, 0),
            }
            for quota in quotas
        ]


class PolicyUpdate(Schema):
    version: int = Field(..., ge=0, le=MAX_ID, description="0 if never changed")
    delegate_quota: int = Field(..., ge=0, le=500)


class EconomyQuotaUpdate(Schema):
    delegate_quota: int = Field(..., ge=0, le=500)


class CountsOut(Schema):
    meeting: int
    total: int
    by_category: dict[str, int]


class CalendarFeedOut(Schema):
    url: str | None = Field(None, description="Your private calendar URL; null until created")


_OUT_SCHEMAS: dict[type, type[Schema]] = {
    Registration: RegistrationOut,
    RegistrationPolicy: PolicyOut,
}


def present(obj: Any) -> dict[str, Any]:
    """The current state of ``obj`` as the API shows it (used in 409 responses)."""
    return _OUT_SCHEMAS[type(obj)].from_orm(obj).model_dump(mode="json")
