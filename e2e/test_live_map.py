"""Two economies in two browsers: a position stated in one appears in the other's consensus
map without a reload, over the live channel (server-sent events)."""

import re
import time

from playwright.sync_api import expect

from e2e.signin import sign_in
from secretariat.core.i18n import translations
from secretariat.negotiation import services
from secretariat.negotiation.choices import TextKind, VersionKind
from secretariat.registry.models import Forum


def _open_text():  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return services.create_text(
        actor=get_user_model().objects.get(username="secretariat"),
        forum=Forum.objects.get(slug="daib"),
        slug="live-statement",
        kind=TextKind.CHAIRS_SUMMARY,
        title=translations("en", en="Chair's summary of the next meeting (illustrative)"),
        classification="restricted",
        consensus_rule="default",
        package_mode=True,
        first_version_kind=VersionKind.ZERO_DRAFT,
        paragraphs=[
            {"num": "1", "content": [{"text": "The body met for the second time."}]},
            {"num": "2", "content": [{"text": "Members welcomed the joint research."}]},
        ],
    )


def test_a_position_stated_in_one_browser_appears_in_the_others_map(demo, browser, live_server):
    _open_text()
    korea = browser.new_context(base_url=live_server.url, locale="en-US")
    united_states = browser.new_context(base_url=live_server.url, locale="en-US")
    try:
        watcher = united_states.new_page()
        sign_in(watcher, "us-delegate")
        watcher.goto("/en/negotiation/live-statement/map/")
        expect(watcher.locator("[data-live-map]")).to_have_attribute("data-live", "on")
        watcher.evaluate("window.__sameDocument = true")  # a reload would wipe it
        rows_reread = []  # the event carries the row: the page puts it in without a request
        watcher.on("request", lambda r: rows_reread.append(r.url) if "/map/rows/" in r.url else 0)
        kr_cell = watcher.locator("#row-para_1 td").nth(_cell_of(watcher, "KR"))
        expect(kr_cell).to_contain_text("—")

        head = korea.new_page()
        sign_in(head, "kr-head")
        head.goto("/en/negotiation/live-statement/")
        paragraph = head.locator("#para_1")
        paragraph.locator("details.position-form summary").click()
        paragraph.locator("select[name=stance]").select_option("object")
        paragraph.locator("textarea[name=reason]").fill("Needs instructions from capital.")
        with head.expect_response(lambda r: "/positions/para_1/" in r.url):
            paragraph.get_by_role("button", name="Record position").click()
        stated_at = time.monotonic()

        expect(kr_cell).to_contain_text("object")
        print(f"live update seen {time.monotonic() - stated_at:.2f} s after the position")
        expect(watcher.locator("#row-para_1 .badge")).to_have_text(re.compile("bracketed", re.I))
        assert watcher.evaluate("window.__sameDocument") is True
        assert rows_reread == []
    finally:
        korea.close()
        united_states.close()


def _cell_of(page, code: str) -> int:  # type: ignore[no-untyped-def]
    """The economy's cell among a row's <td>s (the row's first column is its <th>)."""
    headers = page.locator("table.map thead th").all_inner_texts()
    return headers.index(code) - 1


def test_with_the_channel_down_the_map_polls_instead(demo, page, live_server, settings):
    from secretariat.negotiation.models import Text
    from secretariat.registry.models import Delegation

    text = _open_text()
    settings.LIVE_UPDATES_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    sign_in(page, "us-delegate")
    page.goto("/en/negotiation/live-statement/map/")
    expect(page.locator("#live-status")).to_contain_text("refreshes every 10 seconds")
    page.evaluate("window.__sameDocument = true")
    services.state_position(
        actor=None,
        text=Text.objects.get(pk=text.pk),
        delegation=Delegation.objects.get(forum__slug="daib", economy__code="US"),
        eid="para_2",
        stance="reserve",
        based_on=None,
    )
    expect(page.locator("#row-para_2")).to_contain_text("reserve", timeout=25_000)
    assert page.evaluate("window.__sameDocument") is True


