"""One-file backups of an installation, and their restore into an empty one (ADR 0035).

An archive is an uncompressed tar: the database (``database.sqlite3``, a copy made with
SQLite's online backup API, or ``database.pgdump``, ``pg_dump``'s custom format), the uploaded
files under ``media/``, and ``manifest.json`` last, holding the SHA-256 and size of every other
member and the audit chain's length and tip as the database copy holds them. The database is
copied first, the files after it: a file is stored before the row that names it commits, so
every file the copy names is on disk when the files are read (unless deleted meanwhile).
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = "secretariat-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"
# Zips of a meeting's materials are rebuilt on demand and expire after a day (operations.md).
SKIPPED_MEDIA = ("meetings/materials/",)
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class AuditTip:
    count: int
    tip_hash: str


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _hashing_copy(source: IO[bytes], target: Any) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    """Add ``path`` as ``name``; the checksum is of the bytes stored, read once (a file that
    grows meanwhile is stored as read)."""
    with tempfile.SpooledTemporaryFile(max_size=16 * _CHUNK) as spool:
        with path.open("rb") as source:
            sha256, size = _hashing_copy(source, spool)
        spool.seek(0)
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = int(path.stat().st_mtime)
        info.mode = 0o644
        archive.addfile(info, spool)
    return {"name": name, "sha256": sha256, "size": size}


# Backup ---------------------------------------------------------------------------------------


def _sqlite_audit_tip(path: Path) -> AuditTip:
    with sqlite3.connect(path) as copy:
        row = copy.execute("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM core_auditentry").fetchone()
        tip = copy.execute(
            "SELECT entry_hash FROM core_auditentry ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    copy.close()
    return AuditTip(count=row[0], tip_hash=tip[0] if tip else "")


def _dump_sqlite(target: Path) -> AuditTip:
    """Copy the live database with SQLite's online backup API: one read transaction, so the
    copy is a state that existed, whatever writers do meanwhile (WAL lets them go on)."""
    connection.ensure_connection()
    if connection.is_in_memory_db():
        # The test suite's database: the backup API would wait for ever on the shared-cache
        # table locks its own open transaction holds; a serialization reads through it.
        target.write_bytes(connection.connection.serialize())
    else:
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    return _sqlite_audit_tip(target)


def postgres_environment() -> dict[str, str]:
    """libpq's variables for the configured database, for ``pg_dump`` and ``pg_restore``."""
    params = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")


def _dump_postgres(target: Path) -> AuditTip:
    """``pg_dump`` in a snapshot exported by a repeatable-read transaction that also reads the
    audit tip: the dump and the manifest describe exactly the same state."""
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params) as snapshot_holder:
        snapshot_holder.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        snapshot_holder.read_only = True
        with snapshot_holder.transaction(), snapshot_holder.cursor() as cursor:
            snapshot_id = cursor.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
            count = cursor.execute("SELECT COUNT(*) FROM core_auditentry").fetchone()[0]  # type: ignore[index]
            tip = cursor.execute(
                "SELECT entry_hash FROM core_auditentry ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    f"--snapshot={snapshot_id}",
                    f"--file={target}",
                ],
                postgres_environment(),
            )
    return AuditTip(count=count, tip_hash=tip[0] if tip else "")


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.name.startswith("."):
            continue  # a file being written (core/storage.py) or restored: not yet a file
        if path.is_file() and not path.is_symlink() and not relative.startswith(SKIPPED_MEDIA):
            yield relative, path


def create_backup(out: Path) -> dict[str, Any]:
    """Write the archive to ``out`` (through a temporary name, so a failed backup leaves no
    file that looks complete); return the manifest."""
    engine = _engine()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="secretariat-backup-") as scratch:
        member = SQLITE_MEMBER if engine == "sqlite" else POSTGRES_MEMBER
        dump = Path(scratch) / member
        tip = _dump_sqlite(dump) if engine == "sqlite" else _dump_postgres(dump)
        entries: list[dict[str, Any]] = []
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            entries.append(_add_file(archive, member, dump))
            for relative, path in _media_files(Path(settings.MEDIA_ROOT)):
                try:
                    entries.append(_add_file(archive, MEDIA_PREFIX + relative, path))
                except FileNotFoundError:
                    continue  # deleted since it was listed: its row is gone or going too
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "engine": engine,
                "database": member,
                "audit": {"count": tip.count, "tip_hash": tip.tip_hash},
                "files": entries,
            }
            raw = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(raw)
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(raw))
    os.replace(partial, out)
    return manifest


