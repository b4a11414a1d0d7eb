"""The concept-note form and the small forms of the project and round pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import translations
from secretariat.core.schemas import MAX_ID

from .choices import FundingAccount, MilestoneState

MAX_AMOUNT = 10**12  # within the column (14 digits, 2 decimals)


class ConceptNoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    forum = forms.ChoiceField(label=_("Responsible forum"))
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), max_length=5000, widget=forms.Textarea, required=False
    )
    co_owning_fora = forms.MultipleChoiceField(label=_("Co-owning fora"), required=False)
    funding_account = forms.ChoiceField(label=_("Funding account"), choices=FundingAccount.choices)
    funding_amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        max_value=MAX_AMOUNT,
        required=False,
    )
    funding_currency = forms.RegexField(
        label=_("Currency"), regex=r"^[A-Za-z]{3}$", initial="USD", max_length=3
    )

    def __init__(self, *args: Any, kinds: Any, fora: Any, all_fora: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.slug, str(k)) for k in kinds]
        self.fields["forum"].choices = [(f.slug, f.abbreviation) for f in fora]
        self.fields["co_owning_fora"].choices = [(f.slug, f.abbreviation) for f in all_fora]

    def texts(self, language: str) -> dict[str, Any]:
        data = self.cleaned_data
        summary = translations(language, **{language.replace("-", "_"): data["summary"]})
        return {
            "title": translations(language, **{language.replace("-", "_"): data["title"]}),
            "summary": summary if data["summary"] else {},
        }


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=MAX_ID)


class TransitionForm(VersionForm):
    state = forms.SlugField(max_length=40)


class EconomyForm(forms.Form):
    economy = forms.RegexField(regex=r"^[A-Za-z]{2}$", max_length=2)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneStateForm(VersionForm):
    state = forms.ChoiceField(choices=MilestoneState.choices)


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Round"), max_length=200)
    projects = forms.MultipleChoiceField(label=_("Concept notes"))

    def __init__(self, *args: Any, notes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"].choices = [(str(p.pk), str(p.pk)) for p in notes]
