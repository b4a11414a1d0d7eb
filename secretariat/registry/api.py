"""The registry's JSON API. Handlers parse, authorise through ``permissions``, call one
service, and return; visibility and rules live below them."""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.api_bodies import body_reference, changes_from
from secretariat.core.pagination import Pagination
from secretariat.core.schemas import IdPath, translated_payload

from . import permissions, selectors, services
from .models import Economy, Forum, Organisation
from .schemas import (
    AccreditationCreate,
    DelegationCreate,
    DelegationFilter,
    DelegationOut,
    EconomyCreate,
    EconomyFilter,
    EconomyOut,
    EconomyUpdate,
    ForumCreate,
    ForumFilter,
    ForumOut,
    ForumUpdate,
    NoteCreate,
    NoteOut,
    NoteUpdate,
    OrganisationCreate,
    OrganisationFilter,
    OrganisationOut,
    OrganisationUpdate,
    PersonCreate,
    PersonFilter,
    PersonOut,
    PersonUpdate,
    RoleCreate,
    RoleFilter,
    RoleOut,
    WorksWithCreate,
    WorksWithFilter,
    WorksWithOut,
    WorksWithUpdate,
)

router = Router(tags=["registry"])


# Economies ---------------------------------------------------------------------------------


@router.get("/economies", response=list[EconomyOut], operation_id="list_economies")
@paginate(Pagination)
def list_economies(request: HttpRequest, filters: EconomyFilter = Query(...)):  # noqa: B008
    return filters.filter(Economy.objects.all())


@router.get("/economies/{code}", response=EconomyOut, operation_id="get_economy")
def get_economy(request: HttpRequest, code: str):
    return permissions.access_economy(request.user, code)


@router.post(
    "/economies", response={201: EconomyOut}, auth=write_auth, operation_id="create_economy"
)
def create_economy(request: HttpRequest, payload: EconomyCreate):
    permissions.require_secretariat(request.user)
    data = payload.model_dump()
    data["name"] = translated_payload(payload.name)
    return 201, services.create_economy(actor=request.user, **data)


@router.patch(
    "/economies/{code}", response=EconomyOut, auth=write_auth, operation_id="update_economy"
)
def update_economy(request: HttpRequest, code: str, payload: EconomyUpdate):
    economy = permissions.access_economy(request.user, code, need="change")
    return services.update_economy(
        actor=request.user,
        economy=economy,
        version=payload.version,
        **changes_from(payload, "name"),
    )


# Organisations -----------------------------------------------------------------------------


@router.get("/organisations", response=list[OrganisationOut], operation_id="list_organisations")
@paginate(Pagination)
def list_organisations(request: HttpRequest, filters: OrganisationFilter = Query(...)):  # noqa: B008
    return filters.filter(Organisation.objects.select_related("economy"))


@router.get("/organisations/{slug}", response=OrganisationOut, operation_id="get_organisation")
def get_organisation(request: HttpRequest, slug: str):
    return permissions.access_organisation(request.user, slug)


@router.post(
    "/organisations",
    response={201: OrganisationOut},
    auth=write_auth,
    operation_id="create_organisation",
)
def create_organisation(request: HttpRequest, payload: OrganisationCreate):
    permissions.require_secretariat(request.user)
    data = payload.model_dump()
    data["name"] = translated_payload(payload.name)
    data["description"] = translated_payload(payload.description)
    code = data.pop("economy", None)
    data["economy"] = (
        body_reference("economy", lambda: permissions.access_economy(request.user, code))
        if code
        else None
    )
    return 201, services.create_organisation(actor=request.user, **data)


@router.patch(
    "/organisations/{slug}",
    response=OrganisationOut,
    auth=write_auth,
    operation_id="update_organisation",
)
def update_organisation(request: HttpRequest, slug: str, payload: OrganisationUpdate):
    organisation = permissions.access_organisation(request.user, slug, need="change")
    return services.update_organisation(
        actor=request.user,
        organisation=organisation,
        version=payload.version,
        **changes_from(payload, "name", "description"),
    )


# Fora --------------------------------------------------------------------------------------


@router.get("/fora", response=list[ForumOut], operation_id="list_fora")
@paginate(Pagination)
def list_fora(request: HttpRequest, filters: ForumFilter = Query(...)):  # noqa: B008
    return filters.filter(Forum.objects.select_related("parent"))


@router.get("/fora/{slug}", response=ForumOut, operation_id="get_forum")
def get_forum(request: HttpRequest, slug: str):
    return permissions.access_forum(request.user, slug)


@router.post("/fora", response={201: ForumOut}, auth=write_auth, operation_id="create_forum")
def create_forum(request: HttpRequest, payload: ForumCreate):
    permissions.require_secretariat(request.user)
    data = payload.model_dump()
    data["name"] = translated_payload(payload.name)
    data["description"] = translated_payload(payload.description)
    parent = data.pop("parent", None)
    data["parent"] = (
        body_reference("parent", lambda: permissions.access_forum(request.user, parent))
        if parent
        else None
    )
    return 201, services.create_forum(actor=request.user, **data)


