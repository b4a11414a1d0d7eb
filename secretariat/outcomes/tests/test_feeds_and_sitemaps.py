"""The Atom feed per language read as a feed reader reads it (``feedparser``) and checked
against RFC 4287's required elements, and the sitemap's language alternates."""

import feedparser
import pytest
from django.contrib.sites.requests import RequestSite
from django.test import RequestFactory
from lxml import etree

from secretariat.outcomes.sitemaps import OutcomeSitemap
from secretariat.testing.world import client_for

from .factories import make_outcome, translate

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _required(element, *names):  # type: ignore[no-untyped-def]
    for name in names:
        found = element.find(ATOM + name)
        assert found is not None and (found.text or "").strip(), f"atom:{name} missing"


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_atom_feed_has_every_required_element(world, translators, language):
    translator, reviewer = translators
    outcome = make_outcome(world, slug="feed-outcome", title="Feed Declaration")
    make_outcome(world, slug="hidden-outcome", title="Hidden Declaration", announce=False)
    translate(outcome, "para_1", "번역", by=translator, verify_by=reviewer)
    response = client_for("anonymous", world).get(f"/{language}/outcomes/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    assert feed.tag == ATOM + "feed"
    _required(feed, "id", "title", "updated")
    # RFC 4287 4.1.1: an author on the feed or on every entry; 4.2.7: a link.
    entries = feed.findall(ATOM + "entry")
    assert len(entries) == 1
    for entry in entries:
        _required(entry, "id", "title", "updated")
        assert entry.find(ATOM + "link").get("href").endswith(f"/{language}/outcomes/feed-outcome/")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert b"Hidden Declaration" not in response.content
    parsed = feedparser.parse(response.content)  # as a reader's software sees it
    assert not parsed.bozo and parsed.version == "atom10"
    assert parsed.feed.id and parsed.feed.title and parsed.feed.updated
    [entry] = parsed.entries
    assert entry.id and entry.title == "Feed Declaration" and entry.updated
    assert entry.link.endswith(f"/{language}/outcomes/feed-outcome/")


def test_the_sitemap_lists_each_language_with_its_alternates(world):
    """``django.contrib.sitemaps`` is wired (and ``sitemap.xml`` parsed) by the app that
    serves it; here the class's URLs, as its view receives them."""
    make_outcome(world, slug="mapped", title="Mapped")
    make_outcome(world, slug="unmapped", title="Unmapped", announce=False)
    site = RequestSite(RequestFactory().get("/sitemap.xml"))
    urls = OutcomeSitemap().get_urls(site=site, protocol="https")
    locations = sorted(url["location"] for url in urls)
    assert [loc.split("/")[3] for loc in locations] == ["en", "es", "ja", "ko", "zh-hans"]
    assert all(loc.endswith("/outcomes/mapped/") for loc in locations)
    alternates = {a["lang_code"]: a["location"] for a in urls[0]["alternates"]}
    assert set(alternates) == {"en", "ko", "zh-hans", "ja", "es", "x-default"}
    assert alternates["ko"] == "https://testserver/ko/outcomes/mapped/"
