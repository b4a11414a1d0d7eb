"""E-mails about liaison statements, through ``notifications.notify``: a statement a forum
receives (recorded as received, or sent to it by another forum), and the deadlines of
statements for action (``secretariat reminders`` runs ``send_deadline_reminders``)."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from secretariat.core.i18n import resolve
from secretariat.notifications.choices import Topic
from secretariat.notifications.services import notify

from .choices import ISSUED_STATES, Direction, Purpose
from .models import LiaisonStatement


def _members(*forum_ids: int | None) -> list[Any]:
    ids = [forum_id for forum_id in forum_ids if forum_id is not None]
    return list(
        get_user_model()
        .objects.filter(person__roles__forum_id__in=ids, is_active=True)
        .distinct()
        .order_by("pk")
    )


def _by_language(people: list[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for person in people:
        grouped.setdefault(person.preferred_language or settings.LANGUAGE_CODE, []).append(person)
    return grouped


def _send(
    statement: LiaisonStatement,
    people: list[Any],
    *,
    topic: str,
    subject: str,
    body: str,
    key: str,
) -> int:
    """``subject`` and ``body`` are msgids, filled with the statement's facts per language."""
    sent = 0
    for language, group in sorted(_by_language(people).items()):
        with translation.override(language):
            facts = {
                "title": resolve(statement.title, language).text,
                "sender": str(statement.sender),
                "deadline": statement.deadline.isoformat() if statement.deadline else "",
            }
            sent += notify(
                recipients=group,
                topic=topic,
                subject=gettext(subject) % facts,
                body=gettext(body) % facts,
                link=reverse("liaisons:statement", args=[statement.pk]),
                dedupe_key=key,
            )
    return sent


def tell_recipients(statement: LiaisonStatement) -> int:
    """The members of the receiving forum: ``forum`` for an incoming statement, the
    counterpart forum for one sent to another forum (to an organisation: nobody here)."""
    receiving = (
        statement.forum_id
        if statement.direction == Direction.INCOMING
        else statement.counterpart_forum_id
    )
    if receiving is None:
        return 0
    return _send(
        statement,
        _members(receiving),
        topic=Topic.LIAISON_STATEMENT,
        subject=gettext_noop("Liaison statement from %(sender)s: %(title)s"),
        body=gettext_noop("A liaison statement from %(sender)s has been received: %(title)s."),
        key=f"liaison:{statement.pk}:received",
    )


def send_deadline_reminders(*, today: date, within_days: int) -> int:
    """Remind the members of the fora concerned of the deadline of an unanswered statement
    for action coming within ``within_days``, and once more when it has passed."""
    horizon = today + timedelta(days=within_days)
    # Not NULL: ``NOT IN`` a list holding a NULL matches nothing.
    answered = LiaisonStatement.objects.filter(
        state__in=ISSUED_STATES, in_response_to__isnull=False
    ).values("in_response_to_id")
    statements = (
        LiaisonStatement.objects.filter(
            purpose=Purpose.FOR_ACTION,
            state__in=ISSUED_STATES,
            deadline__range=(today - timedelta(days=within_days), horizon),
        )
        .exclude(pk__in=answered)
        .select_related("forum", "counterpart_forum", "counterpart_organisation")
        .order_by("pk")
    )
    sent = 0
    for statement in statements:
        assert statement.deadline is not None  # for action: the constraint guarantees it
        people = _members(statement.forum_id, statement.counterpart_forum_id)
        if statement.deadline >= today:
            sent += _send(
                statement,
                people,
                topic=Topic.LIAISON_DEADLINE,
                subject=gettext_noop("Liaison statement due %(deadline)s: %(title)s"),
                body=gettext_noop(
                    "The response to the liaison statement from %(sender)s, %(title)s, "
                    "is due on %(deadline)s."
                ),
                key=f"liaison:{statement.pk}:due:{statement.deadline.isoformat()}",
            )
        else:
            sent += _send(
                statement,
                people,
                topic=Topic.LIAISON_DEADLINE,
                subject=gettext_noop("Liaison statement overdue: %(title)s"),
                body=gettext_noop(
                    "The response to the liaison statement from %(sender)s, %(title)s, "
                    "was due on %(deadline)s and has not been recorded."
                ),
                key=f"liaison:{statement.pk}:overdue:{statement.deadline.isoformat()}",
            )
    return sent
