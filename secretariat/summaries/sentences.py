"""Splitting text into sentences: kiwipiepy for Korean (its model ships in the
``kiwipiepy-model`` wheel; ~0.5 GB and ~3 s to load, so once per process and only when a
Korean text comes), a regular expression for every other language.

``settings.SUMMARIES_KOREAN_SPLITTER`` names the Korean splitter's class (tests use the
regular expression: Korean sentences end in full stops too, only less reliably)."""

import re
import threading
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from secretariat.core import kiwi as shared_kiwi

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LETTER = re.compile(r"\w")
# At the space after a full stop, question or exclamation mark (and a closing quote or
# bracket, which stays with its sentence); after a CJK full stop at once; and at every blank
# line (headings, list items).
_BOUNDARY = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'”’)\]])\s+|(?<=[。！？])|\n\s*\n")


class SentenceSplitter(Protocol):
    name: str

    def split(self, text: str) -> list[str]: ...


class RegexSplitter:
    name = "regex"

    def split(self, text: str) -> list[str]:
        pieces = (" ".join(piece.split()) for piece in _BOUNDARY.split(text) if piece)
        return [piece for piece in pieces if piece]


class KiwiSplitter:
    """Korean sentence boundaries as kiwipiepy finds them (no full stop needed)."""

    name = "kiwi"

    def split(self, text: str) -> list[str]:
        analyser = shared_kiwi.analyser()  # one per process, shared with search's morphemes
        sentences: list[str] = []
        for block in re.split(r"\n\s*\n", text):
            if block.strip():
                with shared_kiwi.lock:
                    found = analyser.split_into_sents(block)
                sentences += [" ".join(s.text.split()) for s in found if s.text.strip()]
        return sentences


def is_korean(text: str) -> bool:
    """Mostly Hangul among the letters of the first few thousand characters."""
    sample = text[:5000]
    letters = len(_LETTER.findall(sample))
    return bool(letters) and len(_HANGUL.findall(sample)) / letters > 0.3


_built: dict[str, SentenceSplitter] = {}
_built_lock = threading.Lock()


def _splitter(path: str) -> SentenceSplitter:
    with _built_lock:
        if path not in _built:
            _built[path] = import_string(path)()
        return _built[path]


def splitter_for(language: str, text: str) -> SentenceSplitter:
    if language == "ko" or (not language and is_korean(text)):
        return _splitter(
            getattr(
                settings,
                "SUMMARIES_KOREAN_SPLITTER",
                "secretariat.summaries.sentences.KiwiSplitter",
            )
        )
    return _splitter("secretariat.summaries.sentences.RegexSplitter")
