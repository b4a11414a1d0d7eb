from django.db import models
from django.utils.translation import gettext_lazy as _


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("draft")
    CIRCULATED = "circulated", _("circulated")
    APPROVED = "approved", _("approved")
    LOCKED = "locked", _("locked")


# The workflow as data. Circulated minutes may go back to draft for more changes; locked
# minutes are final.
NEXT_STATES: dict[str, frozenset[str]] = {
    MinutesState.DRAFT: frozenset({MinutesState.CIRCULATED}),
    MinutesState.CIRCULATED: frozenset({MinutesState.DRAFT, MinutesState.APPROVED}),
    MinutesState.APPROVED: frozenset({MinutesState.LOCKED}),
    MinutesState.LOCKED: frozenset(),
}
# The text may change while the minutes are a draft or out for comments.
EDITABLE_STATES = frozenset({MinutesState.DRAFT, MinutesState.CIRCULATED})
# Approved and locked minutes are as public as their meeting.
PUBLISHED_STATES = frozenset({MinutesState.APPROVED, MinutesState.LOCKED})


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
