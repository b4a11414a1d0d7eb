import pyotp
import pytest
from django.test import Client, override_settings

from secretariat.testing.world import TEST_TOTP_SECRET, client_for


def _sign_in(client: Client, username: str, password: str = "pass-word-123"):  # type: ignore[no-untyped-def]
    return client.post("/en/accounts/login/", {"login": username, "password": password})


@pytest.mark.django_db
def test_delegate_signs_in_with_a_password(world):
    client = Client()
    response = _sign_in(client, "delegate-a")
    assert response.status_code == 302
    assert client.get("/api/accounts/me").json()["username"] == "delegate-a"


@pytest.mark.django_db
def test_head_of_delegation_needs_the_totp_code_too(world):
    client = Client()
    response = _sign_in(client, "head-a")
    assert response.status_code == 302 and "/2fa/authenticate/" in response["Location"]
    assert client.get("/api/accounts/me").json()["is_authenticated"] is False
    wrong = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    code = pyotp.TOTP(TEST_TOTP_SECRET).now()
    right = client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert right.status_code == 302
    assert client.get("/api/accounts/me").json()["username"] == "head-a"


@pytest.mark.django_db
def test_roles_that_require_two_factor_are_sent_to_set_it_up(world):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.users["head_a"]).delete()
    client = client_for("head_a", world)
    page = client.get("/en/registry/fora/")
    assert page.status_code == 302 and "/2fa/totp/activate/" in page["Location"]
    api = client.get("/api/registry/fora")
    assert api.status_code == 403 and api.json()["type"].endswith("two-factor-required")
    delegate = client_for("delegate_a", world)
    assert delegate.get("/en/registry/fora/").status_code == 200


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/5m/ip,3/5m/key"})
def test_repeated_failed_sign_ins_are_rate_limited(world):
    client = Client()
    for _ in range(3):
        assert _sign_in(client, "delegate-a", "wrong-password").status_code == 200
    blocked = _sign_in(client, "delegate-a")  # even the right password, for now
    assert blocked.status_code in (200, 429)
    assert "Too many failed login attempts" in blocked.content.decode()
    assert client.get("/api/accounts/me").json()["is_authenticated"] is False


@pytest.mark.django_db
def test_password_reset_sends_an_email(world, mailoutbox):
    response = Client().post("/en/accounts/password/reset/", {"email": "delegate-a@example.test"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "delegate-a" in mailoutbox[0].body


@pytest.mark.django_db
def test_demo_refuses_to_run_in_production(settings):
    from django.core.management import CommandError, call_command

    settings.SECRETARIAT_ENV = "production"
    with pytest.raises(CommandError, match="never seeded in production"):
        call_command("demo")


@pytest.mark.django_db
def test_the_admin_sign_in_goes_through_the_second_factor_too(world):
    client = Client()
    response = client.post(
        "/admin/login/", {"username": "secretariat", "password": "pass-word-123"}
    )
    assert client.get("/api/accounts/me").json()["is_authenticated"] is False
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_a_session_without_the_second_factor_is_signed_out(world):
    client = Client()
    client.force_login(world.users["head_a"])  # as if signed in on a password-only path
    page = client.get("/en/registry/fora/")
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    assert client.get("/api/accounts/me").json()["is_authenticated"] is False
