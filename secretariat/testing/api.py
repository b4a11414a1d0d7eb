"""Helpers for tests that go through the real API URLs and authentication."""

import json
from typing import Any

from django.test import Client


def call(client: Client, method: str, path: str, body: Any = None, **headers: str):  # type: ignore[no-untyped-def]
    data = json.dumps(body) if body is not None else None
    return client.generic(
        method, "/api" + path, data=data or "", content_type="application/json", headers=headers
    )


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
