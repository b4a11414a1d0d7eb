"""Reads that decide visibility, and the consensus map in a fixed number of queries."""

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import connection
from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast

from secretariat.core.prepared import Prepared, prepared_cursor
from secretariat.registry.models import Delegation

from . import consensus
from .choices import AmendmentState, Classification, ParagraphState, Stance
from .models import Amendment, Paragraph, Position, Text, Version

if TYPE_CHECKING:
    from collections.abc import Collection

    from secretariat.registry.permissions import Principal


def texts_visible_to(principal: "Principal") -> QuerySet[Text]:
    return _visible_texts(principal.is_secretariat, tuple(sorted(principal.forum_ids)))


def _visible_texts(everything: bool, forum_ids: tuple[int, ...]) -> QuerySet[Text]:
    """Published texts to everyone; the others to the members of their forum; all of them
    to the secretariat (``everything``)."""
    texts = Text.objects.select_related("forum", "current_version")
    if everything:
        return texts
    return texts.filter(Q(classification=Classification.PUBLISHED) | Q(forum_id__in=forum_ids))


# Every page and API operation on a text reads it first: built once per process.
_VISIBLE_TEXT: Prepared[Text] = Prepared(
    lambda slug, everything, forum_ids: (
        _visible_texts(everything, forum_ids).filter(slug=slug).order_by()[:1]
    ),
    "slug",
    "everything",
    "forum_ids",
)


def visible_text(principal: "Principal", slug: str) -> Text | None:
    """The text ``slug`` if ``texts_visible_to(principal)`` holds it."""
    found = _VISIBLE_TEXT.objects(
        slug=slug,
        everything=principal.is_secretariat,
        forum_ids=tuple(sorted(principal.forum_ids)),
    )
    return found[0] if found else None


def anonymous_outcome_head(slug: str) -> tuple[int, int] | None:
    """``(id, version)`` of the text a signed-out reader reads as its outcome page (published,
    record not derestricted; see ``permissions.may_see_record``), else None. Plain SQL: the
    ORM's compiling would cost more than the cached page it leads to."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, version FROM {Text._meta.db_table} "  # noqa: S608 - our table name
            "WHERE slug = %s AND classification = %s AND record_derestricted_at IS NULL",
            [slug, Classification.PUBLISHED],
        )
        row = cursor.fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


_TEXT_FOR_OUTCOME: Prepared[Text] = Prepared(
    lambda text: (
        Text.objects.filter(pk=text).select_related("forum", "current_version").order_by()[:1]
    ),
    "text",
)


def text_for_outcome_page(text_id: int) -> Text | None:
    """The text as ``texts_visible_to`` reads it, by a query built once per process."""
    found = _TEXT_FOR_OUTCOME.objects(text=text_id)
    return found[0] if found else None


def amendments_visible_to(principal: "Principal", text: Text) -> QuerySet[Amendment]:
    """Submitted proposals to everyone who sees the text's negotiating record; one never
    submitted (a draft, or a draft withdrawn) to its own economy only."""
    from .permissions import may_see_record  # permissions reads this module

    if not may_see_record(principal, text):
        return Amendment.objects.none()
    amendments = (
        Amendment.objects.filter(text=text)
        .select_related("proposer__economy", "provision")
        .prefetch_related("co_sponsors__economy")
    )
    return amendments.filter(
        Q(submitted_at__isnull=False) | Q(proposer__economy_id__in=principal.economy_ids)
    )


class CurrentPosition(NamedTuple):
    """The few fields of a current position the map needs (read as plain rows, without model
    instances: a 300-paragraph text has 6,300 of them, and a tuple is cheap to make)."""

    id: int
    stance: str
    ad_referendum: bool
    stale: bool  # answered an earlier wording than the version's (as ``consensus.Cell``)
    confirm_by: date | None = None  # an ad referendum position's confirmation date

    @property
    def stance_label(self) -> str:
        return str(Stance(self.stance).label)

    def overdue_on(self, today: date) -> bool:
        """An ad referendum still counted (on the current wording) past its confirmation date."""
        return (
            self.ad_referendum
            and not self.stale
            and self.confirm_by is not None
            and self.confirm_by < today
        )


class Wording(NamedTuple):
    """What a map row reads of a paragraph's wording, as a plain row (see ``Paragraph``):
    its content as the stored JSON text, decoded only if it may hold brackets."""

    provision_id: int
    eid: str
    num: str
    content_hash: str
    content_json: str

    @property
    def content(self) -> list[dict[str, Any]]:
        return json.loads(self.content_json)  # type: ignore[no-any-return]

    @property
    def bracketed(self) -> bool:
        """As ``Paragraph.bracketed``."""
        return consensus.has_open_brackets_in_json(self.content_json)

    @property
    def provision(self) -> "Wording":
        """As ``Paragraph.provision`` for what the map reads of it (``provision.eid``)."""
        return self


@dataclass(frozen=True)
class MapRow:
    paragraph: "Paragraph | Wording"
    verdict: consensus.Verdict
    # Each column's current position (None: none), in the order of ``delegations``: the
    # (delegation, position) pairs are made only for the readers that ask for ``cells`` — a
    # 300-paragraph map has 6,300 of them, and the JSON rendering needs none.
    positions: list[CurrentPosition | None]
    open_amendments: int
    codes: tuple[str, ...]  # the cells' economy codes, in order (one tuple for a map)
    delegations: list[Delegation]  # the columns (one list for a map)

    @property
    def cells(self) -> list[tuple[Delegation, CurrentPosition | None]]:
        return list(zip(self.delegations, self.positions, strict=True))

    @property
    def is_open(self) -> bool:
        return self.verdict.state != ParagraphState.AGREED

    def cells_for(
        self, economy_ids: frozenset[int] | None
    ) -> list[tuple[Delegation, CurrentPosition | None]]:
        """The row's cells for the economies shown (None: every economy)."""
        if economy_ids is None:
            return self.cells
        return [(d, p) for d, p in self.cells if d.economy_id in economy_ids]


