from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import EntryKind
from .services import MAX_QUERY


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All"))] + EntryKind.choices,
        required=False,
        widget=forms.Select(attrs={"id": "search-kind"}),
    )
    lang = forms.CharField(max_length=10, required=False)
    forum = forms.SlugField(max_length=80, required=False)
    year = forms.IntegerField(min_value=1900, max_value=2200, required=False)
    page = forms.IntegerField(min_value=1, max_value=500, required=False)
