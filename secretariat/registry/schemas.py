"""The registry as the API shows it (``…Out``) and accepts it (``…Create``, ``…Update``)."""

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import Q
from django.utils.translation import get_language
from ninja import Field, FilterLookup, FilterSchema, Schema

from secretariat.core.i18n import resolve, translated_icontains
from secretariat.core.schemas import MAX_ID, Id, TranslatedIn, TranslatedOut

from .choices import ForumKind, OrganisationKind, RoleKind
from .models import (
    Delegation,
    DelegationNote,
    Economy,
    Forum,
    ForumRole,
    Organisation,
    Person,
    WorksWith,
)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class EconomyOut(Schema):
    id: int
    code: str
    code_alpha3: str
    name: TranslatedOut
    display_name: str
    joined_year: int
    version: int

    @staticmethod
    def resolve_display_name(obj: Economy) -> str:
        return resolve(obj.name, get_language()).text


class EconomyCreate(Schema):
    code: str = Field(..., pattern=r"^[A-Za-z]{2}$")
    code_alpha3: str = Field(..., pattern=r"^[A-Za-z]{3}$")
    name: TranslatedIn
    joined_year: int = Field(..., ge=1989, le=2100)


class EconomyUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    name: TranslatedIn | None = None
    joined_year: int | None = Field(None, ge=1989, le=2100)


class EconomyFilter(FilterSchema):
    q: str | None = Field(None, max_length=100, description="Part of the code or of a name")
    joined_from: int | None = Field(None, ge=1000, le=9999)
    joined_to: int | None = Field(None, ge=1000, le=9999)

    def filter_q(self, value: str | None) -> Q:
        if not value:
            return Q()
        return (
            Q(code__iexact=value)
            | Q(code_alpha3__iexact=value)
            | translated_icontains("name", value)
        )

    def filter_joined_from(self, value: int | None) -> Q:
        return Q(joined_year__gte=value) if value else Q()

    def filter_joined_to(self, value: int | None) -> Q:
        return Q(joined_year__lte=value) if value else Q()


class OrganisationOut(Schema):
    id: int
    slug: str
    kind: OrganisationKind
    acronym: str
    name: TranslatedOut
    display_name: str
    description: TranslatedOut
    website: str
    economy: str | None
    version: int

    @staticmethod
    def resolve_display_name(obj: Organisation) -> str:
        return resolve(obj.name, get_language()).text

    @staticmethod
    def resolve_economy(obj: Organisation) -> str | None:
        return obj.economy.code if obj.economy else None


class OrganisationCreate(Schema):
    slug: str = Field(..., max_length=80, pattern=SLUG)
    kind: OrganisationKind
    acronym: str = Field("", max_length=40)
    name: TranslatedIn
    description: TranslatedIn = Field(default_factory=dict)
    website: str = Field("", max_length=200)
    economy: str | None = Field(None, pattern=r"^[A-Za-z]{2}$")


class OrganisationUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    kind: OrganisationKind | None = None
    acronym: str | None = Field(None, max_length=40)
    name: TranslatedIn | None = None
    description: TranslatedIn | None = None
    website: str | None = Field(None, max_length=200)


class OrganisationFilter(FilterSchema):
    q: str | None = Field(None, max_length=100)
    kind: OrganisationKind | None = None
    economy: Annotated[str | None, FilterLookup("economy__code__iexact")] = Field(
        None, pattern=r"^[A-Za-z]{2}$"
    )

    def filter_q(self, value: str | None) -> Q:
        if not value:
            return Q()
        return (
            Q(slug__icontains=value)
            | Q(acronym__icontains=value)
            | translated_icontains("name", value)
        )


class ForumOut(Schema):
    id: int
    slug: str
    abbreviation: str
    kind: ForumKind
    name: TranslatedOut
    display_name: str
    description: TranslatedOut
    parent: str | None
    established_year: int | None
    is_active: bool
    version: int

    @staticmethod
    def resolve_display_name(obj: Forum) -> str:
        return resolve(obj.name, get_language()).text

    @staticmethod
    def resolve_parent(obj: Forum) -> str | None:
        return obj.parent.slug if obj.parent else None


