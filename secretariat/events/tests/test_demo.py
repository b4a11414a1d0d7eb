import pytest

from secretariat.core import audit
from secretariat.events import demo
from secretariat.events.models import CoHost, Exhibitor, Speaker
from secretariat.meetings import demo as meetings_demo
from secretariat.meetings.models import Meeting
from secretariat.registry import demo as registry_demo


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_demo_reuses_the_forum_and_seeds_20_plus_exhibitors_idempotently():
    registry_demo.seed()
    meetings_demo.seed()
    counts = demo.seed()
    assert counts == demo.seed()  # idempotent
    assert audit.verify_chain().ok
    assert Meeting.objects.filter(code="GDAIF").count() == 1
    forum = Meeting.objects.get(code="GDAIF")
    assert set(
        CoHost.objects.filter(meeting=forum).values_list("organisation__slug", flat=True)
    ) == {
        "msit",
        "world-bank",
    }
    opening = Speaker.objects.filter(meeting=forum).order_by("order").first()
    assert str(opening.person) == "KIM Sangbu"
    exhibitors = Exhibitor.objects.filter(meeting__code="DAIEX")
    assert exhibitors.count() >= 20
    assert all("(illustrative)" in ex.organisation.name["en"]["text"] for ex in exhibitors)
