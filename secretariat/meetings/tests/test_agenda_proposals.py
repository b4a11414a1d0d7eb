"""Items other apps propose for a forum's next meeting, and the chair's decision on each."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from secretariat.core.errors import Conflict
from secretariat.core.i18n import resolve
from secretariat.core.models import AuditEntry
from secretariat.meetings import agenda_proposals
from secretariat.meetings.choices import MeetingStatus
from secretariat.meetings.models import AgendaItem, AgendaProposal
from secretariat.testing.checks import i18n
from secretariat.testing.world import client_for

from .factories import AgendaItemFactory, MeetingFactory

TODAY = dt.date(2030, 1, 15)


def _propose(world, key="project:7:milestone:3", **overrides):  # type: ignore[no-untyped-def]
    arguments = {
        "actor": "projects",
        "forum": world.body,
        "title": {"en": "Testbed milestone overdue", "ko": "테스트베드 마일스톤 지연"},
        "reason": {"en": "Due 1 December, not done."},
        "source_key": key,
        "source_url": "/en/projects/7/",
        "today": TODAY,
    }
    return agenda_proposals.propose(**arguments | overrides)


@pytest.fixture
def meetings(world):  # type: ignore[no-untyped-def]
    return {
        "past": MeetingFactory(forum=world.body, start_date=dt.date(2030, 1, 10)),
        "cancelled": MeetingFactory(
            forum=world.body, start_date=dt.date(2030, 2, 1), status=MeetingStatus.CANCELLED
        ),
        "next": MeetingFactory(forum=world.body, start_date=dt.date(2030, 3, 1)),
        "later": MeetingFactory(forum=world.body, start_date=dt.date(2030, 6, 1)),
    }


def test_a_proposal_goes_to_the_forum_s_next_meeting_that_is_not_cancelled(world, meetings):
    proposal = _propose(world)
    assert proposal.meeting == meetings["next"]
    assert resolve(proposal.title, "ko").text == "테스트베드 마일스톤 지연"
    entry = AuditEntry.objects.get(action="meetings.agenda_proposal.proposed")
    # What raised it may be restricted to the forum (a concept note): no wording in the log.
    assert "Testbed" not in str(entry.changes) and "hmac_sha256" in str(entry.changes)


def test_proposing_the_same_source_again_returns_the_first_proposal(world, meetings):
    first = _propose(world)
    agenda_proposals.dismiss(actor=world.users["chair"], proposal=first)
    again = _propose(world, title={"en": "Reworded"})
    assert again.pk == first.pk and again.state == AgendaProposal.State.DISMISSED
    assert AgendaProposal.objects.count() == 1


def test_no_proposal_without_an_upcoming_meeting(world):
    MeetingFactory(forum=world.body, start_date=dt.date(2030, 1, 10))
    assert _propose(world) is None
    assert not AgendaProposal.objects.exists()


def test_the_forum_s_chair_is_told(world, meetings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _propose(world)
    assert [message.to for message in mail.outbox] == [[world.users["chair"].email]]


def test_accepting_adds_an_agenda_item_under_the_next_free_number(world, meetings):
    AgendaItemFactory(meeting=meetings["next"], number="1")
    AgendaItemFactory(meeting=meetings["next"], number="4")
    AgendaItemFactory(meeting=meetings["next"], number="4.1")
    proposal = agenda_proposals.accept(actor=world.users["chair"], proposal=_propose(world))
    item = AgendaItem.objects.get(meeting=meetings["next"], number="5")
    assert proposal.state == "accepted" and proposal.agenda_item == item
    assert resolve(item.title, "en").text == "Testbed milestone overdue"
    assert proposal.decided_by == world.users["chair"]


def test_a_decided_proposal_cannot_be_decided_again(world, meetings):
    proposal = _propose(world)
    agenda_proposals.dismiss(actor=world.users["chair"], proposal=proposal)
    audit_count = AuditEntry.objects.count()
    with pytest.raises(Conflict, match="already dismissed"):
        agenda_proposals.accept(actor=world.users["secretariat"], proposal=proposal)
    assert not AgendaItem.objects.filter(meeting=meetings["next"]).exists()
    assert AuditEntry.objects.count() == audit_count


def test_the_page_lets_the_chair_decide_and_says_when_it_was_decided_meanwhile(world, meetings):
    proposal = _propose(world)
    url = reverse("meetings:agenda_proposals", args=[meetings["next"].pk])
    delegate_page = client_for("delegate_a", world).get(url).content.decode()
    assert "Testbed milestone overdue" in delegate_page and "Add to the agenda" not in delegate_page
    chair = client_for("chair", world)
    assert "Add to the agenda" in chair.get(url).content.decode()
    chair.post(reverse("meetings:accept_proposal", args=[proposal.pk]))
    response = chair.post(reverse("meetings:dismiss_proposal", args=[proposal.pk]), follow=True)
    assert "This item was already accepted." in response.content.decode()
    assert AgendaProposal.objects.get(pk=proposal.pk).state == "accepted"


def test_a_joint_agenda_item_is_on_both_fora_s_pages(world, meetings):
    item = AgendaItemFactory(meeting=meetings["next"], number="7")
    item.co_owners.set([world.other_forum])
    long_past = MeetingFactory(forum=world.body, start_date=dt.date(2020, 5, 1))
    AgendaItemFactory(meeting=long_past, number="7").co_owners.set([world.other_forum])
    for forum in (world.body, world.other_forum):
        html = client_for("reader", world).get(reverse("registry:forum", args=[forum.slug]))
        text = html.content.decode()
        assert "Upcoming joint agenda items" in text
        assert f"{meetings['next']}</a>, item 7" in text
        assert f"{long_past}</a>" not in text


def test_an_agenda_item_made_over_the_api_names_its_co_owning_fora(world, meetings):
    client = client_for("secretariat", world)
    url = f"/api/meetings/meetings/{meetings['next'].pk}/agenda"
    body = {"number": "8", "title": i18n("Joint study"), "co_owners": ["telwg"]}
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["co_owners"] == ["telwg"]
    unknown = client.post(
        url, body | {"number": "9", "co_owners": ["nowhere"]}, content_type="application/json"
    )
    assert unknown.status_code == 422 and "nowhere" in unknown.json()["detail"]
    own = client.post(
        url, body | {"number": "9", "co_owners": [world.body.slug]}, content_type="application/json"
    )
    assert own.status_code == 422
    assert not AgendaItem.objects.filter(meeting=meetings["next"], number="9").exists()
