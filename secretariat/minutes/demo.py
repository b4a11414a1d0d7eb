"""Demo minutes: the TELWG meeting's approved minutes with action items, and a draft for
the DESG meeting. The text is illustrative. Idempotent; goes through the services."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from secretariat.meetings.models import Meeting
from secretariat.registry.demo import refuse_in_production
from secretariat.registry.models import Economy, Forum

from . import services
from .choices import MinutesState
from .models import ActionItem, Minutes

TELWG_TEXT = """Minutes of the TELWG meeting during Digital Week (illustrative)

1. Opening
The Convenor opened the meeting and welcomed delegates from member economies, the APEC
Secretariat and guests.

2. Report of the steering groups
The steering groups reported on their work since the previous meeting (document
2025/TELWG/001, restricted). Members welcomed the report.

3. Cooperation with the High-Level Digital·AI Body
Members discussed joint research with DESG and ABAC on AI-ready connectivity and agreed to
prepare a concept note.

4. Next meeting
The next meeting will be held in the first half of 2026 (date illustrative).
"""

DESG_TEXT = """Minutes of the DESG meeting in the SOM3 cluster (draft, illustrative)

1. AIDER implementation update
"""

# (text, forum slug, economy code or "", due date, done)
TELWG_ACTIONS = [
    ("Circulate a concept note on joint research into AI-ready connectivity (illustrative)",
     "telwg", "KR", dt.date(2025, 10, 31), True),
    ("Collect economies' comments on the steering groups' report (illustrative)",
     "telwg", "", dt.date(2025, 9, 30), True),
    ("Report on universal connectivity indicators to the next meeting (illustrative)",
     "telwg", "US", dt.date(2026, 3, 31), False),
]  # fmt: skip


def seed(*, actor: Any = "demo") -> dict[str, int]:
    refuse_in_production()
    staff = get_user_model().objects.filter(username="secretariat").first() or actor
    with transaction.atomic():
        telwg = Meeting.objects.filter(code="TELWG", start_date__year=2025).first()
        if telwg is not None and not Minutes.objects.filter(meeting=telwg).exists():
            _seed_telwg(staff, telwg)
        desg = Meeting.objects.filter(code="SOM3", start_date__year=2025).first()
        if desg is not None and not Minutes.objects.filter(meeting=desg).exists():
            minutes = services.start_minutes(actor=staff, meeting=desg)
            services.save_text(
                actor=staff, minutes=minutes, base_revision=minutes.revision, body=DESG_TEXT
            )
    return {"minutes": Minutes.objects.count(), "action items": ActionItem.objects.count()}


def _seed_telwg(staff: Any, meeting: Meeting) -> None:
    minutes = services.start_minutes(actor=staff, meeting=meeting)
    minutes = services.save_text(
        actor=staff, minutes=minutes, base_revision=minutes.revision, body=TELWG_TEXT
    )
    for text, forum, economy, due, done in TELWG_ACTIONS:
        item = services.add_action_item(
            actor=staff,
            minutes=minutes,
            text=text,
            forum=Forum.objects.get(slug=forum),
            economy=Economy.objects.filter(code=economy).first() if economy else None,
            due_date=due,
        )
        if done:
            services.update_action_item(actor=staff, item=item, version=item.version, status="done")
    for state in (MinutesState.CIRCULATED, MinutesState.APPROVED):
        minutes.refresh_from_db()
        minutes = services.change_state(
            actor=staff, minutes=minutes, version=minutes.version, state=state
        )
