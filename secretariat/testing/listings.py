"""What the API lists, as one comparable JSON value: the backup tests and drills compare it
before a backup and after its restore. ``python -m secretariat.testing.listings USER …``
prints it for the installation the environment names (anonymous plus each user)."""

import json
import sys
from typing import Any

from django.test import Client

from .urls import iter_routes


def _canonical(value: Any) -> Any:
    """Lists compared as sets: a restored table may return unordered rows in another order."""
    if isinstance(value, dict):  # "exported_at" is the time of the request, not data
        return {key: _canonical(item) for key, item in value.items() if key != "exported_at"}
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def api_list_paths() -> list[str]:
    paths = set()
    for route in iter_routes():
        pattern = route.pattern.replace("^", "").replace("$", "")
        plain = pattern.startswith("/api/") and "<" not in pattern and "openapi" not in pattern
        if plain and not pattern.endswith(("/docs", ".csv", ".ics")):
            paths.add(pattern)
    return sorted(paths)


def listings(usernames: list[str]) -> dict[str, dict[str, Any]]:
    from django.contrib.auth import get_user_model

    clients: dict[str, Client] = {"anonymous": Client()}
    for name in usernames:
        client = Client()
        client.force_login(get_user_model().objects.get(username=name))
        clients[name] = client
    out: dict[str, dict[str, Any]] = {}
    for who, client in clients.items():
        seen: dict[str, Any] = {}
        for path in api_list_paths():
            response = client.get(path)
            is_json = response.get("Content-Type", "").startswith("application/json")
            seen[path] = [response.status_code, _canonical(response.json()) if is_json else None]
        out[who] = seen
    return out


if __name__ == "__main__":
    import django

    django.setup()
    json.dump(listings(sys.argv[1:]), sys.stdout, sort_keys=True)
