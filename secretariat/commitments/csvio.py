"""CSV out (every figure of a heat map) and in (scores, validated row by row: one bad row
and nothing is imported, each bad row reported with its line number)."""

import csv
import io
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from secretariat.core.errors import DomainError, ValidationFailed
from secretariat.registry.models import Economy
from secretariat.registry.permissions import principal_for

from .choices import CommitmentState, Stage
from .figures import Figure
from .models import Cycle
from .selectors import HeatMap, commitments_visible_to

IMPORT_COLUMNS = ["commitment", "economy", "cycle", "stage", "value", "justification"]
EXPORT_COLUMNS = ["kind", "economy", "commitment", "theme", "score", "percent", "count"]


def _figure_row(
    kind: str, figure: Figure, economy: str = "", commitment: Any = "", theme: Any = ""
) -> list[Any]:
    data = figure.as_dict()
    return [
        kind,
        economy,
        commitment,
        theme,
        "" if data["score"] is None else f"{figure.mean}",
        "" if data["percent"] is None else data["percent"],
        data["count"],
    ]


def heat_map_rows(heat: HeatMap) -> list[list[Any]]:
    """Every figure the page shows: each cell, then the averages (empty where there is
    nothing to average)."""
    summary = heat.summary
    rows: list[list[Any]] = [EXPORT_COLUMNS]
    for economy, cells in heat.rows():
        for commitment, value, _bound in cells:
            if value is not None:
                rows.append(
                    ["cell", economy.code, commitment.pk, commitment.theme_id or "", value, "", 1]
                )
    for economy in heat.economies:
        rows.append(
            _figure_row(
                "economy", summary.by_economy.get(economy.pk, Figure(0, 0)), economy=economy.code
            )
        )
    for commitment in heat.commitments:
        rows.append(
            _figure_row(
                "commitment",
                summary.by_commitment.get(commitment.pk, Figure(0, 0)),
                commitment=commitment.pk,
            )
        )
    for theme in heat.themes:
        rows.append(
            _figure_row("theme", summary.by_theme.get(theme.pk, Figure(0, 0)), theme=theme.pk)
        )
    rows.append(_figure_row("overall", summary.overall))
    return rows


def to_csv(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def parse_scores(text: str, principal: Any) -> list[dict[str, Any]]:
    """Rows ready for ``services.record_score`` (with their ``line``), or
    ``ValidationFailed`` listing every bad row as ``line N`` (the header is line 1). Only
    commitments ``principal`` may see are known, as on the score page."""
    reader = _records(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != IMPORT_COLUMNS:
        raise ValidationFailed(
            _("The first line must name the columns: %(columns)s.")
            % {"columns": ",".join(IMPORT_COLUMNS)},
            errors={"line 1": [_("unexpected header")]},
        )
    commitments = {
        c.pk: c
        for c in commitments_visible_to(principal)
        .filter(state=CommitmentState.CONFIRMED)
        .select_related("text")
    }
    economies = {e.code: e for e in Economy.objects.all()}
    cycles = {str(c.pk): c for c in Cycle.objects.all()} | {c.name: c for c in Cycle.objects.all()}
    rows: list[dict[str, Any]] = []
    errors: dict[str, list[str]] = {}
    seen: set[tuple[Any, ...]] = set()
    for number, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        problems, row = _parse_row(raw, commitments, economies, cycles)
        key = (row.get("commitment"), row.get("economy"), row.get("cycle"), row.get("stage"))
        if not problems and key in seen:
            problems.append(_("the same economy, commitment, cycle and stage as an earlier line"))
        seen.add(key)
        if problems:
            errors[f"line {number}"] = problems
        else:
            rows.append(row | {"line": number})
    if errors:
        raise ValidationFailed(
            _("%(n)d line(s) cannot be imported; nothing was imported.") % {"n": len(errors)},
            errors=errors,
        )
    if not rows:
        raise ValidationFailed(_("The file holds no scores."), errors={"line 2": [_("missing")]})
    return rows


def _records(reader: Any) -> Any:
    """The reader's records; what the csv module cannot read (a field over its size limit)
    is a bad line, not a 500."""
    try:
        yield from reader
    except csv.Error as error:
        raise ValidationFailed(
            _("Line %(n)d cannot be read as CSV; nothing was imported.") % {"n": reader.line_num},
            errors={f"line {reader.line_num}": [str(error)]},
        ) from None


def _parse_row(
    raw: list[str], commitments: dict, economies: dict, cycles: dict
) -> tuple[list[str], dict]:
    if len(raw) != len(IMPORT_COLUMNS):
        return [
            _("expected %(n)d columns, found %(m)d") % {"n": len(IMPORT_COLUMNS), "m": len(raw)}
        ], {}
    values = dict(zip(IMPORT_COLUMNS, (cell.strip() for cell in raw), strict=True))
    problems: list[str] = []
    row: dict[str, Any] = {}
    number = values["commitment"]
    # isascii: "²".isdigit() is true, but int("²") raises.
    commitment = commitments.get(int(number)) if number.isascii() and number.isdigit() else None
    if commitment is None:
        problems.append(_("no confirmed commitment %(id)s") % {"id": values["commitment"]})
    economy = economies.get(values["economy"].upper())
    if economy is None:
        problems.append(_("no economy %(code)s") % {"code": values["economy"]})
    cycle = cycles.get(values["cycle"])
    if cycle is None:
        problems.append(_("no cycle %(cycle)s") % {"cycle": values["cycle"]})
    if values["stage"] not in Stage.values:
        problems.append(_("stage must be interim or final"))
    value = {"-1": -1, "−1": -1, "0": 0, "1": 1, "+1": 1}.get(values["value"])
    if value is None:
        problems.append(_("value must be -1, 0 or +1"))
    if not values["justification"]:
        problems.append(_("a justification is required"))
    row = {
        "commitment": commitment,
        "economy": economy,
        "cycle": cycle,
        "stage": values["stage"],
        "value": value,
        "justification": values["justification"],
    }
    return problems, row


def import_scores(*, actor: Any, text: str) -> int:
    """All rows or none."""
    from .services import record_score

    rows = parse_scores(text, principal_for(actor))
    with transaction.atomic():
        for row in rows:
            line = row.pop("line")
            try:
                record_score(actor=actor, **row)
            except DomainError as error:  # e.g. a published final score: still its line
                raise ValidationFailed(
                    _("%(n)d line(s) cannot be imported; nothing was imported.") % {"n": 1},
                    errors={f"line {line}": [error.detail]},
                ) from None
    return len(rows)
