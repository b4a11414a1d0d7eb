from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from secretariat.core.form_fields import BoundedIntegerField

from .services import MAX_HEADING, MAX_TRANSLATION


def language_choices(exclude: str = "") -> list[tuple[str, str]]:
    return [
        (code, get_language_info(code)["name_local"])
        for code in settings.CONTENT_LANGUAGES
        if code != exclude
    ]


class TranslationForm(forms.Form):
    """A paragraph's translation; ``version`` is the translation's version that was read
    (0: none yet). ``suggestion`` (a button) saves a memory suggestion's text instead."""

    text = forms.CharField(
        label=_("Translation"),
        required=False,
        max_length=MAX_TRANSLATION,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    heading = forms.CharField(label=_("Heading"), required=False, max_length=MAX_HEADING)
    version = BoundedIntegerField(widget=forms.HiddenInput, min_value=0)
    suggestion = BoundedIntegerField(required=False, widget=forms.HiddenInput)


class VerifyForm(forms.Form):
    version = BoundedIntegerField(widget=forms.HiddenInput, min_value=1)


class OutcomeSettingsForm(forms.Form):
    required_languages = forms.MultipleChoiceField(
        label=_("Languages that must be verified before the announcement"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = BoundedIntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, source: str = "en", **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["required_languages"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = language_choices(exclude=source)


class CreateOutcomeForm(forms.Form):
    text = forms.ChoiceField(label=_("Adopted text"))
    slug = forms.SlugField(label=_("Address (slug)"), required=False, max_length=80)

    def __init__(self, *args, texts=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["text"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(t.slug, str(t)) for t in texts]
