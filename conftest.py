import os

import pytest


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Tests marked ``drill`` start processes and copy databases: `make drills` runs them
    (SECRETARIAT_DRILLS=1), so that `make test` stays within its time. The others are put in
    an order that keeps xdist's workers busy to the end (``spread_slow_modules``)."""
    if not os.environ.get("SECRETARIAT_DRILLS"):
        kept = [item for item in items if item.get_closest_marker("drill") is None]
        if len(kept) != len(items):
            config.hook.pytest_deselected(items=[i for i in items if i not in kept])
            items[:] = kept
    items[:] = spread_slow_modules(items)


# Markers of tests that take long in wall time but little of the worker's CPU: a browser, a
# real model, a server in another process.
SLOW_MARKERS = ("e2e", "once")


def spread_slow_modules(items: list) -> list:
    """The same items, each module's run of consecutive items kept together (module-scoped
    worlds are built once), with the runs of slow tests spread over the first half, largest
    first.

    xdist (``--dist load``) hands each worker consecutive items from the front of the list. In
    collection order the browser tests came last but for the tests without a database, all
    three workers ran them at once, Chromium waiting while a core idled, and a worker that drew
    a long journey last finished minutes after the others (a 150 s tail on a loaded machine).
    Spread out, each worker mixes waiting tests with the matrix's and the fuzzer's CPU-bound
    ones, and the run ends on thousands of short tests that even out.

    pytest-django's order (tests in a rolled-back transaction, then those that commit and
    flush, then those without a database) is kept for everything but the moved runs, and a run
    is moved only if none of its tests flushes the database: the browser tests write back
    what they found (``e2e/demo_snapshot.py``), so the tests after them see the same rows."""
    runs: list[list] = []
    for item in items:
        if runs and runs[-1][0].nodeid.split("::")[0] == item.nodeid.split("::")[0]:
            runs[-1].append(item)
        else:
            runs.append([item])
    slow = [run for run in runs if _is_slow(run) and not any(_flushes(item) for item in run)]
    if not slow:
        return items
    fast = [run for run in runs if not any(run is moved for moved in slow)]
    slow.sort(key=len, reverse=True)
    half = sum(len(run) for run in fast) // 2
    ordered: list = []
    placed = done = 0
    for run in fast:
        while placed < len(slow) and done >= placed * half // len(slow):
            ordered += slow[placed]
            placed += 1
        ordered += run
        done += len(run)
    for run in slow[placed:]:
        ordered += run
    return ordered


def _is_slow(run: list) -> bool:
    return any(item.get_closest_marker(name) for item in run for name in SLOW_MARKERS)


def _flushes(item) -> bool:  # type: ignore[no-untyped-def]
    """A test that commits and leaves the tables emptied by pytest-django's flush."""
    if item.nodeid.startswith("e2e/"):
        return False  # e2e/conftest.py writes the tables back instead
    marker = item.get_closest_marker("django_db")
    committed = marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    fixtures = getattr(item, "fixturenames", ())
    return bool(committed) or "transactional_db" in fixtures or "live_server" in fixtures


# Modules whose every test carries a marker, and which cost much to collect: schemathesis builds
# each operation's hypothesis test (its coverage cases included) while the module is collected,
# about 10 s of CPU in every process, xdist workers included.
MARKED_MODULES = {"test_api_fuzz.py": "fuzz"}


def pytest_ignore_collect(collection_path, config):  # type: ignore[no-untyped-def]
    """A run whose ``-m`` expression deselects a module's marker (the PostgreSQL pass:
    ``not fuzz``) does not collect that module only to deselect all of it."""
    marker = MARKED_MODULES.get(collection_path.name)
    if marker is None or not config.option.markexpr:
        return None
    from _pytest.mark.expression import Expression

    selected = Expression.compile(config.option.markexpr).evaluate(
        lambda name, **kwargs: name == marker
    )
    return True if not selected else None


@pytest.fixture
def world(db):
    from secretariat.testing.world import build_world

    return build_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The same world as ``world``, built once per test module with every person role signed
    in, inside a transaction rolled back at the module's end; each test's own transaction
    (``db``) nests inside it, so what a test writes is gone for the next. For modules of many
    tests that each need the world but not a fresh one: building it costs more than most of
    their requests."""
    from django.db import transaction

    from secretariat.testing.world import build_world, sign_in_everyone

    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        sign_in_everyone(world)
        yield world
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def demo_copies() -> dict:
    """This process's copies of the tables (``e2e/demo_snapshot.py``): the browser tests'
    (``"before"``, ``"demo"``, committed) and ``seeded_demo``'s (seeded in a transaction)."""
    from e2e import demo_snapshot

    return demo_snapshot.COPIES


@pytest.fixture(scope="session", autouse=True)
def _committing_tests_write_back() -> None:
    """Tests that commit write the tables back instead of flushing them (``demo_snapshot``)."""
    from e2e import demo_snapshot

    demo_snapshot.write_back_after_committing_tests()


@pytest.fixture
def seeded_demo(db, demo_copies) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The database as ``seed_all()`` leaves it over the migrated tables, inside the test's
    transaction; returns seed_all's counts. The first test of a process seeds it (about 2.5 s
    of CPU, 12–15 s on a loaded machine) and keeps a copy of every table; the others write the
    copy back (same rows, same ids). A test that checks seeding itself calls ``seed_all()``
    after this (seeding over the demo changes nothing). Seeded again when the day has changed:
    the demo dates its live text from today."""
    from e2e import demo_snapshot

    return demo_snapshot.demo_here(demo_copies, "demo in a transaction")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: ids repeat between tests (rolled-back
    transactions), so a rendering cached by one test could otherwise answer another."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in another one leaves its
    language active in the thread (the locale middleware does not undo it), and a message
    checked in English would otherwise depend on which test ran before on the worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):  # type: ignore[no-untyped-def]
    """On PostgreSQL, commits do not wait for the write-ahead log to reach the disk: a test
    database is thrown away, and the browser tests commit the whole demo (some 600 service
    transactions) before each test, at a disk flush each. The benchmarks keep the default."""
    from django.conf import settings
    from django.db import connection

    from secretariat.testing import shared_db

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
    # Under xdist the first worker migrates and the others copy its database (shared_db.py).
    shared_db.install(connection)


def pytest_configure(config):  # type: ignore[no-untyped-def]
    """Every test process (each xdist worker included) runs with the network unreachable."""
    from secretariat.testing import shared_db
    from secretariat.testing.offline import cut_off

    cut_off()
    if not hasattr(config, "workerinput"):
        shared_db.mark_run()


def pytest_collection_finish(session):  # type: ignore[no-untyped-def]
    """Once collected, every module, class and parametrised item lives to the end of the run:
    frozen, the cyclic collector no longer walks them on each full pass, and it runs less often
    (a test process allocates much and keeps little). Measured on 55 matrix tests in one
    process on a loaded machine: 19.5–20.6 s -> 13.0–17.6 s of CPU, time in full collections
    20–23 s -> 1.7–2.6 s. Explicit ``gc.collect()`` calls in tests still collect everything a
    test made."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def pytest_unconfigure(config):  # type: ignore[no-untyped-def]
    from secretariat.testing import shared_db

    shared_db.remove_template(config)
