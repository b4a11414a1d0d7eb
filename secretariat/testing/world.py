"""A small world with one user per role, shared by the permission matrix and other tests.

Economy A is Korea, economy B the United States; both have delegations to ``body``."""

import time
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator

from secretariat.accounts import services as account_services
from secretariat.core.i18n import translations
from secretariat.registry.choices import ForumKind, OrganisationKind, RoleKind
from secretariat.registry.models import (
    Delegation,
    DelegationNote,
    Economy,
    Forum,
    ForumRole,
    Organisation,
    Person,
)
from secretariat.registry.tests.factories import (
    DelegationFactory,
    EconomyFactory,
    ForumFactory,
    NoteFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

ROLES = [
    "anonymous",
    "reader",
    "delegate_a",
    "head_a",
    "delegate_b",
    "partner",
    "chair",
    "secretariat",
]
MEMBERS = {"delegate_a", "head_a", "delegate_b", "partner", "chair", "secretariat"}
TEST_TOTP_SECRET = "MRSW23ZNORXXI4BNOVZS22DFMFSC4LRO"


@dataclass
class World:
    economy_a: Economy
    economy_b: Economy
    body: Forum
    other_forum: Forum
    partner_org: Organisation
    delegation_a: Delegation
    delegation_b: Delegation
    users: dict[str, Any]
    people: dict[str, Person]
    candidate_a: Person
    public_person: Person
    note_a: DelegationNote
    note_b: DelegationNote
    delegate_a_role: ForumRole
    secretariat_token_id: int
    extra: dict[str, Any] = field(default_factory=dict)


def _give_totp(user: Any) -> None:
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TEST_TOTP_SECRET}
    )


def build_world() -> World:
    economy_a = EconomyFactory(
        code="KR", code_alpha3="KOR", name=translations("en", en="Republic of Korea", ko="대한민국")
    )
    economy_b = EconomyFactory(
        code="US", code_alpha3="USA", name=translations("en", en="United States of America")
    )
    body = ForumFactory(
        slug="daib",
        abbreviation="DAIB",
        kind=ForumKind.HIGH_LEVEL_BODY,
        name=translations("en", en="High-Level Digital·AI Body", ko="디지털·AI 고위급 협의체"),
    )
    other_forum = ForumFactory(slug="telwg", abbreviation="TELWG")
    partner_org = OrganisationFactory(
        slug="world-bank", acronym="WB", name=translations("en", en="World Bank")
    )
    OrganisationFactory(slug="apec-secretariat", kind=OrganisationKind.SECRETARIAT)
    delegation_a = DelegationFactory(economy=economy_a, forum=body)
    delegation_b = DelegationFactory(economy=economy_b, forum=body)

    users = {role: UserFactory(username=role.replace("_", "-")) for role in ROLES[1:]}
    users["secretariat"].is_staff = users["secretariat"].is_superuser = True
    users["secretariat"].save(update_fields=["is_staff", "is_superuser"])
    people = {
        "delegate_a": PersonFactory(economy=economy_a, user=users["delegate_a"]),
        "head_a": PersonFactory(economy=economy_a, user=users["head_a"]),
        "delegate_b": PersonFactory(economy=economy_b, user=users["delegate_b"]),
        "partner": PersonFactory(organisation=partner_org, user=users["partner"]),
        "chair": PersonFactory(economy=economy_a, user=users["chair"], is_public=True),
        "secretariat": PersonFactory(user=users["secretariat"]),
    }
    delegate_a_role = ForumRole.objects.create(
        person=people["delegate_a"], forum=body, kind=RoleKind.DELEGATE, delegation=delegation_a
    )
    ForumRole.objects.create(
        person=people["head_a"],
        forum=body,
        kind=RoleKind.HEAD_OF_DELEGATION,
        delegation=delegation_a,
    )
    ForumRole.objects.create(
        person=people["delegate_b"], forum=body, kind=RoleKind.DELEGATE, delegation=delegation_b
    )
    ForumRole.objects.create(
        person=people["partner"], forum=body, kind=RoleKind.PARTNER, organisation=partner_org
    )
    ForumRole.objects.create(person=people["chair"], forum=body, kind=RoleKind.CHAIR)
    ForumRole.objects.create(person=people["secretariat"], forum=body, kind=RoleKind.SECRETARIAT)
    _give_totp(users["head_a"])
    _give_totp(users["secretariat"])

    token = account_services.issue_api_token(
        actor=users["secretariat"], name="matrix", scopes=["read", "write"], expires_in_days=30
    )
    return World(
        economy_a=economy_a,
        economy_b=economy_b,
        body=body,
        other_forum=other_forum,
        partner_org=partner_org,
        delegation_a=delegation_a,
        delegation_b=delegation_b,
        users=users,
        people=people,
        candidate_a=PersonFactory(economy=economy_a, family_name="Candidate"),
        public_person=PersonFactory(economy=economy_b, is_public=True, family_name="Minister"),
        note_a=NoteFactory(
            delegation=delegation_a, author=users["delegate_a"], title="Korea's fallback on para 7"
        ),
        note_b=NoteFactory(
            delegation=delegation_b, author=users["delegate_b"], title="US instructions on para 3"
        ),
        delegate_a_role=delegate_a_role,
        secretariat_token_id=token.token.pk,
    )


def client_for(role: str, world: World) -> Any:
    """A client signed in as ``role``, as if through the real sign-in (with its second
    factor for the roles that have one)."""
    from django.test import Client

    client = Client()
    if role != "anonymous":
        user = world.users[role]
        client.force_login(user)
        if Authenticator.objects.filter(user=user).exists():
            session = client.session
            now = time.time()
            session["account_authentication_methods"] = [
                {"method": "password", "at": now, "username": user.username},
                {"method": "mfa", "at": now, "type": "totp"},
            ]
            session["account_authentication_methods_user"] = str(user.pk)
            session.save()
    return client
