"""The consensus map served from the cache, row by row.

A whole rendering of the map is cached under the text's map state (``live.map_state``) and
shared by every reader until the next change. Under it, each form of rendering keeps its
rows, with the state they were computed as of: the first read after a position change (or
a proposal moving) recomputes the rows recorded as changed since — the one paragraph — and
reuses the others. Rows are computed from plain rows (``selectors.map_wordings``, positions
as tuples) and written as JSON directly, so a whole map costs little more than its query.

A row depends on the positions on its paragraph and the open proposals against it (each
change to them is numbered and recorded, ``live.changed_eids``); on its paragraph's number,
wording and whether an alternative competes with it (kept with the row and compared, so
that a new version computes only the rows it changed: the positions and proposals belong
to the provision, whatever the version); on the text's rule, package mode and adoption
(``selectors.row_basis``, compared, and the rows token, renewed by changes to the text's
status); and on the forum's delegations (the frame's columns, compared). The state is read
before the database and moved on after each commit, so a row is never older than the state
it is kept with."""

import dataclasses
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache

from secretariat.registry.models import Delegation

from . import consensus, live, selectors
from .choices import ParagraphState, Stance
from .models import Text
from .schemas import ConsensusMapOut

TTL_SECONDS = 60 * 60
# The frame holds the forum's delegations, which no negotiation change announces: it is read
# again this often, and rows rendered for other delegations are then computed again.
FRAME_TTL_SECONDS = 60


@dataclass(frozen=True)
class RenderedMap:
    delegations: list[Delegation]
    eids: list[str]  # each row's paragraph, in order
    states: list[str]  # each row's state, in order
    bodies: list[str]  # each row in one form: JSON, or HTML for one language and set of columns
    whole: str | None = None  # the whole rendering made of the rows, where one was asked for

    def row_of(self, eid: str) -> str | None:
        """One paragraph's row (a live update), or None if the version has no such one."""
        try:
            return self.bodies[self.eids.index(eid)]
        except ValueError:
            return None

    @property
    def agreed(self) -> bool:
        """As ``consensus.text_is_agreed``: every paragraph agreed outright."""
        return all(state == ParagraphState.AGREED for state in self.states)

    def rows(self, *, only_open: bool) -> list[str]:
        """The rows, or only those of the paragraphs not yet agreed outright."""
        return [
            body
            for state, body in zip(self.states, self.bodies, strict=True)
            if state != ParagraphState.AGREED or not only_open
        ]


def _frame_key(text: Text, state: live.MapState, version: "selectors.Version") -> str:
    return f"negotiation:map-frame:{text.pk}:{state.rows_token}:{version.pk}"


def _frame(text: Text, state: live.MapState, version: "selectors.Version") -> "selectors.MapFrame":
    frame_key = _frame_key(text, state, version)
    frame = cache.get(frame_key)
    if frame is None:
        frame = selectors.map_frame(text, version)
        cache.set(frame_key, frame, FRAME_TTL_SECONDS)
    return frame


def rendered_row(
    text: Text, state: live.MapState, eid: str, render: "Callable[[selectors.MapRow], str]"
) -> str | None:
    """One paragraph's row as of ``state``, computed alone (a position's live event): the
    kept rows are neither read nor written, so its cost does not grow with the text, and
    the next reader of the whole map computes the row itself, as it would without the
    event. None if the current version has no such paragraph."""
    version = text.current_version
    assert version is not None  # noqa: S101 - texts get a version when created
    frame = _frame(text, state, version)
    provision = frame.provisions.get(eid)
    if provision is None:
        return None
    paragraphs = selectors.map_wordings(version, [provision])
    computed = selectors.map_rows(text, version, frame, paragraphs, every_paragraph=False)
    return next((render(row) for row in computed.rows), None)


# Computes the rows of some paragraphs of a version's map, given its frame (their provision
# ids, or None for every paragraph), in order: each row's paragraph, state and rendering.
RowsComputer = Callable[
    [Text, "selectors.Version", "selectors.MapFrame", "list[int] | None"],
    "list[tuple[str, str, str]]",
]


