from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.form_fields import BoundedIntegerField

from .choices import ActionStatus, MinutesState
from .models import MAX_BODY


class TextForm(forms.Form):
    """An edit carries the revision it started from; ``confirm_base_revision`` is sent by
    the "keep my text" button after a conflict, once the editor has seen the other text."""

    body = forms.CharField(
        label=_("Text of the minutes"),
        required=False,
        max_length=MAX_BODY,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
    )
    base_revision = BoundedIntegerField(widget=forms.HiddenInput, min_value=0)
    confirm_base_revision = BoundedIntegerField(
        widget=forms.HiddenInput, min_value=0, required=False
    )

    def base(self) -> int:
        confirmed = self.cleaned_data.get("confirm_base_revision")
        return confirmed if confirmed is not None else self.cleaned_data["base_revision"]


class TransitionForm(forms.Form):
    version = BoundedIntegerField(widget=forms.HiddenInput)
    state = forms.ChoiceField(choices=MinutesState.choices)


class ActionItemForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=1000)
    forum = forms.TypedChoiceField(label=_("Forum"), coerce=int)
    economy = forms.TypedChoiceField(
        label=_("Economy"), coerce=int, required=False, empty_value=None
    )
    due_date = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, fora=(), economies=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["forum"].choices = [(f.pk, f.abbreviation) for f in fora]
        self.fields["economy"].choices = [("", _("none"))] + [(e.pk, e.code) for e in economies]


class ActionStatusForm(forms.Form):
    version = BoundedIntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=ActionStatus.choices)