class ForumCreate(Schema):
    slug: str = Field(..., max_length=40, pattern=SLUG)
    abbreviation: str = Field(..., min_length=1, max_length=40)
    kind: ForumKind
    name: TranslatedIn
    description: TranslatedIn = Field(default_factory=dict)
    parent: str | None = Field(None, max_length=40, pattern=SLUG)
    established_year: int | None = Field(None, ge=1900, le=2100)


class ForumUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    abbreviation: str | None = Field(None, min_length=1, max_length=40)
    kind: ForumKind | None = None
    name: TranslatedIn | None = None
    description: TranslatedIn | None = None
    parent: str | None = Field(None, max_length=40, pattern=SLUG)
    established_year: int | None = Field(None, ge=1900, le=2100)
    is_active: bool | None = None


class ForumFilter(FilterSchema):
    q: str | None = Field(None, max_length=100)
    kind: ForumKind | None = None
    parent: Annotated[str | None, FilterLookup("parent__slug")] = Field(None, max_length=40)

    def filter_q(self, value: str | None) -> Q:
        if not value:
            return Q()
        return (
            Q(slug__icontains=value)
            | Q(abbreviation__icontains=value)
            | translated_icontains("name", value)
        )


class PersonOut(Schema):
    id: int
    family_name: str
    given_name: str
    honorific: str
    position: TranslatedOut
    email: str | None = Field(None, description="Shown to the secretariat and to the person only")
    economy: str | None
    organisation: str | None
    is_public: bool
    version: int

    @staticmethod
    def resolve_economy(obj: Person) -> str | None:
        return obj.economy.code if obj.economy else None

    @staticmethod
    def resolve_organisation(obj: Person) -> str | None:
        return obj.organisation.slug if obj.organisation else None

    @staticmethod
    def resolve_email(obj: Person, context: Any) -> str | None:
        from .permissions import principal_for
        from .selectors import can_see_email

        request = (context or {}).get("request")
        if request is None:  # no one to show it to
            return None
        return (obj.email or None) if can_see_email(principal_for(request.user), obj) else None


class PersonCreate(Schema):
    family_name: str = Field(..., min_length=1, max_length=100)
    given_name: str = Field("", max_length=100)
    honorific: str = Field("", max_length=40)
    position: TranslatedIn = Field(default_factory=dict)
    email: str = Field("", max_length=254)
    economy: str | None = Field(None, pattern=r"^[A-Za-z]{2}$")
    organisation: str | None = Field(None, max_length=80, pattern=SLUG)
    is_public: bool = False


class PersonUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    family_name: str | None = Field(None, min_length=1, max_length=100)
    given_name: str | None = Field(None, max_length=100)
    honorific: str | None = Field(None, max_length=40)
    position: TranslatedIn | None = None
    email: str | None = Field(None, max_length=254)
    is_public: bool | None = None


class PersonFilter(FilterSchema):
    q: str | None = Field(None, max_length=100)
    economy: Annotated[str | None, FilterLookup("economy__code__iexact")] = Field(
        None, pattern=r"^[A-Za-z]{2}$"
    )
    organisation: Annotated[str | None, FilterLookup("organisation__slug")] = Field(
        None, max_length=80
    )

    def filter_q(self, value: str | None) -> Q:
        if not value:
            return Q()
        return Q(family_name__icontains=value) | Q(given_name__icontains=value)


class DelegationOut(Schema):
    id: int
    economy: str
    forum: str
    head: int | None = Field(None, description="Person id of the head of delegation")
    version: int

    @staticmethod
    def resolve_economy(obj: Delegation) -> str:
        return obj.economy.code

    @staticmethod
    def resolve_forum(obj: Delegation) -> str:
        return obj.forum.slug

    @staticmethod
    def resolve_head(obj: Delegation) -> int | None:
        # Only heads the caller may see, prefetched by selectors.delegations_with_visible_heads.
        heads = getattr(obj, "heads", [])
        return heads[0].person_id if heads else None


class DelegationCreate(Schema):
    economy: str = Field(..., pattern=r"^[A-Za-z]{2}$")
    forum: str = Field(..., max_length=40, pattern=SLUG)


class DelegationFilter(FilterSchema):
    economy: Annotated[str | None, FilterLookup("economy__code__iexact")] = Field(
        None, pattern=r"^[A-Za-z]{2}$"
    )
    forum: Annotated[str | None, FilterLookup("forum__slug")] = Field(None, max_length=40)


