"""The public outcome page, its downloads, the API and the feed: verified text only where
it is verified, the original with a notice elsewhere, inert user text, no negotiating
record, cached per state and a constant number of queries."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree, html

from secretariat.negotiation.exports.akn import AKN
from secretariat.negotiation.tests.test_akn import SCHEMA_DIR
from secretariat.outcomes import services
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import make_outcome, translate

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b>'


@pytest.fixture
def outcome(world, translators):  # type: ignore[no-untyped-def]
    translator, reviewer = translators
    item = make_outcome(world, slug="statement-2025")
    translate(
        item, "para_1", "우리 장관들은 인천에서 회합하였다.", by=translator, verify_by=reviewer
    )
    translate(item, "para_2", "검증 전 초안 번역", by=translator)
    return item


def _page(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response, html.fromstring(response.content)


def test_the_korean_page_shows_verified_paragraphs_and_the_original_elsewhere(world, outcome):
    response, doc = _page(client_for("anonymous", world), "/ko/outcomes/statement-2025/")
    first, second = doc.xpath("//section[contains(@class, 'outcome-text')]/p")
    assert first.get("lang") == "ko" and first.get("data-state") == "verified"
    assert "인천에서 회합" in first.text_content()
    assert second.get("lang") == "en" and second.get("data-state") == "draft"
    assert "We recognise the potential of AI." in second.text_content()
    assert "검증 전 초안 번역" not in response.content.decode()  # a draft is never public
    notice = doc.xpath("//*[contains(@class, 'notice')]")[0].text_content()
    assert "검증" in notice  # in the reader's language
    assert doc.xpath("//section[contains(@class, 'outcome-text')]")[0].get("lang") == "ko"


def test_hreflang_alternates_and_the_comments_placeholder(world, outcome):
    _response, doc = _page(client_for("reader", world), "/en/outcomes/statement-2025/")
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in doc.xpath("//link[@rel='alternate'][@hreflang]")
    }
    assert set(alternates) == {"en", "ko", "zh-hans", "ja", "es", "x-default"}
    assert alternates["ko"].endswith("/ko/outcomes/statement-2025/")
    assert doc.xpath("//section[@id='comments']")


def test_the_public_page_shows_no_negotiating_record(world, outcome):
    response, _doc = _page(client_for("anonymous", world), "/en/outcomes/statement-2025/")
    body = response.content.decode()
    for record in ("/positions", "/amendments", "/map", "consensus", "redline"):
        assert record not in body


def test_script_and_markup_in_a_translation_render_inert(world, outcome, translators):
    translator, reviewer = translators
    translate(outcome, "para_2", PAYLOAD, by=translator, verify_by=reviewer)
    for url in (
        "/ko/outcomes/statement-2025/",
        "/ko/outcomes/statement-2025/print/",
        "/ko/outcomes/statement-2025/download/html/",
        "/ko/outcomes/statement-2025/translate/ko/",
    ):
        body = client_for("reviewer", world).get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body and "<b>bold" not in body
        assert "&lt;script&gt;" in body
    api = call(client_for("anonymous", world), "GET", "/outcomes/statement-2025?language=ko")
    assert api.json()["paragraphs"][1]["text"] == PAYLOAD  # JSON carries it as data


def test_the_api_never_returns_unverified_text_as_verified(world, outcome):
    data = call(
        client_for("anonymous", world), "GET", "/outcomes/statement-2025?language=ko"
    ).json()
    assert data["language_state"] == "partial"
    first, second = data["paragraphs"]
    assert (first["language"], first["state"]) == ("ko", "verified")
    assert (second["language"], second["state"]) == ("en", "draft")
    assert second["text"] == "We recognise the potential of AI."
    states = {s["language"]: s["state"] for s in data["languages"]}
    assert states == {
        "en": "original",
        "ko": "partial",
        "zh-hans": "unverified",
        "ja": "unverified",
        "es": "unverified",
    }
    listed = call(client_for("anonymous", world), "GET", "/outcomes/?language=ko").json()
    assert [i["slug"] for i in listed["items"]] == ["statement-2025"]


def test_a_verification_renews_the_cached_page(world, outcome, translators):
    _translator, reviewer = translators
    client = client_for("anonymous", world)
    url = "/ko/outcomes/statement-2025/"
    assert "검증 전 초안 번역" not in client.get(url).content.decode()
    services.verify_translation(
        actor=reviewer, outcome=outcome, eid="para_2", language="ko", version=1
    )
    assert "검증 전 초안 번역" in client.get(url).content.decode()


def test_a_new_comment_shows_under_the_cached_outcome_without_rendering_the_text(world, outcome):
    """The comments section is cached by its own token (``comments``): a new comment shows
    on the next read, and the text above it is served from the page's cache."""
    from secretariat.comments import services as comment_services
    from secretariat.comments.targets import resolve_target

    def renders() -> tuple[bool, str]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/outcomes/statement-2025/")
        assert response.status_code == 200
        text_read = any("negotiation_paragraph" in q["sql"] for q in queries.captured_queries)
        return text_read, response.content.decode()

    client = client_for("anonymous", world)
    assert renders()[0]
    assert not renders()[0]  # served from the cache
    comment_services.post_comment(
        actor=world.users["reader"],
        target=resolve_target("outcome", outcome.text_id),
        body="A reader's <b>first</b> word",
        language="en",
    )
    text_read, page = renders()
    assert not text_read and "A reader&#x27;s &lt;b&gt;first&lt;/b&gt; word" in page
    assert client_for("reader", world).get("/en/outcomes/statement-2025/").status_code == 200


