from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.form_fields import BoundedIntegerField

from .choices import CommitmentState, OwnerKind, Stage


class ReportForm(forms.Form):
    body = forms.CharField(
        label=_("What your economy did"), widget=forms.Textarea, max_length=10000, required=False
    )
    evidence_links = forms.CharField(
        label=_("Evidence links (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    evidence_documents = forms.CharField(
        label=_("Evidence documents (meeting document numbers, one per line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    version = BoundedIntegerField(widget=forms.HiddenInput, required=False)

    def _lines(self, field: str) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get(field, "").splitlines() if line.strip()
        ]

    def links(self) -> list[str]:
        return self._lines("evidence_links")

    def documents(self) -> list[str]:
        return self._lines("evidence_documents")


class SubmitForm(forms.Form):
    version = BoundedIntegerField(widget=forms.HiddenInput)


class ScoreForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    value = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        choices=[(1, "+1"), (0, "0"), (-1, "−1")],
        widget=forms.RadioSelect,
    )
    justification = forms.CharField(
        label=_("Justification (cite the report)"), widget=forms.Textarea, max_length=5000
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your economy's comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )


class DecisionForm(forms.Form):
    version = BoundedIntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[(CommitmentState.CONFIRMED, _("Confirm")), (CommitmentState.REJECTED, _("Reject"))]
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    owner_kind = forms.ChoiceField(label=_("Owner"), choices=OwnerKind.choices, required=False)
    target_date = forms.DateField(label=_("Target date (empty: ongoing)"), required=False)


class ImportForm(forms.Form):
    csv = forms.CharField(label=_("Scores as CSV"), widget=forms.Textarea)