def test_a_map_whose_stream_was_down_gets_the_missed_position_without_rereading(
    demo, browser, live_server, monkeypatch
):
    """The server ends the first stream at once and asks the browser to wait 3 s: a position
    stated in that gap reaches the page by the replay when EventSource reconnects with the
    last id it saw — put in the row from the event, without re-reading the map."""
    from secretariat.core import live
    from secretariat.negotiation.models import Text
    from secretariat.registry.models import Delegation

    lifetimes = iter([1.0])
    monkeypatch.setattr(live, "stream_seconds", lambda lifetime: next(lifetimes, lifetime))
    monkeypatch.setattr(live, "closing", lambda: "retry: 3000\n\n")
    text = _open_text()
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    try:
        watcher = context.new_page()
        sign_in(watcher, "us-delegate")
        reads = []
        watcher.on("request", lambda request: reads.append(request))
        watcher.goto("/en/negotiation/live-statement/map/")
        live_map = watcher.locator("[data-live-map]")
        expect(live_map).to_have_attribute("data-live", "on")
        watcher.evaluate("window.__sameDocument = true")
        expect(live_map).to_have_attribute("data-live", "off")  # the stream ended: waiting
        services.state_position(
            actor=None,
            text=Text.objects.get(pk=text.pk),
            delegation=Delegation.objects.get(forum__slug="daib", economy__code="KR"),
            eid="para_1",
            stance="object",
            based_on=None,
        )
        kr_cell = watcher.locator("#row-para_1 td").nth(_cell_of(watcher, "KR"))
        expect(kr_cell).to_contain_text("object")
        expect(live_map).to_have_attribute("data-live", "on")
        assert watcher.evaluate("window.__sameDocument") is True
        streams = [r.all_headers().get("last-event-id") for r in reads if "/events/" in r.url]
        assert len(streams) == 2 and streams[0] is None and streams[1]  # came back with an id
        rereads = [r.url for r in reads if "/map/?" in r.url or "/map/rows/" in r.url]
        assert rereads == []  # neither the whole map nor the row: the replayed event had it
    finally:
        context.close()


def test_a_position_stated_before_the_first_stream_opens_reaches_the_page(
    demo, browser, live_server
):
    """The page has been rendered; before its stream's first connection reaches the server,
    a position is stated (the route holds the connection back while it is). The first stream
    has no Last-Event-ID to send: it starts after the id the page was rendered at (?after=),
    and the position is replayed into the row."""
    from secretariat.negotiation.models import Text
    from secretariat.registry.models import Delegation

    text = _open_text()
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    try:
        watcher = context.new_page()
        sign_in(watcher, "us-delegate")
        reads = []
        watcher.on("request", lambda request: reads.append(request))
        held = []

        def state_then_connect(route):  # type: ignore[no-untyped-def]
            if not held:  # the first connection only: the page is rendered and loaded
                held.append(route.request.url)
                services.state_position(
                    actor=None,
                    text=Text.objects.get(pk=text.pk),
                    delegation=Delegation.objects.get(forum__slug="daib", economy__code="KR"),
                    eid="para_1",
                    stance="object",
                    based_on=None,
                )
            route.continue_()

        watcher.route(re.compile(r"/map/events/"), state_then_connect)
        watcher.goto("/en/negotiation/live-statement/map/")
        live_map = watcher.locator("[data-live-map]")
        watcher.evaluate("window.__sameDocument = true")
        kr_cell = watcher.locator("#row-para_1 td").nth(_cell_of(watcher, "KR"))
        expect(kr_cell).to_contain_text("object")
        expect(live_map).to_have_attribute("data-live", "on")
        assert watcher.evaluate("window.__sameDocument") is True
        assert len(held) == 1 and "?after=" in held[0]
        streams = [r for r in reads if "/events/" in r.url]
        assert streams[0].all_headers().get("last-event-id") is None  # none on a first stream
        rereads = [r.url for r in reads if "/map/?" in r.url or "/map/rows/" in r.url]
        assert rereads == []  # the replayed event carried the row
    finally:
        context.close()
