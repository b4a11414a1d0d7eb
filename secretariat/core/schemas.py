"""Schema pieces every app's API shares: translated text and the optimistic-lock version."""

from typing import Annotated, Literal

from django.conf import settings
from ninja import Field, Path, Query, Schema

# Row ids fit a signed 64-bit integer in every database; 0, negatives and larger numbers are
# invalid input (422), never an unfiltered list or a database overflow (500). Every integer id
# a client sends goes through one of these: in a body or a filter schema (``Id``,
# ``Id | None = None``), a path (``IdPath``) or a query parameter (``IdQuery = None``).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
IdPath = Annotated[int, Path(..., ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]

ContentLanguage = Literal[tuple(settings.CONTENT_LANGUAGES)]  # type: ignore[valid-type]


class TranslationIn(Schema):
    text: str = Field(..., max_length=5000)
    status: Literal["original", "machine", "verified"]


TranslatedIn = dict[ContentLanguage, TranslationIn]  # type: ignore[valid-type]
TranslatedOut = dict[str, dict[str, str]]


def translated_payload(value: dict | None) -> dict | None:
    """A validated translated value as the model stores it (plain dicts)."""
    if value is None:
        return None
    return {
        code: entry.model_dump() if hasattr(entry, "model_dump") else dict(entry)
        for code, entry in value.items()
    }
