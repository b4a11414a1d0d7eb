import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """The full world (every app's ``extend_world``), built once per test module inside a
    transaction that is rolled back at the end; each test's own transaction (the ``db``
    fixture) and each role's savepoint nest inside it."""
    from .matrix import extend_world
    from .world import build_world, sign_in_everyone

    with django_db_blocker.unblock(), transaction.atomic():
        world = extend_world(build_world())
        sign_in_everyone(world)
        yield world
        transaction.set_rollback(True)
