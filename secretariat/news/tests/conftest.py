import pytest

from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.registrations.choices import Category
from secretariat.registrations.tests.factories import RegistrationFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def press_meeting(world):  # type: ignore[no-untyped-def]
    """A meeting where the world's `press` user is accredited press."""
    meeting = MeetingFactory(forum=world.body, code="PRESSMTG")
    RegistrationFactory(meeting=meeting, person=world.people["press"], category=Category.PRESS)
    return meeting
