"""Materials as one zip: built in the background with exactly what the requester may see."""

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone

from secretariat.core.models import AuditEntry
from secretariat.meetings import materials
from secretariat.meetings.choices import ArchiveStatus, Classification
from secretariat.meetings.models import MaterialsArchive
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import PDF_BYTES, DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):  # type: ignore[no-untyped-def]
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    meeting = MeetingFactory(forum=world.body, code="DAIB1")

    def with_file(number, **fields):  # type: ignore[no-untyped-def]
        path = default_storage.save(f"test/{number.replace('/', '_')}.pdf", ContentFile(PDF_BYTES))
        return DocumentFactory(
            meeting=meeting,
            number=number,
            base_number=number,
            link="",
            file=path,
            file_kind="pdf",
            **fields,
        )

    with_file("2030/DAIB1/001")
    with_file("2030/DAIB1/002", classification=Classification.RESTRICTED)
    with_file(
        "2030/DAIB1/003",
        classification=Classification.ECONOMY_ONLY,
        submitted_by_economy=world.economy_a,
    )
    DocumentFactory(meeting=meeting, number="2030/DAIB1/004", base_number="2030/DAIB1/004")
    return meeting


def _zip_for(world, role, meeting, capture):  # type: ignore[no-untyped-def]
    client = client_for(role, world)
    with capture(execute=True):
        response = call(client, "POST", f"/meetings/meetings/{meeting.pk}/materials")
    assert response.status_code == 202, response.content
    status = call(client, "GET", f"/meetings/materials/{response.json()['id']}").json()
    assert status["status"] == "ready"
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    return package


@pytest.mark.parametrize(
    ("role", "files"),
    [
        ("reader", ["2030_DAIB1_001.pdf"]),
        ("delegate_b", ["2030_DAIB1_001.pdf", "2030_DAIB1_002.pdf"]),
        ("delegate_a", ["2030_DAIB1_001.pdf", "2030_DAIB1_002.pdf", "2030_DAIB1_003.pdf"]),
        ("secretariat", ["2030_DAIB1_001.pdf", "2030_DAIB1_002.pdf"]),
    ],
)
def test_zip_holds_only_the_documents_the_requester_may_open(
    world, meeting, role, files, django_capture_on_commit_callbacks
):
    package = _zip_for(world, role, meeting, django_capture_on_commit_callbacks)
    assert sorted(n for n in package.namelist() if n.endswith(".pdf")) == files
    index = package.read("index.csv").decode()
    assert "2030/DAIB1/004" in index  # the link document is listed with its link
    for hidden in {"2030_DAIB1_002.pdf", "2030_DAIB1_003.pdf"} - set(files):
        assert hidden.replace("_", "/").removesuffix(".pdf") not in index
    assert package.read(files[0]) == PDF_BYTES


def test_someone_else_cannot_see_or_download_my_zip(
    world, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        archive = materials.request_archive(meeting=meeting, actor=world.users["delegate_a"])
    for role in ("delegate_b", "head_a", "secretariat"):
        client = client_for(role, world)
        assert call(client, "GET", f"/meetings/materials/{archive.pk}").status_code == 404
        assert call(client, "GET", f"/meetings/materials/{archive.pk}/file").status_code == 404
        assert client.get(f"/en/meetings/materials/{archive.pk}/download/").status_code == 404


def test_document_reclassified_after_the_build_blocks_the_download(
    world, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        archive = materials.request_archive(meeting=meeting, actor=world.users["delegate_b"])
    meeting.documents.filter(number="2030/DAIB1/002").update(
        classification=Classification.ECONOMY_ONLY, submitted_by_economy=world.economy_a
    )
    client = client_for("delegate_b", world)
    assert call(client, "GET", f"/meetings/materials/{archive.pk}/file").status_code == 404


def test_anonymous_must_sign_in_to_request_a_zip(world, meeting):
    response = call(
        client_for("anonymous", world), "POST", f"/meetings/meetings/{meeting.pk}/materials"
    )
    assert response.status_code == 401
    assert not MaterialsArchive.objects.exists()


def test_a_second_request_while_building_returns_the_same_zip(world, meeting):
    user = world.users["reader"]
    first = materials.request_archive(meeting=meeting, actor=user)  # on_commit not run: pending
    second = materials.request_archive(meeting=meeting, actor=user)
    assert first.pk == second.pk and first.status == ArchiveStatus.PENDING
    assert AuditEntry.objects.filter(action="meetings.materials.requested").count() == 1


def test_page_polls_while_pending_then_offers_the_download(
    world, meeting, django_capture_on_commit_callbacks
):
    client = client_for("reader", world)
    pending = materials.request_archive(meeting=meeting, actor=world.users["reader"])
    page = client.get(f"/en/meetings/materials/{pending.pk}/")
    assert b'hx-trigger="every 2s"' in page.content
    materials.build_archive(archive_id=pending.pk)
    fragment = client.get(f"/en/meetings/materials/{pending.pk}/", headers={"HX-Request": "true"})
    assert b"hx-trigger" not in fragment.content
    assert f"/en/meetings/materials/{pending.pk}/download/".encode() in fragment.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/meetings/{meeting.pk}/materials/")
    assert response.status_code == 302


def test_expired_zips_are_refused_then_purged(world, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        archive = materials.request_archive(meeting=meeting, actor=world.users["reader"])
    archive.refresh_from_db()
    path = archive.file.path
    MaterialsArchive.objects.filter(pk=archive.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client = client_for("reader", world)
    assert call(client, "GET", f"/meetings/materials/{archive.pk}/file").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert materials.purge_expired_archives(now=timezone.now()) == 1
    assert not MaterialsArchive.objects.exists()
    import os

    assert not os.path.exists(path)
