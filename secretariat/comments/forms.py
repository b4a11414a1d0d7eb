from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import ReactionKind, ReportReason
from .models import MAX_LENGTH


class CommentForm(forms.Form):
    # No max_length here: the service refuses the 301st character with its own message,
    # the same one the API gives (the page's textarea carries maxlength itself).
    body = forms.CharField(label=_("Your comment"), strip=False, required=False)
    language = forms.CharField(required=False)


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why do you report it?"), choices=ReportReason.choices)
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_LENGTH}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=MAX_LENGTH, required=False)


class SettingsForm(forms.Form):
    open = forms.BooleanField(label=_("Open for comments"), required=False)
    premoderated = forms.BooleanField(
        label=_("Pre-moderated (comments wait for the secretariat)"), required=False
    )
    links_allowed = forms.BooleanField(label=_("Links in comments are clickable"), required=False)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete all my comments, reactions and reports."), required=True
    )
