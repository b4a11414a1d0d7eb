"""Browser journeys: Debian's Chromium driven by Playwright's sync API against ``live_server``.

The browser is started once per session and each test gets a fresh context (cookies, storage),
so tests stay independent while the suite stays fast. Data lives in the test database
(``transactional_db``, because the live server runs in another thread) and holds the demo for
each test: 21 economies, the fora and one account per role — seeded by a process's first test
and written back from a copy for the others (``demo_snapshot``).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop in this thread; without this, Django's
# ORM (seeding here, the shared in-memory SQLite connection of the live server) refuses to run.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def playwright() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright) -> Iterator:  # type: ignore[no-untyped-def]
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"The browser tests drive Debian's Chromium at {CHROMIUM}, which is missing. "
            "Install it with `sudo apt-get install chromium` (or run scripts/ensure-chromium); "
            "never download a browser build.",
            pytrace=False,
        )
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Each test starts on a fresh database, so its cache starts empty too. Otherwise a marker
    left by an earlier test outlives the rows it described: allauth remembers a second-factor
    code as used for 30 s by user id, and the next test's secretariat (same id, same code
    window) was refused at /2fa/ — the CI failure of stop 16."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def context(browser, live_server) -> Iterator:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context) -> Iterator:  # type: ignore[no-untyped-def]
    yield context.new_page()


@pytest.fixture
def _copies(demo_copies) -> dict:  # type: ignore[no-untyped-def]
    """This process's copies of the tables (``demo_snapshot``): before any browser test, and
    with the demo (shared with ``seeded_demo`` in the root conftest.py)."""
    return demo_copies


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker, _copies) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Committed rows, as the live server reads them from its own threads; after the test the
    tables are written back to what they held before the process's first browser test. This
    replaces pytest-django's fixture of the same name, whose flush cost seconds per test."""
    from e2e import demo_snapshot

    with django_db_blocker.unblock():
        before = _copies.setdefault("before", demo_snapshot.copy_tables())
        yield
        demo_snapshot.write_back(before)


@pytest.fixture
def demo(transactional_db, _copies) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from e2e import demo_snapshot

    return demo_snapshot.demo_here(_copies, "demo")
