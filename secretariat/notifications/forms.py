from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.form_fields import BoundedIntegerField

from .choices import Topic


class PreferenceForm(forms.Form):
    """The topics to receive; a save carries the version it started from."""

    receives = forms.MultipleChoiceField(
        label=_("E-mail me about"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = BoundedIntegerField(widget=forms.HiddenInput)
