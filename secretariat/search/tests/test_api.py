"""Through the real URL: results, totals and facets count only what the caller may see;
the command line prints what the anonymous API returns."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client


def _get(client: Client, query: str, **params: str) -> dict:  # type: ignore[type-arg]
    response = client.get("/api/search", {"q": query, **params})
    assert response.status_code == 200, response.content
    return response.json()


def _as(world, role: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.django_db
def test_forum_b_restricted_paragraph_is_not_counted_in_facets_or_total_for_others(texts):  # type: ignore[no-untyped-def]
    world, _ = texts
    for role in ("anonymous", "delegate_a", "reader"):
        data = _get(_as(world, role), "cooperation")
        assert data["total"] == 2, role
        assert data["facets"]["forum"] == {"daib": 2}, role
        assert data["facets"]["kind"] == {"paragraph": 2}, role
        assert all("Quantum" not in item["snippet"] for item in data["items"]), role
    forum_b = _get(_as(world, "delegate_c"), "cooperation")
    assert forum_b["total"] == 3
    assert forum_b["facets"]["forum"] == {"daib": 2, "telwg": 1}


@pytest.mark.django_db
def test_filters_narrow_results_but_facets_describe_the_whole_query(texts):  # type: ignore[no-untyped-def]
    world, _ = texts
    client = _as(world, "anonymous")
    everything = _get(client, "声明")
    assert everything["facets"]["language"] == {"ja": 1, "zh-hans": 1}
    japanese = _get(client, "声明", lang="ja")
    assert [item["title"] for item in japanese["items"]] == ["東京声明"]
    assert japanese["facets"] == everything["facets"]
    assert _get(client, "cooperation", year="2026")["total"] == 1
    assert _get(client, "cooperation", kind="text")["total"] == 0
    assert _get(client, "cooperation", forum="telwg")["total"] == 0


@pytest.mark.django_db
def test_bad_filters_are_422_not_500(texts):  # type: ignore[no-untyped-def]
    client = Client()
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search", {"q": "x", "kind": "nope"}).status_code == 422
    assert client.get("/api/search", {"q": "x", "year": "soon"}).status_code == 422
    assert client.get("/api/search", {"q": "x" * 501}).status_code == 422


@pytest.mark.django_db
def test_page_escapes_the_query_and_shows_marked_snippets(texts):  # type: ignore[no-untyped-def]
    response = Client().get("/en/search/", {"q": "cooperation <b>"})
    assert response.status_code == 200
    assert b"&lt;b&gt;" in response.content and b"<b>" not in response.content
    korean = Client().get("/ko/search/", {"q": "보안"})
    assert "<mark>보안</mark>" in korean.content.decode()


@pytest.mark.django_db
def test_command_prints_what_the_anonymous_api_returns(texts):  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("search", "cooperation", "--json", "--limit", "5", stdout=out)
    from_command = json.loads(out.getvalue())
    from_api = _get(Client(HTTP_ACCEPT_LANGUAGE="en"), "cooperation", limit="5")
    assert from_command == from_api
