"""OpenID Connect sign-in against a real (local) identity provider speaking HTTP."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from django.test import Client, override_settings

CLIENT_ID = "secretariat"


class FakeGovernmentIdP(BaseHTTPRequestHandler):
    """Discovery, token and userinfo endpoints of a minimal OIDC provider."""

    def _send(self, body: dict) -> None:
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:  # noqa: N802
        base = self.server.base_url  # type: ignore[attr-defined]
        if self.path == "/.well-known/openid-configuration":
            self._send(
                {
                    "issuer": base,
                    "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token",
                    "userinfo_endpoint": f"{base}/userinfo",
                    "jwks_uri": f"{base}/jwks",
                    "token_endpoint_auth_methods_supported": ["client_secret_post"],
                }
            )
        elif self.path == "/userinfo":
            assert self.headers["Authorization"] == "Bearer access-123"
            self._send(
                {
                    "sub": "kr-gov-42",
                    "email": "official@gov.kr.example",
                    "email_verified": True,
                    "name": "HONG Gildong",
                }
            )
        else:
            self._send({"keys": []})

    def do_POST(self) -> None:  # noqa: N802
        base = self.server.base_url  # type: ignore[attr-defined]
        length = int(self.headers["Content-Length"])
        form = parse_qs(self.rfile.read(length).decode())
        assert form["code"] == ["code-from-idp"] and form["client_id"] == [CLIENT_ID]
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": base,
                "aud": CLIENT_ID,
                "sub": "kr-gov-42",
                "iat": now,
                "exp": now + 300,
                "email": "official@gov.kr.example",
            },
            "idp-signing-key-for-tests-only-32b",
            algorithm="HS256",
        )
        self._send(
            {
                "access_token": "access-123",
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            }
        )

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def identity_provider():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGovernmentIdP)
    server.base_url = f"http://127.0.0.1:{server.server_port}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.base_url  # type: ignore[attr-defined]
    server.shutdown()


@pytest.mark.django_db
def test_a_government_official_signs_in_with_their_identity_provider(identity_provider):
    providers = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "kr-gov",
                    "name": "Korea Government Sign-in",
                    "client_id": CLIENT_ID,
                    "secret": "client-secret",
                    "settings": {"server_url": identity_provider},
                }
            ]
        }
    }
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers):
        client = Client()
        assert "Korea Government Sign-in" in client.get("/en/accounts/login/").content.decode()
        start = client.post("/en/accounts/oidc/kr-gov/login/")
        assert start.status_code == 302
        authorize = urlparse(start["Location"])
        assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == (
            f"{identity_provider}/authorize"
        )
        query = parse_qs(authorize.query)
        assert query["client_id"] == [CLIENT_ID]
        assert query["redirect_uri"][0].endswith("/en/accounts/oidc/kr-gov/login/callback/")
        done = client.get(
            "/en/accounts/oidc/kr-gov/login/callback/",
            {"code": "code-from-idp", "state": query["state"][0]},
        )
        assert done.status_code == 302, done.content[:500]
        me = client.get("/api/accounts/me").json()
        assert me["is_authenticated"] is True

    from allauth.socialaccount.models import SocialAccount

    account = SocialAccount.objects.get(provider="kr-gov")
    assert account.uid == "kr-gov-42" and account.user.email == "official@gov.kr.example"
