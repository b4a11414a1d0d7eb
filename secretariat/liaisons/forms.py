"""Forms of the liaison pages. A statement is written in one language (its original);
the counterpart is one choice among fora and organisations (``forum:slug``/``org:slug``)."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from secretariat.core.form_fields import BoundedIntegerField

from .choices import Direction, LiaisonState, Purpose
from .models import MAX_BODY, MAX_TITLE

YES_NO = [("", _("any")), ("yes", _("overdue only")), ("no", _("not overdue"))]


class StatementFilterForm(forms.Form):
    forum = forms.ChoiceField(label=_("Forum"), required=False)
    organisation = forms.ChoiceField(label=_("Body or organisation"), required=False)
    purpose = forms.ChoiceField(
        label=_("Purpose"), required=False, choices=[("", _("any"))] + Purpose.choices
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("any"))] + LiaisonState.choices
    )
    overdue = forms.ChoiceField(label=_("Overdue"), required=False, choices=YES_NO)

    def __init__(self, *args: Any, fora: Any = (), organisations: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["forum"].choices = [("", _("any"))] + [(f.slug, f.abbreviation) for f in fora]
        self.fields["organisation"].choices = [("", _("any"))] + [
            (o.slug, str(o)) for o in organisations
        ]

    def criteria(self) -> dict[str, Any]:
        data = {key: value for key, value in self.cleaned_data.items() if value}
        if "overdue" in data:
            data["overdue"] = data["overdue"] == "yes"
        return data


class _TextFields(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    body = forms.CharField(
        label=_("Text"), required=False, max_length=MAX_BODY, widget=forms.Textarea({"rows": 10})
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        help_text=_("Required for action: the date a response is expected by."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    is_restricted = forms.BooleanField(
        label=_("Restricted: only the members of the fora concerned see it"), required=False
    )


class StatementForm(_TextFields):
    """A new statement, or a response (``responding``: forum among the fora concerned,
    direction and counterpart follow from the statement answered)."""

    forum = forms.ChoiceField(label=_("Forum"))
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    counterpart = forms.ChoiceField(label=_("To or from"), required=False)
    language = forms.ChoiceField(label=_("Written in"))

    field_order = ["forum", "direction", "counterpart", "language", "title", "body", "purpose"]

    def __init__(
        self,
        *args: Any,
        fora: Any = (),
        counterparts: Any = (),
        responding: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["forum"].choices = [(f.slug, f.abbreviation) for f in fora]
        self.fields["language"].choices = [(c, c) for c in settings.CONTENT_LANGUAGES]
        if responding:
            for name in ("direction", "counterpart"):
                del self.fields[name]
            self.fields["purpose"].choices = [
                (Purpose.IN_RESPONSE.value, Purpose.IN_RESPONSE.label)
            ]
        else:
            self.fields["counterpart"].choices = list(counterparts)
            self.fields["purpose"].choices = [
                choice for choice in Purpose.choices if choice[0] != Purpose.IN_RESPONSE
            ]


class StatementEditForm(_TextFields):
    version = BoundedIntegerField(widget=forms.HiddenInput)


class TransitionForm(forms.Form):
    version = BoundedIntegerField(widget=forms.HiddenInput)
    state = forms.ChoiceField(choices=LiaisonState.choices)


class AttachForm(forms.Form):
    document = BoundedIntegerField(label=_("Document"), min_value=1)
