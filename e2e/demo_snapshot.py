"""The browser tests' database: the demo seeded once per test process and copied back, instead
of seeded again for each test and flushed after it.

Browser tests need committed rows (the live server answers from its own threads), so a test's
rows cannot be rolled back. Seeding the demo again (some 600 service transactions, then the
search index) cost each browser test 6 to 9 seconds, and Django's flush after it (truncating every
table, then creating the content types and permissions again) 2 to 7 seconds on PostgreSQL. Here
the first browser test of a process copies every table as it finds it (what the other tests
left: no demo) and, once it has seeded the demo, the demo's rows and files; each later test
writes the demo's copy back in one transaction — the same rows, with the same ids — and each test
ends by writing back the copy from before.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

SEOUL = ZoneInfo("Asia/Seoul")

# A table's rows: on PostgreSQL in COPY's text format, on SQLite its columns and rows.
TableRows = bytes | tuple[list[str], list[tuple[Any, ...]]]


@dataclass(frozen=True)
class Tables:
    """Every table's rows, and the files stored along with them."""

    rows: dict[str, TableRows]
    # Files stored under MEDIA_ROOT along with these rows, by their name there.
    files: dict[str, bytes] = field(default_factory=dict)
    # For a copy with the demo: the days it was seeded on (``_today``).
    day: tuple[date, date] | None = None


# This process's copies (the root conftest's ``demo_copies`` hands out this dict): ``"before"``
# is the committed state every test finds (what migrating left), ``"demo"`` and ``"demo in a
# transaction"`` the demo seeded over it.
COPIES: dict = {}


def copy_tables() -> Tables:
    return Tables(rows=_read_tables())


def write_back_after_committing_tests() -> None:
    """Tests that commit (``django_db(transaction=True)``) leave the tables as they found them:
    the copy from before this process's first committing test is written back after each, as for
    the browser tests, instead of Django's flush (TRUNCATE of every table, then the content types
    and permissions created again), which cost 2 to 10 s per test on PostgreSQL. Tests that ask
    for serialised rollback, reset sequences or limit the apps keep Django's own teardown."""
    from django.test import TransactionTestCase

    if getattr(TransactionTestCase, "_writes_back", False):
        return
    flush_setup = TransactionTestCase._fixture_setup.__func__  # a classmethod
    flush_teardown = TransactionTestCase._fixture_teardown

    def plain(case: Any) -> bool:
        return (
            case.available_apps is None
            and not case.serialized_rollback
            and not case.reset_sequences
            and list(case._databases_names(include_mirrors=False)) == ["default"]
        )

    def _fixture_setup(cls: Any) -> None:
        if plain(cls):
            COPIES.setdefault("before", copy_tables())
        flush_setup(cls)

    def _fixture_teardown(case: TransactionTestCase) -> None:
        if plain(case) and "before" in COPIES:
            write_back(COPIES["before"])
        else:
            flush_teardown(case)

    TransactionTestCase._fixture_setup = classmethod(_fixture_setup)  # type: ignore[method-assign,assignment]
    TransactionTestCase._fixture_teardown = _fixture_teardown  # type: ignore[method-assign]
    TransactionTestCase._writes_back = True  # type: ignore[attr-defined]


def seed_demo() -> tuple[dict[str, int], Tables]:
    """Seed the demo; return its counts and a copy of the tables and files it left."""
    from secretariat.registry.demo import seed_all

    media_root = Path(settings.MEDIA_ROOT)
    before = _stored_files(media_root)
    counts = seed_all()
    added = _stored_files(media_root) - before
    files = {name: (media_root / name).read_bytes() for name in added}
    return counts, Tables(rows=_read_tables(), files=files, day=_today())


def demo_here(copies: dict, key: str) -> dict[str, int]:
    """The demo in the current database context: seeded the first time in a process (and on a
    new day: the demo dates its live text from today), written back from ``copies[key]`` after
    that. One copy per context: seeded in a test's transaction, the demo's on-commit work
    (search index, extracts, notifications) never runs, so it differs from a committed one."""
    known = copies.get(key)
    if known is None or known[1].day != _today():
        copies[key] = seed_demo()
    else:
        write_back(known[1])
    return dict(copies[key][0])


def _today() -> tuple[date, date]:
    """The days the demo dates itself from: the site's and Seoul's (its live text)."""
    now = timezone.now()
    return timezone.localdate(now), now.astimezone(SEOUL).date()


def write_back(tables: Tables) -> None:
    """Every table back to the copy's rows (whatever the test added or left goes), the
    sequences after the largest ids, and any file of the copy missing under the current
    MEDIA_ROOT (a test may point it at a directory of its own)."""
    with transaction.atomic():
        _write_tables(tables.rows)
        _reset_sequences(set(tables.rows))
    media_root = Path(settings.MEDIA_ROOT)
    for name, content in tables.files.items():
        path = media_root / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    # Content types are cached by id in the process, and the ids may have changed.
    ContentType.objects.clear_cache()


def _stored_files(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def _read_tables() -> dict[str, TableRows]:
    tables: dict[str, TableRows] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quoted} TO STDOUT") as copy:
                    tables[table] = b"".join(bytes(block) for block in copy)
            else:
                cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - our own table names
                columns = [column[0] for column in cursor.description]
                tables[table] = (columns, cursor.fetchall())
    return tables


def _write_tables(tables: dict[str, TableRows]) -> None:
    # DELETE rather than TRUNCATE: a few thousand rows go faster than a hundred tables'
    # files are replaced. Foreign keys are checked at the commit on both databases, so the
    # order of the tables does not matter.
    with connection.cursor() as cursor:
        for table, content in tables.items():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"DELETE FROM {quoted}")  # noqa: S608
            if isinstance(content, bytes):
                if content:
                    with cursor.cursor.copy(f"COPY {quoted} FROM STDIN") as copy:
                        copy.write(content)
                continue
            columns, rows = content
            if rows:
                names = ", ".join(connection.ops.quote_name(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                insert = f"INSERT INTO {quoted} ({names}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(insert, rows)


def _reset_sequences(tables: set[str]) -> None:
    """New rows get ids after the copy's largest, as after a seeding of their own."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in tables
    ]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
