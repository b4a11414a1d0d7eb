"""The news pages, feeds and sitemap as readers and the secretariat use them: drafts and
embargoes at the boundary, inert user text, Open Graph and hreflang, feeds that parse and
carry RFC 4287's required elements, a constant number of queries."""

import datetime as dt

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from secretariat.core.i18n import translations
from secretariat.meetings.choices import MeetingKind
from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.news.choices import NewsKind, NewsState
from secretariat.news.models import NewsItem
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import NewsImageFactory, NewsItemFactory, outcome_text

SECOND = dt.timedelta(seconds=1)
PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def _embargoed(meeting, until):  # type: ignore[no-untyped-def]
    return NewsItemFactory(
        kind=NewsKind.PRESS_RELEASE,
        meeting=meeting,
        embargo_until=until,
        title=translations("en", en="Ministers to adopt statement"),
        published_at=timezone.now() - dt.timedelta(hours=2),
    )


def _one_second_ahead(item) -> None:  # type: ignore[no-untyped-def]
    """Move the embargo to one second after now, just before a request."""
    NewsItem.objects.filter(pk=item.pk).update(embargo_until=timezone.now() + SECOND)


@pytest.mark.django_db
def test_an_embargoed_release_one_second_before_its_time_is_the_press_s_alone(world, press_meeting):
    item = _embargoed(press_meeting, timezone.now() + SECOND)
    anonymous, reader, press = (client_for(r, world) for r in ("anonymous", "reader", "press"))

    def get(client, url):  # type: ignore[no-untyped-def]
        _one_second_ahead(item)
        return client.get(url)

    def api(client, path):  # type: ignore[no-untyped-def]
        _one_second_ahead(item)
        return call(client, "GET", path)

    # Each request is made within the second before the embargo ends; a warm-up first, so
    # that compiling templates and URL patterns is not what the second is spent on.
    NewsItemFactory()
    for url in ("/en/news/", f"/en/news/{item.pk}/", "/en/news/feed/", "/sitemap.xml", "/en/"):
        anonymous.get(url)
    for client in (anonymous, reader):
        assert get(client, f"/en/news/{item.pk}/").status_code == 404
        assert "Ministers to adopt" not in get(client, "/en/news/").content.decode()
        assert api(client, f"/news/{item.pk}").status_code == 404
        assert item.pk not in [i["id"] for i in api(client, "/news/").json()["items"]]
    page = get(press, f"/en/news/{item.pk}/").content.decode()
    assert "EMBARGOED" in page and "Ministers to adopt" in page and "noindex" in page
    assert "EMBARGOED" in get(press, "/en/news/").content.decode()
    assert api(press, f"/news/{item.pk}").json()["embargoed"] is True
    assert item.pk in [i["id"] for i in api(press, "/news/").json()["items"]]
    assert "Ministers to adopt" not in get(anonymous, "/en/news/feed/").content.decode()
    assert "Ministers to adopt" not in get(press, "/en/news/feed/").content.decode()
    assert f"/news/{item.pk}/" not in get(anonymous, "/sitemap.xml").content.decode()
    assert "Ministers to adopt" not in get(anonymous, "/en/").content.decode()


@pytest.mark.django_db
def test_one_second_after_the_embargo_everyone_sees_the_release_unmarked(world, press_meeting):
    item = _embargoed(press_meeting, timezone.now() - SECOND)
    for role in ("anonymous", "reader", "press"):
        client = client_for(role, world)
        page = client.get(f"/en/news/{item.pk}/").content.decode()
        assert "Ministers to adopt" in page and "EMBARGOED" not in page
        assert call(client, "GET", f"/news/{item.pk}").json()["embargoed"] is False
        assert call(client, "GET", "/news/").json()["count"] == 1
    anonymous = client_for("anonymous", world)
    assert "Ministers to adopt" in anonymous.get("/en/news/feed/").content.decode()
    assert f"/en/news/{item.pk}/" in anonymous.get("/sitemap.xml").content.decode()
    assert "Ministers to adopt" in anonymous.get("/en/").content.decode()


