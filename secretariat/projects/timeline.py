"""The milestone timeline, drawn on the server as SVG from the same rows the table beside it
shows: one bar per milestone from the project's start to its due date, a line for today."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from secretariat.core.i18n import resolve

from .models import Milestone

WIDTH = 640
ROW = 28
LEFT = 8


@dataclass(frozen=True)
class Bar:
    label: str
    due_on: date
    state: str
    state_label: str
    overdue: bool
    x: int
    y: int
    width: int


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    height: int
    today_x: int | None
    start: date
    end: date
    description: str


def _x(day: date, start: date, span: int) -> int:
    return LEFT + round((WIDTH - 2 * LEFT) * (day - start).days / span)


def build(milestones: list[Milestone], started: date, today: date, state: str) -> Timeline | None:
    """``state``: the project's lifecycle state, named in the figure's description."""
    if not milestones:
        return None
    start = min([started, *(m.due_on for m in milestones)])
    end = max([today, *(m.due_on for m in milestones)])
    span = max((end - start).days, 1)
    bars = [
        Bar(
            label=resolve(m.title).text,
            due_on=m.due_on,
            state=m.state,
            state_label=m.get_state_display(),
            overdue=m.is_overdue_on(today),
            x=LEFT,
            y=8 + index * ROW,
            width=max(_x(m.due_on, start, span) - LEFT, 4),
        )
        for index, m in enumerate(milestones)
    ]
    overdue = sum(1 for bar in bars if bar.overdue)
    done = sum(1 for bar in bars if bar.state == "done")
    description = _(
        "State: %(state)s. %(count)d milestones from %(start)s to %(end)s: %(done)d done, "
        "%(overdue)d overdue."
    ) % {
        "state": state,
        "count": len(bars),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "done": done,
        "overdue": overdue,
    }
    return Timeline(
        bars=bars,
        height=16 + len(bars) * ROW,
        today_x=_x(today, start, span) if start <= today <= end else None,
        start=start,
        end=end,
        description=description,
    )
