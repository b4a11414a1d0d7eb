"""Forms of the version composer: they check shapes; ``composer`` decides."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.form_fields import BoundedIntegerField

from . import composer_markup
from .choices import Part, VersionKind

MAX_WORDING = 10_000


class DraftVersionForm(forms.Form):
    """The draft version the page was showing (a stale one is refused with 409)."""

    version = BoundedIntegerField(widget=forms.HiddenInput)


class ParagraphForm(DraftVersionForm):
    markup = forms.CharField(
        label=_("Wording"),
        max_length=MAX_WORDING,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    heading = forms.CharField(label=_("Section heading"), required=False, max_length=300)
    num = forms.CharField(label=_("Number"), required=False, max_length=20)
    illustrative = forms.BooleanField(label=_("Illustrative"), required=False)

    def posted_holders(self, codes: set[str]) -> dict[str, tuple[str, list[str]]]:
        """Each span field shown with the form: the words it showed and the holders ticked
        (economies outside the forum are dropped here and refused by the service anyway)."""
        posted: dict[str, tuple[str, list[str]]] = {}
        for name, value in self.data.items():
            if not name.startswith("span-holders-"):
                continue
            field = name.removeprefix("span-")
            ticked = self.data.getlist(field) if hasattr(self.data, "getlist") else []
            holders = [code for code in ticked if code in codes]
            posted[field] = (str(value), holders)
        return posted


class AddForm(DraftVersionForm):
    after = forms.CharField(required=False, max_length=60)
    part = forms.ChoiceField(label=_("Part"), choices=Part.choices, required=False)


class KeyForm(DraftVersionForm):
    key = forms.CharField(max_length=60)


class MoveForm(KeyForm):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
    # A paragraph, or the whole section (run of paragraphs under one heading) it opens.
    scope = forms.ChoiceField(
        choices=[("paragraph", "paragraph"), ("section", "section")], required=False
    )


class PublishForm(DraftVersionForm):
    kind = forms.ChoiceField(label=_("Kind of version"), choices=VersionKind.choices)
    note = forms.CharField(
        label=_("Note to delegations"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def segments_from(form: ParagraphForm, codes: set[str]) -> list[dict[str, Any]]:
    """The paragraph's segments with the holders ticked (``MarkupError`` if unreadable)."""
    content = composer_markup.parse(form.cleaned_data["markup"])
    return composer_markup.with_holders(content, form.posted_holders(codes))