@pytest.mark.django_db
def test_drafts_items_in_review_and_scheduled_items_are_nowhere_for_readers(world):
    hidden = [
        NewsItemFactory(state=NewsState.DRAFT, published_at=None),
        NewsItemFactory(state=NewsState.IN_REVIEW, published_at=None),
        NewsItemFactory(published_at=timezone.now() + dt.timedelta(minutes=5)),
    ]
    for role in ("anonymous", "reader", "press", "head_a", "chair"):
        client = client_for(role, world)
        for item in hidden:
            assert client.get(f"/en/news/{item.pk}/").status_code == 404
            assert call(client, "GET", f"/news/{item.pk}").status_code == 404
            assert (
                client.get(f"/en/news/images/{NewsImageFactory(item=item).pk}/").status_code == 404
            )
        assert call(client, "GET", "/news/").json()["count"] == 0
        listed = client.get("/en/news/").content.decode()
        assert all(item.title["en"]["text"] not in listed for item in hidden)
    staff = client_for("secretariat", world)
    page = staff.get(f"/en/news/{hidden[0].pk}/").content.decode()
    assert "Preview" in page and "noindex" in page
    assert "Scheduled" in staff.get(f"/en/news/{hidden[2].pk}/").content.decode()
    assert "News item" not in staff.get("/en/news/").content.decode()  # lists stay public


@pytest.mark.django_db
def test_every_text_a_writer_enters_renders_inert_everywhere(world):
    item = NewsItemFactory(
        title=translations("en", en="T " + PAYLOAD),
        summary=translations("en", en="S " + PAYLOAD),
        body=translations("en", en="B " + PAYLOAD + "\n\n" + PAYLOAD),
        meeting=MeetingFactory(forum=world.body),
    )
    NewsImageFactory(item=item, alt=translations("en", en="A " + PAYLOAD))
    staff, anonymous = client_for("secretariat", world), client_for("anonymous", world)
    pages = [
        anonymous.get(f"/en/news/{item.pk}/"),
        anonymous.get("/en/news/"),
        anonymous.get("/en/"),
        staff.get("/en/news/manage/"),
        staff.get(f"/en/news/manage/{item.pk}/"),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in html
        assert "<img src=x" not in html and "<b>bold</b>" not in html
        assert ESCAPED in html
    feed = anonymous.get("/en/news/feed/").content.decode()
    assert "<script>" not in feed
    parsed = feedparser.parse(feed).entries[0]
    assert "<script>" not in parsed.summary and "<img" not in parsed.summary
    assert parsed.title.startswith("T <script>")  # a title is text: shown as typed, never run
    api_item = call(anonymous, "GET", f"/news/{item.pk}").json()
    assert api_item["title"]["en"]["text"] == "T " + PAYLOAD  # JSON carries the text as text


@pytest.mark.django_db
def test_the_item_page_has_open_graph_tags_and_language_alternates(world):
    item = NewsItemFactory(
        title=translations("en", en="Ministers meet in Incheon", ko="장관들 인천에서 회동"),
        summary=translations("en", en="The first Digital and AI Ministerial."),
    )
    image = NewsImageFactory(item=item)
    page = client_for("anonymous", world).get(f"/ko/news/{item.pk}/").content.decode()
    assert '<meta property="og:title" content="장관들 인천에서 회동">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:locale" content="ko_KR">' in page
    assert '<meta property="og:locale:alternate" content="en_US">' in page
    assert f'/news/images/{image.pk}/"' in page and 'property="og:image:alt"' in page
    assert (
        '<meta property="og:description" content="The first Digital and AI Ministerial.">' in page
    )
    for code in ("en", "ko", "zh-hans", "ja", "es"):
        assert f'hreflang="{code}" href="http://testserver/{code}/news/{item.pk}/"' in page
    assert 'hreflang="x-default" href="http://testserver/en/news/' in page
    for url in ("/ko/news/", "/ko/", "/ko/archive/"):
        assert (
            'hreflang="en" href="http://testserver/en/'
            in client_for("anonymous", world).get(url).content.decode()
        )


def _check_atom(feed) -> None:  # type: ignore[no-untyped-def]
    """RFC 4287 4.1.1 and 4.1.2: a feed and each entry have id, title and updated; an entry
    without content has an alternate link."""
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.id and feed.feed.title and feed.feed.updated
    for entry in feed.entries:
        assert entry.id and entry.title and entry.updated
        assert any(link.rel == "alternate" and link.href for link in entry.links)


@pytest.mark.django_db
def test_news_feeds_per_language_parse_as_atom_with_the_required_elements(world):
    NewsItemFactory(title=translations("en", en="Ministers meet", ko="장관 회동"))
    NewsItemFactory(state=NewsState.DRAFT, published_at=None, title=translations("en", en="Draft"))
    client = client_for("anonymous", world)
    english = feedparser.parse(client.get("/en/news/feed/").content)
    korean = feedparser.parse(client.get("/ko/news/feed/").content)
    for feed in (english, korean):
        _check_atom(feed)
        assert len(feed.entries) == 1
    assert english.entries[0].title == "Ministers meet" and korean.entries[0].title == "장관 회동"
    assert korean.feed.language == "ko" and "/ko/news/" in korean.entries[0].link
    assert english.feed.id != korean.feed.id and english.entries[0].id == korean.entries[0].id


@pytest.mark.django_db
def test_events_feed_lists_forums_and_exhibitions_as_atom(world):
    MeetingFactory(
        forum=world.body, kind=MeetingKind.FORUM, title=translations("en", en="Global Forum")
    )
    MeetingFactory(forum=world.body, kind=MeetingKind.WORKING_GROUP)
    feed = feedparser.parse(client_for("anonymous", world).get("/ko/events/feed/").content)
    _check_atom(feed)
    assert [entry.title for entry in feed.entries] == ["Global Forum"]
    assert "/ko/events/forums/" in feed.entries[0].link


@pytest.mark.django_db
def test_the_sitemap_lists_public_pages_in_every_language_with_alternates(world):
    item = NewsItemFactory()
    draft = NewsItemFactory(state=NewsState.DRAFT, published_at=None)
    response = client_for("anonymous", world).get("/sitemap.xml")
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locations = tree.xpath("//s:url/s:loc/text()", namespaces=ns)
    for code in ("en", "ko", "zh-hans", "ja", "es"):
        assert f"http://testserver/{code}/news/{item.pk}/" in locations
        assert f"http://testserver/{code}/" in locations
    assert not [loc for loc in locations if f"/news/{draft.pk}/" in loc]
    url = tree.xpath(f"//s:url[s:loc='http://testserver/ko/news/{item.pk}/']", namespaces=ns)[0]
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in url.xpath("x:link[@rel='alternate']", namespaces=ns)
    }
    assert alternates["en"] == f"http://testserver/en/news/{item.pk}/"
    assert set(alternates) == {"en", "ko", "zh-hans", "ja", "es", "x-default"}


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/news/", "/ko/", "/en/news/feed/", "/en/archive/"])
def test_public_pages_issue_a_constant_number_of_queries(world, url):
    client = client_for("anonymous", world)
    meeting = MeetingFactory(forum=world.body, kind=MeetingKind.FORUM)
    NewsItemFactory(meeting=meeting)
    outcome_text(world, "one")
    small = _queries(client, url)
    for n in range(25):
        NewsItemFactory(meeting=meeting, outcome=outcome_text(world, f"more-{n}"))
        MeetingFactory(forum=world.body, kind=MeetingKind.EXHIBITION)
    assert _queries(client, url) == small


