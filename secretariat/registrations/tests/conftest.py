import pytest

from secretariat.meetings.tests.factories import MeetingFactory


@pytest.fixture
def meeting(world):  # type: ignore[no-untyped-def]
    """A meeting of the world's body, where Korea and the US have delegations."""
    return MeetingFactory(forum=world.body, code="DAIB9")
