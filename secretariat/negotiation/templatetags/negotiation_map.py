"""The consensus map's short labels (``choices.SHORT_*``): the pills and cells show them, the
legend and assistive technology get the full wording."""

from django import template

from secretariat.negotiation.choices import SHORT_STANCE_LABELS, SHORT_STATE_LABELS

register = template.Library()


@register.filter
def short_state(state: str) -> str:
    return str(SHORT_STATE_LABELS.get(state, state))


@register.filter
def short_stance(stance: str) -> str:
    return str(SHORT_STANCE_LABELS.get(stance, stance))


@register.filter
def overdue_on(position, today):  # type: ignore[no-untyped-def]
    """Whether a map cell's ad referendum position is past its confirmation date."""
    return today is not None and position.overdue_on(today)


@register.filter
def awaiting_confirmation(row):  # type: ignore[no-untyped-def]
    """A map row's ad referendum positions on the current wording: (economy code, position)."""
    return [
        (delegation.economy.code, position)
        for delegation, position in row.cells
        if position is not None and position.ad_referendum and not position.stale
    ]
