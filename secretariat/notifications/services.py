"""Sending e-mail notifications and keeping each person's choice of topics.

Other apps call :func:`notify`; it records one ``Notification`` per recipient and hands the
e-mails to a background task after the caller's transaction commits, so a rolled-back change
never sends mail and a slow mail server never holds up a request.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from secretariat.core import audit, versioning
from secretariat.core.errors import ValidationFailed
from secretariat.core.i18n import resolve
from secretariat.meetings.choices import MeetingStatus
from secretariat.meetings.models import Meeting

from .choices import Topic
from .models import Notification, NotificationPreference

User = get_user_model()
logger = logging.getLogger(__name__)


def notify(
    *,
    recipients: Iterable[Any],
    topic: str,
    subject: str,
    body: str,
    link: str = "",
    dedupe_key: str = "",
) -> int:
    """E-mail ``recipients`` who have an address and have not turned ``topic`` off; return how
    many e-mails are sent. With ``dedupe_key``, a person who already got that key gets nothing.

    Delivery runs after the surrounding transaction commits (in tests, wrap the call in
    ``django_capture_on_commit_callbacks(execute=True)`` to see the mail in the outbox).
    """
    if topic not in Topic.values:
        raise ValidationFailed(f"Unknown notification topic: {topic}.", errors={"topic": [topic]})
    people = _wanting(recipients, topic)
    created: list[Notification] = []
    with transaction.atomic():
        for person in people:
            notification = _record_once(
                recipient=person,
                topic=topic,
                subject=subject[:300],
                body=body,
                link=link[:500],
                dedupe_key=dedupe_key[:200],
            )
            if notification is not None:
                created.append(notification)
        if created:
            audit.record(
                actor="system",
                action="notifications.sent",
                object_type="notifications.notification",
                object_id=",".join(str(n.pk) for n in created)[:100],
                object_repr=f"{topic} × {len(created)}",
                changes={
                    "topic": topic,
                    "recipients": [n.recipient_id for n in created],
                    "dedupe_key": dedupe_key,
                },
            )
            ids = [n.pk for n in created]
            transaction.on_commit(lambda: _enqueue_delivery(ids))
    return len(created)


def _wanting(recipients: Iterable[Any], topic: str) -> list[Any]:
    by_id = {user.pk: user for user in recipients if user is not None and user.pk}
    # Filtered in Python: SQLite has no JSON containment lookup, and recipient lists are short.
    muted = {
        preference.user_id
        for preference in NotificationPreference.objects.filter(user_id__in=by_id)
        if not preference.receives(topic)
    }
    return [
        user
        for user_id, user in sorted(by_id.items())
        if user.is_active and user.email and user_id not in muted
    ]


def _record_once(*, dedupe_key: str, **fields: Any) -> Notification | None:
    if not dedupe_key:
        return Notification.objects.create(dedupe_key="", **fields)
    try:
        # A savepoint per row: a duplicate key (sent before, or by a concurrent run) skips
        # this person without undoing the others.
        with transaction.atomic():
            return Notification.objects.create(dedupe_key=dedupe_key, **fields)
    except IntegrityError:
        return None


def _enqueue_delivery(ids: list[int]) -> None:
    from . import tasks

    try:
        tasks.deliver_notifications.enqueue(ids)
    except Exception:  # noqa: BLE001 - the queue (Redis) is down; the change has committed
        # The notifications stay unsent in the database: `deliver_pending_notifications`
        # (every five minutes) sends them once the queue is back.
        logger.warning("notifications %s recorded, delivery not queued", ids, exc_info=True)


def deliver_notifications(*, notification_ids: list[int]) -> int:
    """Send the e-mails of recorded notifications not sent yet; stamp ``sent_at``.

    Each e-mail is sent inside its row's transaction, with the row locked, and stamped before
    that commits: a second run (a retry after a killed worker, the periodic sweep) skips rows
    another run holds or has stamped. A worker killed mid-send rolls its row back, so the
    retry sends it; only one killed after the mail server accepted the message and before the
    commit (milliseconds) sends that one e-mail twice, under the same Message-ID."""
    sent = 0
    for notification_id in sorted(notification_ids):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(pk=notification_id, sent_at__isnull=True)
                .first()
            )
            if notification is None:
                continue
            EmailMessage(
                subject=notification.subject,
                body=_with_link(notification.body, notification.link),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[notification.recipient.email],
                headers={"Message-ID": _message_id(notification)},
            ).send()
            Notification.objects.filter(pk=notification.pk).update(sent_at=timezone.now())
            sent += 1
    return sent


def deliver_pending_notifications(*, older_than: timedelta) -> int:
    """Send what was recorded more than ``older_than`` ago and is still unsent (its delivery
    task was lost: the queue was down, or every retry failed)."""
    cutoff = timezone.now() - older_than
    ids = Notification.objects.filter(sent_at__isnull=True, created_at__lt=cutoff).values_list(
        "pk", flat=True
    )
    return deliver_notifications(notification_ids=list(ids[:500]))


def _message_id(notification: Notification) -> str:
    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"<notification-{notification.pk}@{domain or 'secretariat'}>"


def _with_link(body: str, link: str) -> str:
    if not link:
        return body
    url = link if link.startswith(("http://", "https://")) else f"{settings.SITE_URL}{link}"
    return f"{body}\n\n{url}\n"


def update_preferences(
    *, user: Any, actor: Any, version: int, receives: Iterable[str]
) -> NotificationPreference:
    """Set the topics ``user`` receives (every other topic is muted); 409 on a stale version.
    A user without a saved choice is at version 1 with every topic on."""
    wanted = list(receives)
    unknown = sorted(set(wanted) - set(Topic.values))
    if unknown:
        raise ValidationFailed(
            f"Unknown notification topic: {', '.join(unknown)}.", errors={"receives": unknown}
        )
    muted = [topic for topic in Topic.values if topic not in wanted]
    with transaction.atomic():
        # The row appears on the first save; get_or_create survives two first saves at once,
        # and the version check below then lets only one of them through.
        preference, _ = NotificationPreference.objects.get_or_create(user=user)
        return versioning.update_versioned(
            preference,
            actor=actor,
            action="notifications.preference.updated",
            expected_version=version,
            changes={"muted_topics": muted},
            present=_present,
        )


def _present(preference: NotificationPreference) -> Any:
    from . import schemas

    return schemas.PreferenceOut.from_orm(preference).model_dump(mode="json")


# Deadline reminders --------------------------------------------------------------------------

# A meeting's deadline fields, the topic their reminders go under, and how they are named.
DEADLINES: tuple[tuple[str, str, Any], ...] = (
    ("document_cutoff", Topic.DOCUMENT_CUTOFF, gettext_lazy("the document cut-off")),
    ("registration_close", Topic.DEADLINE_REMINDER, gettext_lazy("the close of registration")),
    ("minutes_due", Topic.DEADLINE_REMINDER, gettext_lazy("the due date of the minutes")),
)


# Other apps' deadlines (liaison statements …), registered from their ``AppConfig.ready``:
# each source takes ``today`` and ``within_days`` and returns how many e-mails it sent.
ReminderSource = Callable[..., int]
_REMINDER_SOURCES: dict[str, ReminderSource] = {}


def register_reminders(name: str, source: ReminderSource) -> None:
    """Idempotent by ``name``, since ``ready`` may run more than once in tests."""
    _REMINDER_SOURCES[name] = source


def send_deadline_reminders(*, today: date, within_days: int) -> int:
    """Remind each forum's members of their meetings' deadlines falling within
    ``within_days`` of ``today``, and tell them once a document cut-off has passed; then
    run the other apps' registered sources. Each person gets each reminder once, however
    often this runs; return how many were sent."""
    sent = _send_meeting_reminders(today=today, within_days=within_days)
    for _name, source in sorted(_REMINDER_SOURCES.items()):
        sent += source(today=today, within_days=within_days)
    return sent


def _send_meeting_reminders(*, today: date, within_days: int) -> int:
    horizon = today + timedelta(days=within_days)
    coming = Q()
    for field, _topic, _label in DEADLINES:
        coming |= Q(**{f"{field}__range": (today, horizon)})
    just_passed = Q(
        document_cutoff__range=(today - timedelta(days=within_days), today - timedelta(days=1)),
        end_date__gte=today,
    )
    meetings = (
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .filter(coming | just_passed)
        .order_by("pk")
    )
    sent = 0
    for meeting in meetings:
        members = list(
            User.objects.filter(person__roles__forum_id=meeting.forum_id, is_active=True)
            .distinct()
            .order_by("pk")
        )
        for field, topic, label in DEADLINES:
            day = getattr(meeting, field)
            if day is not None and today <= day <= horizon:
                sent += _remind(meeting, members, field, day, topic, label, passed=False)
        cutoff = meeting.document_cutoff
        passed_lately = cutoff is not None and 0 < (today - cutoff).days <= within_days
        if cutoff is not None and passed_lately and meeting.end_date >= today:
            sent += _remind(
                meeting,
                members,
                "document_cutoff",
                cutoff,
                Topic.DOCUMENT_CUTOFF,
                DEADLINES[0][2],
                passed=True,
            )
    return sent


def _remind(
    meeting: Meeting,
    members: list[Any],
    field: str,
    day: date,
    topic: str,
    label: Any,
    *,
    passed: bool,
) -> int:
    key = f"{'passed' if passed else 'due'}:{meeting.uid}:{field}:{day.isoformat()}"
    sent = 0
    by_language: dict[str, list[Any]] = {}
    for member in members:
        by_language.setdefault(member.preferred_language or settings.LANGUAGE_CODE, []).append(
            member
        )
    for language, people in sorted(by_language.items()):
        with translation.override(language):
            title = resolve(meeting.title, language).text or str(meeting)
            facts = {"meeting": title, "deadline": label, "date": day.isoformat()}
            if passed:
                subject = gettext("%(meeting)s: the document cut-off has passed") % facts
                body = (
                    gettext(
                        "The document cut-off of %(meeting)s was %(date)s. Documents submitted "
                        "from now on are flagged as late."
                    )
                    % facts
                )
            else:
                subject = gettext("%(meeting)s: %(deadline)s is on %(date)s") % facts
                body = gettext("Reminder: %(deadline)s of %(meeting)s is on %(date)s.") % facts
            sent += notify(
                recipients=people,
                topic=topic,
                subject=subject,
                body=body,
                link=reverse("meetings:meeting", args=[meeting.pk]),
                dedupe_key=key,
            )
    return sent
