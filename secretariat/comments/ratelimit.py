"""Rate limits per reader and per address, counted in the shared cache in fixed windows.

``settings.COMMENT_RATE_LIMITS`` may override any entry of ``DEFAULT_LIMITS``:
``{action: {"reader": (count, seconds), "address": (count, seconds)}}``. Addresses are
generous (many readers share one behind a company's or a campus's NAT); readers are not."""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secretariat.core import resilient_cache
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


def check(action: str, *, user_id: int | None, address: str | None) -> None:
    """Count this attempt against the reader's limit, then (unless that is exceeded) the
    address's; ``RateLimited`` (429) once either is exceeded. Counted in one round trip to
    Redis (``resilient_cache.count_in_windows``), where each scope's count took three (add,
    exists, incr)."""
    limits = limits_for(action)
    now = int(time.time())
    scopes = [
        (scope, str(who), *limits[scope])
        for scope, who in (("reader", user_id), ("address", address))
        if who not in (None, "")
    ]
    counters = [
        (f"comments:rate:{action}:{scope}:{who}:{now // seconds}", seconds + 5, count)
        for scope, who, count, seconds in scopes
    ]
    for (_scope, _who, count, seconds), used in zip(
        scopes, resilient_cache.count_in_windows(cache, counters), strict=False
    ):
        if used > count:
            wait = (now // seconds + 1) * seconds - now
            raise RateLimited(
                _(
                    "Too many attempts in a short time. Please wait %(seconds)d seconds "
                    "and try again."
                )
                % {"seconds": wait},
                retry_after=wait,
            )
