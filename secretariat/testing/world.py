"""A small world with one user per role, shared by the permission matrix and other tests.

Two fora with different members: ``body`` (forum A, "daib") has delegations of economy A
(Korea) and economy B (the United States), a partner and a chair; ``other_forum`` (forum B,
"telwg") has the delegation of economy C (Japan) only, whose head and delegate belong to no
other forum. Beside them: a reader (registered, no role), a press member, an exhibitor's
contact with contact requests and one without, a translator and a reviewer of
outcomes (assigned in ``outcomes/tests/matrix.py``), and two API tokens of ``head_a`` (read, and
read + write). Every rule of PRODUCT.md "Users and what they may see" has someone to refuse."""

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

# Roles that sign in (a session). Pages are requested as each of them.
PERSON_ROLES = [
    "anonymous",
    "reader",
    "press",
    "exhibitor",
    "exhibitor_idle",
    "translator",  # translates into Korean (outcomes: TranslatorAssignment, no forum role)
    "reviewer",  # translates and verifies Korean
    "partner",
    "delegate_a",
    "head_a",
    "delegate_b",
    "head_b",
    "delegate_c",
    "head_c",
    "chair",
    "secretariat",
]
# API tokens of TOKEN_OWNER: API operations are requested with them as well.
TOKEN_ROLES = ["token_read", "token_write"]
TOKEN_OWNER = "head_a"
ROLES = PERSON_ROLES  # one user each (tests iterate these)
ALL_ROLES = PERSON_ROLES + TOKEN_ROLES
FORUM_A_MEMBERS = {
    "delegate_a",
    "head_a",
    "delegate_b",
    "head_b",
    "partner",
    "chair",
    "secretariat",
}
FORUM_B_MEMBERS = {"delegate_c", "head_c", "secretariat"}
MEMBERS = FORUM_A_MEMBERS  # the members of ``body`` (kept for tests written before forum B)
TEST_TOTP_SECRET = "MRSW23ZNORXXI4BNOVZS22DFMFSC4LRO"


