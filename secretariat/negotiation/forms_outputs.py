"""Forms of the redline and reservations pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import ReservationKind


class RedlineForm(forms.Form):
    """Two version numbers of one text (the choices are its versions)."""

    before = forms.TypedChoiceField(label=_("From version"), coerce=int)
    after = forms.TypedChoiceField(label=_("To version"), coerce=int)
    changes_only = forms.BooleanField(label=_("Only paragraphs that changed"), required=False)

    def __init__(self, *args, numbers=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        choices = [(n, _("version %(number)s") % {"number": n}) for n in numbers]
        self.fields["before"].choices = choices  # type: ignore[attr-defined]
        self.fields["after"].choices = choices  # type: ignore[attr-defined]


class ReservationForm(forms.Form):
    economy = forms.ChoiceField(label=_("On behalf of"), required=False)
    eid = forms.ChoiceField(label=_("Paragraph"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ReservationKind.choices)
    statement = forms.CharField(
        label=_("Statement (English)"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, economies=(), paragraphs=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if economies:
            self.fields["economy"].choices = [(code, code) for code in economies]  # type: ignore[attr-defined]
            self.fields["economy"].required = True
        else:
            del self.fields["economy"]
        paragraph_choices = [("", _("the whole text"))] + [
            (eid, _("paragraph %(num)s") % {"num": num} if num else eid) for eid, num in paragraphs
        ]
        self.fields["eid"].choices = paragraph_choices  # type: ignore[attr-defined]
