import datetime as dt
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from secretariat.core.i18n import translations
from secretariat.news.choices import NewsKind, NewsState
from secretariat.news.models import NewsImage, NewsItem


def png_bytes(width: int = 4, height: int = 3, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


class NewsItemFactory(factory.django.DjangoModelFactory):
    """A published news item, public since an hour ago."""

    class Meta:
        model = NewsItem

    kind = NewsKind.NEWS
    title = factory.Sequence(lambda n: translations("en", en=f"News item {n}", ko=f"뉴스 {n}"))
    summary = factory.LazyAttribute(lambda o: translations("en", en="A short summary."))
    body = factory.LazyAttribute(lambda o: translations("en", en="First paragraph.\n\nSecond."))
    state = NewsState.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))


class NewsImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsImage

    item = factory.SubFactory(NewsItemFactory)
    file = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="image.png"))
    image_format = "png"
    width = 4
    height = 3
    size = 100
    sha256 = "0" * 64
    alt = factory.LazyAttribute(lambda o: translations("en", en="A red square", ko="빨간 사각형"))


def outcome_text(world, slug: str, *, status: str = "adopted", title: str = "Adopted statement"):  # type: ignore[no-untyped-def]
    """A negotiated text in ``status``, published (no versions: news only links it)."""
    from secretariat.negotiation.choices import TextClassification, TextKind
    from secretariat.negotiation.models import Text

    return Text.objects.create(
        forum=world.body,
        slug=slug,
        kind=TextKind.MINISTERIAL_STATEMENT,
        title=translations("en", en=title),
        classification=TextClassification.PUBLISHED,
        status=status,
        adopted_at=timezone.now() if status == "adopted" else None,
    )