def _count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "reader"])
def test_the_public_page_issues_a_constant_number_of_queries(world, translators, role):
    translator, reviewer = translators
    small = make_outcome(world, slug="small", paragraphs=["One.", "Two."])
    large = make_outcome(
        world, slug="large", paragraphs=[f"Paragraph number {n}." for n in range(1, 31)]
    )
    for item, count in ((small, 2), (large, 30)):
        for n in range(1, count + 1):
            translate(item, f"para_{n}", f"번역 {n}", by=translator, verify_by=reviewer)
    client = client_for(role, world)
    for language in ("en", "ko"):
        counts = [
            _count_queries(client, f"/{language}/outcomes/{slug}/") for slug in ("small", "large")
        ]
        assert counts[0] == counts[1], counts
    api_counts = []
    for slug in ("small", "large"):
        with CaptureQueriesContext(connection) as queries:
            call(client, "GET", f"/outcomes/{slug}?language=ko")
        api_counts.append(len(queries))
    assert api_counts[0] == api_counts[1]


@pytest.mark.parametrize("language", ["en", "ko", "zh-hans", "ja", "es"])
def test_each_language_is_an_akoma_ntoso_expression_that_validates(world, outcome, language):
    schema = etree.XMLSchema(etree.parse(str(Path(SCHEMA_DIR) / "akomantoso30.xsd")))
    response = client_for("anonymous", world).get(
        f"/{language}/outcomes/statement-2025/download/akn/"
    )
    root = etree.fromstring(response.content)
    assert schema.validate(root), [e.message for e in schema.error_log][:5]
    expression = root.find(f".//{{{AKN}}}FRBRExpression/{{{AKN}}}FRBRlanguage")
    assert expression.get("language") == language
    paragraphs = root.findall(f".//{{{AKN}}}paragraph")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    if language == "ko":
        assert paragraphs[0].get(lang) is None  # verified: part of the Korean expression
        assert "인천" in "".join(paragraphs[0].itertext())
        assert paragraphs[1].get(lang) == "en"  # still the original, and says so
    elif language != "en":
        assert all(p.get(lang) == "en" for p in paragraphs)


def test_docx_and_pdf_downloads(world, outcome):
    client = client_for("anonymous", world)
    docx = client.get("/ko/outcomes/statement-2025/download/docx/")
    assert docx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        document = archive.read("word/document.xml").decode()
    assert "인천에서 회합" in document and "검증 전 초안" not in document
    pdf = client.get("/ko/outcomes/statement-2025/download/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/ko/outcomes/statement-2025/download/exe/").status_code == 404


def test_an_unannounced_outcome_is_hidden_from_the_public(world, translators):
    make_outcome(world, slug="pending", announce=False)
    assert client_for("anonymous", world).get("/en/outcomes/pending/").status_code in (302, 404)
    assert client_for("reader", world).get("/en/outcomes/pending/").status_code == 404
    assert client_for("translator", world).get("/en/outcomes/pending/").status_code == 200
    api = call(client_for("reader", world), "GET", "/outcomes/pending")
    assert api.status_code == 404


