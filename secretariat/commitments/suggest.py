"""Finding commitments in agreed text by their operative language. It only proposes: each
suggestion becomes a ``Commitment`` in the ``suggested`` state for the secretariat to
confirm, edit or reject (``services``). The phrases are data (``data/operative_phrases.json``)."""

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PHRASES_FILE = Path(__file__).parent / "data" / "operative_phrases.json"


@cache
def operative_phrases() -> dict[str, tuple[str, ...]]:
    """Per language, the phrases longest first (so "commit to" wins over "commit")."""
    raw = json.loads(PHRASES_FILE.read_text(encoding="utf-8"))
    return {
        language: tuple(sorted(phrases, key=len, reverse=True))
        for language, phrases in raw.items()
        if not language.startswith("_")
    }


@dataclass(frozen=True)
class Span:
    phrase: str
    start: int
    end: int


def _pattern(language: str, phrase: str) -> re.Pattern[str]:
    escaped = re.escape(phrase).replace(r"\ ", r"\s+")
    if language == "ko":  # Korean verbs end the clause; no word boundary to ask for
        return re.compile(escaped)
    return re.compile(rf"\b{escaped}\b", re.IGNORECASE)


def find_operative(wording: str, language: str = "en") -> Span | None:
    """The earliest operative phrase in ``wording`` (the longest at that place), or None."""
    best: Span | None = None
    for phrase in operative_phrases().get(language, ()):
        match = _pattern(language, phrase).search(wording)
        if match and (best is None or match.start() < best.start):
            best = Span(phrase, match.start(), match.end())
    return best


def wording_hash(wording: str) -> str:
    return hashlib.sha256(wording.encode("utf-8")).hexdigest()
