import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.registry import demo
from secretariat.registry.tests.factories import DelegationFactory, ForumFactory


@pytest.mark.django_db
def test_home_shows_what_the_body_is_doing(client):
    demo.seed()
    page = client.get("/en/").content.decode()
    assert "High-Level Digital·AI Body" in page and "TELWG" in page
    assert "BAE Kyunghoon" in page  # the ministerial's public chair
    assert '<html lang="en">' in page


@pytest.mark.django_db
def test_root_redirects_to_a_language(client):
    response = client.get("/", headers={"Accept-Language": "ko"})
    assert response.status_code == 302 and response["Location"] == "/ko/"


@pytest.mark.django_db
def test_korean_page_says_it_is_korean_and_shows_korean_content(client):
    demo.seed()
    page = client.get("/ko/registry/economies/").content.decode()
    assert '<html lang="ko">' in page and "대한민국" in page


@pytest.mark.django_db
def test_language_switcher_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/en/registry/fora/"})
    assert response.status_code == 302 and response["Location"] == "/ko/registry/fora/"


@pytest.mark.django_db
def test_pages_render_without_javascript_and_link_the_language_switcher(client):
    demo.seed()
    page = client.get("/en/registry/fora/daib/").content.decode()
    assert 'action="/i18n/setlang/"' in page and "<table" in page


def _queries_for(client, url: str) -> int:
    # Both sizes read cold: the forum page's sections keep renderings in the cache, and a
    # second read served from there counted fewer queries, not the same.
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/en/", "/en/registry/fora/", "/en/registry/economies/", "/en/registry/fora/big/"]
)
def test_pages_issue_a_constant_number_of_queries(client, url):
    forum = ForumFactory(slug="big", kind="high_level_body")
    for _ in range(3):
        DelegationFactory(forum=forum)
    small = _queries_for(client, url)
    for _ in range(30):
        DelegationFactory(forum=forum)
        ForumFactory(kind="working_group")
    assert _queries_for(client, url) == small


@pytest.mark.django_db
def test_korean_home_says_the_statement_was_adopted_by_consensus_not_unanimously(client):
    demo.seed()
    page = client.get("/ko/").content.decode()
    assert "컨센서스(합의)로 채택" in page and "만장일치" not in page