@router.patch("/fora/{slug}", response=ForumOut, auth=write_auth, operation_id="update_forum")
def update_forum(request: HttpRequest, slug: str, payload: ForumUpdate):
    forum = permissions.access_forum(request.user, slug, need="change")
    changes = changes_from(payload, "name", "description")
    if changes.get("parent"):
        parent_slug = changes["parent"]
        changes["parent"] = body_reference(
            "parent", lambda: permissions.access_forum(request.user, parent_slug)
        )
    return services.update_forum(
        actor=request.user, forum=forum, version=payload.version, **changes
    )


# People ------------------------------------------------------------------------------------


@router.get("/people", response=list[PersonOut], operation_id="list_people")
@paginate(Pagination)
def list_people(request: HttpRequest, filters: PersonFilter = Query(...)):  # noqa: B008
    return filters.filter(selectors.people_visible_to(permissions.principal_for(request.user)))


@router.get("/people/{person_id}", response=PersonOut, operation_id="get_person")
def get_person(request: HttpRequest, person_id: IdPath):
    return permissions.access_person(request.user, person_id)


@router.post("/people", response={201: PersonOut}, auth=write_auth, operation_id="create_person")
def create_person(request: HttpRequest, payload: PersonCreate):
    permissions.require_secretariat(request.user)
    data = payload.model_dump()
    data["position"] = translated_payload(payload.position)
    code, slug = data.pop("economy", None), data.pop("organisation", None)
    data["economy"] = (
        body_reference("economy", lambda: permissions.access_economy(request.user, code))
        if code
        else None
    )
    data["organisation"] = (
        body_reference("organisation", lambda: permissions.access_organisation(request.user, slug))
        if slug
        else None
    )
    return 201, services.create_person(actor=request.user, **data)


@router.patch(
    "/people/{person_id}", response=PersonOut, auth=write_auth, operation_id="update_person"
)
def update_person(request: HttpRequest, person_id: IdPath, payload: PersonUpdate):
    person = permissions.access_person(request.user, person_id, need="change")
    return services.update_person(
        actor=request.user,
        person=person,
        version=payload.version,
        **changes_from(payload, "position"),
    )


# Delegations and roles ---------------------------------------------------------------------


@router.get("/delegations", response=list[DelegationOut], operation_id="list_delegations")
@paginate(Pagination)
def list_delegations(request: HttpRequest, filters: DelegationFilter = Query(...)):  # noqa: B008
    principal = permissions.principal_for(request.user)
    return filters.filter(selectors.delegations_with_visible_heads(principal))


@router.get("/delegations/{delegation_id}", response=DelegationOut, operation_id="get_delegation")
def get_delegation(request: HttpRequest, delegation_id: IdPath):
    delegation = permissions.access_delegation(request.user, delegation_id)
    principal = permissions.principal_for(request.user)
    return selectors.delegations_with_visible_heads(principal).get(pk=delegation.pk)


@router.post(
    "/delegations", response={201: DelegationOut}, auth=write_auth, operation_id="create_delegation"
)
def create_delegation(request: HttpRequest, payload: DelegationCreate):
    permissions.require_secretariat(request.user)
    economy = body_reference(
        "economy", lambda: permissions.access_economy(request.user, payload.economy)
    )
    forum = body_reference("forum", lambda: permissions.access_forum(request.user, payload.forum))
    return 201, services.create_delegation(actor=request.user, economy=economy, forum=forum)


@router.post(
    "/delegations/{delegation_id}/delegates",
    response={201: RoleOut},
    auth=write_auth,
    operation_id="accredit_delegate",
)
def accredit_delegate(request: HttpRequest, delegation_id: IdPath, payload: AccreditationCreate):
    delegation = permissions.access_delegation(request.user, delegation_id, need="accredit")
    person = body_reference(
        "person", lambda: permissions.access_person(request.user, payload.person)
    )
    return 201, services.accredit_delegate(actor=request.user, delegation=delegation, person=person)


@router.get("/roles", response=list[RoleOut], operation_id="list_roles")
@paginate(Pagination)
def list_roles(request: HttpRequest, filters: RoleFilter = Query(...)):  # noqa: B008
    return filters.filter(selectors.roles_visible_to(permissions.principal_for(request.user)))


@router.get("/roles/{role_id}", response=RoleOut, operation_id="get_role")
def get_role(request: HttpRequest, role_id: IdPath):
    return permissions.access_role(request.user, role_id)


