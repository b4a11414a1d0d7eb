import datetime as dt

import factory

from secretariat.core.i18n import translations
from secretariat.meetings.choices import Classification, DocumentPurpose, MeetingKind
from secretariat.meetings.models import AgendaItem, Document, Meeting, MeetingSeries, Session
from secretariat.registry.tests.factories import ForumFactory

# Minimal files of each kind, built in memory: what the content checks must accept.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ooxml_bytes(main_part: str = "word/document.xml") -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<document/>")
    return buffer.getvalue()


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSeries
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"series-{n}")
    forum = factory.SubFactory(ForumFactory)
    code_prefix = "HLB"
    name = factory.LazyAttribute(lambda s: translations("en", en=f"Series {s.slug}"))
    kind = MeetingKind.HIGH_LEVEL_BODY
    cadence_months = 6
    first_date = dt.date(2030, 3, 10)
    host_rotation = factory.LazyFunction(
        lambda: [
            {"economy": "KR", "timezone": "Asia/Seoul", "city": "Seoul"},
            {"economy": "US", "timezone": "America/New_York", "city": "New York"},
        ]
    )
    agenda_template = factory.LazyFunction(lambda: ["Opening", "Reports", "Next steps"])


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    forum = factory.SubFactory(ForumFactory)
    code = factory.Sequence(lambda n: f"MTG{n}")
    title = factory.LazyAttribute(lambda m: translations("en", en=f"Meeting {m.code}"))
    kind = MeetingKind.WORKING_GROUP
    timezone = "Asia/Seoul"
    venue = "Songdo Convensia"
    city = "Incheon"
    start_date = dt.date(2030, 8, 4)
    end_date = factory.LazyAttribute(lambda m: m.start_date)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: translations("en", en=f"Session {n}"))
    starts_at = dt.datetime(2030, 8, 4, 0, 30, tzinfo=dt.UTC)  # 09:30 in Seoul
    ends_at = dt.datetime(2030, 8, 4, 2, 0, tzinfo=dt.UTC)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: translations("en", en=f"Item {n}"))


class DocumentFactory(factory.django.DjangoModelFactory):
    """A link document, numbered directly (the services number real submissions)."""

    class Meta:
        model = Document

    meeting = factory.SubFactory(MeetingFactory)
    owning_forum = factory.LazyAttribute(lambda d: d.meeting.forum)
    number = factory.Sequence(lambda n: f"2030/TEST/{n + 1:03d}")
    base_number = factory.LazyAttribute(lambda d: d.number)
    title = factory.Sequence(lambda n: translations("en", en=f"Document {n}"))
    purpose = DocumentPurpose.INFORMATION
    classification = Classification.PUBLIC
    link = "https://example.org/document"
    submitted_at = factory.LazyFunction(lambda: dt.datetime(2030, 7, 1, tzinfo=dt.UTC))
