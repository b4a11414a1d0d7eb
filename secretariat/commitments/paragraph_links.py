"""The commitments drawn from a negotiated text's paragraphs, listed on the text's page per
paragraph through ``negotiation.paragraph_links`` (one query, as the reader may see them)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from secretariat.core.i18n import resolve
from secretariat.core.prepared import Prepared
from secretariat.negotiation.paragraph_links import ParagraphLink, register

from . import selectors
from .choices import CommitmentState

# Read on every view of a text's page (core.prepared, ADR 0024): building its SQL cost the
# ORM more than running it. The rule is ``commitments_visible_to``'s.
_CONFIRMED_ON_TEXT: Prepared[tuple[Any, ...]] = Prepared(
    lambda everything, forum_ids, text: (
        selectors._visible_commitments(everything, forum_ids)
        .filter(text_id=text, state=CommitmentState.CONFIRMED)
        .order_by("pk")
        .values_list("pk", "eid", "title")
    ),
    "everything",
    "forum_ids",
    "text",
)


def paragraph_commitments(text: Any, principal: Any) -> list[ParagraphLink]:
    rows = _CONFIRMED_ON_TEXT.rows(
        everything=principal.is_secretariat,
        forum_ids=tuple(sorted(principal.forum_ids)),
        text=text.pk,
    )
    return [
        ParagraphLink(
            eid=eid,
            what=_("Commitment"),
            label=resolve(title).text,
            url=reverse("commitments:detail", args=[pk]),
        )
        for pk, eid, title in rows
    ]


def register_links() -> None:
    register("commitments", paragraph_commitments)
