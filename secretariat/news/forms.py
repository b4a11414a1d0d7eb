"""Forms of the staff pages: one field per content language for each text, the original
language chosen once (the others are the secretariat's own translations: verified)."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from secretariat.core.form_fields import BoundedIntegerField

from .choices import NewsKind, NewsState
from .models import MAX_ALT, MAX_BODY, MAX_SUMMARY, MAX_TITLE

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


def _languages() -> list[str]:
    return list(settings.CONTENT_LANGUAGES)


def _when(label: Any, help_text: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=DATETIME_FORMATS,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def translated_value(data: dict[str, Any], name: str, original: str) -> dict[str, Any]:
    return {
        code: {"text": text, "status": "original" if code == original else "verified"}
        for code in _languages()
        if (text := (data.get(f"{name}_{code}") or "").strip())
    }


def initial_from(value: dict[str, Any], name: str) -> dict[str, str]:
    return {f"{name}_{code}": entry.get("text", "") for code, entry in (value or {}).items()}


class NewsItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NewsKind.choices)
    original_language = forms.ChoiceField(label=_("Written in"))
    meeting = forms.TypedChoiceField(
        label=_("Meeting"), coerce=int, required=False, empty_value=None
    )
    outcome = forms.TypedChoiceField(
        label=_("Outcome (adopted text)"), coerce=int, required=False, empty_value=None
    )
    related_url = forms.URLField(
        label=_("Related link (e.g. a project)"), required=False, max_length=500,
        assume_scheme="https",
    )  # fmt: skip
    embargo_until = _when(
        _("Embargoed until (UTC)"),
        _("Press releases only. Before this time only the accredited press of the meeting "
          "see the release."),
    )  # fmt: skip
    version = BoundedIntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, meetings: Any = (), outcomes: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["original_language"].choices = [(c, c) for c in _languages()]
        self.fields["meeting"].choices = [("", _("none"))] + [
            (m.pk, f"{m} — {m.code}") for m in meetings
        ]
        self.fields["outcome"].choices = [("", _("none"))] + [(t.pk, t.slug) for t in outcomes]
        for code in _languages():
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(lang)s)") % {"lang": code}, required=False, max_length=MAX_TITLE
            )
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Summary (%(lang)s)") % {"lang": code},
                required=False,
                max_length=MAX_SUMMARY,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(lang)s)") % {"lang": code},
                required=False,
                max_length=MAX_BODY,
                help_text=_("Plain text; a blank line starts a new paragraph."),
                widget=forms.Textarea(attrs={"rows": 10}),
            )

    def language_fields(self) -> list[tuple[str, list[Any]]]:
        return [
            (code, [self[f"{name}_{code}"] for name in ("title", "summary", "body")])
            for code in _languages()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        original = data.get("original_language")
        if original:
            for name in ("title", "body"):
                if not (data.get(f"{name}_{original}") or "").strip():
                    self.add_error(
                        f"{name}_{original}",
                        _("Required in the language the item is written in."),
                    )
        if data.get("embargo_until") and data.get("kind") != NewsKind.PRESS_RELEASE:
            self.add_error("embargo_until", _("Only a press release can be embargoed."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        original = data["original_language"]
        return {
            "title": translated_value(data, "title", original),
            "summary": translated_value(data, "summary", original),
            "body": translated_value(data, "body", original),
            "related_url": data.get("related_url") or "",
            "embargo_until": data.get("embargo_until"),
        }


class TransitionForm(forms.Form):
    version = BoundedIntegerField(widget=forms.HiddenInput)
    state = forms.ChoiceField(choices=NewsState.choices)
    published_at = _when(
        _("Publish at (UTC)"), _("Leave empty to publish now; a later time schedules the item.")
    )


class ImageForm(forms.Form):
    file = forms.FileField(label=_("Image (PNG, JPEG, GIF or WebP)"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for code in _languages():
            self.fields[f"alt_{code}"] = forms.CharField(
                label=_("Text alternative (%(lang)s)") % {"lang": code},
                required=False,
                max_length=MAX_ALT,
            )

    def alt_fields(self) -> list[Any]:
        return [self[f"alt_{code}"] for code in _languages()]

    def alt(self, original: str) -> dict[str, Any]:
        return translated_value(self.cleaned_data, "alt", original)
