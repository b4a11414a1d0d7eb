"""Schema pieces every app's API shares: translated text and the optimistic-lock version."""

from typing import Annotated, Literal

from django.conf import settings
from ninja import Field, Path, Schema

# Row ids fit a signed 64-bit integer in every database; larger numbers are invalid input.
MAX_ID = 2**63 - 1
IdPath = Annotated[int, Path(..., ge=1, le=MAX_ID)]

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
