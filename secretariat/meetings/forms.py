from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Classification, DocumentPurpose


class DocumentForm(forms.Form):
    """A new document: a file or a link, with the facts of its cover page."""

    title = forms.CharField(label=_("Title (English)"), max_length=500)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=DocumentPurpose.choices)
    classification = forms.ChoiceField(label=_("Classification"), choices=Classification.choices)
    agenda_item = forms.TypedChoiceField(
        label=_("Agenda item"), required=False, coerce=int, empty_value=None
    )
    forum = forms.TypedChoiceField(
        label=_("Forum segment of the number"), required=False, coerce=int, empty_value=None
    )
    submitted_by_economy = forms.TypedChoiceField(
        label=_("Submitted by economy"), required=False, coerce=int, empty_value=None
    )
    derestrict_on = forms.DateField(
        label=_("Derestriction date (restricted documents)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(
        label=_("File (PDF, DOCX, XLSX or PPTX)"), required=False, allow_empty_file=True
    )

    def __init__(self, *args, agenda=(), fora=(), economies=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        none = [("", "—")]
        choices = {
            "agenda_item": [(item.pk, str(item)) for item in agenda],
            "forum": [(forum.pk, forum.abbreviation) for forum in fora],
            "submitted_by_economy": [(economy.pk, str(economy)) for economy in economies],
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = none + options
