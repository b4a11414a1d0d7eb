"""Uploaded files are stored under random names (a restricted document's path cannot be
guessed from its number or its uploader's file name) and leave only through the
permission-checked download, named from the document's number, or a proxy hand-off that the
same view authorises."""

import json
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat.meetings.models import Document
from secretariat.testing.world import client_for

from .factories import PDF_BYTES, MeetingFactory

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "title": {"en": {"text": "Paper", "status": "original"}},
    "purpose": "information",
    "submitted_by_economy": "KR",
    "classification": "restricted",
}


def _upload(world, meeting, name: str = "Korea position.pdf"):  # type: ignore[no-untyped-def]
    response = client_for("delegate_a", world).post(
        f"/api/meetings/meetings/{meeting.pk}/documents",
        {"payload": json.dumps(PAYLOAD), "file": SimpleUploadedFile(name, PDF_BYTES)},
    )
    assert response.status_code == 201, response.content
    return response.json()


def _download(world, body):  # type: ignore[no-untyped-def]
    return client_for("delegate_a", world).get(body["file_url"])


def test_two_uploads_of_one_file_name_get_different_unguessable_names(world, media_root):
    meeting = MeetingFactory(forum=world.body, code="DAIMM", start_date="2025-08-04")
    first, second = _upload(world, meeting), _upload(world, meeting)
    names = [Document.objects.get(pk=body["id"]).file.name for body in (first, second)]
    assert names[0] != names[1]
    for name, body in zip(names, (first, second), strict=True):
        stored = name.rsplit("/", 1)[-1]
        assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored), name
        assert "DAIMM" not in name and "Korea" not in name and "2025" not in name
        download = _download(world, body)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF_BYTES
        expected = body["number"].replace("/", "_") + ".pdf"
        assert download["Content-Disposition"] == f'attachment; filename="{expected}"'
        assert download["Cache-Control"] == "private, no-store"


def test_a_file_stored_under_its_old_name_still_downloads(world, media_root):
    meeting = MeetingFactory(forum=world.body, code="DAIMM", start_date="2025-08-04")
    body = _upload(world, meeting)
    document = Document.objects.get(pk=body["id"])
    old_name = "meetings/documents/2025/2025_DAIMM_001.pdf"
    document.file.storage.save(old_name, ContentFile(PDF_BYTES))
    Document.objects.filter(pk=document.pk).update(file=old_name)
    download = _download(world, body)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("X-Accel-Redirect", "/protected-media/meetings/documents/{name}"),
        ("X-Sendfile", "{root}/meetings/documents/{name}"),
    ],
)
def test_with_a_sendfile_header_the_view_hands_the_file_to_the_proxy_after_checking(
    world, media_root, settings, header, expected
):
    settings.SENDFILE_HEADER = header
    meeting = MeetingFactory(forum=world.body, code="DAIMM", start_date="2025-08-04")
    body = _upload(world, meeting)
    name = Document.objects.get(pk=body["id"]).file.name.rsplit("/", 1)[-1]
    download = _download(world, body)
    assert download.status_code == 200 and download.content == b""
    assert download[header] == expected.format(name=name, root=media_root)
    assert download["Content-Disposition"].startswith("attachment; filename=")
    outsider = client_for("anonymous", world).get(body["file_url"])
    assert outsider.status_code in (302, 403, 404) and not outsider.has_header(header)
