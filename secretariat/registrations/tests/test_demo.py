import pytest

from secretariat.meetings import demo as meetings_demo
from secretariat.minutes import demo as minutes_demo
from secretariat.minutes.models import Minutes
from secretariat.registrations import demo
from secretariat.registrations.models import Registration
from secretariat.registry import demo as registry_demo


@pytest.mark.django_db
def test_the_demo_registers_the_ministerial_and_writes_minutes_idempotently(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    registry_demo.seed()
    meetings_demo.seed()
    first = demo.seed() | minutes_demo.seed()
    again = demo.seed() | minutes_demo.seed()
    assert first == again
    assert first["registrations"] == 9
    states = dict(Registration.objects.values_list("person__family_name", "state"))
    assert states["ORTIZ"] == "pending" and states["BAE"] == "approved"
    # kr-delegate is left for the demo's head of delegation to accredit.
    assert not Registration.objects.filter(person__user__username="kr-delegate").exists()
    telwg = Minutes.objects.get(meeting__code="TELWG")
    assert telwg.state == "approved" and telwg.action_items.count() == 3
    assert Minutes.objects.get(meeting__code="SOM3").state == "draft"
