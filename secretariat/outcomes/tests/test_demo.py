"""The demo: the adopted 2025 statement published with Korean partly verified."""

import pytest
from lxml import html

from secretariat.outcomes import demo
from secretariat.outcomes.models import Outcome

pytestmark = pytest.mark.django_db


def test_the_demo_statement_shows_verified_and_unverified_korean():
    from secretariat.negotiation import demo as negotiation_demo
    from secretariat.registry import demo as registry_demo

    registry_demo.seed()
    from secretariat.meetings import demo as meetings_demo

    meetings_demo.seed()
    negotiation_demo.seed()
    demo.seed()
    demo.seed()  # seeding again changes nothing
    outcome = Outcome.objects.get()
    assert outcome.is_announced and outcome.meeting is not None
    from django.test import Client

    response = Client().get(f"/ko/outcomes/{outcome.slug}/")
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    states = [
        p.get("data-state") for p in doc.xpath("//section[contains(@class, 'outcome-text')]/p")
    ]
    assert states[:3] == ["verified"] * 3 and "draft" in states and "missing" in states