@dataclass(frozen=True)
class ConsensusMap:
    text: Text
    version: Version
    delegations: list[Delegation]
    rows: list[MapRow]

    @property
    def agreed(self) -> bool:
        return consensus.text_is_agreed(row.verdict for row in self.rows)

    @property
    def open_eids(self) -> list[str]:
        """Paragraphs not yet agreed outright: what stands between the text and adoption."""
        return [row.paragraph.provision.eid for row in self.rows if row.is_open]

    def filtered(
        self, *, only_open: bool, economy_ids: frozenset[int] | None
    ) -> tuple[
        list[Delegation], list[tuple[MapRow, list[tuple[Delegation, CurrentPosition | None]]]]
    ]:
        """The map's columns and rows for the page's filters (None: every economy)."""
        delegations = [
            d for d in self.delegations if economy_ids is None or d.economy_id in economy_ids
        ]
        rows = [row for row in self.rows if row.is_open or not only_open]
        return delegations, [(row, row.cells_for(economy_ids)) for row in rows]


@dataclass(frozen=True)
class MapFrame:
    """What every row of a version's map depends on besides its own paragraph (its wording,
    the positions on it and the open proposals against it): the paragraphs in order, those
    a whole alternative competes with, and the delegations that answer; and, per paragraph,
    what of its wording its row shows or depends on (``signatures``)."""

    eids: list[str]
    competing: frozenset[int]  # provision ids
    delegations: list[Delegation]
    # eid: its number, wording hash and whether it competes, in one string. A row computed
    # for one version stands in another where these are equal (its positions and proposals
    # belong to the provision, not the version).
    signatures: dict[str, str]
    provisions: dict[str, int]  # eid: provision id

    @property
    def columns(self) -> tuple[tuple[int, int, str], ...]:
        """What of the delegations a row's rendering shows or depends on."""
        return tuple((d.pk, d.economy_id, d.economy.code) for d in self.delegations)


OPEN_AMENDMENT_STATES = (AmendmentState.SUBMITTED, AmendmentState.UNDER_CONSIDERATION)


def row_basis(text: Text) -> tuple[str, str, bool, bool]:
    """What of the text every row depends on (``map_rows`` reads the rule, package mode and
    adoption; a row's page link, the slug)."""
    return (text.slug, text.consensus_rule, text.package_mode, text.adopted_at is not None)


_FRAME_PARAGRAPHS = Prepared(
    lambda version: (
        Paragraph.objects.filter(version_id=version)
        .order_by("order")
        .values_list("provision__eid", "provision_id", "alternative_to_id", "num", "content_hash")
    ),
    "version",
)
_DELEGATIONS: Prepared[Delegation] = Prepared(
    lambda forum: (
        Delegation.objects.filter(forum_id=forum)
        .select_related("economy")
        .order_by("economy__code")
    ),
    "forum",
)


