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
