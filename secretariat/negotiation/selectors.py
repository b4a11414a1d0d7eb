"""Reads that decide visibility, and the consensus map in a fixed number of queries."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from secretariat.registry.models import Delegation

from . import consensus
from .choices import AmendmentState, Classification, ParagraphState, Stance
from .models import Amendment, Paragraph, Position, Text, Version

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal


def texts_visible_to(principal: "Principal") -> QuerySet[Text]:
    texts = Text.objects.select_related("forum", "current_version")
    if principal.is_secretariat:
        return texts
    return texts.filter(
        Q(classification=Classification.PUBLISHED) | Q(forum_id__in=principal.forum_ids)
    )


def amendments_visible_to(principal: "Principal", text: Text) -> QuerySet[Amendment]:
    """Submitted proposals to everyone who sees the text; drafts to their own economy only."""
    amendments = (
        Amendment.objects.filter(text=text)
        .select_related("proposer__economy", "provision")
        .prefetch_related("co_sponsors__economy")
    )
    return amendments.filter(
        ~Q(state=AmendmentState.DRAFT) | Q(proposer__economy_id__in=principal.economy_ids)
    )


@dataclass(frozen=True)
class CurrentPosition:
    """The few fields of a current position the map needs (read without model instances:
    a 300-paragraph text has 6,300 of them)."""

    id: int
    stance: str
    ad_referendum: bool
    wording_hash: str

    @property
    def stance_label(self) -> str:
        return str(Stance(self.stance).label)


@dataclass(frozen=True)
class MapRow:
    paragraph: Paragraph
    verdict: consensus.Verdict
    cells: list[tuple[Delegation, CurrentPosition | None]]
    open_amendments: int

    @property
    def is_open(self) -> bool:
        return self.verdict.state != ParagraphState.AGREED


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
        columns = {d.pk for d in delegations}
        rows = [row for row in self.rows if row.is_open or not only_open]
        return delegations, [
            (row, [(d, p) for d, p in row.cells if d.pk in columns]) for row in rows
        ]


def consensus_map(text: Text, version: Version | None = None) -> ConsensusMap:
    """Paragraphs × delegations with each current position and each paragraph's state:
    four queries whatever the text's size."""
    version = version or text.current_version
    assert version is not None  # noqa: S101 - texts get a version when created
    paragraphs = list(version.paragraphs.select_related("provision").order_by("order"))
    delegations = list(
        Delegation.objects.filter(forum_id=text.forum_id)
        .select_related("economy")
        .order_by("economy__code")
    )
    positions = Position.objects.filter(
        provision__text=text, superseded_at__isnull=True
    ).values_list("provision_id", "delegation_id", "id", "stance", "ad_referendum", "wording_hash")
    current = {(row[0], row[1]): CurrentPosition(*row[2:]) for row in positions}
    open_states = [AmendmentState.SUBMITTED, AmendmentState.UNDER_CONSIDERATION]
    amendment_counts = dict(
        Amendment.objects.filter(text=text, state__in=open_states, provision__isnull=False)
        .values_list("provision_id")
        .annotate(n=Count("id"))
        .values_list("provision_id", "n")
    )
    competing = {p.alternative_to_id for p in paragraphs if p.alternative_to_id}
    competing |= {p.provision_id for p in paragraphs if p.alternative_to_id}
    expected = [delegation.pk for delegation in delegations]
    adopted = text.adopted_at is not None
    rows = []
    for paragraph in paragraphs:
        cells = {}
        for delegation in delegations:
            position = current.get((paragraph.provision_id, delegation.pk))
            if position is not None:
                cells[delegation.pk] = consensus.Cell(
                    stance=position.stance,
                    ad_referendum=position.ad_referendum,
                    stale=position.wording_hash != paragraph.content_hash,
                )
        verdict = consensus.derive_state(
            rule=text.consensus_rule,
            content=paragraph.content,
            competing=paragraph.provision_id in competing,
            cells=cells,
            expected=expected,
            package_mode=text.package_mode,
            adopted=adopted,
        )
        rows.append(
            MapRow(
                paragraph,
                verdict,
                [(d, current.get((paragraph.provision_id, d.pk))) for d in delegations],
                amendment_counts.get(paragraph.provision_id, 0),
            )
        )
    return ConsensusMap(text=text, version=version, delegations=delegations, rows=rows)
