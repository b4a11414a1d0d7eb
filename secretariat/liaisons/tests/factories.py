import datetime as dt

import factory

from secretariat.core.i18n import translations
from secretariat.liaisons.choices import Direction, LiaisonState, Purpose
from secretariat.liaisons.models import LiaisonStatement


class LiaisonStatementFactory(factory.django.DjangoModelFactory):
    """A statement sent for information (give ``forum`` and a counterpart)."""

    class Meta:
        model = LiaisonStatement

    direction = Direction.OUTGOING
    title = factory.Sequence(lambda n: translations("en", en=f"Liaison statement {n}"))
    body = factory.LazyAttribute(lambda o: translations("en", en="We would like to inform you."))
    purpose = Purpose.FOR_INFORMATION
    state = LiaisonState.SENT
    issued_on = factory.LazyFunction(lambda: dt.date(2026, 3, 1))
