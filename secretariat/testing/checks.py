"""The pieces every permission-matrix module shares: the ``Check`` entry, URL helpers and the
role sets. Apps import them from here, so their ``tests/matrix.py`` never has to import
``testing.matrix`` (which imports them in turn)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from .world import MEMBERS, ROLES, World

EVERYONE = frozenset(ROLES)
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
ECONOMY_A = frozenset({"delegate_a", "head_a"})
HEAD_A = frozenset({"head_a", "secretariat"})
SECRETARIAT = frozenset({"secretariat"})
MEMBERS_ONLY = frozenset(MEMBERS)


@dataclass(frozen=True)
class Check:
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    body: Callable[[World], dict[str, Any]] = field(default=lambda world: {})


def page(name: str, *args: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda world: reverse(name, args=[arg(world) for arg in args])


def api(path: str) -> Callable[[World], str]:
    return lambda world: "/api" + path.format(w=world)


def i18n(text: str) -> dict[str, dict[str, str]]:
    return {"en": {"text": text, "status": "original"}}
