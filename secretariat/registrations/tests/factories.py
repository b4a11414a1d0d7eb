import factory

from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.registrations.choices import Category, RegistrationState
from secretariat.registrations.models import Registration
from secretariat.registry.tests.factories import PersonFactory


class RegistrationFactory(factory.django.DjangoModelFactory):
    """An approved registration (delegates take their person's economy)."""

    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    category = Category.VISITOR
    state = RegistrationState.APPROVED
    economy = factory.LazyAttribute(lambda r: r.person.economy)
