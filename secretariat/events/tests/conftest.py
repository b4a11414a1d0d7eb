import pytest

from secretariat.registry.tests.factories import PersonFactory, UserFactory

from .factories import CoHostFactory, ExhibitorFactory, ForumEventFactory


@pytest.fixture
def forum_event(world):  # type: ignore[no-untyped-def]
    meeting = ForumEventFactory(forum=world.body, code="GDAIF")
    CoHostFactory(meeting=meeting, organisation=world.partner_org)
    return meeting


@pytest.fixture
def exhibitor(world):  # type: ignore[no-untyped-def]
    return ExhibitorFactory()


@pytest.fixture
def exhibitor_contact(exhibitor):  # type: ignore[no-untyped-def]
    """A company employee with an account: one of the exhibitor's contacts."""
    user = UserFactory(username="company-staff")
    PersonFactory(organisation=exhibitor.organisation, user=user)
    return user
