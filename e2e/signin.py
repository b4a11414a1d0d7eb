"""Signing a demo account in through the real sign-in pages, second factor included."""

import time

import pyotp
from playwright.sync_api import Page

from secretariat.registry.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


def sign_in(page: Page, username: str) -> None:
    account = next(account for account in DEMO_ACCOUNTS if account.username == username)
    page.goto("/en/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(username)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("[type=submit]").first.click()
    if account.totp_secret:
        page.wait_for_url(lambda url: "/2fa/" in url)
        totp = pyotp.TOTP(account.totp_secret)
        # The server accepts the current 30-second window's code only (allauth's tolerance
        # is 0): a code read in a window's last seconds can reach it in the next one.
        left = totp.interval - time.time() % totp.interval
        if left < 5:
            time.sleep(left + 0.5)
        page.locator("input[name=code]").fill(totp.now())
        page.locator("form:has(input[name=code]) [type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url and "/2fa/" not in url)
