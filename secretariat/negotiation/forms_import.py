"""Forms of the Word import: the upload, then the confirmation that carries the previewed
draft back signed (``django.core.signing``), so nothing is stored between the two and what
is created is exactly what was previewed."""

from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import content_languages
from secretariat.registry.models import Forum

from .choices import TextKind
from .docx_import import ImportedDraft
from .models import Text

SALT = "secretariat.negotiation.docx-import"
# A preview left open overnight still confirms; one from last week is read again.
DRAFT_MAX_AGE_SECONDS = 24 * 60 * 60
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def draft_payload(forum: Forum, draft: ImportedDraft, file_name: str) -> dict[str, Any]:
    """What the preview shows and the confirmation creates."""
    return {
        "forum": forum.slug,
        "title": draft.title,
        "paragraphs": draft.paragraphs,
        "warnings": draft.warnings,
        "sha256": draft.sha256,
        "file_name": file_name[:200],
    }


def sign_draft(payload: dict[str, Any]) -> str:
    return signing.dumps(payload, salt=SALT, compress=True)


def signed_draft(token: str) -> dict[str, Any] | None:
    """The draft a preview signed, or None if it was altered or is too old."""
    try:
        draft = signing.loads(token, salt=SALT, max_age=DRAFT_MAX_AGE_SECONDS)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return draft if isinstance(draft, dict) and "paragraphs" in draft else None


def _languages() -> list[tuple[str, str]]:
    names = dict(settings.LANGUAGES)
    return [(code, str(names.get(code, code))) for code in content_languages()]


class DraftUploadForm(forms.Form):
    forum = forms.ModelChoiceField(
        label=_("Forum"), queryset=Forum.objects.none(), to_field_name="slug", empty_label=None
    )
    file = forms.FileField(
        label=_("Word document (.docx)"),
        help_text=_(
            "Headings become sections, numbered paragraphs become paragraphs, [square "
            "brackets] become brackets and tracked changes become alternative options. You "
            "see the result before anything is created."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document"
            }
        ),
    )

    def __init__(self, *args: Any, fora: QuerySet[Forum], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = fora  # type: ignore[attr-defined]


class DraftConfirmForm(forms.Form):
    draft = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=500)
    language = forms.ChoiceField(label=_("Language of the draft"))
    slug = forms.RegexField(
        label=_("Address (slug)"),
        regex=SLUG,
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens: it becomes the text's address."),
        error_messages={"invalid": _("Use lower-case letters, digits and single hyphens.")},
    )
    kind = forms.ChoiceField(label=_("Kind of text"), choices=TextKind.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _languages()  # type: ignore[attr-defined]

    def clean_draft(self) -> dict[str, Any]:
        draft = signed_draft(self.cleaned_data["draft"])
        if draft is None:
            raise forms.ValidationError(
                _("This preview has expired or was altered; upload the file again.")
            )
        return draft

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Text.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A text already has this address; choose another."))
        return slug