def map_frame(text: Text, version: Version) -> MapFrame:
    paragraphs = _FRAME_PARAGRAPHS.rows(version=version.pk)
    competing = frozenset(
        provision
        for _, provision_id, alternative_to_id, _, _ in paragraphs
        if alternative_to_id
        for provision in (provision_id, alternative_to_id)
    )
    return MapFrame(
        eids=[eid for eid, *_ in paragraphs],
        competing=competing,
        delegations=_DELEGATIONS.objects(forum=text.forum_id),
        signatures={
            eid: f"{content_hash}:{int(provision_id in competing)}:{num}"
            for eid, provision_id, _, num, content_hash in paragraphs
        },
        provisions={eid: provision_id for eid, provision_id, *_ in paragraphs},
    )


_OPEN_AMENDMENTS = Prepared(
    lambda text, provisions, every: (
        Amendment.objects.filter(
            *([] if every else [Q(provision_id__in=provisions)]),
            text_id=text,
            state__in=OPEN_AMENDMENT_STATES,
        )
        .order_by()
        .values_list("provision_id")
        .annotate(n=Count("id"))
    ),
    "text",
    "provisions",
    "every",
)


def open_amendment_counts(text: Text, provision_ids: "Collection[int] | None") -> dict[int, int]:
    """Proposals submitted or under consideration per provision (of ``provision_ids``, if
    given), counted by the database."""
    every = provision_ids is None
    provisions = () if provision_ids is None else tuple(sorted(provision_ids))
    return dict(_OPEN_AMENDMENTS.rows(text=text.pk, provisions=provisions, every=every))


_WORDINGS: Prepared[Paragraph] = Prepared(
    lambda version: (
        Paragraph.objects.filter(version_id=version).select_related("provision").order_by("order")
    ),
    "version",
)

# The text's id too: the provision is then found by its (text, eid) key, not by reading every
# paragraph of the version for the one with that eid.
_WORDING: Prepared[Paragraph] = Prepared(
    lambda version, text, eid: (
        Paragraph.objects.filter(version_id=version, provision__text_id=text, provision__eid=eid)
        .select_related("provision")
        .order_by("order")
    ),
    "version",
    "text",
    "eid",
)


def wordings(version: Version, eids: "Collection[str] | None" = None) -> list[Paragraph]:
    """The version's paragraphs in order (only those of ``eids``, if given)."""
    if eids is None:  # every paragraph (the text's page): a prepared read
        paragraphs = _WORDINGS.objects(version=version.pk)
        for paragraph in paragraphs:  # as ``version.paragraphs`` gives them
            paragraph._state.fields_cache["version"] = version
        return paragraphs
    if len(eids) == 1:  # one paragraph (its own page, a live update of its row): prepared
        (eid,) = eids
        paragraphs = _WORDING.objects(version=version.pk, text=version.text_id, eid=eid)
        for paragraph in paragraphs:
            paragraph._state.fields_cache["version"] = version
        return paragraphs
    found = version.paragraphs.select_related("provision").order_by("order")
    return list(found.filter(provision__eid__in=list(eids)))


_MAP_WORDINGS = Prepared(
    lambda version, provisions, every: (
        Paragraph.objects.filter(
            *([] if every else [Q(provision_id__in=provisions)]), version_id=version
        )
        .order_by("order")
        # The content as stored, not decoded: most paragraphs' need not be (``Wording``).
        .annotate(content_json=Cast("content", TextField()))
        .values_list("provision_id", "provision__eid", "num", "content_hash", "content_json")
    ),
    "version",
    "provisions",
    "every",
)


def map_wordings(version: Version, provision_ids: "Collection[int] | None" = None) -> list[Wording]:
    """The version's paragraphs in order as the map reads them (only those of
    ``provision_ids``, if given)."""
    every = provision_ids is None
    provisions = () if provision_ids is None else tuple(sorted(provision_ids))
    rows = _MAP_WORDINGS.rows(version=version.pk, provisions=provisions, every=every)
    return [Wording._make(row) for row in rows]


def consensus_map(
    text: Text, version: Version | None = None, *, only_eids: "Collection[str] | None" = None
) -> ConsensusMap:
    """Paragraphs × delegations with each current position and each paragraph's state:
    five queries whatever the text's size. ``only_eids`` narrows it to those paragraphs (a
    live update of one row) — but competing alternatives still count, so their state is
    the same as in the whole map."""
    version = version or text.current_version
    assert version is not None  # noqa: S101 - texts get a version when created
    return map_rows(text, version, map_frame(text, version), wordings(version, only_eids))


