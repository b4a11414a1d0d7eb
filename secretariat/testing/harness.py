"""Runs one matrix entry as every role and says what went wrong (see ``checks.py`` for the
rules). Each role's request runs in its own savepoint, rolled back afterwards, so the world is
built once per test module and every role starts from the same state."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.utils.html import escape

from secretariat.core.models import AuditEntry

from .checks import Check
from .world import ALL_ROLES, PERSON_ROLES, World, client_for

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
REFUSED_API = (401, 403, 404)
IDENTITY_FIELDS = ("id", "pk", "slug", "code", "eid")


@contextmanager
def rolled_back(*, keep_cache: bool = False) -> Iterator[None]:
    """A savepoint that is always rolled back, with an empty cache on both sides (ids repeat
    on SQLite, and a rendering cached from a rolled-back write must not answer anyone).
    ``keep_cache``: reads change nothing, so one role's cached rendering may stay for the next
    — which is how a cache key that forgets who is looking gets caught."""
    if not keep_cache:
        cache.clear()
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)
    if not keep_cache:
        cache.clear()


def _has_files(body: dict[str, Any]) -> bool:
    return any(
        isinstance(value, File)
        or (isinstance(value, list) and value and isinstance(value[0], File))
        for value in body.values()
    )


def send(client: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    """Pages get forms; the API JSON, or multipart when the body holds files (uploads)."""
    body = body or {}
    if method == "GET":
        return client.get(url)
    if method == "POST" and (not url.startswith("/api/") or _has_files(body)):
        return client.post(url, body)
    return client.generic(method, url, data=json.dumps(body), content_type="application/json")


def redirects_to_login(response: Any) -> bool:
    return response.status_code in (301, 302, 303) and any(
        path in response["Location"] for path in LOGIN_PATHS
    )


def error_messages(response: Any) -> list[str]:
    """The ``messages.error`` flashes the request queued (a failed action shown on a page)."""
    request = getattr(response, "wsgi_request", None)
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return [str(message) for message in queued if message.level >= messages.ERROR]


def audit_mark() -> int:
    return AuditEntry.objects.count()


def received(response: Any, items: dict[str, Any], api: bool) -> set[str]:
    """The labels of ``items`` that the response shows."""
    if not api:
        html = response.content.decode("utf-8", "replace")
        return {
            label
            for label, needle in items.items()
            if str(needle) in html or escape(str(needle)) in html
        }
    data = response.json()
    rows = data.get("items", []) if isinstance(data, dict) else data
    seen = {
        str(row[name])
        for row in rows
        if isinstance(row, dict)
        for name in IDENTITY_FIELDS
        if name in row
    }
    return {label for label, needle in items.items() if str(needle) in seen}


def _judge_allowed(check: Check, response: Any, world: World, api: bool, role: str) -> list[str]:
    status = response.status_code
    if api:
        ok = 200 <= status < 300
    else:
        ok = status == 200 or (300 <= status < 400 and not redirects_to_login(response))
    if not ok:
        return [f"should succeed, got {status} {response.content[:200]!r}"]
    problems = [f"flashed an error: {text}" for text in error_messages(response)]
    if check.effect is not None and not check.effect(world):
        problems.append(f"answered {status} but the change is not there (effect)")
    if check.sees is not None:
        expected = check.sees.expected(role)
        got = received(response, dict(check.sees.items(world)), api)
        if got != expected:
            problems.append(
                f"sees {sorted(got)}, expected {sorted(expected)} "
                f"(extra {sorted(got - expected)}, missing {sorted(expected - got)})"
            )
    return problems


def _judge_refused(
    check: Check, response: Any, world: World, api: bool, audit_before: int
) -> list[str]:
    status = response.status_code
    if api:
        ok = status in REFUSED_API
        if ok and response.get("Content-Type") != "application/problem+json":
            return [f"refused with {status} but not as problem+json"]
    else:
        # 400/422: a form the role may not fill in (e.g. a person who is not theirs to
        # accredit) — a refusal as long as nothing changed, which is checked below.
        ok = (
            status in (400, 403, 404, 422)
            or redirects_to_login(response)
            or (300 <= status < 400 and bool(error_messages(response)))
        )
    problems = [] if ok else [f"must be refused, got {status}"]
    if audit_mark() != audit_before:
        problems.append("was refused but an audit entry was written")
    if check.effect is not None and check.effect(world):
        problems.append("was refused but the change happened (effect)")
    return problems


def _not_served_as(response: Any, world: World, role: str) -> list[str]:
    """A role's shared session (``world.sign_in_everyone``) that no longer signed it in would
    make it an anonymous visitor, and every refusal of it would pass whatever the code does:
    the request must have been served as the role's user."""
    if role not in PERSON_ROLES or role == "anonymous":
        return []
    user = getattr(getattr(response, "wsgi_request", None), "user", None)
    if user is not None and user.is_authenticated and user.pk == world.users[role].pk:
        return []
    return [f"not signed in as {role} (its session no longer signs it in): proves nothing"]


