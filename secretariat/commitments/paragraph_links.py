"""The commitments drawn from a negotiated text's paragraphs, listed on the text's page per
paragraph through ``negotiation.paragraph_links`` (one query, as the reader may see them)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from secretariat.core.i18n import resolve
from secretariat.negotiation.paragraph_links import ParagraphLink, register

from . import selectors
from .choices import CommitmentState


def paragraph_commitments(text: Any, principal: Any) -> list[ParagraphLink]:
    found = selectors.commitments_visible_to(principal).filter(
        text=text, state=CommitmentState.CONFIRMED
    )
    return [
        ParagraphLink(
            eid=commitment.eid,
            what=_("Commitment"),
            label=resolve(commitment.title).text,
            url=reverse("commitments:detail", args=[commitment.pk]),
        )
        for commitment in found.order_by("pk")
    ]


def register_links() -> None:
    register("commitments", paragraph_commitments)
