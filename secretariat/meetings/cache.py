"""The meeting page's cache token, renewed by every change to what the page shows.

Every service that changes a meeting, its sessions, agenda, documents, registrations or
minutes calls ``touch(meeting_id)``. Rows the page shows but that belong to many meetings
(economies, fora, organisations, people, series) renew their own row tokens
(``core.cache_tokens.rows_of``) in their services; the page's token includes those."""

from typing import Any

from secretariat.core import cache_tokens
from secretariat.registry.models import Economy, Forum, Organisation, Person

from .models import MeetingSeries

# Shown on a meeting page and changed without touching any one meeting: names of the host
# and submitting economies, fora, participants' organisations, people (and who of them is a
# public figure), the series' name.
SHOWN_ROWS = (Economy, Forum, Organisation, Person, MeetingSeries)


def _name(meeting_id: int) -> str:
    return f"meetings:page:{meeting_id}"


def touch(meeting_id: int) -> None:
    """Something the meeting's page shows changed: renew its token now and after commit."""
    cache_tokens.renew(_name(meeting_id))


class PageToken(str):
    """The page's token. ``shared`` is the part that names the rows many meetings show
    (``SHOWN_ROWS``): the page's tables key their fragments by it and by a stamp of their
    own rows, so that a change to the meeting elsewhere leaves them as they are."""

    shared: str


def page_token(meeting_id: int) -> PageToken:
    """Names the current state of everything the meeting's page shows. Take it before
    reading any of it, so that a change committed meanwhile renews it afterwards."""
    return page_token_of(cache_tokens.current(*token_names(meeting_id)))


def token_names(meeting_id: int) -> list[str]:
    """The names of the tokens ``page_token`` joins, for a caller that reads them in one
    round trip with its own (``page_token_of`` makes the page token of their values)."""
    return [_name(meeting_id), *(cache_tokens.rows_of(model) for model in SHOWN_ROWS)]


def page_token_of(tokens: list[str]) -> PageToken:
    token = PageToken(".".join(tokens))
    token.shared = ".".join(tokens[1:])
    return token


def shared_rows_token() -> str:
    """``PageToken.shared`` for a caller that has no page token at hand."""
    return ".".join(cache_tokens.current(*(cache_tokens.rows_of(m) for m in SHOWN_ROWS)))


def restamp_joint_item(instance: Any, action: str, pk_set: Any, **kwargs: Any) -> None:
    """Who co-owns an agenda item decides who reads its restricted documents: a change, from
    wherever it comes, renews the item's stamp (which keys the documents' table) and the
    meeting's token, so no fragment rendered for the old owners is served to the new."""
    if not action.startswith("post_"):
        return
    from django.utils import timezone

    from .models import AgendaItem

    items = (
        AgendaItem.objects.filter(pk=instance.pk)
        if isinstance(instance, AgendaItem)
        else AgendaItem.objects.filter(pk__in=pk_set or ())  # changed from the forum's side
    )
    for meeting_id in set(items.values_list("meeting_id", flat=True)):
        touch(meeting_id)
    items.update(updated_at=timezone.now())
