from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.form_fields import BoundedIntegerField

from .choices import Category


class AccreditForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person to accredit"), coerce=int)

    def __init__(self, *args, candidates=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            (person.pk, f"{person} ({person.economy.code})") for person in candidates
        ]


class ApplyForm(forms.Form):
    category = forms.ChoiceField(
        label=_("I come as"),
        choices=[(c, label) for c, label in Category.choices if c != Category.DELEGATE],
    )
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=100)
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=100)


class QuotaForm(forms.Form):
    economy = forms.CharField(label=_("Economy code"), max_length=2, min_length=2)
    delegate_quota = forms.IntegerField(label=_("Delegates"), min_value=0, max_value=500)


class DecisionForm(forms.Form):
    version = BoundedIntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approved", _("approve")), ("rejected", _("reject"))])
    note = forms.CharField(label=_("Reason"), required=False, max_length=500)


class VersionForm(forms.Form):
    """A state change carries the version it was based on, so it cannot act on stale data."""

    version = BoundedIntegerField(widget=forms.HiddenInput)


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
