"""Cache tokens of the public outcome pages (ADR 0017's model, as the meeting page).

``touch(outcome_id)`` is renewed by every service here that changes what the public page
shows (a translation saved or verified, the outcome's settings, its announcement). Reader
comments are rendered under the content with their own token (``comments.cache``), so a
new comment renders no text again. The page's token includes its own, the row tokens of
``SHOWN_ROWS`` (renewed by their own services) and the meeting page's token for the
adoption meeting's name and date. A change to the text itself bumps its ``version``, which
is part of the content's key."""

from secretariat.core import cache_tokens
from secretariat.meetings import cache as meetings_cache
from secretariat.negotiation.models import Reservation
from secretariat.registry.models import Economy, Forum

# Shown on an outcome page and changed without any outcome service: the reservations that
# are part of the outcome (footnotes), the names of their economies and of the forum.
SHOWN_ROWS = (Reservation, Economy, Forum)


def _name(outcome_id: int) -> str:
    return f"outcomes:page:{outcome_id}"


def touch(outcome_id: int) -> None:
    """Something an outcome's public pages show changed: renew now and after commit."""
    cache_tokens.renew(_name(outcome_id))


def page_token(outcome_id: int, meeting_id: int | None) -> str:
    """Names the current state of everything the outcome's public page shows. Take it
    before reading any of it."""
    names = page_token_names(outcome_id, meeting_id)
    return page_token_of(cache_tokens.current(*names), meeting_id)


def page_token_names(outcome_id: int, meeting_id: int | None) -> list[str]:
    """The names of the tokens ``page_token`` joins, for a caller that reads them in one
    round trip with more (``page_token_of`` makes the page token of their values): the
    public page reads them with the page kept for them (``core.page_cache.read_in_state``)."""
    own = [_name(outcome_id), *(cache_tokens.rows_of(model) for model in SHOWN_ROWS)]
    meeting = meetings_cache.token_names(meeting_id) if meeting_id is not None else []
    return [*own, *meeting]


def page_token_of(tokens: list[str], meeting_id: int | None) -> str:
    """``page_token`` from the values of ``page_token_names(..., meeting_id)``, in order."""
    own = 1 + len(SHOWN_ROWS)
    token = ".".join(tokens[:own])
    if meeting_id is not None:
        token += "." + meetings_cache.page_token_of(tokens[own:])
    return token
