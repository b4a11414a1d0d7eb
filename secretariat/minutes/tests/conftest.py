import pytest

from secretariat.meetings.tests.factories import AgendaItemFactory, MeetingFactory


@pytest.fixture
def meeting(world):  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(forum=world.body, code="DESG1")
    AgendaItemFactory(meeting=meeting, number="1", position=1)
    AgendaItemFactory(meeting=meeting, number="2", position=2)
    return meeting
