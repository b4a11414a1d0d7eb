import pytest


@pytest.fixture
def world(db):
    from secretariat.testing.world import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: ids repeat between tests (rolled-back
    transactions), so a rendering cached by one test could otherwise answer another."""
    from django.core.cache import cache

    cache.clear()
    yield
