"""The secretariat's form that derestricts a text's negotiating record: it checks the shape;
the service decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import TextVersionForm
from .services_record import DECISION_MAX_LENGTH


class RecordDerestrictionForm(TextVersionForm):
    decision = forms.CharField(
        label=_("Decision (its reference)"),
        max_length=DECISION_MAX_LENGTH,
        help_text=_("For example: DAIB decision 2026/3, paragraph 4."),
    )