@pytest.mark.django_db
def test_the_home_keeps_its_overview_and_adds_outcomes_news_and_upcoming_events(world):
    from secretariat.outcomes.tests.factories import make_outcome

    make_outcome(world, slug="statement", title="Digital and AI Ministerial Statement")
    NewsItemFactory(title=translations("en", en="Ministers adopt", ko="장관들 채택"))
    forum = MeetingFactory(
        forum=world.body,
        kind=MeetingKind.FORUM,
        title=translations("en", en="Global Forum", ko="글로벌 포럼"),
        start_date=timezone.localdate() + dt.timedelta(days=3),
        end_date=timezone.localdate() + dt.timedelta(days=3),
    )
    page = client_for("anonymous", world).get("/ko/").content.decode()
    assert "장관들 채택" in page and "글로벌 포럼" in page
    assert "Digital and AI Ministerial Statement" in page  # shown in its language, marked
    assert f"/ko/events/forums/{forum.pk}/" in page and "/ko/outcomes/statement/" in page
    assert "디지털·AI 고위급 협의체" in page  # the fora overview is still there
    assert "/ko/archive/" in page


@pytest.mark.django_db
def test_staff_form_errors_are_clear_and_a_stale_save_keeps_the_text(world):
    staff = client_for("secretariat", world)
    empty = staff.post("/en/news/manage/new/", {"kind": "news", "original_language": "ko"})
    assert empty.status_code == 422
    assert "Required in the language the item is written in." in empty.content.decode()
    assert not NewsItem.objects.exists()
    created = staff.post(
        "/en/news/manage/new/",
        {"kind": "news", "original_language": "en", "title_en": "First", "body_en": "Text"},
    )
    item = NewsItem.objects.get()
    assert created.status_code == 302 and item.title["en"]["status"] == "original"
    form = {"kind": "news", "original_language": "en", "body_en": "Text", "version": item.version}
    assert (
        staff.post(f"/en/news/manage/{item.pk}/", form | {"title_en": "Second"}).status_code == 302
    )
    stale = staff.post(f"/en/news/manage/{item.pk}/", form | {"title_en": "Mine, unsaved"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Mine, unsaved" in html and "Second" in html and "Someone saved this item" in html
    item.refresh_from_db()
    assert item.title["en"]["text"] == "Second"
    embargo = staff.post(
        "/en/news/manage/new/",
        {"kind": "news", "original_language": "en", "title_en": "T", "body_en": "B",
         "embargo_until": "2030-01-01T10:00"},
    )  # fmt: skip
    assert embargo.status_code == 422
    assert "Only a press release can be embargoed." in embargo.content.decode()


@pytest.mark.django_db
def test_the_secretariat_reviews_and_schedules_through_the_pages(world):
    staff = client_for("secretariat", world)
    item = NewsItemFactory(state=NewsState.DRAFT, published_at=None)
    staff.post(f"/en/news/manage/{item.pk}/state/", {"version": item.version, "state": "in_review"})
    item.refresh_from_db()
    later = (timezone.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = staff.post(
        f"/en/news/manage/{item.pk}/state/",
        {"version": item.version, "state": "published", "published_at": later},
        follow=True,
    )
    assert "The item is scheduled." in response.content.decode()
    item.refresh_from_db()
    assert item.state == NewsState.PUBLISHED and item.published_at > timezone.now()
    assert client_for("anonymous", world).get(f"/en/news/{item.pk}/").status_code == 404


@pytest.mark.django_db
def test_images_are_served_only_through_the_checked_view(world):
    image = NewsImageFactory()
    response = client_for("anonymous", world).get(f"/en/news/images/{image.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    staff = client_for("secretariat", world)
    fake = staff.post(
        f"/en/news/manage/{image.item_id}/images/",
        {"file": _named(b"<svg onload=alert(1)>", "x.png"), "alt_en": "x"},
        follow=True,
    )
    assert "Upload a PNG, JPEG, GIF or WebP image." in fake.content.decode()


def _named(data: bytes, name: str):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.mark.django_db
def test_signed_out_readers_get_the_item_page_from_the_cache_until_what_it_shows_changes(world):
    """The item page is cached for signed-out readers (the public after an announcement):
    the second read renders nothing, and an edit, a new image or a comment shows at once."""
    from secretariat.comments import services as comment_services
    from secretariat.comments.choices import TargetKind
    from secretariat.comments.targets import resolve_target

    item = NewsItemFactory(title=translations("en", en="Ministers meet in Incheon"))
    url = f"/en/news/{item.pk}/"
    reader = client_for("anonymous", world)
    first = reader.get(url)
    assert "Ministers meet in Incheon" in first.content.decode()
    again = reader.get(url)
    assert again.status_code == 200 and not again.templates  # from the cache
    NewsItem.objects.filter(pk=item.pk).update(title=translations("en", en="Ministers agree"))
    assert "Ministers agree" in reader.get(url).content.decode()
    image = NewsImageFactory(item=item)
    assert f"/news/images/{image.pk}/" in reader.get(url).content.decode()
    comment_services.post_comment(
        actor=world.users["reader"],
        target=resolve_target(TargetKind.NEWS, item.pk),
        body="Welcome news for the region.",
    )
    assert "Welcome news for the region." in reader.get(url).content.decode()
    signed_in = client_for("reader", world).get(url)
    assert signed_in.templates  # signed-in readers get their own rendering


@pytest.mark.django_db
def test_signed_out_readers_get_the_list_from_the_cache_until_an_item_changes(world):
    NewsItemFactory(title=translations("en", en="Ministers meet in Incheon"))
    reader = client_for("anonymous", world)
    assert "Ministers meet in Incheon" in reader.get("/en/news/").content.decode()
    assert not reader.get("/en/news/").templates  # from the cache
    later = NewsItemFactory(title=translations("en", en="Statement adopted"))
    assert "Statement adopted" in reader.get("/en/news/").content.decode()
    NewsItem.objects.filter(pk=later.pk).update(summary=translations("en", en="In five languages"))
    assert "In five languages" in reader.get("/en/news/").content.decode()
    NewsItem.objects.filter(pk=later.pk).update(state=NewsState.DRAFT)  # withdrawn
    assert "Statement adopted" not in reader.get("/en/news/").content.decode()
