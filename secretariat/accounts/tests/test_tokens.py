from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from secretariat.accounts import services
from secretariat.accounts.models import ApiToken
from secretariat.testing.api import bearer, call
from secretariat.testing.world import client_for


@pytest.fixture
def tokens(world):
    staff = world.users["secretariat"]
    read = services.issue_api_token(actor=staff, name="read", scopes=["read"], expires_in_days=1)
    write = services.issue_api_token(
        actor=staff, name="write", scopes=["read", "write"], expires_in_days=1
    )
    return read, write


@pytest.mark.django_db
def test_only_a_hash_of_the_token_is_stored(tokens):
    read, _ = tokens
    stored = ApiToken.objects.get(pk=read.token.pk)
    assert read.key not in (stored.key_hash, stored.prefix)
    assert read.key.startswith("sct_" + stored.prefix)


@pytest.mark.django_db
def test_a_write_token_writes_and_a_read_token_cannot(tokens):
    read, write = tokens
    body = {"version": 1, "established_year": 2025}
    denied = call(Client(), "PATCH", "/registry/fora/daib", body, **bearer(read.key))
    assert denied.status_code == 403 and "write" in denied.json()["detail"]
    allowed = call(Client(), "PATCH", "/registry/fora/daib", body, **bearer(write.key))
    assert allowed.status_code == 200


@pytest.mark.django_db
def test_expired_revoked_and_malformed_tokens_get_401(tokens):
    read, write = tokens
    ApiToken.objects.filter(pk=read.token.pk).update(expires_at=timezone.now() - timedelta(1))
    services.revoke_api_token(actor=write.token.user, token=write.token)
    for headers in (
        bearer(read.key),
        bearer(write.key),
        bearer("sct_nope"),
        {"Authorization": "Basic abc"},
    ):
        response = call(Client(), "GET", "/registry/economies", **headers)
        assert response.status_code == 401, headers
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_token_request_is_validated(world):
    client = client_for("reader", world)
    bad = call(client, "POST", "/accounts/tokens", {"name": "x", "scopes": ["admin"]})
    assert bad.status_code == 422
    too_long = call(
        client,
        "POST",
        "/accounts/tokens",
        {"name": "x", "scopes": ["read"], "expires_in_days": 4000},
    )
    assert too_long.status_code == 422
    assert not ApiToken.objects.filter(user=world.users["reader"]).exists()


@pytest.mark.django_db
def test_issued_key_is_shown_once_on_the_account_page(world):
    client = client_for("reader", world)
    response = client.post("/en/me/", {"name": "laptop", "scopes": ["read"], "expires_in_days": 30})
    token = ApiToken.objects.get(user=world.users["reader"])
    assert "sct_" + token.prefix in response.content.decode()
    again = client.get("/en/me/").content.decode()
    assert 'id="new-token"' not in again


@pytest.mark.django_db
def test_a_token_cannot_sidestep_the_two_factor_rule(world, tokens):
    from allauth.mfa.models import Authenticator

    read, _ = tokens
    Authenticator.objects.filter(user=world.users["secretariat"]).delete()
    response = call(Client(), "GET", "/registry/economies", **bearer(read.key))
    assert response.status_code == 403 and "two-factor" in response.json()["detail"]


@pytest.mark.django_db
def test_a_token_cannot_issue_tokens(tokens):
    _, write = tokens
    response = call(
        Client(),
        "POST",
        "/accounts/tokens",
        {"name": "longer", "scopes": ["read"], "expires_in_days": 366},
        **bearer(write.key),
    )
    assert response.status_code == 403
    assert ApiToken.objects.filter(name="longer").count() == 0
