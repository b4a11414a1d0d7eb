"""Ad referendum follow-up: the head of the delegation that supported a paragraph ad
referendum is reminded shortly before its confirmation date and on the date itself.

Each reminder is sent once per position and kind (``notifications.notify``'s dedupe key), so
the daily job may run as often as it likes; a new position (a changed date) is reminded
afresh. Only the heads of that economy's delegation to the text's forum receive it: the
position is theirs to confirm."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from secretariat.core.i18n import resolve
from secretariat.notifications import services as notifications
from secretariat.notifications.choices import Topic
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import ForumRole

from .choices import TextStatus
from .models import Paragraph, Position

User = get_user_model()

BEFORE, DUE = "before", "due"


def positions_to_remind(*, today: date, days_before: int) -> list[Position]:
    """Current ad referendum positions on the current wording of a text still open, whose
    confirmation date is at most ``days_before`` days ahead (or already reached)."""
    return list(
        Position.objects.filter(
            ad_referendum=True,
            superseded_at__isnull=True,
            confirm_by__isnull=False,
            confirm_by__lte=today + timedelta(days=days_before),
            provision__text__status__in=(TextStatus.NEGOTIATING, TextStatus.SILENCE),
            # Answering the current version's wording: a stale position no longer counts.
            provision__wordings__version_id=F("provision__text__current_version_id"),
            wording_hash=F("provision__wordings__content_hash"),
        )
        .select_related("delegation__economy", "provision__text")
        .order_by("pk")
    )


def heads_of(delegation_id: int) -> list[Any]:
    """The heads of one economy's delegation to one forum (users who can sign in)."""
    heads = ForumRole.objects.filter(
        delegation_id=delegation_id, kind=RoleKind.HEAD_OF_DELEGATION
    ).values("person__user_id")
    return list(User.objects.filter(pk__in=heads, is_active=True).order_by("pk"))


def send_adref_reminders(*, today: date, days_before: int) -> int:
    """Remind heads of delegation of their ad referendum positions to confirm: once within
    ``days_before`` days of the date, once on (or after) it. Return how many e-mails."""
    sent = 0
    for position in positions_to_remind(today=today, days_before=days_before):
        assert position.confirm_by is not None  # noqa: S101 - filtered above
        kind = DUE if position.confirm_by <= today else BEFORE
        sent += _remind(position, heads_of(position.delegation_id), kind, today)
    return sent


def _remind(position: Position, heads: list[Any], kind: str, today: date) -> int:
    text = position.provision.text
    paragraph = (
        Paragraph.objects.filter(
            version_id=F("provision__text__current_version_id"),
            provision_id=position.provision_id,
        )
        .values_list("num", flat=True)
        .first()
    )
    by_language: dict[str, list[Any]] = {}
    for head in heads:
        language = head.preferred_language or settings.LANGUAGE_CODE
        by_language.setdefault(language, []).append(head)
    sent = 0
    for language, people in sorted(by_language.items()):
        with translation.override(language):
            assert position.confirm_by is not None  # noqa: S101 - filtered by the caller
            facts = {
                "text": resolve(text.title, language).text or text.slug,
                "paragraph": paragraph or position.provision.eid,
                "economy": position.delegation.economy.code,
                "date": position.confirm_by.isoformat(),
            }
            if kind == BEFORE:
                subject = gettext(
                    "%(text)s, paragraph %(paragraph)s: confirm your ad referendum support "
                    "by %(date)s"
                )
            elif position.confirm_by == today:
                subject = gettext(
                    "%(text)s, paragraph %(paragraph)s: your ad referendum support is to be "
                    "confirmed today (%(date)s)"
                )
            else:
                subject = gettext(
                    "%(text)s, paragraph %(paragraph)s: your ad referendum support was to be "
                    "confirmed by %(date)s"
                )
            body = gettext(
                "%(economy)s supported paragraph %(paragraph)s of %(text)s ad referendum, to "
                "be confirmed by %(date)s. Until it is confirmed the text cannot be adopted. "
                "Confirm it by stating your position again without ad referendum, or change "
                "it, on the text's page."
            )
            sent += notifications.notify(
                recipients=people,
                topic=Topic.AD_REFERENDUM,
                subject=subject % facts,
                body=body % facts,
                link=reverse("negotiation:text", args=[text.slug]) + f"#{position.provision.eid}",
                dedupe_key=f"adref:{kind}:{position.pk}",
            )
    return sent
