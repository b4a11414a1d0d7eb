"""The serving profile: SQLite's concurrent writers, the production settings, and the
production command serving for real (one server start, a few seconds)."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, transaction

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "secretariat.config.settings.production",
    "SECRETARIAT_ENV": "production",
    "SECRET_KEY": "a-test-only-secret-key-that-is-long-enough-0123456789",
    "DATABASE_URL": "postgres://secretariat@db.internal:5432/secretariat",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "ALLOWED_HOSTS": "secretariat.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://secretariat.example.org",
}


def _environment(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "SECURE_", "PYTEST_"))
    }
    env["PYTHONPATH"] = str(ROOT)
    env.update(overrides)
    return env


def test_two_concurrent_writers_on_a_sqlite_file_both_commit(tmp_path, django_db_blocker):
    """The embedded database's options (WAL, IMMEDIATE transactions, a busy timeout): a second
    writer waits for the first one's lock instead of failing with "database is locked"."""
    import dj_database_url

    from secretariat.config.settings.base import SQLITE_OPTIONS

    alias = "concurrent_writers"
    connections.settings[alias] = {
        **dj_database_url.parse(f"sqlite:///{tmp_path / 'writers.sqlite3'}"),
        "OPTIONS": dict(SQLITE_OPTIONS),
        "TIME_ZONE": None,
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TEST": {},
    }
    first_holds_the_lock = threading.Event()
    failures: list[BaseException] = []

    def write(label: str, hold: bool) -> None:
        try:
            with transaction.atomic(using=alias):
                connections[alias].cursor().execute(
                    "INSERT INTO entry (label) VALUES (%s)", [label]
                )
                if hold:
                    first_holds_the_lock.set()
                    time.sleep(0.5)  # the second writer arrives while this one holds the lock
        except BaseException as error:  # noqa: BLE001 - reported below, from the main thread
            failures.append(error)
        finally:
            connections[alias].close()

    try:
        with django_db_blocker.unblock():
            with connections[alias].cursor() as cursor:
                journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
                cursor.execute("CREATE TABLE entry (label TEXT)")
            first = threading.Thread(target=write, args=("first", True))
            first.start()
            first_holds_the_lock.wait(10)
            second = threading.Thread(target=write, args=("second", False))
            second.start()
            first.join()
            second.join()
            with connections[alias].cursor() as cursor:
                labels = [row[0] for row in cursor.execute("SELECT label FROM entry ORDER BY 1")]
            connections[alias].close()
    finally:
        if hasattr(connections._connections, alias):
            del connections[alias]
        del connections.settings[alias]
    assert journal == "wal"
    assert failures == []
    assert labels == ["first", "second"]


@pytest.mark.once
def test_production_settings_pass_the_deployment_checks_and_pool_connections():
    """`secretariat check --deploy` is clean (no warning) with the documented variables, and
    the app borrows its PostgreSQL connections from psycopg's pool."""
    env = _environment(**PRODUCTION_ENV)
    script = (
        "import json, sys\n"
        "from secretariat.cli import main\n"
        "main(['check', '--deploy', '--fail-level', 'WARNING'])\n"
        "from django.conf import settings as s\n"
        "db = s.DATABASES['default']\n"
        "print(json.dumps([db['OPTIONS'].get('pool'), db['CONN_MAX_AGE'],"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS]))\n"
    )
    checked = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    report, shown = checked.stdout.strip().rsplit("\n", 1)
    assert "no issues" in report
    pool, max_age, session_secure, csrf_secure, redirect, hsts = json.loads(shown)
    assert pool == {"min_size": 2, "max_size": 8, "timeout": 5.0} and max_age == 0
    assert (session_secure, csrf_secure, redirect, hsts) == (True, True, True, 31536000)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.once
def test_the_production_command_serves_and_sums_metrics_across_processes(tmp_path):
    """gunicorn with the README's command and its config: two processes, /healthz with a
    request id, and /metrics summing both processes' counts (multiprocess mode)."""
    port = _free_port()
    metrics_dir = tmp_path / "metrics"
    env = _environment(
        SECRETARIAT_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path}/serving.sqlite3",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        METRICS_TOKEN="serving-test-token",
        LOG_LEVEL="WARNING",
    )
    command = "gunicorn -c python:secretariat.config.gunicorn secretariat.config.asgi:application"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", *command.split()],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # until it answers (each try waits on a refused connection)
            try:
                health = urllib.request.urlopen(f"{base}/healthz", timeout=5)  # noqa: S310
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()  # type: ignore[union-attr]
                time.sleep(0.1)
        else:
            pytest.fail("the production command never answered")
        assert health.status == 200 and len(health.headers["X-Request-ID"]) == 32
        for _ in range(20):  # spread over both processes by the kernel
            urllib.request.urlopen(f"{base}/healthz", timeout=5).read()  # noqa: S310
        scrape = urllib.request.Request(
            f"{base}/metrics", headers={"Authorization": "Bearer serving-test-token"}
        )
        body = urllib.request.urlopen(scrape, timeout=5).read().decode()  # noqa: S310
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    counted = [
        line
        for line in body.splitlines()
        if line.startswith(
            'secretariat_http_requests_total{method="GET",status="200",view="healthz"}'
        )
    ]
    assert len(counted) == 1 and float(counted[0].split()[-1]) >= 21.0
    assert any(path.name.startswith("counter_") for path in metrics_dir.iterdir())
    assert settings.METRICS_TOKEN != "serving-test-token"  # the server had its own


def test_a_worker_freezes_what_it_built_at_start():
    """Full collections must not walk the app's own modules and objects on every pass."""
    import gc

    from secretariat.config import gunicorn

    try:
        gc.unfreeze()  # what the test session froze (root conftest.py) must not count
        gunicorn.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
        gc.collect()
        gc.freeze()  # as the test session had it
