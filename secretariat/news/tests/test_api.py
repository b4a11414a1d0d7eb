"""The news API: the secretariat writes; input is checked (422), a stale version is 409
with the current item, and readers get exactly what the pages show them."""

import pytest

from secretariat.core.models import AuditEntry
from secretariat.news.models import NewsItem
from secretariat.testing.api import bearer, call
from secretariat.testing.world import client_for

from .factories import outcome_text

ORIGINAL = {"text": "Ministers meet in Incheon", "status": "original"}


def _create(client, **extra):  # type: ignore[no-untyped-def]
    body = {"kind": "news", "title": {"en": ORIGINAL}, "body": {"en": ORIGINAL}} | extra
    return call(client, "POST", "/news/", body)


@pytest.mark.django_db
def test_the_secretariat_writes_news_and_nobody_else_does(world):
    staff = client_for("secretariat", world)
    created = _create(staff, outcome=outcome_text(world, "statement").slug)
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["state"] == "draft" and item["outcome"] == "statement"
    for role in ("reader", "press", "head_a", "chair"):
        assert _create(client_for(role, world)).status_code == 403
    assert _create(client_for("anonymous", world)).status_code in (401, 403)
    assert call(client_for("token_write", world), "POST", "/news/", {}).status_code == 422
    assert NewsItem.objects.count() == 1
    assert AuditEntry.objects.filter(action="news.item.created").count() == 1


@pytest.mark.django_db
def test_bad_input_is_422_and_writes_nothing(world):
    staff = client_for("secretariat", world)
    for extra in (
        {"embargo_until": "2030-01-01T10:00:00"},  # no time zone: which 10 o'clock?
        {"embargo_until": "2030-01-01T10:00:00Z"},  # news is never embargoed
        {"kind": "press_release", "embargo_until": "2030-01-01T10:00:00Z"},  # no meeting
        {"meeting": 999999},
        {"outcome": "no-such-text"},
        {"related_url": "javascript:alert(1)"},
        {"title": {"xx": ORIGINAL}},
        {"title": {"en": {"text": "", "status": "original"}}},
    ):
        response = _create(staff, **extra)
        assert response.status_code == 422, (extra, response.content)
        assert response["Content-Type"] == "application/problem+json"
    assert not NewsItem.objects.exists()


@pytest.mark.django_db
def test_a_stale_version_is_409_with_the_current_item(world):
    staff = client_for("secretariat", world)
    item = _create(staff).json()
    first = {"version": item["version"], "title": {"en": {"text": "One", "status": "original"}}}
    assert call(staff, "PATCH", f"/news/{item['id']}", first).status_code == 200
    second = first | {"title": {"en": {"text": "Two", "status": "original"}}}
    stale = call(staff, "PATCH", f"/news/{item['id']}", second)
    assert stale.status_code == 409 and stale.json()["current"]["display_title"] == "One"


@pytest.mark.django_db
def test_review_and_publication_through_the_api(world):
    staff = client_for("secretariat", world)
    item = _create(staff).json()
    path = f"/news/{item['id']}/transitions"
    assert call(staff, "POST", path, {"version": 1, "state": "published"}).status_code == 422
    reviewed = call(staff, "POST", path, {"version": 1, "state": "in_review"}).json()
    assert call(client_for("anonymous", world), "GET", f"/news/{item['id']}").status_code == 404
    published = call(
        staff, "POST", path, {"version": reviewed["version"], "state": "published"}
    ).json()
    assert published["state"] == "published"
    anonymous = call(client_for("anonymous", world), "GET", f"/news/{item['id']}")
    assert anonymous.status_code == 200
    token = call(
        client_for("anonymous", world), "GET", "/news/", **bearer(world.tokens["token_read"])
    )
    assert token.json()["count"] == 1
