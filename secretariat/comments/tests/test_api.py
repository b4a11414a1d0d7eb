"""The comments API: the same rules and messages as the pages, the limit in the schema."""

from secretariat.comments.models import Comment
from secretariat.config.api import api as ninja_api
from secretariat.testing.api import bearer, call
from secretariat.testing.world import client_for

from .factories import CommentFactory


def _target(outcome):  # type: ignore[no-untyped-def]
    return f"/comments/targets/outcome/{outcome.pk}"


def test_the_schema_states_the_300_character_limit():
    schema = ninja_api.get_openapi_schema()
    create = schema["components"]["schemas"]["CommentCreate"]
    assert create["properties"]["body"]["maxLength"] == 300


def test_the_301st_character_is_refused_by_the_api(world, outcome):
    client = client_for("reader", world)
    refused = call(
        client, "POST", _target(outcome), {"body": "z" * 301}, **bearer(world.tokens["token_write"])
    )
    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("application/problem+json")
    assert "300" in refused.json()["detail"]
    ok = call(
        client, "POST", _target(outcome), {"body": "z" * 300}, **bearer(world.tokens["token_write"])
    )
    assert ok.status_code == 201 and ok.json()["language"] == "en"


def test_a_signed_out_caller_is_told_to_sign_in(world, outcome):
    response = call(client_for("anonymous", world), "POST", _target(outcome), {"body": "Hi"})
    assert response.status_code == 401
    assert not Comment.objects.exists()


def test_a_second_reaction_is_409_already_participated(world, outcome):
    comment = CommentFactory(target_id=outcome.pk)
    headers = bearer(world.tokens["token_write"])
    client = client_for("anonymous", world)
    path = f"/comments/items/{comment.pk}/reactions"
    assert call(client, "POST", path, {"kind": "like"}, **headers).status_code == 201
    again = call(client, "POST", path, {"kind": "like"}, **headers)
    assert again.status_code == 409
    assert again.json()["type"].endswith("already-participated")
    assert "already participated" in again.json()["detail"]


def test_rate_limited_api_call_is_429_problem(world, outcome, settings):
    settings.COMMENT_RATE_LIMITS = {"comment": {"reader": (1, 600)}}
    headers = bearer(world.tokens["token_write"])
    client = client_for("anonymous", world)
    assert call(client, "POST", _target(outcome), {"body": "one"}, **headers).status_code == 201
    limited = call(client, "POST", _target(outcome), {"body": "two"}, **headers)
    assert limited.status_code == 429
    assert "Too many attempts" in limited.json()["detail"]
    assert limited.json()["retry_after"] > 0


def test_markup_comes_back_as_the_plain_text_it_was(world, outcome):
    headers = bearer(world.tokens["token_write"])
    client = client_for("anonymous", world)
    body = "<script>alert(1)</script>"
    created = call(client, "POST", _target(outcome), {"body": body}, **headers).json()
    assert created["body"] == body  # stored as written; pages escape it
    listed = call(client, "GET", _target(outcome)).json()
    assert listed["items"][0]["body"] == body
