from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.form_fields import BoundedIntegerField

from .choices import ForumKind, OrganisationKind


class EconomyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all kinds")), *OrganisationKind.choices]
    )


class ForumFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all kinds")), *ForumKind.choices]
    )


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class AccreditForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person to accredit"), coerce=int)

    def __init__(self, *args, candidates=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(person.pk, str(person)) for person in candidates]


class NoteForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Note"), required=False, max_length=10000, widget=forms.Textarea)


class NoteEditForm(NoteForm):
    """An edit carries the version it started from, so a later save cannot overwrite."""

    version = BoundedIntegerField(widget=forms.HiddenInput)