def map_rows(
    text: Text,
    version: Version,
    frame: MapFrame,
    paragraphs: "list[Paragraph] | list[Wording]",
    *,
    every_paragraph: bool | None = None,
) -> ConsensusMap:
    """The map's rows for ``paragraphs`` of ``version`` (all of them, or some), given the
    version's ``frame``: two queries, the current positions on them and the open proposals
    against them, read as plain rows."""
    if every_paragraph is None:
        every_paragraph = len(paragraphs) == len(frame.eids)
    provision_ids = [p.provision_id for p in paragraphs]
    current = _current_positions(version, None if every_paragraph else provision_ids)
    counts = open_amendment_counts(text, None if every_paragraph else provision_ids)
    competing, delegations = frame.competing, frame.delegations
    keys = [delegation.pk for delegation in delegations]
    answering = frozenset(keys)
    adopted = text.adopted_at is not None
    rule, package_mode = text.consensus_rule, text.package_mode
    codes = tuple(delegation.economy.code for delegation in delegations)
    rows = []
    for paragraph in paragraphs:
        on_paragraph = current.get(paragraph.provision_id, {})
        if not on_paragraph.keys() <= answering:  # a delegation no longer in the forum
            on_paragraph = {k: v for k, v in on_paragraph.items() if k in answering}
        verdict = consensus.derive_state(
            rule=rule,
            bracketed=paragraph.bracketed,
            competing=paragraph.provision_id in competing,
            cells=on_paragraph,  # a current position reads as the rule's cell
            expected=answering,
            package_mode=package_mode,
            adopted=adopted,
        )
        rows.append(
            MapRow(
                paragraph,
                verdict,
                list(map(on_paragraph.get, keys)),
                counts.get(paragraph.provision_id, 0),
                codes,
                delegations,
            )
        )
    return ConsensusMap(text=text, version=version, delegations=delegations, rows=rows)


# A cell's stance, ad referendum and stale flags as one integer, and back.
_CELL_CODE_SQL = (
    "(CASE p.stance "
    + " ".join(f"WHEN '{stance}' THEN {n}" for n, stance in enumerate(Stance.values))
    + " END) * 4 + (CASE WHEN p.ad_referendum THEN 2 ELSE 0 END)"
    + " + (CASE WHEN p.wording_hash <> w.content_hash THEN 1 ELSE 0 END)"
)
_CELLS_BY_CODE = {
    n * 4 + ad_referendum * 2 + stale: (stance, bool(ad_referendum), bool(stale))
    for n, stance in enumerate(Stance.values)
    for ad_referendum in (0, 1)
    for stale in (0, 1)
}


# A cell's code takes five bits (``_CELLS_BY_CODE``), below its position's id.
_CODE_BITS = 5
assert max(_CELLS_BY_CODE) < 1 << _CODE_BITS  # noqa: S101 - a new stance must still fit


def _current_positions(
    version: Version, provision_ids: list[int] | None
) -> dict[int, dict[int, CurrentPosition]]:
    """The current positions on the version's paragraphs (of ``provision_ids``, if given),
    by provision and delegation (``current_position_codes``, with the confirmation dates of
    the few ad referendum positions read apart)."""
    fetched = current_position_codes(version, provision_ids)
    current: dict[int, dict[int, CurrentPosition]] = {}
    cells, mask = _CELLS_BY_CODE, (1 << _CODE_BITS) - 1
    # tuple.__new__ rather than the named tuple's keyword constructor: thousands of them.
    make, position_type = tuple.__new__, CurrentPosition
    on_paragraph: dict[int, CurrentPosition] = {}
    last = None
    ad_referendum: list[tuple[int, int]] = []
    for provision_id, delegation_id, packed in fetched:
        if provision_id != last:  # a paragraph's rows mostly come together: look up once
            last = provision_id
            on_paragraph = current.get(provision_id)  # type: ignore[assignment]
            if on_paragraph is None:
                on_paragraph = current[provision_id] = {}
        cell = cells[packed & mask]
        on_paragraph[delegation_id] = make(position_type, (packed >> _CODE_BITS, *cell, None))
        if cell[1]:
            ad_referendum.append((provision_id, delegation_id))
    if ad_referendum:
        _add_confirmation_dates(current, ad_referendum)
    return current