@dataclass
class World:
    economy_a: Economy
    economy_b: Economy
    economy_c: Economy
    body: Forum
    other_forum: Forum
    partner_org: Organisation
    delegation_a: Delegation
    delegation_b: Delegation
    delegation_c: Delegation
    exhibitor_org: Organisation
    idle_exhibitor_org: Organisation
    users: dict[str, Any]
    people: dict[str, Person]
    candidate_a: Person
    public_person: Person
    note_a: DelegationNote
    note_b: DelegationNote
    note_c: DelegationNote
    delegate_a_role: ForumRole
    secretariat_token_id: int
    tokens: dict[str, str]  # token role -> the clear key (Bearer)
    token_ids: dict[str, int]  # token role -> ApiToken pk
    extra: dict[str, Any] = field(default_factory=dict)
    # role -> session cookie value, for a world whose sessions outlive its tests (the matrix's,
    # built once per module): see ``sign_in_everyone``.
    sessions: dict[str, str] = field(default_factory=dict)


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
    economy_c = EconomyFactory(code="JP", code_alpha3="JPN", name=translations("en", en="Japan"))
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
    exhibitor_org = OrganisationFactory(
        slug="booth-co", kind=OrganisationKind.COMPANY, name=translations("en", en="Booth Co")
    )
    idle_exhibitor_org = OrganisationFactory(
        slug="quiet-co", kind=OrganisationKind.COMPANY, name=translations("en", en="Quiet Co")
    )
    delegation_a = DelegationFactory(economy=economy_a, forum=body)
    delegation_b = DelegationFactory(economy=economy_b, forum=body)
    delegation_c = DelegationFactory(economy=economy_c, forum=other_forum)

    users = {role: UserFactory(username=role.replace("_", "-")) for role in PERSON_ROLES[1:]}
    users["secretariat"].is_staff = users["secretariat"].is_superuser = True
    users["secretariat"].save(update_fields=["is_staff", "is_superuser"])
    people = {
        "press": PersonFactory(user=users["press"], family_name="Reporter"),
        "exhibitor": PersonFactory(organisation=exhibitor_org, user=users["exhibitor"]),
        "exhibitor_idle": PersonFactory(
            organisation=idle_exhibitor_org, user=users["exhibitor_idle"]
        ),
        "delegate_a": PersonFactory(economy=economy_a, user=users["delegate_a"]),
        "head_a": PersonFactory(economy=economy_a, user=users["head_a"]),
        "delegate_b": PersonFactory(economy=economy_b, user=users["delegate_b"]),
        "head_b": PersonFactory(economy=economy_b, user=users["head_b"]),
        "delegate_c": PersonFactory(economy=economy_c, user=users["delegate_c"]),
        "head_c": PersonFactory(economy=economy_c, user=users["head_c"]),
        "partner": PersonFactory(organisation=partner_org, user=users["partner"]),
        "chair": PersonFactory(economy=economy_a, user=users["chair"], is_public=True),
        "secretariat": PersonFactory(user=users["secretariat"]),
    }
    delegate_a_role = ForumRole.objects.create(
        person=people["delegate_a"], forum=body, kind=RoleKind.DELEGATE, delegation=delegation_a
    )
    for role, forum, kind, delegation in (
        ("head_a", body, RoleKind.HEAD_OF_DELEGATION, delegation_a),
        ("delegate_b", body, RoleKind.DELEGATE, delegation_b),
        ("head_b", body, RoleKind.HEAD_OF_DELEGATION, delegation_b),
        ("delegate_c", other_forum, RoleKind.DELEGATE, delegation_c),
        ("head_c", other_forum, RoleKind.HEAD_OF_DELEGATION, delegation_c),
    ):
        ForumRole.objects.create(person=people[role], forum=forum, kind=kind, delegation=delegation)
    ForumRole.objects.create(
        person=people["partner"], forum=body, kind=RoleKind.PARTNER, organisation=partner_org
    )
    ForumRole.objects.create(person=people["chair"], forum=body, kind=RoleKind.CHAIR)
    ForumRole.objects.create(person=people["secretariat"], forum=body, kind=RoleKind.SECRETARIAT)
    for role in ("head_a", "head_b", "head_c", "secretariat"):  # they must use a second factor
        _give_totp(users[role])

    token = account_services.issue_api_token(
        actor=users["secretariat"], name="matrix", scopes=["read", "write"], expires_in_days=30
    )
    issued = {
        role: account_services.issue_api_token(
            actor=users[TOKEN_OWNER], name=role, scopes=scopes, expires_in_days=30
        )
        for role, scopes in (("token_read", ["read"]), ("token_write", ["read", "write"]))
    }
    return World(
        economy_a=economy_a,
        economy_b=economy_b,
        economy_c=economy_c,
        body=body,
        other_forum=other_forum,
        partner_org=partner_org,
        delegation_a=delegation_a,
        delegation_b=delegation_b,
        delegation_c=delegation_c,
        exhibitor_org=exhibitor_org,
        idle_exhibitor_org=idle_exhibitor_org,
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
        note_c=NoteFactory(
            delegation=delegation_c, author=users["delegate_c"], title="Japan's line on roaming"
        ),
        delegate_a_role=delegate_a_role,
        secretariat_token_id=token.token.pk,
        tokens={role: item.key for role, item in issued.items()},
        token_ids={role: item.token.pk for role, item in issued.items()},
    )


def client_for(role: str, world: World, *, enforce_csrf_checks: bool = False) -> Any:
    """A client signed in as ``role``, as if through the real sign-in (with its second
    factor for the roles that have one); for a token role, a client sending its Bearer key."""
    from django.conf import settings
    from django.test import Client

    if role in TOKEN_ROLES:
        return Client(headers={"Authorization": f"Bearer {world.tokens[role]}"})
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    elif role != "anonymous":
        _sign_in(client, world.users[role])
    return client


def sign_in_everyone(world: World) -> None:
    """Sign every person role in once, for a world built outside the tests' transactions: the
    matrix requests each entry as every role, and a sign-in per request was a fifth of its
    time. A request that changes its session does so inside the savepoint the matrix rolls
    back, so the next request finds the session as it was signed in."""
    from django.conf import settings
    from django.test import Client

    for role in PERSON_ROLES:
        if role != "anonymous":
            client = Client()
            _sign_in(client, world.users[role])
            world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value


def _sign_in(client: Any, user: Any) -> None:
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
