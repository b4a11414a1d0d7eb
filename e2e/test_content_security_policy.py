"""No page breaks its own content security policy: Chromium reports every refused inline
style or script (a `securitypolicyviolation` event, and a console error), on the public pages,
the outcome's printable page, and the chair's composer, redline and live map — the pages
whose inline styles moved to static files, and htmx's indicator styles switched off."""

import pytest
from playwright.sync_api import Page

from e2e.signin import sign_in

pytestmark = pytest.mark.e2e

OUTCOME = "/en/outcomes/2025-digital-ai-ministerial-statement/"
TEXT = "/en/negotiation/2027-work-programme/"
PUBLIC = ["/en/", "/ko/", "/en/news/", OUTCOME, OUTCOME + "print/", "/en/accounts/login/"]
CHAIR = [TEXT + "compose/", TEXT + "redline/", TEXT + "map/"]
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def _violations(page: Page, paths: list[str]) -> list[str]:
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    found = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status < 400, (path, response)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # htmx and the live map start after load
        found += [f"{path}: {v}" for v in page.evaluate("window.__cspViolations")]
    return found + console


def test_pages_meet_their_content_security_policy(demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    try:
        context.add_init_script(LISTEN)
        page = context.new_page()
        assert _violations(page, PUBLIC) == []
        # The outcome page's own stylesheet (moved out of an inline <style>) is applied.
        page.goto(OUTCOME)
        assert page.locator("link[rel=stylesheet][href*='outcome.css']").count() == 1
        sign_in(page, "chair")
        assert _violations(page, CHAIR) == []
        assert page.evaluate("document.querySelectorAll('style').length") == 0
    finally:
        context.close()