def rendered_map(
    text: Text,
    state: live.MapState,
    form: str,
    render: "Callable[[selectors.MapRow], str]",
    writes: dict[str, object] | None = None,
) -> RenderedMap:
    """Every row of the current version's map as of ``state`` (read before calling),
    rendered by ``render``, in order: kept from the last rendering where no change touched
    it since, computed afresh (in one go) where one did. ``form`` names the rendering, and
    must change whenever ``render``'s output would. ``writes``: where to put the rows to
    keep (for ``TTL_SECONDS``), for the caller to write with its own in one round trip;
    without it they are written here."""
    return _rendered_map(text, state, form, _rows_rendered_by(render), writes)


def _rows_rendered_by(render: "Callable[[selectors.MapRow], str]") -> RowsComputer:
    """Rows computed as ``selectors.map_rows`` (cells and verdicts), rendered by ``render``."""

    def compute(
        text: Text,
        version: "selectors.Version",
        frame: "selectors.MapFrame",
        provisions: list[int] | None,
    ) -> list[tuple[str, str, str]]:
        paragraphs = selectors.map_wordings(version, provisions)
        every = provisions is None
        computed = selectors.map_rows(text, version, frame, paragraphs, every_paragraph=every)
        return [
            (row.paragraph.provision.eid, row.verdict.state.value, render(row))
            for row in computed.rows
        ]

    return compute


# What is kept of a rendering (``_rendered_map``), one tuple of strings side by side — a few
# objects to read back (hundreds of small ones cost more, and wake the collector): what the
# rows depend on (``_KEPT_BASIS``), the number of the last change they include, the
# paragraphs, their signatures and states, and the bodies as one text (their lengths; the
# offset of the first, and the separator's length between two). Where a whole rendering is
# made of the rows (the API's JSON), the text is that rendering, kept with its state's
# token: the rows and the whole are one value, read and written once (written apart, each
# change sent the rows twice).
_KEPT_BASIS, _KEPT_CHANGES, _KEPT_EIDS, _KEPT_SIGNATURES, _KEPT_STATES = range(5)
_KEPT_LENGTHS, _KEPT_TEXT, _KEPT_FIRST, _KEPT_SEPARATOR, _KEPT_TOKEN = range(5, 10)
_UNREAD = object()
# Beside a whole rendering kept with its rows, the rows computed again since (by the change
# they are as of): a change to one row sends that row and the few recomputed before it, not
# the whole map again (600 KB on a 300-paragraph text, the costliest part of a read after a
# change). What it holds: the token of the rendering it stands on, its own state's token,
# the number of the last change it includes, its rows by paragraph (signature, state and
# body), and the whole rendering's text before the first row and after the last (which
# change with the rows: whether the text is agreed). Once it holds more than
# ``_most_rows_since`` rows, the whole is kept again and the rows since start afresh.
_SINCE_BASE, _SINCE_TOKEN, _SINCE_CHANGES, _SINCE_ROWS, _SINCE_HEAD, _SINCE_TAIL = range(6)