class RoleOut(Schema):
    id: int
    person: int
    person_name: str
    forum: str
    kind: RoleKind
    delegation: int | None
    organisation: str | None

    @staticmethod
    def resolve_person(obj: ForumRole) -> int:
        return obj.person_id

    @staticmethod
    def resolve_person_name(obj: ForumRole) -> str:
        return str(obj.person)

    @staticmethod
    def resolve_forum(obj: ForumRole) -> str:
        return obj.forum.slug

    @staticmethod
    def resolve_delegation(obj: ForumRole) -> int | None:
        return obj.delegation_id

    @staticmethod
    def resolve_organisation(obj: ForumRole) -> str | None:
        return obj.organisation.slug if obj.organisation else None


class RoleCreate(Schema):
    person: Id
    forum: str = Field(..., max_length=40, pattern=SLUG)
    kind: RoleKind
    delegation: Id | None = None
    organisation: str | None = Field(None, max_length=80, pattern=SLUG)


class AccreditationCreate(Schema):
    person: Id


class RoleFilter(FilterSchema):
    forum: Annotated[str | None, FilterLookup("forum__slug")] = Field(None, max_length=40)
    kind: RoleKind | None = None
    person: Annotated[Id | None, FilterLookup("person_id")] = None
    delegation: Annotated[Id | None, FilterLookup("delegation_id")] = None


class NoteOut(Schema):
    id: int
    delegation: int
    title: str
    body: str
    author: str | None
    created_at: datetime
    updated_at: datetime
    version: int

    @staticmethod
    def resolve_delegation(obj: DelegationNote) -> int:
        return obj.delegation_id

    @staticmethod
    def resolve_author(obj: DelegationNote) -> str | None:
        return obj.author.get_username() if obj.author else None


class NoteCreate(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field("", max_length=10000)


class NoteUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    title: str | None = Field(None, min_length=1, max_length=200)
    body: str | None = Field(None, max_length=10000)


class WorksWithOut(Schema):
    id: int
    forum: str = Field(..., description="The forum's slug")
    partner_forum: str | None = Field(None, description="A partner forum's slug")
    partner_organisation: str | None = Field(None, description="A partner organisation's slug")
    since: date
    note: TranslatedOut
    display_note: str
    version: int

    @staticmethod
    def resolve_forum(obj: WorksWith) -> str:
        return obj.forum.slug

    @staticmethod
    def resolve_partner_forum(obj: WorksWith) -> str | None:
        return obj.partner_forum.slug if obj.partner_forum else None

    @staticmethod
    def resolve_partner_organisation(obj: WorksWith) -> str | None:
        return obj.partner_organisation.slug if obj.partner_organisation else None

    @staticmethod
    def resolve_display_note(obj: WorksWith) -> str:
        return resolve(obj.note, get_language()).text


class WorksWithCreate(Schema):
    forum: str = Field(..., max_length=40, pattern=SLUG)
    partner_forum: str | None = Field(None, max_length=40, pattern=SLUG)
    partner_organisation: str | None = Field(None, max_length=80, pattern=SLUG)
    since: date
    note: TranslatedIn = Field(default_factory=dict)


class WorksWithUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    since: date | None = None
    note: TranslatedIn | None = None


class WorksWithFilter(FilterSchema):
    forum: str | None = Field(
        None, max_length=40, description="Links of this forum, on either side"
    )
    organisation: Annotated[str | None, FilterLookup("partner_organisation__slug")] = Field(
        None, max_length=80
    )

    def filter_forum(self, value: str | None) -> Q:
        return Q(forum__slug=value) | Q(partner_forum__slug=value) if value else Q()


_OUT_SCHEMAS: dict[type, type[Schema]] = {
    WorksWith: WorksWithOut,
    Economy: EconomyOut,
    Organisation: OrganisationOut,
    Forum: ForumOut,
    Person: PersonOut,
    Delegation: DelegationOut,
    DelegationNote: NoteOut,
}


def present(obj: Any) -> dict[str, Any]:
    """The current state of ``obj`` as the API shows it (used in 409 responses)."""
    return _OUT_SCHEMAS[type(obj)].from_orm(obj).model_dump(mode="json")
