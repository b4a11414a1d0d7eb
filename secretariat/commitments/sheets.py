"""Score sheets: each economy's current scores per cycle and stage, kept as data (see
``models.ScoreSheet``). ``keep`` runs inside the transaction of every score write;
``rebuild`` makes them all again from the scores (the ``rebuild_score_sheets`` command, the
benchmark's bulk seeding). Both read the scores as they stand, so a sheet never holds
anything but what the current scores say."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from .models import Score, ScoreSheet

# The sheet's column for each score value.
COLUMN = {1: "full", 0: "partial", -1: "none"}


def _columns(scores: Iterable[tuple[int, int]]) -> dict[str, list[int] | int]:
    """{column: sorted commitment ids, column_count: how many} from (commitment_id, value)
    pairs: a sheet's fields as the scores say."""
    columns: dict[str, list[int]] = {name: [] for name in COLUMN.values()}
    for commitment_id, value in scores:
        columns[COLUMN[value]].append(commitment_id)
    for ids in columns.values():
        ids.sort()
    counts = {f"{name}_count": len(ids) for name, ids in columns.items()}
    return {**columns, **counts}


def keep(*, cycle_id: int, economy_id: int, stage: str) -> None:
    """Write one sheet again from the current scores it covers. Call inside the transaction
    that changed them; the sheet's row is locked before the scores are read, so two
    assessors scoring the same economy at once write their sheets one after the other, the
    second seeing the first's score."""
    assert transaction.get_connection().in_atomic_block, "keep() belongs in the score's transaction"
    slot: dict[str, Any] = {"cycle_id": cycle_id, "economy_id": economy_id, "stage": stage}
    ScoreSheet.objects.get_or_create(**slot)
    sheet = ScoreSheet.objects.select_for_update().get(**slot)
    columns = _columns(
        Score.objects.filter(superseded_at__isnull=True, **slot).values_list(
            "commitment_id", "value"
        )
    )
    for name, value in columns.items():
        setattr(sheet, name, value)
    sheet.save(update_fields=list(columns))


def rebuild() -> int:
    """Every sheet again from the scores (those without current scores removed); returns
    how many there are."""
    grouped: dict[tuple[int, int, str], list[tuple[int, int]]] = defaultdict(list)
    for cycle_id, economy_id, stage, commitment_id, value in Score.objects.filter(
        superseded_at__isnull=True
    ).values_list("cycle_id", "economy_id", "stage", "commitment_id", "value"):
        grouped[(cycle_id, economy_id, stage)].append((commitment_id, value))
    with transaction.atomic():
        ScoreSheet.objects.all().delete()
        ScoreSheet.objects.bulk_create(
            (
                ScoreSheet(
                    cycle_id=cycle_id, economy_id=economy_id, stage=stage, **_columns(scores)
                )
                for (cycle_id, economy_id, stage), scores in grouped.items()
            ),
            batch_size=500,
        )
    return len(grouped)
