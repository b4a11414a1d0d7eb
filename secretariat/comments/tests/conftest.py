import pytest

from secretariat.comments import targets

from .factories import adopted_text


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached sections must not leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def outcome(world):  # type: ignore[no-untyped-def]
    return adopted_text(world)


@pytest.fixture
def target(outcome):  # type: ignore[no-untyped-def]
    return targets.resolve_target("outcome", outcome.pk)


@pytest.fixture
def reader(world):  # type: ignore[no-untyped-def]
    return world.users["reader"]