def test_a_stale_api_save_is_409_with_the_current_translation(world, outcome):
    client = client_for("translator", world)
    path = "/outcomes/statement-2025/translations/ko/para_2"
    response = call(client, "PUT", path, {"text": "new", "version": 0})
    assert response.status_code == 409
    assert response.json()["current"]["text"] == "검증 전 초안 번역"
    assert call(client, "PUT", path, {"text": "", "version": 1}).status_code == 422
    assert call(client, "PUT", path, {"text": "x" * 5001, "version": 1}).status_code == 422
    saved = call(client, "PUT", path, {"text": "새 초안", "version": 1, "machine": True})
    assert saved.json()["state"] == "machine" and saved.json()["version"] == 2
    own = call(client, "POST", path + "/verify", {"version": 2})
    assert own.status_code == 403  # not a reviewer
    reviewer = call(client_for("reviewer", world), "POST", path + "/verify", {"version": 2})
    assert reviewer.status_code == 200 and reviewer.json()["state"] == "verified"
    unknown = call(
        client,
        "PUT",
        "/outcomes/statement-2025/translations/ko/para_99",
        {"text": "x", "version": 0},
    )
    assert unknown.status_code == 404


def test_a_reservation_entered_after_adoption_renews_the_cached_page(world, outcome):
    from secretariat.core.i18n import translations
    from secretariat.negotiation import services_reservations

    client = client_for("anonymous", world)
    assert (
        "Interpretive note of record"
        not in client.get("/en/outcomes/statement-2025/").content.decode()
    )
    services_reservations.enter_reservation(
        actor=world.users["secretariat"],
        text=outcome.text,
        delegation=world.delegation_b,
        kind="interpretive_statement",
        statement=translations("en", en="Interpretive note of record"),
        eid="para_1",
    )
    assert (
        "Interpretive note of record" in client.get("/en/outcomes/statement-2025/").content.decode()
    )


def test_machine_drafts_of_a_reservation_or_a_title_are_never_shown_to_the_public(world, outcome):
    """A statement or a title in the reader's language only if original or verified: an
    unlabelled machine draft would read as the outcome's own words."""
    from secretariat.negotiation import services_reservations
    from secretariat.negotiation.models import Text

    statement = {
        "en": {"text": "Our note of record", "status": "original"},
        "ko": {"text": "기계 초안 주석", "status": "machine"},
    }
    services_reservations.enter_reservation(
        actor=world.users["secretariat"],
        text=outcome.text,
        delegation=world.delegation_b,
        kind="interpretive_statement",
        statement=statement,
        eid="para_1",
    )
    title = dict(outcome.text.title)
    title["ko"] = {"text": "기계 초안 제목", "status": "machine"}
    Text.objects.filter(pk=outcome.text_id).update(title=title)
    client = client_for("anonymous", world)
    for url in ("/ko/outcomes/statement-2025/", "/ko/", "/ko/outcomes/"):
        page = client.get(url).content.decode()
        assert "기계 초안" not in page, url
    assert "Our note of record" in client.get("/ko/outcomes/statement-2025/").content.decode()


def test_signed_out_readers_share_the_cached_page_but_not_its_csrf_token(world, outcome):
    """The whole page is kept for signed-out readers: a second reader's read is one query
    (the head), with their own CSRF token put in; a signed-in reader's page is their own."""
    import re

    from secretariat.core.page_cache import CSRF_PLACEHOLDER

    url = "/en/outcomes/statement-2025/"
    first = client_for("anonymous", world).get(url).content.decode()
    second_client = client_for("anonymous", world)
    with CaptureQueriesContext(connection) as queries:
        second = second_client.get(url).content.decode()
    assert len(queries) == 1  # the outcome's head; the page itself came from the cache
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', p) for p in (first, second)]
    assert tokens[0] and tokens[1] and set(tokens[0]).isdisjoint(tokens[1])
    assert CSRF_PLACEHOLDER not in second
    signed_in = client_for("reader", world).get(url).content.decode()
    assert "Sign in to comment" in second and "Sign in to comment" not in signed_in


@pytest.mark.parametrize("role", ["anonymous", "reader", "secretariat"])
def test_the_page_from_the_cache_is_the_page_rendered_afresh(world, outcome, role):
    """Byte for byte, CSRF tokens aside: a cached read (tokens and page in one round trip),
    a fresh rendering with the cache emptied, and, signed in, the page rendered each time."""
    import re

    def page(client) -> str:  # type: ignore[no-untyped-def]
        response = client.get("/ko/outcomes/statement-2025/")
        assert response.status_code == 200
        body = response.content.decode()
        for token in set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)):
            body = body.replace(token, "T")
        return body

    client = client_for(role, world)
    cache.clear()
    fresh = page(client)
    kept = page(client)
    cache.clear()
    again = page(client_for(role, world))
    assert fresh == kept == again
    assert "statement-2025" in fresh
