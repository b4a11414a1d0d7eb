import pytest

from secretariat.core import audit
from secretariat.core.models import AuditEntry
from secretariat.meetings import demo
from secretariat.meetings.models import Document, Meeting, MeetingSeries
from secretariat.registry import demo as registry_demo
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import MeetingFactory


@pytest.mark.django_db
def test_stale_meeting_version_gets_409_with_the_current_state_and_loses_nothing(world):
    meeting = MeetingFactory(forum=world.body)
    client = client_for("secretariat", world)
    path = f"/meetings/meetings/{meeting.pk}"
    first = call(client, "PATCH", path, {"version": 1, "venue": "COEX"})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = call(client, "PATCH", path, {"version": 1, "venue": "Songdo"})
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    assert stale.json()["current"]["venue"] == "COEX"
    assert Meeting.objects.get(pk=meeting.pk).venue == "COEX"


@pytest.mark.django_db
def test_invalid_timezone_gets_422_and_writes_nothing(world):
    client = client_for("secretariat", world)
    response = call(
        client,
        "POST",
        "/meetings/meetings",
        {
            "forum": "daib",
            "code": "DAIBX",
            "title": {"en": {"text": "X", "status": "original"}},
            "kind": "forum",
            "timezone": "Mars/Olympus_Mons",
            "start_date": "2030-01-01",
            "end_date": "2030-01-01",
        },
    )
    assert response.status_code == 422 and "timezone" in response.json()["errors"]
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_meeting_detail_lists_sessions_and_agenda(world):
    client = client_for("secretariat", world)
    meeting = MeetingFactory(forum=world.body)
    path = f"/meetings/meetings/{meeting.pk}"
    session = call(
        client,
        "POST",
        f"{path}/sessions",
        {
            "title": {"en": {"text": "Theme 1", "status": "original"}},
            "starts_at": "2030-08-04T09:30:00+09:00",
            "ends_at": "2030-08-04T11:00:00+09:00",
        },
    ).json()
    item = call(
        client,
        "POST",
        f"{path}/agenda",
        {
            "number": "2",
            "title": {"en": {"text": "Theme", "status": "original"}},
            "session": session["id"],
        },
    )
    assert item.status_code == 201
    detail = call(client, "GET", path).json()
    assert detail["sessions"][0]["starts_at"].startswith("2030-08-04T00:30:00")
    assert detail["agenda_items"][0]["session"] == session["id"]
    assert detail["version"] == 2  # a new session changes the meeting (calendar SEQUENCE)


@pytest.mark.django_db
def test_late_submission_after_the_cut_off_is_flagged(world):
    meeting = MeetingFactory(forum=world.body, document_cutoff="2000-01-01")
    response = call(
        client_for("delegate_a", world),
        "POST",
        f"/meetings/meetings/{meeting.pk}/documents",
        {
            "title": {"en": {"text": "Late paper", "status": "original"}},
            "purpose": "consideration",
            "link": "https://example.org/late",
        },
    )
    assert response.status_code == 201 and response.json()["is_late"] is True


@pytest.mark.django_db
def test_non_member_cannot_submit_and_other_economy_cannot_revise(world):
    meeting = MeetingFactory(forum=world.body)
    body = {
        "title": {"en": {"text": "Paper", "status": "original"}},
        "purpose": "information",
        "link": "https://example.org/p",
        "submitted_by_economy": "KR",
        "classification": "restricted",
    }
    path = f"/meetings/meetings/{meeting.pk}/documents"
    assert call(client_for("reader", world), "POST", path, body).status_code == 403
    created = call(client_for("delegate_a", world), "POST", path, body).json()
    revise = f"/meetings/documents/{created['id']}/revisions"
    link = {"link": "https://example.org/p2"}
    assert call(client_for("delegate_b", world), "POST", revise, link).status_code == 403
    revised = call(client_for("head_a", world), "POST", revise, link)
    assert revised.status_code == 201 and revised.json()["number"].endswith("001rev1")


@pytest.mark.django_db
def test_demo_seeds_the_story_idempotently_and_keeps_the_audit_chain(media_root):
    registry_demo.seed()
    counts = demo.seed()
    assert counts == demo.seed()  # idempotent
    assert audit.verify_chain().ok
    daimm = Meeting.objects.get(code="DAIMM")
    assert (daimm.venue, daimm.timezone, str(daimm.chair)) == (
        "Songdo Convensia",
        "Asia/Seoul",
        "BAE Kyunghoon",
    )
    assert daimm.sessions.count() == 3
    assert Meeting.objects.get(code="GDAIF").venue == "Sheraton Grand Incheon"
    numbers = set(Document.objects.values_list("number", flat=True))
    assert {"2025/DAIMM/001", "2025/DAIMM/002", "2025/SOM3/DESG/001rev1"} <= numbers
    series = MeetingSeries.objects.get(slug="daib-regular")
    hosts = [m.host_economy.code for m in series.meetings.order_by("sequence")]
    assert hosts == ["KR", "CN"]
    assert Document.objects.filter(
        classification="restricted", derestrict_on__isnull=False
    ).exists()
    assert AuditEntry.objects.filter(action="meetings.document.submitted").exists()


@pytest.mark.django_db
def test_delegate_cannot_submit_on_behalf_of_another_economy_or_forum(world):
    meeting = MeetingFactory(forum=world.body)
    path = f"/meetings/meetings/{meeting.pk}/documents"
    body = {
        "title": {"en": {"text": "Planted", "status": "original"}},
        "purpose": "information",
        "link": "https://example.org/p",
        "classification": "economy_only",
        "submitted_by_economy": "KR",
    }
    assert call(client_for("delegate_b", world), "POST", path, body).status_code == 403
    as_telwg = {**body, "classification": "public", "submitted_by_economy": None}
    as_telwg["submitted_by_forum"] = "telwg"
    assert call(client_for("delegate_b", world), "POST", path, as_telwg).status_code == 403
    assert not Document.objects.exists()
    assert call(client_for("secretariat", world), "POST", path, as_telwg).status_code == 201
