from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.form_fields import BoundedIntegerField

from .choices import Sector, SpeakerRole
from .models import validate_web_url


class SectorFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )


class ContactForm(forms.Form):
    message = forms.CharField(
        label=_("Your message to the exhibitor"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ExhibitorProfileForm(forms.Form):
    """What a company edits itself: sector, website and the English profile."""

    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[validate_web_url],
    )
    profile = forms.CharField(
        label=_("Profile (English)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    version = BoundedIntegerField(widget=forms.HiddenInput)


class SpeakerForm(forms.Form):
    """A speaker on the programme: a registry person or a name."""

    person = forms.TypedChoiceField(
        label=_("Person in the registry"), required=False, coerce=int, empty_value=None
    )
    name = forms.CharField(label=_("Or a name"), required=False, max_length=200)
    position = forms.CharField(label=_("Position (English)"), required=False, max_length=300)
    economy = forms.TypedChoiceField(
        label=_("Speaking for a government"), required=False, coerce=int, empty_value=None
    )
    organisation = forms.TypedChoiceField(
        label=_("Or for an organisation"), required=False, coerce=int, empty_value=None
    )
    role = forms.ChoiceField(label=_("Role"), choices=SpeakerRole.choices)
    session = forms.TypedChoiceField(
        label=_("Session"), required=False, coerce=int, empty_value=None
    )
    talk_title = forms.CharField(label=_("Talk (English)"), required=False, max_length=500)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=0)

    def __init__(self, *args, people=(), economies=(), organisations=(), sessions=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        none = [("", "—")]
        choices = {
            "person": [(p.pk, str(p)) for p in people],
            "economy": [(e.pk, str(e)) for e in economies],
            "organisation": [(o.pk, str(o)) for o in organisations],
            "session": [(s.pk, str(s)) for s in sessions],
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = none + options
