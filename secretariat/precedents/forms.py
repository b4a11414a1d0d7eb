from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.form_fields import BoundedIntegerField

from .selectors import MAX_DRAFT


class DraftForm(forms.Form):
    q = forms.CharField(
        label=_("Draft wording"),
        max_length=MAX_DRAFT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InsertPrecedentForm(forms.Form):
    precedent = BoundedIntegerField(widget=forms.HiddenInput)