def run_role(check: Check, world: World, role: str, api: bool) -> list[str]:
    with rolled_back(keep_cache=check.method == "GET"):
        audit_before = audit_mark()
        try:
            response = send(
                client_for(role, world), check.method, check.url(world), check.body(world)
            )
        except Exception as error:  # a server error: the test client re-raises it
            return [f"raised {type(error).__name__}: {error}"]
        if response.status_code >= 500:
            return [f"server error {response.status_code}"]
        if not_signed_in := _not_served_as(response, world, role):
            return not_signed_in
        if check.allows(role):
            return _judge_allowed(check, response, world, api, role)
        return _judge_refused(check, response, world, api, audit_before)


def effect_holds_already(key: str, check: Check, world: World) -> list[str]:
    """An effect true before any request proves nothing: a sequence-numbered factory field once
    made one hold from the start, so a write refused for CSRF "happened" whenever the worker's
    counter reached that value."""
    if check.effect is not None and check.effect(world):
        return [f"{key}: its effect holds before any request, so it cannot show a change"]
    return []


def run_entry(key: str, check: Check, world: World, api: bool) -> list[str]:
    """Every role's request; one line per failing role. The roles of a read share one cache,
    each served what the others' requests left there, as on a live site."""
    cache.clear()
    if vacuous := effect_holds_already(key, check, world):
        return vacuous
    failures = []
    for role in ALL_ROLES if api else PERSON_ROLES:
        failures += [f"{key} as {role}: {problem}" for problem in run_role(check, world, role, api)]
    return failures


OTHER_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def run_other_method(key: str, method: str, check: Check, world: World) -> list[str]:
    """``method`` on the page of ``check`` (which takes another method), as a role the entry
    allows (the one most likely to get through). A GET must be refused (a page that answers
    GET needs its own GET check). Other methods must change nothing; many read-only views
    answer them as a GET (they do not restrict methods), which is harmless, so their status
    is not asserted."""
    role = _acting_role(check)
    if vacuous := effect_holds_already(key, check, world):
        return vacuous
    with rolled_back():
        audit_before = audit_mark()
        where = f"{method} {key} as {role}"
        try:
            response = send(client_for(role, world), method, check.url(world))
        except Exception as error:
            return [f"{where}: raised {type(error).__name__}: {error}"]
        status = response.status_code
        problems = []
        if status >= 500:
            problems.append(f"{where}: server error {status}")
        refused = status in (400, 403, 404, 405, 422) or redirects_to_login(response)
        if method == "GET" and not refused:
            problems.append(f"{where}: answered {status}; add a GET check for this page")
        if audit_mark() != audit_before:
            problems.append(f"{where}: an audit entry was written")
        if check.effect is not None and check.effect(world):
            problems.append(f"{where}: the entry's change happened")
        return problems


def _acting_role(check: Check) -> str:
    """A signed-in role the check allows: the secretariat when it may, else the first."""
    roles = [role for role in PERSON_ROLES if role != "anonymous" and check.allows(role)]
    return "secretariat" if "secretariat" in roles else (roles or ["secretariat"])[0]


def run_without_csrf(key: str, check: Check, world: World) -> list[str]:
    """A write sent from a signed-in session without its CSRF token: 403, nothing changed."""
    role = _acting_role(check)
    if vacuous := effect_holds_already(key, check, world):
        return vacuous
    with rolled_back():
        audit_before = audit_mark()
        client = client_for(role, world, enforce_csrf_checks=True)
        try:
            response = send(client, check.method, check.url(world), check.body(world))
        except Exception as error:
            return [f"{key} as {role}: raised {type(error).__name__}: {error}"]
        problems = []
        if response.status_code != 403:
            problems.append(f"{key} as {role} without CSRF: got {response.status_code}")
        if audit_mark() != audit_before:
            problems.append(f"{key} as {role} without CSRF: an audit entry was written")
        if check.effect is not None and check.effect(world):
            problems.append(f"{key} as {role} without CSRF: the change happened")
        return problems


def run_undeclared_method(path: str, method: str, url: str, world: World) -> list[str]:
    """A method the OpenAPI does not declare for ``path``: 405 as problem+json."""
    with rolled_back():
        audit_before = audit_mark()
        try:
            response = send(client_for("secretariat", world), method, url)
        except Exception as error:
            return [f"{method} {path}: raised {type(error).__name__}: {error}"]
        problems = []
        if response.status_code != 405:
            problems.append(f"{method} {path}: expected 405, got {response.status_code}")
        elif response.get("Content-Type") != "application/problem+json":
            problems.append(f"{method} {path}: 405 but not problem+json")
        if audit_mark() != audit_before:
            problems.append(f"{method} {path}: an audit entry was written")
        return problems
