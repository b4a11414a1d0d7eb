import pytest
from django.utils import timezone

from secretariat.news import demo
from secretariat.news.models import NewsItem
from secretariat.news.selectors import public_news


@pytest.mark.django_db
def test_the_demo_has_public_news_and_one_release_still_under_embargo(seeded_demo):
    assert NewsItem.objects.count() == 4
    assert demo.seed() == {"news items": 4}  # idempotent
    public = list(public_news(timezone.now()))
    assert len(public) == 3
    embargoed = NewsItem.objects.exclude(pk__in=[item.pk for item in public]).get()
    assert (
        embargoed.is_embargoed_at(timezone.now())
        and "(Illustrative)" in embargoed.title["en"]["text"]
    )
    adopted = next(item for item in public if item.outcome_id)
    assert adopted.images.get().alt["en"]["text"].startswith("Illustrative")
