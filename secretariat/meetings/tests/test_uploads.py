import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat.core.i18n import translations
from secretariat.meetings import services
from secretariat.meetings.choices import DocumentPurpose
from secretariat.meetings.models import Document, DocumentCounter
from secretariat.testing.world import client_for

from .factories import PDF_BYTES, MeetingFactory, ooxml_bytes

PAYLOAD = {
    "title": {"en": {"text": "Paper", "status": "original"}},
    "purpose": "information",
    "submitted_by_economy": "KR",
}


def _upload(world, name: str, content: bytes, role: str = "delegate_a"):  # type: ignore[no-untyped-def]
    meeting = world.extra.get("meeting") or MeetingFactory(
        forum=world.body, code="DAIMM", start_date="2025-08-04"
    )
    world.extra["meeting"] = meeting
    return client_for(role, world).post(
        f"/api/meetings/meetings/{meeting.pk}/documents",
        {"payload": json.dumps(PAYLOAD), "file": SimpleUploadedFile(name, content)},
    )


def _nothing_stored(media_root) -> bool:  # type: ignore[no-untyped-def]
    files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    return Document.objects.count() == 0 and files == [] and not DocumentCounter.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "main_part", "kind"),
    [
        ("paper.docx", "word/document.xml", "docx"),
        ("sheet.xlsx", "xl/workbook.xml", "xlsx"),
        ("slides.pptx", "ppt/presentation.xml", "pptx"),
    ],
)
def test_office_files_are_accepted_by_their_content(world, name, main_part, kind):
    response = _upload(world, name, ooxml_bytes(main_part))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == "2025/DAIMM/001" and body["file_kind"] == kind


@pytest.mark.django_db
def test_pdf_upload_is_stored_numbered_and_downloadable_by_its_readers(world, media_root):
    response = _upload(world, "paper.pdf", PDF_BYTES)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["file_kind"] == "pdf" and body["file_size"] == len(PDF_BYTES)
    assert len(body["sha256"]) == 64
    stored = [p for p in media_root.rglob("*") if p.is_file()]
    assert len(stored) == 1 and re.fullmatch(r"[0-9a-f]{32}\.pdf", stored[0].name)
    download = client_for("reader", world).get(body["file_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES


@pytest.mark.django_db
def test_pdf_renamed_docx_is_refused_with_415_and_nothing_is_stored(world, media_root):
    response = _upload(world, "paper.docx", PDF_BYTES)
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    assert "PDF" in response.json()["detail"]
    assert _nothing_stored(media_root)


@pytest.mark.django_db
def test_text_file_claiming_to_be_pdf_is_refused_with_415_and_nothing_is_stored(world, media_root):
    response = _upload(world, "paper.pdf", b"Just some text, not a PDF at all.\n")
    assert response.status_code == 415
    assert _nothing_stored(media_root)


@pytest.mark.django_db
def test_zip_without_an_office_main_part_and_macro_files_are_refused(world, media_root):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
        package.writestr("word/vbaProject.bin", b"macro")
    assert _upload(world, "macro.docx", buffer.getvalue()).status_code == 415
    assert _upload(world, "plain.docx", b"PK\x03\x04 broken zip").status_code == 415
    assert _nothing_stored(media_root)


@pytest.mark.django_db
def test_oversize_file_is_refused_with_413_and_nothing_is_stored(world, media_root, settings):
    settings.MEETINGS_MAX_UPLOAD_BYTES = 1024
    response = _upload(world, "big.pdf", PDF_BYTES + b"0" * 2048)
    assert response.status_code == 413
    assert _nothing_stored(media_root)


@pytest.mark.django_db
def test_file_and_link_together_are_refused_with_422(world, media_root):
    meeting = MeetingFactory(forum=world.body)
    with pytest.raises(services.ValidationFailed):
        services.submit_document(
            actor=world.users["secretariat"],
            meeting=meeting,
            title=translations("en", en="Both"),
            purpose=DocumentPurpose.INFORMATION,
            link="https://example.org",
            upload=SimpleUploadedFile("a.pdf", PDF_BYTES),
        )
    assert _nothing_stored(media_root)


@pytest.mark.django_db
def test_upload_page_refuses_a_renamed_file_with_415_and_a_message(world, media_root):
    meeting = MeetingFactory(forum=world.body)
    response = client_for("delegate_a", world).post(
        f"/en/meetings/{meeting.pk}/documents/new/",
        {
            "title": "Paper",
            "purpose": "information",
            "classification": "public",
            "file": SimpleUploadedFile("paper.docx", PDF_BYTES),
        },
    )
    assert response.status_code == 415
    assert "but its content is PDF" in response.content.decode()
    assert _nothing_stored(media_root)


@pytest.mark.django_db
def test_upload_page_stores_a_pdf_and_shows_its_number(world):
    meeting = MeetingFactory(forum=world.body, code="DAIMM", start_date="2025-08-04")
    client = client_for("delegate_a", world)
    response = client.post(
        f"/en/meetings/{meeting.pk}/documents/new/",
        {
            "title": "Paper",
            "purpose": "decision",
            "classification": "economy_only",
            "submitted_by_economy": world.economy_a.pk,
            "file": SimpleUploadedFile("paper.pdf", PDF_BYTES),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "2025/DAIMM/001" in response.content.decode()
    assert Document.objects.get().submitted_by_economy == world.economy_a