def current_position_codes(
    version: Version, provision_ids: "Collection[int] | None"
) -> list[tuple[int, int, int]]:
    """The current positions on the version's paragraphs (of ``provision_ids``, if given),
    each as three integers: its provision, its delegation, and its position's id shifted by
    ``CODE_BITS`` with its cell's code below (``CELLS_BY_CODE``: stance, ad referendum, and
    whether it answers an older wording than the version's). Plain SQL: thousands of rows,
    and the ORM's per-row conversions cost more than the query; fetching the values costs
    more than finding them, and every column more (a 300-paragraph map has 6,300 cells), so
    whether a position is stale is worked out by the database and the hashes do not
    travel."""
    position, paragraph = Position._meta.db_table, Paragraph._meta.db_table
    sql = (
        f"SELECT p.provision_id, p.delegation_id, p.id * {1 << _CODE_BITS} + {_CELL_CODE_SQL}"  # noqa: S608 - table names from the models
        f" FROM {paragraph} w JOIN {position} p"
        f" ON p.provision_id = w.provision_id AND p.superseded_at IS NULL"
        f" WHERE w.version_id = %s"
    )
    params: list[int] = [version.pk]
    if provision_ids is not None:
        if not provision_ids:
            return []
        sql += f" AND w.provision_id IN ({', '.join(['%s'] * len(provision_ids))})"
        params += provision_ids
    with prepared_cursor(connection) as cursor:  # planned once per connection on PostgreSQL
        cursor.execute(sql, params)
        return cursor.fetchall()  # type: ignore[no-any-return]


CODE_BITS, CELLS_BY_CODE = _CODE_BITS, _CELLS_BY_CODE


def _add_confirmation_dates(
    current: dict[int, dict[int, CurrentPosition]], ad_referendum: list[tuple[int, int]]
) -> None:
    """Each ad referendum position's confirmation date, read by id (one query)."""
    cells = {
        current[provision][delegation].id: (provision, delegation)
        for provision, delegation in ad_referendum
    }
    dates = Position.objects.filter(pk__in=list(cells)).values_list("pk", "confirm_by")
    for pk, confirm_by in dates:
        provision, delegation = cells[pk]
        current[provision][delegation] = current[provision][delegation]._replace(
            confirm_by=confirm_by
        )


def consensus_report(consensus_map: ConsensusMap) -> dict:
    """Where consensus stands, paragraph by paragraph: the state and which economies hold
    which stance. Plain data, so it can be frozen with a chair's statement."""
    paragraphs = []
    for row in consensus_map.rows:
        by_stance: dict[str, list[str]] = {stance: [] for stance in Stance.values}
        stale: list[str] = []
        for delegation, position in row.cells:
            code = delegation.economy.code
            if position is None:
                by_stance[Stance.NO_INSTRUCTION].append(code)
            elif position.stale:
                stale.append(code)
            else:
                by_stance[position.stance].append(code)
        paragraphs.append(
            {
                "eid": row.paragraph.provision.eid,
                "num": row.paragraph.num,
                "state": str(row.verdict.state),
                "positions": by_stance,
                "stale": stale,
            }
        )
    return {
        "version": consensus_map.version.number,
        "open": len(consensus_map.open_eids),
        "paragraphs": paragraphs,
    }


def report_for(text: Text) -> dict:
    """The frozen report of a chair's statement, or where consensus stands now."""
    if text.outcome_report:
        return {**text.outcome_report, "frozen": True}
    return {**consensus_report(consensus_map(text)), "frozen": False}


def silence_procedures(text: Text) -> QuerySet:
    from .models import SilenceProcedure

    return (
        SilenceProcedure.objects.filter(text=text)
        .select_related("version")
        .prefetch_related("breaks__delegation__economy")
    )


@dataclass(frozen=True)
class ParagraphDossier:
    """Everything about one paragraph: its row in the map, every position ever stated on it
    (newest first), the proposals against it the viewer may see, and its wording per version."""

    row: MapRow
    positions: list[Position]
    amendments: list[Amendment]
    wordings: list[Paragraph]


# The paragraph's page reads these on every view: prepared reads.
_PARAGRAPH_POSITIONS: Prepared[Position] = Prepared(
    lambda provision: (
        Position.objects.filter(provision_id=provision)
        .select_related("delegation__economy", "answered_version")
        .order_by("-created_at", "-pk")
    ),
    "provision",
)
_PARAGRAPH_WORDINGS: Prepared[Paragraph] = Prepared(
    lambda provision: (
        Paragraph.objects.filter(provision_id=provision)
        .select_related("version")
        .order_by("version__number")
    ),
    "provision",
)


def paragraph_dossier(principal: "Principal", text: Text, eid: str) -> ParagraphDossier | None:
    one_row = consensus_map(text, only_eids=[eid])
    if not one_row.rows:
        return None
    row = one_row.rows[0]
    assert isinstance(row.paragraph, Paragraph)  # noqa: S101 - consensus_map reads models
    provision = row.paragraph.provision
    positions = _PARAGRAPH_POSITIONS.objects(provision=provision.pk)
    amendments = list(
        amendments_visible_to(principal, text).filter(provision=provision).order_by("created_at")
    )
    wordings = _PARAGRAPH_WORDINGS.objects(provision=provision.pk)
    return ParagraphDossier(row, positions, amendments, wordings)