# Restore --------------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        handle = archive.extractfile(MANIFEST)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError("Not a Secretariat backup: the archive has no manifest.json.")
    manifest: dict[str, Any] = json.loads(handle.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}; expected {FORMAT}.")
    return manifest


def verify_archive(archive: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    """Every member the manifest lists is there with its checksum, and nothing else is."""
    listed = {entry["name"]: entry for entry in manifest["files"]}
    present = {info.name for info in archive.getmembers() if info.name != MANIFEST}
    if present - set(listed):
        raise BackupError(
            "The archive holds files its manifest does not list: "
            f"{sorted(present - set(listed))[:5]}."
        )
    for name, entry in listed.items():
        if name.startswith("/") or ".." in Path(name).parts:
            raise BackupError(f"Refusing a member outside the installation: {name}.")
        try:
            handle = archive.extractfile(name)
        except KeyError:
            handle = None
        if handle is None:
            raise BackupError(f"The archive lacks {name}, which its manifest lists.")
        sha256, size = _hashing_copy(handle, _NullWriter())
        if sha256 != entry["sha256"] or size != entry["size"]:
            raise BackupError(
                f"Checksum mismatch for {name}: the archive is damaged or was altered. "
                "Nothing was restored."
            )


class _NullWriter:
    def write(self, data: bytes) -> int:
        return len(data)


def installation_is_empty() -> list[str]:
    """What makes this installation non-empty (tables, uploaded files); empty list if none."""
    reasons = []
    tables = connection.introspection.table_names()
    if tables:
        reasons.append(f"the database has {len(tables)} tables")
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(path.is_file() for path in media.rglob("*")):
        reasons.append(f"{media} holds files")
    return reasons


def _restore_sqlite(archive: tarfile.TarFile) -> None:
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    with tempfile.TemporaryDirectory(prefix="secretariat-restore-") as scratch:
        copy = Path(scratch) / SQLITE_MEMBER
        with archive.extractfile(SQLITE_MEMBER) as source, copy.open("wb") as out:  # type: ignore[union-attr]
            shutil.copyfileobj(source, out, _CHUNK)
        # Written beside the target and renamed over it: never a half-written database.
        partial = target.with_name(target.name + ".restoring")
        with sqlite3.connect(copy) as src, sqlite3.connect(partial) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        src.close()
        dst.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(partial, target)


def _restore_postgres(archive: tarfile.TarFile) -> None:
    connection.close()
    with tempfile.TemporaryDirectory(prefix="secretariat-restore-") as scratch:
        dump = Path(scratch) / POSTGRES_MEMBER
        with archive.extractfile(POSTGRES_MEMBER) as source, dump.open("wb") as out:  # type: ignore[union-attr]
            shutil.copyfileobj(source, out, _CHUNK)
        # One transaction: a failed restore leaves the database as empty as it was.
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={postgres_environment()['PGDATABASE']}",
                str(dump),
            ],
            postgres_environment(),
        )


def _restore_media(archive: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    root = Path(settings.MEDIA_ROOT)
    for entry in manifest["files"]:
        name = entry["name"]
        if not name.startswith(MEDIA_PREFIX):
            continue
        target = root / name[len(MEDIA_PREFIX) :]
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.restoring")
        with archive.extractfile(name) as source, partial.open("wb") as out:  # type: ignore[union-attr]
            shutil.copyfileobj(source, out, _CHUNK)
        os.replace(partial, target)


def restore_backup(path: Path) -> dict[str, Any]:
    """Restore ``path`` into this installation, which must be empty; then check that the audit
    chain is intact and as long as when the backup was made. Returns the manifest."""
    from . import audit

    engine = _engine()
    with tarfile.open(path, "r:") as archive:
        manifest = read_manifest(archive)
        if manifest["engine"] != engine:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database; this installation uses "
                f"{engine}. Restore it into a {manifest['engine']} installation."
            )
        reasons = installation_is_empty()
        if reasons:
            raise BackupError(
                "Restore needs an empty installation, but "
                + " and ".join(reasons)
                + ". Point DATABASE_URL at a new empty database and MEDIA_ROOT at an empty folder."
            )
        verify_archive(archive, manifest)
        if engine == "sqlite":
            _restore_sqlite(archive)
        else:
            _restore_postgres(archive)
        _restore_media(archive, manifest)
    report = audit.verify_chain()
    expected = manifest["audit"]["count"]
    if not report.ok:
        raise BackupError(
            "Restored, but the audit chain is broken at entry "
            f"#{report.broken_seq}: {report.reason}."
        )
    if report.checked != expected:
        raise BackupError(
            f"Restored, but the audit chain has {report.checked} entries; "
            f"the backup had {expected}."
        )
    return manifest
