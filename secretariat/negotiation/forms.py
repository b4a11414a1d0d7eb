"""Forms of the negotiation pages: they check shapes; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.form_fields import BoundedIntegerField

from .choices import AmendmentKind, AmendmentState, Stance


class PositionForm(forms.Form):
    stance = forms.ChoiceField(label=_("Position"), choices=Stance.choices)
    ad_referendum = forms.BooleanField(label=_("Ad referendum (to be confirmed)"), required=False)
    confirm_by = forms.DateField(
        label=_("Confirm by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The current position the author saw (empty: none); a different one means 409.
    based_on = BoundedIntegerField(required=False, widget=forms.HiddenInput)


class AmendmentForm(forms.Form):
    eid = forms.RegexField(regex=r"^[a-z][a-z0-9_]{0,59}$", widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Proposal"), choices=AmendmentKind.choices)
    proposed_text = forms.CharField(
        label=_("Proposed wording"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AmendmentMoveForm(forms.Form):
    state = forms.ChoiceField(choices=AmendmentState.choices)
    version = BoundedIntegerField(widget=forms.HiddenInput)


class TextVersionForm(forms.Form):
    version = BoundedIntegerField(widget=forms.HiddenInput)


class SilenceForm(TextVersionForm):
    deadline = forms.DateTimeField(
        label=_("Silence until (UTC)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class SilenceBreakForm(forms.Form):
    reason = forms.CharField(
        label=_("Why your delegation breaks silence"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
