"""Journeys a delegate and a reader take through the site, in a real browser."""

import ast
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from secretariat.registry.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

KO_MESSAGES = Path(__file__).resolve().parents[1] / "secretariat/locale/ko/LC_MESSAGES"
NAV_LABELS = ["Economies", "Fora", "Organisations", "People", "Home"]


def _po_entries(po_file: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file's translated, non-fuzzy, singular entries."""
    entries: dict[str, str] = {}
    for block in re.split(r"\n\s*\n", po_file.read_text(encoding="utf-8")):
        lines = [line.strip() for line in block.splitlines()]
        if any(line.startswith("#,") and "fuzzy" in line for line in lines):
            continue
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if not line or line.startswith("#"):
                continue
            keyword, _, rest = line.partition(" ")
            if keyword in {"msgctxt", "msgid", "msgid_plural", "msgstr"} and rest.startswith('"'):
                current, line = keyword, rest
            if current and line.startswith('"'):
                fields[current] = fields.get(current, "") + ast.literal_eval(line)
        if "msgctxt" in fields or "msgid_plural" in fields:
            continue
        if fields.get("msgid") and fields.get("msgstr"):
            entries[fields["msgid"]] = fields["msgstr"]
    return entries


def _korean_nav_label() -> tuple[str, str]:
    """A nav label and its Korean translation, read from the Korean catalogue."""
    po_file, mo_file = KO_MESSAGES / "django.po", KO_MESSAGES / "django.mo"
    if not po_file.is_file():
        pytest.fail(f"No Korean catalogue yet: {po_file} is missing.", pytrace=False)
    entries = _po_entries(po_file)
    label = next((label for label in NAV_LABELS if entries.get(label)), None)
    if label is None:
        pytest.fail(f"{po_file} translates none of the nav labels {NAV_LABELS}.", pytrace=False)
    if not mo_file.is_file():
        pytest.fail(
            f"{mo_file} is missing: the Korean catalogue is not compiled "
            "(`make messages` or `django-admin compilemessages`), so the site cannot show "
            f"{entries[label]!r} for {label!r}.",
            pytrace=False,
        )
    return label, entries[label]


def test_delegate_signs_in_and_reads_the_site_in_korean(demo, page, live_server):
    page.goto("/en/accounts/login/")
    login_form = page.locator("form:has(input[name=password])")
    login_form.locator("input[name=login]").fill("kr-delegate")
    login_form.locator("input[name=password]").fill(DEMO_PASSWORD)
    login_form.locator("[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    expect(page.locator(".site-header")).to_contain_text("kr-delegate")

    switcher = page.locator("form.language-switcher")
    switcher.locator("select[name=language]").select_option("ko")
    switcher.locator("[type=submit]").click()
    page.wait_for_url(lambda url: urlparse(url).path.startswith("/ko/"))

    assert urlparse(page.url).path.startswith("/ko/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator(".site-header")).to_contain_text("kr-delegate")  # still signed in
    label, korean = _korean_nav_label()
    nav = page.locator("nav.site-nav")
    expect(nav.get_by_role("link", name=korean, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(0)


def test_filtering_economies_updates_the_table_with_htmx(demo, page, live_server):
    page.goto("/en/registry/economies/")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(21)
    # A full page load would wipe this marker; an htmx swap keeps it.
    page.evaluate("window.__sameDocument = true")

    with page.expect_response(
        lambda response: (
            "q=Korea" in response.url and response.request.headers.get("hx-request") == "true"
        )
    ) as fragment:
        page.locator("form.filters input[name=q]").press_sequentially("Korea")
    assert fragment.value.ok

    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Republic of Korea")
    expect(page.locator("#results caption")).to_contain_text("1 economy")
    assert page.evaluate("window.__sameDocument") is True
    expect(page).to_have_url(re.compile(r"/en/registry/economies/\?q=Korea$"))
