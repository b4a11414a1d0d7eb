"""The demo's negotiations are dated as they happened: the 2025 statement between February
and its adoption on 4 August 2025 in Incheon's zone, the 2027 text in the weeks before the
demo is seeded. Seeding twice changes nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from secretariat.core.models import AuditEntry
from secretariat.negotiation import demo, demo_ongoing, selectors
from secretariat.negotiation.models import Amendment, Position, Reservation, Text, Version
from secretariat.registry.demo import seed_all

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def _moments(text: Text) -> list[dt.datetime]:
    """Every time the negotiating record of ``text`` shows."""
    positions = Position.objects.filter(provision__text=text)
    amendments = Amendment.objects.filter(text=text)
    return [
        text.created_at,
        text.updated_at,
        *Version.objects.filter(text=text).values_list("created_at", flat=True),
        *positions.values_list("created_at", flat=True),
        *positions.exclude(superseded_at=None).values_list("superseded_at", flat=True),
        *amendments.values_list("created_at", flat=True),
        *amendments.values_list("updated_at", flat=True),
        *amendments.exclude(submitted_at=None).values_list("submitted_at", flat=True),
        *Reservation.objects.filter(text=text).values_list("created_at", flat=True),
    ]


def _snapshot() -> dict[str, object]:
    return {
        "audit entries": AuditEntry.objects.count(),
        "texts": sorted(Text.objects.values_list("slug", "version", "created_at", "updated_at")),
        "versions": sorted(Version.objects.values_list("pk", "created_at")),
        "positions": sorted(
            Position.objects.values_list("pk", "created_at", "superseded_at", "confirm_by")
        ),
        "amendments": sorted(Amendment.objects.values_list("pk", "created_at", "submitted_at")),
        "reservations": sorted(Reservation.objects.values_list("pk", "created_at")),
    }


def test_the_2025_statement_is_dated_from_february_to_its_adoption_in_incheon_s_zone(seeded_demo):
    text = Text.objects.get(slug=demo.SLUG)
    days = [moment.astimezone(SEOUL).date() for moment in _moments(text)]
    assert len(days) > 200  # 21 economies × 10 paragraphs, and the rest
    assert min(days) >= dt.date(2025, 2, 1) and max(days) <= dt.date(2025, 8, 4)
    assert text.adopted_at is not None
    assert text.adopted_at.astimezone(SEOUL).date() == dt.date(2025, 8, 4)

    versions = list(Version.objects.filter(text=text).order_by("number"))
    created = [version.created_at for version in versions]
    assert created == sorted(created) and created[0].astimezone(SEOUL).month == 2
    # Positions answer the clean text, after it came out and before the adoption.
    positions = Position.objects.filter(provision__text=text)
    assert all(created[-1] < p.created_at <= text.adopted_at for p in positions)
    ad_ref = positions.get(ad_referendum=True)
    assert ad_ref.confirm_by == dt.date(2025, 8, 4)
    assert ad_ref.created_at < ad_ref.superseded_at <= text.adopted_at


def test_the_2027_text_is_dated_in_the_weeks_before_seeding_with_an_overdue_ad_ref(seeded_demo):
    text = Text.objects.get(slug=demo_ongoing.SLUG)
    today = timezone.now().astimezone(SEOUL).date()
    days = [moment.astimezone(SEOUL).date() for moment in _moments(text)]
    assert min(days) == today - dt.timedelta(days=21) and max(days) < today
    row = next(
        row
        for row in selectors.consensus_map(text).rows
        if row.paragraph.provision.eid == "recital_1"
    )
    japan = next(position for d, position in row.cells if d.economy.code == "JP")
    assert japan is not None and japan.overdue_on(today)


def test_seeding_the_demo_again_changes_nothing(seeded_demo):
    before = _snapshot()
    seed_all()
    assert _snapshot() == before
