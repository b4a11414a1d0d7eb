"""Ad referendum follow-up: reminders to the economy's head of delegation before and on the
confirmation date (once each), overdue positions flagged on the map and the text page, and
the chair's list of what is outstanding before adoption."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus

from secretariat.negotiation import selectors_closing, services, services_adref, tasks
from secretariat.negotiation.models import Text
from secretariat.notifications.models import Notification, NotificationPreference
from secretariat.testing.world import ROLES, client_for

from .factories import make_text, paragraph

pytestmark = pytest.mark.django_db

CONFIRM_BY = dt.date(2030, 7, 10)


def _ad_ref(world, text, *, eid="para_1", confirm_by=CONFIRM_BY, role="head_a", based_on=None):  # type: ignore[no-untyped-def]
    delegation = world.delegation_a if role == "head_a" else world.delegation_b
    return services.state_position(
        actor=world.users[role],
        text=text,
        delegation=delegation,
        eid=eid,
        stance="support",
        based_on=based_on,
        ad_referendum=True,
        confirm_by=confirm_by,
        reason="Awaiting the capital.",
    )


def _run(capture, today, days_before=3):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return services_adref.send_adref_reminders(today=today, days_before=days_before)


def _recipients() -> set[str]:
    return {message.to[0].split("@")[0] for message in mail.outbox}


def test_only_the_head_of_that_economy_is_reminded_before_and_on_the_date_once_each(
    world, django_capture_on_commit_callbacks
):
    text = make_text(world)
    _ad_ref(world, text)
    capture = django_capture_on_commit_callbacks

    assert _run(capture, CONFIRM_BY - dt.timedelta(days=4)) == 0  # not yet
    assert _run(capture, CONFIRM_BY - dt.timedelta(days=3)) == 1
    assert _run(capture, CONFIRM_BY - dt.timedelta(days=1)) == 0  # "before" went out already
    assert _run(capture, CONFIRM_BY) == 1
    assert _run(capture, CONFIRM_BY) == 0
    assert _run(capture, CONFIRM_BY + dt.timedelta(days=5)) == 0

    assert _recipients() == {"head-a"}
    everyone_else = [world.users[role] for role in ROLES if role not in ("anonymous", "head_a")]
    assert not Notification.objects.filter(recipient__in=everyone_else).exists()
    before, due = mail.outbox
    assert "confirm your ad referendum support by 2030-07-10" in before.subject
    assert "confirmed today (2030-07-10)" in due.subject
    assert "/en/negotiation/statement/#para_1" in due.body
    assert set(Notification.objects.values_list("topic", flat=True)) == {"ad_referendum"}


def test_a_date_missed_by_the_job_is_reminded_once_as_past(
    world, django_capture_on_commit_callbacks
):
    text = make_text(world)
    _ad_ref(world, text)
    assert _run(django_capture_on_commit_callbacks, CONFIRM_BY + dt.timedelta(days=2)) == 1
    assert "was to be confirmed by 2030-07-10" in mail.outbox[0].subject


def test_confirmed_stale_or_adopted_positions_are_not_reminded(
    world, django_capture_on_commit_callbacks
):
    text = make_text(world)
    confirmed = _ad_ref(world, text, eid="para_1")
    services.state_position(  # confirmed: support without ad referendum
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        eid="para_1",
        stance="support",
        based_on=confirmed.pk,
    )
    _ad_ref(world, text, eid="para_2")
    services.publish_version(  # para_2 reworded: the ad referendum answered the old wording
        actor=world.users["chair"],
        text=text,
        kind="rolling_text",
        based_on=1,
        paragraphs=[
            paragraph("We, the Ministers, met in Incheon.", eid="para_1", num="1"),
            paragraph("We recognise the promise of AI.", eid="para_2", num="2"),
        ],
    )
    assert _run(django_capture_on_commit_callbacks, CONFIRM_BY) == 0

    other = make_text(world, slug="other", paragraphs=[paragraph("Agreed.", num="1")])
    _ad_ref(world, other)
    _ad_ref(world, other, role="head_b")  # every paragraph agreed (ad ref): not adoptable
    Text.objects.filter(pk=other.pk).update(status="adopted")
    assert _run(django_capture_on_commit_callbacks, CONFIRM_BY) == 0


def test_each_head_gets_their_own_economy_s_reminder_and_a_muted_topic_is_respected(
    world, django_capture_on_commit_callbacks
):
    text = make_text(world)
    _ad_ref(world, text, role="head_a")
    _ad_ref(world, text, role="head_b", eid="para_2")
    NotificationPreference.objects.create(
        user=world.users["head_b"], muted_topics=["ad_referendum"]
    )
    assert _run(django_capture_on_commit_callbacks, CONFIRM_BY) == 1
    assert _recipients() == {"head-a"}
    assert "paragraph 1" in mail.outbox[0].subject


def test_reminder_task_and_command_use_today(world, django_capture_on_commit_callbacks, capsys):
    text = make_text(world)
    _ad_ref(world, text, confirm_by=selectors_closing.confirmation_day())
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.send_adref_reminders.enqueue()
        second = tasks.send_adref_reminders.enqueue()
    assert first.status == second.status == TaskResultStatus.SUCCESSFUL
    assert (first.return_value, second.return_value) == ({"sent": 1}, {"sent": 0})
    with django_capture_on_commit_callbacks(execute=True):
        call_command("adref_reminders", "--now")
    assert "Ad referendum reminders sent: 0." in capsys.readouterr().out
    call_command("adref_reminders")
    assert "Ad referendum reminders queued" in capsys.readouterr().out


def test_an_overdue_ad_ref_is_flagged_on_the_map_from_the_day_after_its_date(world, monkeypatch):
    text = make_text(world)
    today = selectors_closing.confirmation_day()
    _ad_ref(world, text, confirm_by=today)
    member = client_for("delegate_b", world)

    on_the_day = member.get("/en/negotiation/statement/map/").content.decode()
    assert "ad ref</span>" in on_the_day and "overdue" not in on_the_day.split("<h2")[0]
    assert "confirm by " + today.isoformat() in on_the_day
    # The map is cached per state of the text; the next day is another rendering.
    monkeypatch.setattr(selectors_closing, "confirmation_day", lambda: today + dt.timedelta(1))
    next_day = member.get("/en/negotiation/statement/map/").content.decode()
    table = next_day.split('<div id="map">')[1].split("</table>")[0]
    assert 'class="tag overdue"' in table and "confirmation overdue" in table
    row = member.get("/en/negotiation/statement/map/rows/para_1/").content.decode()
    assert 'class="tag overdue"' in row
    page = member.get("/en/negotiation/statement/").content.decode()
    assert "badge overdue" in page and f"confirm by {today.isoformat()}" in page


def test_the_chair_sees_what_is_outstanding_before_adoption(world):
    text = make_text(world)
    today = selectors_closing.confirmation_day()
    _ad_ref(world, text, confirm_by=today - dt.timedelta(days=1))
    services.state_position(
        actor=world.users["head_b"],
        text=text,
        delegation=world.delegation_b,
        eid="para_2",
        stance="object",
        based_on=None,
    )
    page = client_for("chair", world).get("/en/negotiation/statement/outstanding/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "3 paragraphs are not agreed outright" in html
    assert "1 ad referendum position awaits confirmation (1 overdue)" in html
    awaiting = html.split('id="awaiting-heading"')[1].split("<h2")[0]
    assert "KR" in awaiting and (today - dt.timedelta(days=1)).isoformat() in awaiting
    rows = html.split('id="open-heading"')[1]
    # para_1: KR ad ref, US without a position; para_2: US objects; para_3: bracket held by US.
    assert rows.count("<tr>") == 4  # the header and three paragraphs
    assert "<td>US</td>" in rows  # objecting on para_2, holder on para_3
    text_page = client_for("chair", world).get("/en/negotiation/statement/").content.decode()
    assert "/en/negotiation/statement/outstanding/" in text_page


def test_nothing_is_outstanding_once_every_paragraph_is_agreed(world):
    text = make_text(world, slug="agreed", paragraphs=[paragraph("We agree.", num="1")])
    for role, delegation in (("head_a", world.delegation_a), ("head_b", world.delegation_b)):
        services.state_position(
            actor=world.users[role],
            text=text,
            delegation=delegation,
            eid="para_1",
            stance="support",
            based_on=None,
        )
    html = client_for("secretariat", world).get("/en/negotiation/agreed/outstanding/")
    assert "Nothing is outstanding: the text can be adopted." in html.content.decode()


def test_who_owes_a_confirmation_is_shown_to_the_forum_not_to_the_public(world):
    text = make_text(world, slug="public", classification="published")
    _ad_ref(world, text)
    member = client_for("delegate_b", world).get("/en/negotiation/public/").content.decode()
    assert "Ad referendum, to be confirmed:" in member
    for outsider in ("anonymous", "reader", "head_c"):
        page = client_for(outsider, world).get("/en/negotiation/public/").content.decode()
        assert "Ad referendum, to be confirmed:" not in page, outsider
