"""notify(): who gets an e-mail, what is recorded, and that nothing is sent twice."""

import pytest
from django.core import mail
from django.db import transaction

from secretariat.core.errors import ValidationFailed
from secretariat.core.models import AuditEntry
from secretariat.notifications import services
from secretariat.notifications.choices import Topic
from secretariat.notifications.models import Notification, NotificationPreference
from secretariat.registry.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(capture, **kwargs):  # type: ignore[no-untyped-def]
    fields = {"topic": Topic.MINUTES_CIRCULATED, "subject": "Minutes", "body": "Read them."}
    with capture(execute=True):
        return services.notify(**(fields | kwargs))


def test_notify_sends_one_email_per_recipient_and_records_it(django_capture_on_commit_callbacks):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")

    sent = _notify(
        django_capture_on_commit_callbacks, recipients=[alice, bob, alice], link="/en/minutes/1/"
    )

    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.test", "bob@example.test"]
    assert "http://127.0.0.1:8000/en/minutes/1/" in mail.outbox[0].body
    rows = Notification.objects.order_by("recipient__username")
    assert [(n.recipient, n.topic, n.subject) for n in rows] == [
        (alice, "minutes_circulated", "Minutes"),
        (bob, "minutes_circulated", "Minutes"),
    ]
    assert all(n.sent_at is not None for n in rows)
    assert AuditEntry.objects.filter(action="notifications.sent").count() == 1


def test_muted_topic_and_missing_address_get_no_email(django_capture_on_commit_callbacks):
    muted = UserFactory(username="muted")
    NotificationPreference.objects.create(user=muted, muted_topics=["minutes_circulated"])
    no_address = UserFactory(username="silent", email="")
    inactive = UserFactory(username="gone", is_active=False)
    wants = UserFactory(username="wants")

    sent = _notify(
        django_capture_on_commit_callbacks, recipients=[muted, no_address, inactive, wants]
    )

    assert sent == 1
    assert [m.to for m in mail.outbox] == [["wants@example.test"]]


def test_muting_one_topic_leaves_the_others_on(django_capture_on_commit_callbacks):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, muted_topics=["minutes_circulated"])

    assert _notify(django_capture_on_commit_callbacks, recipients=[user]) == 0
    sent = _notify(
        django_capture_on_commit_callbacks,
        recipients=[user],
        topic=Topic.REGISTRATION_DECISION,
    )
    assert sent == 1


def test_same_dedupe_key_is_never_sent_twice(django_capture_on_commit_callbacks):
    first, second = UserFactory(), UserFactory()

    assert _notify(django_capture_on_commit_callbacks, recipients=[first], dedupe_key="k1") == 1
    again = _notify(django_capture_on_commit_callbacks, recipients=[first, second], dedupe_key="k1")

    assert again == 1  # only the person who had not had it yet
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(dedupe_key="k1").count() == 2


def test_unknown_topic_is_refused_and_records_nothing():
    with pytest.raises(ValidationFailed):
        services.notify(recipients=[UserFactory()], topic="gossip", subject="s", body="b")
    assert not Notification.objects.exists()


def test_rolled_back_change_sends_no_email(django_capture_on_commit_callbacks):
    user = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notify(recipients=[user], topic=Topic.MINUTES_CIRCULATED, subject="s", body="b")
        raise RuntimeError("the caller's change failed")
    assert mail.outbox == []
    assert not Notification.objects.exists()
