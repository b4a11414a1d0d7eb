import datetime as dt

import factory

from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.minutes.choices import MinutesState
from secretariat.minutes.models import ActionItem, Minutes, MinutesRevision


class MinutesFactory(factory.django.DjangoModelFactory):
    """Minutes with one revision holding their text (circulated, as the services leave it,
    unless the minutes are still a draft)."""

    class Meta:
        model = Minutes
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    state = MinutesState.DRAFT
    body = "1. Opening\n\nThe chair opened the meeting."
    revision = 1

    @factory.post_generation
    def first_revision(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            MinutesRevision.objects.create(
                minutes=self,
                number=1,
                body=self.body,
                circulated=self.state != MinutesState.DRAFT,
            )


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    minutes = factory.SubFactory(MinutesFactory)
    text = "Circulate the revised work plan"
    forum = factory.LazyAttribute(lambda a: a.minutes.meeting.forum)
    due_date = dt.date(2030, 10, 1)
