"""The benchmark harness: a throw-away database, the full middleware stack, and ratios.

Every figure is a ratio against the baseline — a trivial view (``/healthz``) requested
through the same client and middleware in the same run — because these machines are noisy
and only ratios measured side by side mean anything.

The database is SQLite in a temporary directory with the local-memory cache, or — when
``BENCH_DATABASE_URL`` names a PostgreSQL server — a throw-away database created there
(``secretariat_bench_run``, or ``BENCH_RUN_DATABASE``; dropped at the end), with the Redis
cache when ``REDIS_URL`` is set (configured as ``settings/base.py`` does for production)."""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASELINE_URL = "/healthz"
# Helpers benchmarking side by side on one server each name their own (BENCH_RUN_DATABASE):
# the run's database is dropped with FORCE at the start and the end.
RUN_DATABASE = os.environ.get("BENCH_RUN_DATABASE", "secretariat_bench_run")


def _server_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _recreate_postgres(url: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(_server_url(url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{RUN_DATABASE}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{RUN_DATABASE}"')


def setup_django() -> str:
    """Configure Django on a fresh database and migrate it; returns what it runs on."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secretariat.config.settings.test")
    server = os.environ.get("BENCH_DATABASE_URL", "")
    if server:
        _recreate_postgres(server)
        os.environ["DATABASE_URL"] = _server_url(server, RUN_DATABASE)
    else:
        directory = tempfile.mkdtemp(prefix="secretariat-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
        os.environ.pop("REDIS_URL", None)  # SQLite runs with the local-memory cache
    # Its own key prefix, so that clearing the cache between figures touches nothing else.
    os.environ["CACHE_KEY_PREFIX"] = "secretariat-bench"
    var_dir = Path(
        os.environ.setdefault("SECRETARIAT_VAR_DIR", tempfile.mkdtemp(prefix="secretariat-var-"))
    )
    (var_dir / "static").mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    import logging

    # The in-process task backend logs every task it runs: thousands of lines while the
    # bench seeds its data, burying the BENCH lines.
    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    cache.clear()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return f"{engine} + {backend}"


def teardown_django() -> None:
    server = os.environ.get("BENCH_DATABASE_URL", "")
    if server:
        from django.db import connections

        connections.close_all()
        _recreate_postgres(server, drop_only=True)


@dataclass(frozen=True)
class Figure:
    """One measurement: the median of the rounds' medians, against the baseline's. With no
    target the figure is informational (``info``) and never ``short``."""

    name: str
    value: float
    baseline: float
    target: float | None  # the ratio must be at most this
    spread: tuple[float, float] | None = None  # lowest and highest round ratio

    @property
    def ratio(self) -> float:
        return self.value / self.baseline

    @property
    def short(self) -> bool:
        return self.target is not None and self.ratio > self.target

    def line(self) -> str:
        if self.target is None:
            target, verdict = "target=none", "info"
        else:
            target, verdict = f"target=<={self.target:g}x", "short" if self.short else "ok"
        spread = "" if self.spread is None else f" spread={self.spread[0]:.2f}-{self.spread[1]:.2f}"
        return (
            f"BENCH {self.name} value={self.value * 1000:.3f}ms "
            f"baseline={self.baseline * 1000:.3f}ms ratio={self.ratio:.2f}{spread} "
            f"{target} {verdict}"
        )


def _median_seconds(
    action: Callable[[], object], repeats: int, before: Callable[[], object] | None = None
) -> float:
    timings = []
    for _ in range(repeats):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def compare(
    name: str,
    action: Callable[[], object],
    baseline: Callable[[], object],
    *,
    target: float | None,
    repeats: int = 30,
    rounds: int = 5,
    before: Callable[[], object] | None = None,
) -> Figure:
    """Interleave rounds of the baseline and the action; report the medians' medians and the
    spread of the rounds' ratios. ``before`` runs ahead of each timed action, untimed (the
    change it reads, or the cache renewed). ``target=None``: informational."""
    _settle_statistics()
    if before is not None:
        before()
    action()
    baseline()  # warm caches, templates and connections before measuring
    values, baselines = [], []
    for _ in range(rounds):
        baselines.append(_median_seconds(baseline, repeats))
        values.append(_median_seconds(action, repeats, before))
    ratios = [value / base for value, base in zip(values, baselines, strict=True)]
    return Figure(
        name,
        statistics.median(values),
        statistics.median(baselines),
        target,
        (min(ratios), max(ratios)),
    )


def _settle_statistics() -> None:
    """PostgreSQL plans from its statistics, which autovacuum refreshes within a minute or
    so of a bulk write; the bench measures seconds after seeding thousands of rows, when the
    planner would still take a table of 4,200 scores for an empty one (nested loops where a
    hash join belongs), and the figure would depend on whether autovacuum happened to run.
    ANALYZE, untimed, puts every figure in the state a live database is in."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def get(client, url: str, **headers: str) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    def request() -> object:
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    return request


def clear_cache() -> None:
    """Cold: the whole shared cache emptied (every rendering, token, fragment and cached
    session; the process-local cache of the site's frame is kept, as in production)."""
    from django.core.cache import cache

    cache.clear()


@dataclass(frozen=True)
class Measure:
    """A figure in its own unit against an absolute target, for what has no trivial-view
    counterpart: work done in-process (a vector scan), a rate, a recall. ``at_most`` or
    ``at_least`` is the target; with neither the figure is informational."""

    name: str
    value: float
    unit: str  # "ms", "/s", "" (a fraction)
    at_most: float | None = None
    at_least: float | None = None

    @property
    def short(self) -> bool:
        return (self.at_most is not None and self.value > self.at_most) or (
            self.at_least is not None and self.value < self.at_least
        )

    def line(self) -> str:
        if self.at_most is not None:
            target = f"target=<={self.at_most:g}{self.unit}"
        elif self.at_least is not None:
            target = f"target=>={self.at_least:g}{self.unit}"
        else:
            target = "target=none"
        verdict = "info" if target == "target=none" else ("short" if self.short else "ok")
        return f"BENCH {self.name} value={self.value:.3f}{self.unit} {target} {verdict}"
