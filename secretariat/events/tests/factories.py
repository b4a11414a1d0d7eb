import datetime as dt

import factory

from secretariat.core.i18n import translations
from secretariat.events.choices import BoothSize, Sector, SpeakerRole
from secretariat.events.models import CoHost, ContactRequest, Exhibitor, Speaker
from secretariat.meetings.choices import MeetingKind
from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.registry.choices import OrganisationKind
from secretariat.registry.tests.factories import OrganisationFactory


class ForumEventFactory(MeetingFactory):
    kind = MeetingKind.FORUM
    code = factory.Sequence(lambda n: f"GDAIF{n}")
    start_date = dt.date(2030, 8, 5)


class ExhibitionFactory(MeetingFactory):
    kind = MeetingKind.EXHIBITION
    code = factory.Sequence(lambda n: f"EXPO{n}")
    start_date = dt.date(2030, 8, 4)


class CompanyFactory(OrganisationFactory):
    slug = factory.Sequence(lambda n: f"company-{n}")
    kind = OrganisationKind.COMPANY


class CoHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoHost

    meeting = factory.SubFactory(ForumEventFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    meeting = factory.SubFactory(ForumEventFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    role = SpeakerRole.PANELLIST
    order = factory.Sequence(lambda n: n)


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    meeting = factory.SubFactory(ExhibitionFactory)
    organisation = factory.SubFactory(CompanyFactory)
    booth_code = factory.Sequence(lambda n: f"A-{n + 1}")
    hall = "Hall A"
    booth_size = BoothSize.SMALL
    sector = Sector.AI
    profile = factory.LazyFunction(lambda: translations("en", en="We build AI."))


class ContactRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRequest

    exhibitor = factory.SubFactory(ExhibitorFactory)
    message = "May we meet at your booth?"
