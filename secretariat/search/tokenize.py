"""How text becomes searchable in every language (ADR 0031).

Two representations of each item, built the same way for the index and for a query:

- ``haystack``: the text normalised (NFKC, case-folded). Words of 3+ characters are found in
  it as substrings, through SQLite FTS5's ``trigram`` tokenizer or PostgreSQL's ``pg_trgm``.
- ``extra``: the tokens a trigram can never find, each between ``|`` so that even a
  2-character token is a 4-character substring: overlapping bigrams of every run of Chinese,
  Japanese and Korean characters (数据, 人材, 보안), Korean morphemes (협력하기로 → 협력), and
  short words in other scripts (AI, 5G).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol

from secretariat.core import kiwi as shared_kiwi

# Han, Hiragana, Katakana, Hangul syllables and jamo: scripts written without spaces between
# words (or, for Korean, with particles glued to the word), where 2-character words abound.
_CJK = (
    "\u1100-\u11ff\u3040-\u309f\u30a0-\u30ff\u3130-\u318f\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)
_CJK_RUN = re.compile(f"[{_CJK}]+")
_HANGUL = re.compile("[\uac00-\ud7af]")
_WORD = re.compile(r"\w+")
SEPARATOR = "|"
# Morphemes that carry meaning: nouns, roots, verb and adjective stems. Particles and
# endings would match nearly every Korean text.
_CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "XR", "VV", "VA", "MAG"})


def normalise(text: str) -> str:
    """What both sides of a comparison are reduced to before matching."""
    return unicodedata.normalize("NFKC", text).casefold().replace(SEPARATOR, " ")


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def is_cjk(word: str) -> bool:
    return _CJK_RUN.search(word) is not None


class Tokenizer(Protocol):
    """Splits Korean text into its meaningful morphemes (normalised)."""

    def morphemes(self, text: str) -> list[str]: ...


class BigramOnlyTokenizer:
    """No morpheme analysis: CJK words are still found through their bigrams, but a Korean
    inflected form (협력하기로) no longer finds its stem. Cheap; for tests that need no kiwi."""

    def morphemes(self, text: str) -> list[str]:
        return []


class KiwiTokenizer:
    """Korean morphemes by kiwipiepy (its model ships in the ``kiwipiepy-model`` wheel).
    Loading takes ~3 s and ~0.5 GB, so it happens once per process, on first use."""

    def morphemes(self, text: str) -> list[str]:
        if _HANGUL.search(text) is None:
            return []
        analyser = shared_kiwi.analyser()  # one per process, shared with the extracts
        with shared_kiwi.lock:
            tokens = analyser.tokenize(text)
        found = []
        for token in tokens:
            form = normalise(token.form)
            if token.tag in _CONTENT_TAGS and len(form) >= 2 and _HANGUL.search(form):
                found.append(form)
        return found


_tokenizer: Tokenizer | None = None


def tokenizer() -> Tokenizer:
    """The process's tokenizer: ``settings.SEARCH_TOKENIZER`` (kiwi; the test settings name
    the bigram-only one, as loading kiwi and analysing every seeded item cost the suite
    minutes), unless a test installed another (``use_tokenizer``)."""
    global _tokenizer
    if _tokenizer is None:
        from django.conf import settings
        from django.utils.module_loading import import_string

        path = getattr(settings, "SEARCH_TOKENIZER", "secretariat.search.tokenize.KiwiTokenizer")
        _tokenizer = import_string(path)()
    return _tokenizer


def use_tokenizer(new: Tokenizer | None) -> Tokenizer | None:
    """Install ``new`` (None: back to the configured one on next use); returns the one it
    replaces."""
    global _tokenizer
    previous, _tokenizer = _tokenizer, new
    return previous


def extra_tokens(text: str) -> set[str]:
    """The tokens of ``text`` that go in the ``extra`` column (see the module docstring)."""
    folded = normalise(text)
    tokens: set[str] = set()
    for run in _CJK_RUN.findall(folded):
        tokens.update(bigrams(run))
    for word in _WORD.findall(folded):
        if len(word) <= 2 and not is_cjk(word):
            tokens.add(word)
    tokens.update(tokenizer().morphemes(folded))
    return tokens


def extra_column(text: str) -> str:
    tokens = sorted(extra_tokens(text))
    return SEPARATOR + SEPARATOR.join(tokens) + SEPARATOR if tokens else ""


def marked(token: str) -> str:
    """A token as it is found in the ``extra`` column."""
    return f"{SEPARATOR}{token}{SEPARATOR}"


class Term:
    """One word of a query and the ways an item may contain it: any one is enough.
    ``substring`` (3+ characters) is looked for in the haystack; each of ``token_sets``
    (all of its tokens) in the extra column."""

    def __init__(self, word: str, substring: str | None, token_sets: list[list[str]]):
        self.word = word
        self.substring = substring
        self.token_sets = token_sets

    @property
    def weight(self) -> int:
        """Longer words are rarer: a crude, database-independent stand-in for idf."""
        return min(len(self.word), 12)


def query_terms(query: str, *, max_terms: int = 32) -> list[Term]:
    """The words of a query that can be looked for, longest first, each once."""
    words = list(dict.fromkeys(_WORD.findall(normalise(query))))
    terms = []
    for word in words:
        substring = word if len(word) >= 3 else None
        token_sets: list[list[str]] = []
        if is_cjk(word):
            runs = _CJK_RUN.findall(word)
            pairs = [pair for run in runs for pair in bigrams(run)]
            if pairs:
                token_sets.append(pairs)
            stems = tokenizer().morphemes(word)
            if stems:
                token_sets.append(stems)
        elif len(word) <= 2:
            token_sets.append([word])
        if substring or token_sets:
            terms.append(Term(word, substring, token_sets))
    terms.sort(key=lambda term: (-len(term.word), term.word))
    return terms[:max_terms]
