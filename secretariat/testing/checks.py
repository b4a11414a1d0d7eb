"""The pieces every permission-matrix module shares: ``Check``, ``Sees``, URL helpers and the
role sets. Apps import them from here (never from ``testing.matrix``, which imports them).

An entry says who may do one thing, and how to see that it was done::

    "registry:add_note": Check(
        "POST",
        page("registry:add_note", lambda w: w.delegation_a.pk),
        ECONOMY_A,                                   # every other role must be refused
        body=lambda w: {"title": "Fallback", "body": "Keep para 4"},
        effect=lambda w: DelegationNote.objects.filter(title="Fallback").exists(),
    ),
    "list_delegation_notes": Check(
        "GET",
        api("/registry/delegations/{w.delegation_a.pk}/notes"),
        ECONOMY_A,
        sees=Sees(
            items=lambda w: {"note_a": w.note_a.pk},  # label -> id (API) or text (page)
            by_role={ECONOMY_A: {"note_a"}},          # roles not named receive nothing
        ),
    ),

An entry (in ``PAGES`` or ``API``) may also be a tuple of checks: a form page's GET and
POST, or the same request on objects of forum A and of forum B.

What the matrix test asserts, role by role (each role's request runs in its own savepoint,
rolled back afterwards, so every role starts from the same world):
- allowed: pages answer 200, or a redirect that is not to sign-in and carries no error
  message (``messages.error``); the API answers 2xx. Refused: pages 403/404 or a redirect to
  sign-in; the API 401/403/404 as problem+json.
- ``effect(world)`` (optional) — "the change is really there": must hold after an allowed
  role's request and must NOT hold after a refused one's. Query the database afresh in it
  (``Model.objects.filter(...).exists()``); do not ``refresh_from_db`` world objects.
- refused requests change nothing: no audit entry is written (every service writes one).
- ``sees`` (optional) — for list pages, the labelled needles (``str(value)``) found in the
  HTML; for list API operations, the labels whose value equals the ``id``, ``pk``, ``slug``,
  ``code`` or ``eid`` of an item in the JSON ``items`` (or of the top-level list); a page
  needle also matches HTML-escaped. Each role must receive EXACTLY its expected set.
  ``by_role`` keys are roles or role sets: a role named on its own wins, else the LAST set
  naming it (so write ``{EVERYONE: public, MEMBERS: all}``); a role no key names expects the
  empty set. Only allowed roles' responses are compared (a refused role
  receives nothing by definition).
- Token roles (``token_read``, ``token_write``) are API-only and act as ``TOKEN_OWNER``
  (``head_a``): ``token_read`` is allowed GETs the owner is allowed, ``token_write``
  everything the owner is allowed, and both see what the owner sees. Never name them in
  ``allowed`` or ``by_role``; pass ``tokens=frozenset(...)`` for an operation that treats
  tokens differently (e.g. ``tokens=frozenset()`` when a session is required).
- Every role name in an entry must exist (``world.ROLES``, the person roles; token roles are
  ``world.TOKEN_ROLES``); a misspelt role fails at import.

Beside the entries, the matrix test also tries every other HTTP method on each page (it
must be refused or answer 405 and change nothing), undeclared methods on each API path
(405 problem+json), every API write without a CSRF token from a session (403, no effect),
and the admin and allauth pages per role.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from .world import (
    ALL_ROLES,
    FORUM_A_MEMBERS,
    FORUM_B_MEMBERS,
    PERSON_ROLES,
    TOKEN_OWNER,
    TOKEN_ROLES,
    World,
)

EVERYONE = frozenset(PERSON_ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
FORUM_A = frozenset(FORUM_A_MEMBERS)  # members of ``body`` ("daib")
FORUM_B = frozenset(FORUM_B_MEMBERS)  # members of ``other_forum`` ("telwg")
MEMBERS = FORUM_A | FORUM_B  # anyone with a role in some forum
MEMBERS_ONLY = FORUM_A  # the name used before forum B existed: members of ``body``
NON_MEMBERS = EVERYONE - MEMBERS  # anonymous, reader, press, exhibitors
ECONOMY_A = frozenset({"delegate_a", "head_a"})
ECONOMY_B = frozenset({"delegate_b", "head_b"})
ECONOMY_C = frozenset({"delegate_c", "head_c"})
HEADS = frozenset({"head_a", "head_b", "head_c"})
HEAD_A = frozenset({"head_a", "secretariat"})
SECRETARIAT = frozenset({"secretariat"})

RoleKey = str | frozenset[str]


def check_roles(roles: Iterable[str], where: str, *, tokens: bool = False) -> None:
    """Fail loudly on a role that does not exist (or a token role where it may not stand)."""
    known = set(ALL_ROLES) if tokens else set(PERSON_ROLES)
    unknown = sorted(set(roles) - known)
    if unknown:
        raise ValueError(f"{where}: unknown role(s) {unknown}; roles are {sorted(known)}")


@dataclass(frozen=True)
class Sees:
    """Which labelled items each role receives from a list page or list API operation."""

    items: Callable[[World], Mapping[str, Any]]
    by_role: Mapping[RoleKey, Iterable[str]]

    def __post_init__(self) -> None:
        for key in self.by_role:
            check_roles([key] if isinstance(key, str) else key, "Sees.by_role")

    def expected(self, role: str) -> set[str]:
        if role in TOKEN_ROLES:
            role = TOKEN_OWNER
        if role in self.by_role:
            return set(self.by_role[role])
        found = [set(labels) for key, labels in self.by_role.items() if role in key]
        return found[-1] if found else set()


@dataclass(frozen=True)
class Check:
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    body: Callable[[World], dict[str, Any]] = field(default=lambda world: {})
    effect: Callable[[World], bool] | None = None
    sees: Sees | None = None
    tokens: frozenset[str] | None = None  # None: derived from TOKEN_OWNER (see module doc)

    def __post_init__(self) -> None:
        check_roles(self.allowed, f"Check({self.method}).allowed")
        if self.tokens is not None:
            check_roles(self.tokens, "Check.tokens", tokens=True)
            if set(self.tokens) - set(TOKEN_ROLES):
                raise ValueError("Check.tokens names only token roles")

    def allows(self, role: str) -> bool:
        if role not in TOKEN_ROLES:
            return role in self.allowed
        if self.tokens is not None:
            return role in self.tokens
        return TOKEN_OWNER in self.allowed and (role == "token_write" or self.method == "GET")


def page(name: str, *args: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda world: reverse(name, args=[arg(world) for arg in args])


def api(path: str) -> Callable[[World], str]:
    return lambda world: "/api" + path.format(w=world)


def i18n(text: str) -> dict[str, dict[str, str]]:
    return {"en": {"text": text, "status": "original"}}
