"""Rate limits per reader and per address, counted in the shared cache in fixed windows.

``settings.COMMENT_RATE_LIMITS`` may override any entry of ``DEFAULT_LIMITS``:
``{action: {"reader": (count, seconds), "address": (count, seconds)}}``. Addresses are
generous (many readers share one behind a company's or a campus's NAT); readers are not."""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secretariat.core.errors import DomainError

DEFAULT_LIMITS: dict[str, dict[str, tuple[int, int]]] = {
    "comment": {"reader": (10, 600), "address": (100, 600)},
    "react": {"reader": (120, 600), "address": (600, 600)},
    "report": {"reader": (20, 600), "address": (200, 600)},
}


class RateLimited(DomainError):
    status = 429
    title = gettext_lazy("Too many requests")
    type_slug = "rate-limited"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, extra={"retry_after": retry_after})
        self.retry_after = retry_after


def limits_for(action: str) -> dict[str, tuple[int, int]]:
    configured = getattr(settings, "COMMENT_RATE_LIMITS", {}).get(action, {})
    return {**DEFAULT_LIMITS[action], **configured}


def _over(action: str, scope: str, who: str, count: int, seconds: int) -> int | None:
    """Count one more; the seconds to wait if that is more than ``count`` in the window."""
    now = int(time.time())
    window = now // seconds
    key = f"comments:rate:{action}:{scope}:{who}:{window}"
    cache.add(key, 0, seconds + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr: count afresh
        cache.set(key, 1, seconds + 5)
        used = 1
    return (window + 1) * seconds - now if used > count else None


def check(action: str, *, user_id: int | None, address: str | None) -> None:
    """Count this attempt against the reader's and the address's limits; ``RateLimited``
    (429) once either is exceeded."""
    limits = limits_for(action)
    for scope, who in (("reader", user_id), ("address", address)):
        if who in (None, ""):
            continue
        count, seconds = limits[scope]
        wait = _over(action, scope, str(who), count, seconds)
        if wait is not None:
            raise RateLimited(
                _(
                    "Too many attempts in a short time. Please wait %(seconds)d seconds "
                    "and try again."
                )
                % {"seconds": wait},
                retry_after=wait,
            )
