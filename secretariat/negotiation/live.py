"""What the negotiation announces live, and the cache state that changes with it.

Every change that alters the consensus map (a position, a version, an amendment leaving its
economy, the text's status) calls ``announce`` inside its transaction: once committed, the
map's cache state is moved on and connected delegates are told which paragraph to re-read.

The map's state has three parts (``MapState``). A change confined to one paragraph's row (a
position on it, a proposal against it moving) is numbered by a per-text counter, and the
paragraph is recorded under its number: a reader holding rows computed as of change K
recomputes the rows recorded after K. A new version moves the text's version on: each row is
kept with the wording it was computed for (``map_cache``), so only the paragraphs reworded,
renumbered or newly competing are computed again. Any other change (the text's status, rule
or adoption) renews the rows token, and every row is computed again.

A position's event carries its paragraph's row as every open map shows it unless filtered
(``views.live_row_fields``), rendered once by the process that stated it: a hundred delegates
watching no longer send a hundred requests, each signing in and reading the text, to fetch
the same row. The stream is open only to those who may read the map, and the row shows
nothing of its reader, so it holds nothing a subscriber could not read through the view.
Maps filtered to the reader's economy, or shown in another language, still re-read it."""

import logging
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction

from secretariat.core import live

from .models import Text

logger = logging.getLogger(__name__)

# Changes that touch one paragraph's row only: a position is stated on one paragraph; a
# proposal moving changes its paragraph's count of open proposals (read with the row).
ROW_KINDS = frozenset({"position", "amendment"})
# Changes that touch rows only through their paragraphs' wording, which each kept row is
# compared with: a new version (the positions and proposals stay with their provisions).
WORDING_KINDS = frozenset({"version"})
# How long the record of which paragraph a change touched is kept: rows older than that
# are computed again.
CHANGE_RECORD_SECONDS = 60 * 60


def channel(text: Text) -> str:
    return channel_of(text.pk)


def channel_of(text_id: int) -> str:
    return f"negotiation.text.{text_id}"


def _rows_token_key(text_id: int) -> str:
    return f"negotiation:map-rows-token:{text_id}"


def _changes_key(text_id: int) -> str:
    return f"negotiation:map-row-changes:{text_id}"


def _change_key(text_id: int, number: int) -> str:
    return f"negotiation:map-row-change:{text_id}:{number}"


def announce(text: Text, kind: str, eid: str | None = None) -> None:
    text_id = text.pk
    if kind in ROW_KINDS and eid is not None:
        transaction.on_commit(lambda: _record_row_change(text_id, eid))
    elif kind not in WORDING_KINDS:
        transaction.on_commit(lambda: cache.set(_rows_token_key(text_id), _fresh(), None))
    event: dict[str, Any] = {"kind": kind}
    if eid is not None:
        event["eid"] = eid
    if kind == "position" and eid is not None:
        # After the change is recorded above (callbacks run in order): the row is rendered
        # as of a state that includes it.
        transaction.on_commit(lambda: _publish_with_row(text_id, event))
    else:
        live.publish_on_commit(channel(text), event)


def _publish_with_row(text_id: int, event: dict[str, Any]) -> None:
    """Publish a position's event with its row. The position has committed: if the row
    cannot be rendered the event still goes out without it, and the maps re-read the row."""
    from .views import live_row_fields  # rendering is the views' business; they import us

    try:
        event = event | live_row_fields(text_id, event["eid"])
    except Exception:  # noqa: BLE001 - a committed change is announced whatever happens here
        logger.warning("position event without its row on text %s", text_id, exc_info=True)
    live.publish(channel_of(text_id), event)


def _fresh() -> str:
    return uuid.uuid4().hex


def _random_start() -> int:
    """Where a counter starts (anew after an eviction): at random, so numbers from before
    it was lost are not given again."""
    return secrets.randbits(60)


def _record_row_change(text_id: int, eid: str) -> None:
    try:
        number = cache.incr(_changes_key(text_id))  # atomic, in memory and in Redis
    except ValueError:  # nothing counted yet, or evicted: count anew, every row anew
        cache.add(_changes_key(text_id), _random_start(), None)
        cache.set(_rows_token_key(text_id), _fresh(), None)
        return
    cache.set(_change_key(text_id, number), eid, CHANGE_RECORD_SECONDS)


@dataclass(frozen=True)
class MapState:
    rows_token: str  # names what every row depends on besides its paragraph's wording
    text_version: str  # the text's version and current version: moved on by any change to it
    changes: int  # the number of the last change confined to one row

    @property
    def token(self) -> str:
        """Names the whole map: renewed by every change."""
        return f"{self.rows_token}.{self.text_version}.{self.changes}"


def map_state(text: Text) -> MapState:
    """The current state of the text's map. Read before the database: a change commits
    before it moves the state on, so what is read after is at least as new as the state.
    A missing token or counter (first read, or evicted) starts afresh at random, so an old
    rendering can never be served under it."""
    tokens_key, changes_key = _rows_token_key(text.pk), _changes_key(text.pk)
    found = cache.get_many([tokens_key, changes_key])  # one round trip when both are there
    rows_token = found.get(tokens_key)
    if rows_token is None:
        rows_token = _get_or_add(tokens_key, _fresh())
    changes = found.get(changes_key)
    if changes is None:
        changes = _get_or_add(changes_key, _random_start())
    return MapState(rows_token, f"{text.version}.{text.current_version_id}", changes)


def _get_or_add(key: str, fresh: Any) -> Any:
    """``key``'s value, just read as missing: ``fresh`` if this reader adds it first, else
    what another one added meanwhile (one round trip, two on a race; reading it again
    first cost a third after every new version)."""
    if cache.add(key, fresh, None):
        return fresh
    value = cache.get(key)
    return fresh if value is None else value


def changed_eids(text: Text, *, since: int, until: int, at_most: int) -> set[str] | None:
    """The paragraphs touched by the changes numbered after ``since`` up to ``until``; None
    when they are more than ``at_most`` or not all recorded (evicted, not yet written, or
    another count): then every row must be computed again."""
    keys = change_record_keys(text, since=since, until=until, at_most=at_most)
    if keys is None:
        return None
    return changed_eids_in(cache.get_many(keys), keys)


def change_record_keys(text: Text, *, since: int, until: int, at_most: int) -> list[str] | None:
    """The keys ``changed_eids`` reads (None: too many changes), for a caller that reads them
    in the same round trip as something else (``changed_eids_in``)."""
    if not 0 <= until - since <= at_most:
        return None
    return [_change_key(text.pk, number) for number in range(since + 1, until + 1)]


def changed_eids_in(found: dict[str, Any], keys: list[str]) -> set[str] | None:
    """``changed_eids`` from what was read of ``keys`` (``change_record_keys``)."""
    recorded = [found[key] for key in keys if key in found]
    if len(recorded) != len(keys):
        return None
    return set(recorded)