@router.post("/roles", response={201: RoleOut}, auth=write_auth, operation_id="assign_role")
def assign_role(request: HttpRequest, payload: RoleCreate):
    permissions.require_secretariat(request.user)
    user = request.user
    person = body_reference("person", lambda: permissions.access_person(user, payload.person))
    forum = body_reference("forum", lambda: permissions.access_forum(user, payload.forum))
    delegation_id, organisation_slug = payload.delegation, payload.organisation
    delegation = (
        body_reference("delegation", lambda: permissions.access_delegation(user, delegation_id))
        if delegation_id
        else None
    )
    organisation = (
        body_reference(
            "organisation", lambda: permissions.access_organisation(user, organisation_slug)
        )
        if organisation_slug
        else None
    )
    return 201, services.assign_role(
        actor=user,
        person=person,
        forum=forum,
        kind=payload.kind,
        delegation=delegation,
        organisation=organisation,
    )


@router.delete(
    "/roles/{role_id}", response={204: None}, auth=write_auth, operation_id="remove_role"
)
def remove_role(request: HttpRequest, role_id: IdPath):
    role = permissions.access_role(request.user, role_id, need="remove")
    services.remove_role(actor=request.user, role=role)
    return 204, None


# Internal notes (economy-private) ----------------------------------------------------------


@router.get(
    "/delegations/{delegation_id}/notes",
    response=list[NoteOut],
    operation_id="list_delegation_notes",
)
@paginate(Pagination)
def list_notes(request: HttpRequest, delegation_id: IdPath):
    delegation = permissions.access_delegation(request.user, delegation_id, need="notes")
    return selectors.notes_visible_to(permissions.principal_for(request.user)).filter(
        delegation=delegation
    )


@router.post(
    "/delegations/{delegation_id}/notes",
    response={201: NoteOut},
    auth=write_auth,
    operation_id="create_delegation_note",
)
def create_note(request: HttpRequest, delegation_id: IdPath, payload: NoteCreate):
    delegation = permissions.access_delegation(request.user, delegation_id, need="notes")
    return 201, services.create_note(
        actor=request.user, delegation=delegation, title=payload.title, body=payload.body
    )


@router.get("/notes/{note_id}", response=NoteOut, operation_id="get_note")
def get_note(request: HttpRequest, note_id: IdPath):
    return permissions.access_note(request.user, note_id)


@router.patch("/notes/{note_id}", response=NoteOut, auth=write_auth, operation_id="update_note")
def update_note(request: HttpRequest, note_id: IdPath, payload: NoteUpdate):
    note = permissions.access_note(request.user, note_id, need="change")
    return services.update_note(
        actor=request.user,
        note=note,
        version=payload.version,
        **payload.model_dump(exclude_unset=True, exclude={"version"}),
    )


@router.delete(
    "/notes/{note_id}", response={204: None}, auth=write_auth, operation_id="delete_note"
)
def delete_note(request: HttpRequest, note_id: IdPath):
    note = permissions.access_note(request.user, note_id, need="change")
    services.delete_note(actor=request.user, note=note)
    return 204, None


# Fora that work together (public) ----------------------------------------------------------


@router.get("/works-with", response=list[WorksWithOut], operation_id="list_works_with")
@paginate(Pagination)
def list_works_with(request: HttpRequest, filters: WorksWithFilter = Query(...)):  # noqa: B008
    return filters.filter(selectors.works_with_links())


@router.get("/works-with/{link_id}", response=WorksWithOut, operation_id="get_works_with")
def get_works_with(request: HttpRequest, link_id: IdPath):
    return permissions.access_works_with(request.user, link_id)


@router.post(
    "/works-with", response={201: WorksWithOut}, auth=write_auth, operation_id="create_works_with"
)
def create_works_with(request: HttpRequest, payload: WorksWithCreate):
    """A forum works with another forum or with an organisation: name exactly one."""
    permissions.require_secretariat(request.user)
    user = request.user
    forum = body_reference("forum", lambda: permissions.access_forum(user, payload.forum))
    forum_slug, organisation_slug = payload.partner_forum, payload.partner_organisation
    return 201, services.create_works_with(
        actor=user,
        forum=forum,
        partner_forum=body_reference(
            "partner_forum", lambda: permissions.access_forum(user, forum_slug)
        )
        if forum_slug
        else None,
        partner_organisation=body_reference(
            "partner_organisation",
            lambda: permissions.access_organisation(user, organisation_slug),
        )
        if organisation_slug
        else None,
        since=payload.since,
        note=translated_payload(payload.note),
    )


@router.patch(
    "/works-with/{link_id}",
    response=WorksWithOut,
    auth=write_auth,
    operation_id="update_works_with",
)
def update_works_with(request: HttpRequest, link_id: IdPath, payload: WorksWithUpdate):
    link = permissions.access_works_with(request.user, link_id, need="change")
    return services.update_works_with(
        actor=request.user, link=link, version=payload.version, **changes_from(payload, "note")
    )


@router.delete(
    "/works-with/{link_id}",
    response={204: None},
    auth=write_auth,
    operation_id="delete_works_with",
)
def delete_works_with(request: HttpRequest, link_id: IdPath):
    link = permissions.access_works_with(request.user, link_id, need="change")
    services.delete_works_with(actor=request.user, link=link)
    return 204, None
