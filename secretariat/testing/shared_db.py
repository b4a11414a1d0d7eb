"""Under pytest-xdist, the test database is migrated once per run instead of once per worker.

Each worker used to migrate its own test database, every migration and the post-migrate
content types and permissions, three times a pass. Now the first worker to take the run's lock
migrates a template — on PostgreSQL a database ``test_<name>_template``, on SQLite a file copy of
its in-memory database — and every worker's database is copied from it (``CREATE DATABASE …
TEMPLATE``; SQLite's backup API), as Django's own parallel runner does. Every migration still runs,
once a pass; the workers' databases hold exactly what a migration leaves.

The controlling process names the run (``mark_run``, before the workers start: they inherit its
environment) and removes the template at its end (``remove_template``). One process (``-n 0``),
``--reuse-db``, or ``SECRETARIAT_TEST_TEMPLATE=0`` migrate as before."""

import fcntl
import os
import sqlite3
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUN_VARIABLE = "SECRETARIAT_TEST_TEMPLATE_RUN"


def mark_run() -> None:
    """In the controlling process: a key that this run's workers share."""
    if os.environ.get("SECRETARIAT_TEST_TEMPLATE", "1") != "0":
        os.environ.setdefault(RUN_VARIABLE, f"{os.getpid()}-{uuid.uuid4().hex[:12]}")


def _paths(run: str) -> tuple[Path, Path, Path]:
    base = Path(tempfile.gettempdir()) / f"secretariat-test-template-{run}"
    return Path(f"{base}.lock"), Path(f"{base}.name"), Path(f"{base}.sqlite3")


def install(connection: Any) -> None:
    """In a worker: its test database comes from the run's template (made by the first)."""
    run = os.environ.get(RUN_VARIABLE)
    if not run or not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    original = connection.creation.create_test_db

    def create_test_db(
        verbosity: int = 1, autoclobber: bool = False, serialize: bool = True, keepdb: bool = False
    ) -> str:
        def migrate() -> str:
            return original(
                verbosity=verbosity, autoclobber=autoclobber, serialize=serialize, keepdb=keepdb
            )

        if keepdb:
            return migrate()
        lock_path, name_path, file_path = _paths(run)
        with open(lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if connection.vendor == "sqlite":
                name = _sqlite(connection, migrate, file_path)
            else:
                name = _postgresql(connection, migrate, name_path, verbosity)
        if serialize:
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
        return name

    connection.creation.create_test_db = create_test_db


def _point_at(connection: Any, name: str) -> None:
    from django.conf import settings

    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()


def _sqlite(connection: Any, migrate: Callable[[], str], file_path: Path) -> str:
    creation = connection.creation
    name = creation._get_test_db_name()
    if not creation.is_in_memory_db(name):
        return migrate()  # a database file per worker: nothing to share
    if not file_path.exists():
        name = migrate()
        partial = file_path.with_suffix(".partial")
        target = sqlite3.connect(partial)
        connection.connection.backup(target)
        target.close()
        os.replace(partial, file_path)
        return name
    _point_at(connection, name)
    source = sqlite3.connect(file_path)
    source.backup(connection.connection)
    source.close()
    return name


def _postgresql(
    connection: Any, migrate: Callable[[], str], name_path: Path, verbosity: int
) -> str:
    creation = connection.creation
    name = creation._get_test_db_name()
    if not name_path.exists():
        template = f"test_{connection.settings_dict['NAME']}_template"
        test_settings = connection.settings_dict["TEST"]
        own_name = test_settings.get("NAME")
        test_settings["NAME"] = template
        try:
            migrate()
        finally:
            test_settings["NAME"] = own_name
        connection.close()  # a template must have no connections while it is copied
        name_path.write_text(template)
    template = name_path.read_text()
    params = {
        "dbname": creation._quote_name(name),
        "suffix": creation._get_database_create_suffix(template=template),
    }
    with creation._nodb_cursor() as cursor:
        try:
            creation._execute_create_test_db(cursor, params)
        except Exception:  # left by an earlier run that was killed
            creation._destroy_test_db(name, verbosity)
            creation._execute_create_test_db(cursor, params)
    _point_at(connection, name)
    return name


def remove_template(config: Any) -> None:
    """In the controlling process, after the workers: the template goes."""
    run = os.environ.get(RUN_VARIABLE)
    if not run or hasattr(config, "workerinput"):
        return
    lock_path, name_path, file_path = _paths(run)
    if name_path.exists():
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        template = connection.ops.quote_name(name_path.read_text())
        blocker = config.stash[blocking_manager_key]
        with blocker.unblock(), connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {template}")
    for path in (lock_path, name_path, file_path):
        path.unlink(missing_ok=True)
