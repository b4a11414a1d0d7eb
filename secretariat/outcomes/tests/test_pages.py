"""The workspace and settings pages: drafts, conflicts and refusals as the forms show them."""

import pytest
from lxml import html

from secretariat.negotiation.models import Text
from secretariat.outcomes.models import Outcome, ParagraphTranslation
from secretariat.testing.world import client_for

from .factories import make_outcome, translate

pytestmark = pytest.mark.django_db
URL = "/en/outcomes/adopted/translate/ko/"


def test_the_workspace_saves_a_draft_and_a_stale_form_is_409_keeping_nothing(world, translators):
    make_outcome(world)
    client = client_for("translator", world)
    page = client.get(URL)
    assert page.status_code == 200 and b"We, the Ministers, met in Incheon." in page.content
    saved = client.post(URL + "para_1/", {"text": "첫 초안", "version": 0})
    assert saved.status_code == 302
    stale = client.post(URL + "para_1/", {"text": "늦은 초안", "version": 0})
    assert stale.status_code == 409
    assert ParagraphTranslation.objects.get().text == "첫 초안"
    empty = client.post(URL + "para_1/", {"text": "", "version": 1})
    assert empty.status_code == 422
    assert client.post(URL + "para_9/", {"text": "x", "version": 0}).status_code == 404


def test_the_translator_sees_no_verify_button_on_their_own_draft(world, translators):
    translator, _reviewer = translators
    outcome = make_outcome(world)
    translate(outcome, "para_1", "초안", by=translator)
    own = html.fromstring(client_for("translator", world).get(URL).content)
    assert not own.xpath("//form[contains(@action, '/verify/')]")
    other = html.fromstring(client_for("reviewer", world).get(URL).content)
    assert len(other.xpath("//form[contains(@action, '/verify/')]")) == 1
    refused = client_for("translator", world).post(URL + "para_1/verify/", {"version": 1})
    assert refused.status_code == 403


def test_a_machine_title_is_not_shown_as_the_korean_title(world):
    outcome = make_outcome(world)
    Text.objects.filter(pk=outcome.text_id).update(
        title={
            "en": {"text": "English title", "status": "original"},
            "ko": {"text": "기계 번역 제목", "status": "machine"},
        }
    )
    body = client_for("anonymous", world).get("/ko/outcomes/adopted/").content.decode()
    assert "기계 번역 제목" not in body and "English title" in body


def test_announcing_from_the_settings_page_waits_for_required_languages(world, translators):
    translator, reviewer = translators
    make_outcome(world, announce=False, required=["ko"])
    client = client_for("secretariat", world)
    assert client.get("/en/outcomes/adopted/manage/").status_code == 200
    client.post("/en/outcomes/adopted/announce/", {"version": 1})
    assert not Outcome.objects.get().is_announced
    outcome = Outcome.objects.get()
    for eid in ("para_1", "para_2"):
        translate(outcome, eid, "번역", by=translator, verify_by=reviewer)
    client.post("/en/outcomes/adopted/announce/", {"version": 1})
    assert Outcome.objects.get().is_announced
    assert client_for("anonymous", world).get("/en/outcomes/").content.count(b"Statement adopted")
