"""Delegates sign in through the real sign-in: the login form, then the authenticator code for
heads of delegation (two-factor is mandatory for them), exactly as a browser does.

Sessions are kept in a file beside the plan and checked before reuse: allauth allows 30
sign-ins a minute from one address (``login: 30/m/ip``), so 105 delegates signing in from
this machine take four minutes the first time; a later run reuses the sessions that still
work and signs in only the others. Cookies are sent back by hand: production cookies are
``Secure`` and the load runs over plain HTTP on the loopback, as behind a TLS proxy."""

import json
import re
import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pyotp
import requests

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SIGNED_IN_PROBE = "/en/me/"  # answers 200 to a signed-in user, redirects anyone else


class SignInFailed(Exception):
    pass


class Browser:
    """A cookie jar that, like a browser on https, sends Secure cookies back."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.http.request(
            method,
            self.base_url + path,
            headers=headers,
            allow_redirects=False,
            timeout=30,
            **kwargs,
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def form(self, path: str, fields: dict[str, str]) -> requests.Response:
        page = self.request("GET", path)
        found = CSRF_FIELD.search(page.text)
        if page.status_code != 200 or found is None:
            raise SignInFailed(f"{path} answered {page.status_code} without a form")
        return self.request(
            "POST",
            path,
            data={"csrfmiddlewaretoken": found.group(1), **fields},
            headers={"Referer": self.base_url + path},
        )


def _post_until_allowed(browser: Browser, path: str, fields: dict[str, str]) -> Any:
    """Sign-ins beyond allauth's rate limit are answered 429: wait and try again."""
    for _ in range(40):
        response = browser.form(path, fields)
        if response.status_code != 429:
            return response
        time.sleep(5)
    raise SignInFailed(f"{path} still rate-limited")


def _pass_second_factor(browser: Browser, totp: pyotp.TOTP) -> Any:
    """allauth refuses a code already used (a sign-in of the same account in the same 30 s
    step, e.g. a run just before): then wait for the next code, as a person would."""
    for _ in range(3):
        response = _post_until_allowed(
            browser, "/en/accounts/2fa/authenticate/", {"code": totp.now()}
        )
        if response.status_code == 302:
            break
        time.sleep(totp.interval - time.time() % totp.interval + 1)
    return response


def sign_in(base_url: str, username: str, password: str, totp: str | None) -> dict[str, str]:
    browser = Browser(base_url)
    response = _post_until_allowed(
        browser, "/en/accounts/login/", {"login": username, "password": password}
    )
    if response.status_code != 302:
        raise SignInFailed(f"{username}: login answered {response.status_code}")
    if "/2fa/authenticate" in response.headers["Location"]:
        if totp is None:
            raise SignInFailed(f"{username}: asked for a code it does not have")
        response = _pass_second_factor(browser, pyotp.TOTP(totp))
        if response.status_code != 302:
            raise SignInFailed(f"{username}: the code was refused ({response.status_code})")
    if not signed_in(base_url, browser.cookies):
        raise SignInFailed(f"{username}: no session after signing in")
    return {name: browser.cookies[name] for name in ("sessionid", "csrftoken")}


def signed_in(base_url: str, cookies: dict[str, str]) -> bool:
    probe = requests.get(
        base_url + SIGNED_IN_PROBE,
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        allow_redirects=False,
        timeout=30,
    )
    return probe.status_code == 200


def sessions_for(base_url: str, plan: dict[str, Any], store: Path) -> dict[str, dict[str, str]]:
    """Each delegate's cookies (sessionid, csrftoken): kept ones that still work, new ones
    through the sign-in otherwise."""
    kept = json.loads(store.read_text()) if store.exists() else {}
    sessions, signed = {}, 0
    for person in plan["people"]:
        username = person["username"]
        cookies = kept.get(username)
        if cookies is None or not signed_in(base_url, cookies):
            cookies = sign_in(base_url, username, plan["password"], person["totp"])
            signed += 1
        sessions[username] = cookies
        kept[username] = cookies
        store.write_text(json.dumps(kept))
    print(f"load: {len(sessions)} delegates signed in ({signed} through the sign-in now)")
    return sessions
