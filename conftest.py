import pytest


@pytest.fixture
def world(db):
    from secretariat.testing.world import build_world

    return build_world()
