"""Backup and restore round trip on the database the suite runs on (SQLite or PostgreSQL):
the restore runs in another process against a new, empty installation, as an operator's
would, and what the API lists there must equal what it listed here."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from secretariat.core import backup
from secretariat.meetings.tests.factories import PDF_BYTES, MeetingFactory
from secretariat.testing.listings import listings
from secretariat.testing.world import client_for

USERS = ["delegate-a", "reader"]


def _upload(world) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = MeetingFactory(forum=world.body, code="BKUP", start_date="2025-08-04")
    payload = {
        "title": {"en": {"text": "Paper", "status": "original"}},
        "purpose": "information",
        "submitted_by_economy": "KR",
    }
    response = client_for("delegate_a", world).post(
        f"/api/meetings/meetings/{meeting.pk}/documents",
        {"payload": json.dumps(payload), "file": SimpleUploadedFile("p.pdf", PDF_BYTES)},
    )
    assert response.status_code == 201, response.content


def _empty_installation(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Environment of a new installation on the same kind of database, and its cleanup."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["DJANGO_SETTINGS_MODULE"] = "secretariat.config.settings.base"
    env["MEDIA_ROOT"] = str(tmp_path / "restored-media")
    env.pop("REDIS_URL", None)
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return env, lambda: None
    params = connection.settings_dict
    name = f"secretariat_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    env["DATABASE_URL"] = f"postgres://{params['USER']}@{host}:{port}/{name}"

    def drop() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return env, drop


def _run(env, *args: str) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.drill
@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_lists_the_same_and_its_audit_chain_is_intact(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _upload(world)
    before = listings(USERS)
    archive = tmp_path / "backup.tar"
    call_command("backup", "--out", str(archive))
    env, drop = _empty_installation(tmp_path)
    try:
        restored = _run(env, "-m", "secretariat.cli", "restore", str(archive))
        assert restored.returncode == 0, restored.stderr
        assert "audit chain intact" in restored.stdout
        verified = _run(env, "-m", "secretariat.cli", "audit", "verify")
        assert verified.returncode == 0 and "intact" in verified.stdout, verified.stderr
        after = _run(env, "-m", "secretariat.testing.listings", *USERS)
        assert after.returncode == 0, after.stderr
        restored_listings, original = json.loads(after.stdout), json.loads(json.dumps(before))
        differing = [
            (who, path, original[who][path], restored_listings[who].get(path))
            for who in original
            for path in original[who]
            if original[who][path] != restored_listings[who].get(path)
        ]
        assert differing == []
        files = [p for p in (tmp_path / "restored-media").rglob("*") if p.is_file()]
        assert [p.read_bytes() for p in files] == [PDF_BYTES]
        again = _run(env, "-m", "secretariat.cli", "restore", str(archive))
        assert again.returncode != 0 and "needs an empty installation" in again.stderr
    finally:
        drop()


def _tampered(archive: Path, out: Path) -> None:
    with tarfile.open(archive) as source, tarfile.open(out, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("media/"):
                data = data.replace(b"%PDF", b"%PDX")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))


@pytest.mark.django_db
def test_restore_refuses_an_archive_whose_checksums_do_not_match(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.pdf").write_bytes(PDF_BYTES)
    archive = tmp_path / "backup.tar"
    manifest = backup.create_backup(archive)
    assert [e["name"] for e in manifest["files"]][1:] == ["media/a.pdf"]
    _tampered(archive, tmp_path / "tampered.tar")
    mismatch = pytest.raises(backup.BackupError, match="Checksum mismatch for media/a.pdf")
    with tarfile.open(tmp_path / "tampered.tar") as opened, mismatch:
        backup.verify_archive(opened, backup.read_manifest(opened))


@pytest.mark.django_db
def test_restore_refuses_a_non_empty_installation_and_changes_nothing(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "backup.tar"
    backup.create_backup(archive)
    with pytest.raises(CommandError, match="needs an empty installation, but the database has"):
        call_command("restore", str(archive))
    assert not (tmp_path / "media").exists()
    assert settings.MEDIA_ROOT  # the installation is as it was: the world is still there
    assert world.users["secretariat"].__class__.objects.filter(username="secretariat").exists()
