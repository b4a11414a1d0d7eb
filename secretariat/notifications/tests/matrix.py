"""Permission-matrix entries for the notifications app (merged by secretariat/testing/matrix.py).

Everyone signed in reaches their *own* preferences; there is no URL naming anyone else's."""

from secretariat.testing.checks import SIGNED_IN, Check, api, page

PAGES: dict[str, Check] = {
    "notifications:preferences": Check("GET", page("notifications:preferences"), SIGNED_IN),
}
API: dict[str, Check] = {
    "get_notification_preferences": Check("GET", api("/notifications/preferences"), SIGNED_IN),
    "update_notification_preferences": Check(
        "PUT",
        api("/notifications/preferences"),
        SIGNED_IN,
        lambda w: {"version": 1, "receives": ["minutes_circulated"]},
    ),
}
