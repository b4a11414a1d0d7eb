import os

import pytest


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Tests marked ``drill`` start processes and copy databases: `make drills` runs them
    (SECRETARIAT_DRILLS=1), so that `make test` stays within its time."""
    if os.environ.get("SECRETARIAT_DRILLS"):
        return
    kept = [item for item in items if item.get_closest_marker("drill") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


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

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"


def pytest_configure(config):  # type: ignore[no-untyped-def]
    """Every test process (each xdist worker included) runs with the network unreachable."""
    from secretariat.testing.offline import cut_off

    cut_off()
