"""Permission-matrix entries for the notifications app (merged by secretariat/testing/matrix.py).

Everyone signed in reaches their *own* preferences; there is no URL naming anyone else's.
The preferences page lists the e-mails sent to its viewer: several users have one each
(``extend_world``), and each sees exactly their own — the secretariat included."""

from secretariat.notifications.choices import Topic
from secretariat.notifications.models import Notification, NotificationPreference
from secretariat.testing.checks import SIGNED_IN, Check, Sees, api, page

# Roles with an e-mail sent to them; each subject names its recipient.
RECIPIENTS = ("reader", "exhibitor", "delegate_a", "head_c", "secretariat")
# What a successful save leaves: every topic muted but the one received.
KEPT = Topic.MINUTES_CIRCULATED
MUTED = sorted(topic for topic in Topic.values if topic != KEPT)


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    for role in RECIPIENTS:
        Notification.objects.create(
            recipient=world.users[role],
            topic=Topic.DEADLINE_REMINDER,
            subject=_subject(role),
            link="/en/meetings/",
        )


def _subject(role: str) -> str:
    return f"Reminder for {role}: papers due"


def _saved(world) -> bool:  # type: ignore[no-untyped-def]
    """Someone's preference now mutes everything but ``KEPT`` (nobody's did before)."""
    return any(
        sorted(muted) == MUTED
        for muted in NotificationPreference.objects.values_list("muted_topics", flat=True)
    )


PAGES: dict[str, Check | tuple[Check, ...]] = {
    "notifications:preferences": (
        Check(
            "GET",
            page("notifications:preferences"),
            SIGNED_IN,
            sees=Sees(
                items=lambda w: {role: _subject(role) for role in RECIPIENTS},
                by_role={role: {role} for role in RECIPIENTS},
            ),
        ),
        Check(
            "POST",
            page("notifications:preferences"),
            SIGNED_IN,
            lambda w: {"version": 1, "receives": [KEPT]},
            effect=_saved,
        ),
    ),
}
API: dict[str, Check] = {
    "get_notification_preferences": Check("GET", api("/notifications/preferences"), SIGNED_IN),
    "update_notification_preferences": Check(
        "PUT",
        api("/notifications/preferences"),
        SIGNED_IN,
        lambda w: {"version": 1, "receives": [KEPT]},
        effect=_saved,
    ),
}