def _most_rows_since(rows: int) -> int:
    return max(8, rows // 16)


def _rows_key(text: Text, form: str) -> str:
    return f"negotiation:map-rows:{text.pk}:{form}"


def _since_key(rows_key: str) -> str:
    return f"{rows_key}:since"


def _kept_bodies(kept: tuple) -> list[str]:  # type: ignore[type-arg]
    whole, position = kept[_KEPT_TEXT], kept[_KEPT_FIRST]
    separator = len(kept[_KEPT_SEPARATOR])
    bodies = []
    for length in kept[_KEPT_LENGTHS]:
        bodies.append(whole[position : position + length])
        position += length + separator
    return bodies


def _whole_with_rows_since(kept: tuple, since: tuple) -> str:  # type: ignore[type-arg]
    """The whole rendering kept, with the rows computed since in their places."""
    rows = since[_SINCE_ROWS]
    bodies = [
        body if eid not in rows else rows[eid][2]
        for eid, body in zip(kept[_KEPT_EIDS], _kept_bodies(kept), strict=True)
    ]
    return f"{since[_SINCE_HEAD]}{kept[_KEPT_SEPARATOR].join(bodies)}{since[_SINCE_TAIL]}"


def _rendered_map(
    text: Text,
    state: live.MapState,
    form: str,
    compute: RowsComputer,
    writes: dict[str, object] | None = None,
    *,
    kept: object = _UNREAD,
    since: tuple | None = None,  # type: ignore[type-arg]
    whole: "Callable[[RenderedMap], tuple[str, int, str]] | None" = None,
) -> RenderedMap:
    """``rendered_map``, with the rows to compute afresh computed by ``compute``. ``kept``:
    what is kept of the form, if the caller has read it, and ``since``, the rows computed
    since that stand on it. ``whole``: makes the whole rendering of the rows (its text, the
    offset of the first row's body and the separator between two), returned and kept with
    them (``RenderedMap.whole``)."""
    version = text.current_version
    assert version is not None  # noqa: S101 - texts get a version when created
    frame_key = _frame_key(text, state, version)
    rows_key = _rows_key(text, form)
    change_keys: list[str] | None = None
    if kept is _UNREAD:
        found = cache.get_many([frame_key, rows_key])  # one round trip
        frame, kept = found.get(frame_key), found.get(rows_key)
    else:
        # The frame and the record of the changes since the kept rows, in one round trip.
        if isinstance(kept, tuple):
            change_keys = live.change_record_keys(
                text,
                since=kept[_KEPT_CHANGES] if since is None else since[_SINCE_CHANGES],
                until=state.changes,
                at_most=len(kept[_KEPT_EIDS]),
            )
        found = cache.get_many([frame_key, *(change_keys or ())])
        frame = found.get(frame_key)
    if frame is None:
        frame = selectors.map_frame(text, version)
        cache.set(frame_key, frame, FRAME_TTL_SECONDS)
    basis = (state.rows_token, selectors.row_basis(text), frame.columns)
    signatures = frame.signatures
    states: dict[str, str] = {}
    bodies: dict[str, str] = {}
    if isinstance(kept, tuple) and kept[_KEPT_BASIS] == basis:
        if change_keys is not None:
            changed = live.changed_eids_in(found, change_keys)
        else:
            changed = live.changed_eids(
                text, since=kept[_KEPT_CHANGES], until=state.changes, at_most=len(frame.eids)
            )
        if changed is not None:
            computed_since = {} if since is None else since[_SINCE_ROWS]
            for eid, signature, row_state, body in zip(
                kept[_KEPT_EIDS],
                kept[_KEPT_SIGNATURES],
                kept[_KEPT_STATES],
                _kept_bodies(kept),
                strict=True,
            ):
                if eid in computed_since:
                    signature, row_state, body = computed_since[eid]
                if eid not in changed and signature == signatures.get(eid):
                    states[eid], bodies[eid] = row_state, body
    missing = [eid for eid in frame.eids if eid not in bodies]
    if missing:
        every = len(missing) == len(frame.eids)
        provisions = None if every else [frame.provisions[eid] for eid in missing]
        for eid, row_state, body in compute(text, version, frame, provisions):
            states[eid], bodies[eid] = row_state, body
    in_order = RenderedMap(
        frame.delegations,
        list(frame.eids),
        [states[eid] for eid in frame.eids],
        [bodies[eid] for eid in frame.eids],
    )
    eids = tuple(frame.eids)
    if whole is not None:
        rendering, first, separator = whole(in_order)
        in_order = dataclasses.replace(in_order, whole=rendering)
        token: str | None = state.token
        if (
            isinstance(kept, tuple)
            and kept[_KEPT_BASIS] == basis
            and kept[_KEPT_EIDS] == eids
            and kept[_KEPT_SEPARATOR] == separator
        ):
            rows_since = {} if since is None else dict(since[_SINCE_ROWS])
            rows_since.update({eid: (signatures[eid], states[eid], bodies[eid]) for eid in missing})
            if len(rows_since) <= _most_rows_since(len(eids)):
                last = first + sum(map(len, in_order.bodies)) + len(separator) * (len(eids) - 1)
                kept_since = (
                    kept[_KEPT_TOKEN],
                    token,
                    state.changes,
                    rows_since,
                    rendering[:first],
                    rendering[max(last, first) :],
                )
                if writes is None:
                    cache.set(_since_key(rows_key), kept_since, TTL_SECONDS)
                else:
                    writes[_since_key(rows_key)] = kept_since
                return in_order
    elif missing:
        rendering, first, separator, token = "".join(in_order.bodies), 0, "", None
    else:
        return in_order
    rows = (
        basis,
        state.changes,
        eids,
        tuple(signatures[eid] for eid in eids),
        tuple(in_order.states),
        tuple(map(len, in_order.bodies)),
        rendering,
        first,
        separator,
        token,
    )
    if writes is None:
        cache.set(rows_key, rows, TTL_SECONDS)
    else:
        writes[rows_key] = rows
    return in_order


def cached_map_json(text: Text) -> str:
    """The map as the API shows it (``ConsensusMapOut``), computed once per state of the text
    and shared by every reader."""
    state = live.map_state(text)
    rows_key = _rows_key(text, "json")
    # The rows and, with them, the whole map; and the rows computed again since.
    found = cache.get_many([rows_key, _since_key(rows_key)])
    kept, since = found.get(rows_key), found.get(_since_key(rows_key))
    if not isinstance(kept, tuple):
        since = None
    elif since is not None and since[_SINCE_BASE] != kept[_KEPT_TOKEN]:
        since = None  # it stands on another whole, since replaced
    if since is not None and since[_SINCE_TOKEN] == state.token:
        return _whole_with_rows_since(kept, since)  # type: ignore[arg-type]
    if since is None and isinstance(kept, tuple) and kept[_KEPT_TOKEN] == state.token:
        return kept[_KEPT_TEXT]  # type: ignore[no-any-return]
    rendered = _rendered_map(
        text,
        state,
        "json",
        _json_rows,
        kept=kept,
        since=since,
        whole=lambda rows: _map_json(text, rows),
    )
    assert rendered.whole is not None  # noqa: S101 - asked for
    return rendered.whole


def _json_rows(
    text: Text,
    version: "selectors.Version",
    frame: "selectors.MapFrame",
    provisions: list[int] | None,
) -> list[tuple[str, str, str]]:
    """The rows as ``MapRowOut(**map_row_out(row)).model_dump_json()`` writes them, written
    directly: the schema's validation and serialisation cost more than the rest of the map
    (the tests compare the two). Strings are JSON-encoded as pydantic does (compact, UTF-8
    unescaped); stances and states are fixed identifiers.

    In one pass over the positions as the database codes them
    (``selectors.current_position_codes``): each is written into its column's cell and its
    code kept, and the codes of a paragraph are counted for the rule by table
    (``consensus.cell_tally``). Making a position tuple of each of a 300-paragraph map's
    6,300 cells, a cell mapping per paragraph, counting them one by one and then writing
    them cost more than the rest of a cold map."""
    delegations = frame.delegations
    if len(delegations) > consensus.MAX_TALLIED_CELLS:  # never in practice: cell by cell
        return _rows_rendered_by(_row_json)(text, version, frame, provisions)
    heads = _cell_heads(tuple(d.economy.code for d in delegations))
    column = {d.pk: i for i, d in enumerate(delegations)}
    empty_cells = [head + _EMPTY_CELL for head in heads]
    tails, tallies = _CELL_TAILS_BY_CODE, _CELL_TALLIES_BY_CODE
    shift, mask = selectors.CODE_BITS, (1 << selectors.CODE_BITS) - 1
    cells_of: dict[int, list[str]] = {}
    codes_of: dict[int, list[int]] = {}
    cells: list[str] = []
    codes: list[int] = []
    last = None
    for provision_id, delegation_id, packed in selectors.current_position_codes(
        version, provisions
    ):
        if provision_id != last:  # a paragraph's positions mostly come together
            last = provision_id
            if provision_id in cells_of:
                cells, codes = cells_of[provision_id], codes_of[provision_id]
            else:
                cells = cells_of[provision_id] = empty_cells.copy()
                codes = codes_of[provision_id] = []
        i = column.get(delegation_id)
        if i is None:  # a delegation no longer in the forum: neither shown nor counted
            continue
        code = packed & mask
        cells[i] = f"{heads[i]}{packed >> shift}{tails[code]}"
        codes.append(code)
    counts = selectors.open_amendment_counts(text, provisions)
    rule, package_mode = text.consensus_rule, text.package_mode
    adopted, competing, expected = text.adopted_at is not None, frame.competing, len(heads)
    no_cells: list[str] = empty_cells
    computed = []
    for paragraph in selectors.map_wordings(version, provisions):
        provision_id = paragraph.provision_id
        verdict = consensus.tallied_verdict(
            rule=rule,
            bracketed=paragraph.bracketed,
            competing=provision_id in competing,
            tally=sum(map(tallies.__getitem__, codes_of.get(provision_id, ()))),
            expected=expected,
            package_mode=package_mode,
            adopted=adopted,
        )
        state = verdict.state.value
        computed.append(
            (
                paragraph.eid,
                state,
                f'{{"eid":{_json(paragraph.eid)},"num":{_json(paragraph.num)},'
                f'"state":"{state}","provisional":{_BOOL[verdict.provisional]},'
                f'"open_amendments":{counts.get(provision_id, 0)},'
                f'"cells":[{",".join(cells_of.get(provision_id, no_cells))}]}}',
            )
        )
    return computed


def _row_json(row: "selectors.MapRow") -> str:
    """One row as ``_json_rows`` writes it, from a computed row (``selectors.map_rows``)."""
    tails = _CELL_TAILS
    cells = [
        head + _EMPTY_CELL if p is None else f"{head}{p[0]}{tails[p[1:4]]}"
        for head, p in zip(_cell_heads(row.codes), row.positions, strict=True)
    ]
    paragraph, verdict = row.paragraph, row.verdict
    return (
        f'{{"eid":{_json(paragraph.provision.eid)},"num":{_json(paragraph.num)},'
        f'"state":"{verdict.state.value}","provisional":{_BOOL[verdict.provisional]},'
        f'"open_amendments":{row.open_amendments},"cells":[{",".join(cells)}]}}'
    )


# One encoder for every string (``json.dumps`` with options makes a new one per call).
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_BOOL = {True: "true", False: "false"}
_EMPTY_CELL = 'null,"stance":null,"ad_referendum":false,"stale":false}'


@functools.lru_cache(maxsize=64)
def _cell_heads(codes: tuple[str, ...]) -> list[str]:
    return [f'{{"economy":{_json(code)},"position":' for code in codes]


def _cell_tail(stance: str, ad_referendum: bool, stale: bool) -> str:
    return (
        f',"stance":{_json(stance)},"ad_referendum":{_BOOL[ad_referendum]},"stale":{_BOOL[stale]}}}'
    )


# Each cell's JSON after its position's id, by (stance, ad referendum, stale): a position's
# ``[1:4]``, one dictionary look-up per cell (a cached function's call cost twice as much).
_CELL_TAILS = {
    (stance, ad_referendum, stale): _cell_tail(stance, ad_referendum, stale)
    for stance in Stance.values
    for ad_referendum in (False, True)
    for stale in (False, True)
}


# The same by the code of a position as the database reads it (``selectors.CELLS_BY_CODE``),
# and what the cell adds to its paragraph's counts for the rule.
_CELL_TAILS_BY_CODE = [
    _CELL_TAILS.get(selectors.CELLS_BY_CODE.get(code), "")  # type: ignore[arg-type]
    for code in range(1 << selectors.CODE_BITS)
]
_CELL_TALLIES_BY_CODE = [
    consensus.cell_tally(*selectors.CELLS_BY_CODE[code]) if code in selectors.CELLS_BY_CODE else 0
    for code in range(1 << selectors.CODE_BITS)
]


def _map_json(text: Text, rendered: RenderedMap) -> tuple[str, int, str]:
    """The schema's own JSON of the map, with the rows' cached JSON put in its rows; and
    where the first row starts, and the separator between two."""
    assert text.current_version is not None  # noqa: S101 - texts get a version when created
    envelope = ConsensusMapOut(
        text=text.slug,
        version=text.current_version.number,
        agreed=rendered.agreed,
        economies=[d.economy.code for d in rendered.delegations],
        rows=[],
    ).model_dump_json()
    before, rows, after = envelope.rpartition('"rows":[]')
    assert rows  # noqa: S101 - the schema has a list of rows
    head = f'{before}"rows":['
    return f"{head}{','.join(rendered.bodies)}]{after}", len(head), ","
