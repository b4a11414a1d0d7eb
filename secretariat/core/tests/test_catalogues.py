"""The interface catalogues: Korean complete, the compiled .mo files in step with the .po."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
ENTRY = re.compile(
    r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?'
    r'((?:msgstr(?:\[\d\])? (?:".*"\n?)+)+)',
    re.M,
)


def _unquote(block: str) -> str:
    return (
        "".join(re.findall(r'"(.*)"', block))
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


def _entries(language: str) -> list[tuple[str, str, bool]]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        match = ENTRY.search(block + "\n")
        if match and _unquote(match.group(1)):
            translations = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', match.group(2))
            first = _unquote(translations[0]) if translations else ""
            # A message with a context is stored under "context\x04msgid" in the .mo.
            context = re.search(r'^msgctxt ((?:".*"\n)+)', block + "\n", re.M)
            msgid = _unquote(match.group(1))
            if context:
                msgid = f"{_unquote(context.group(1))}\x04{msgid}"
            entries.append((msgid, first, "#, fuzzy" in block))
    return entries


def test_korean_interface_is_completely_translated():
    untranslated = [msgid for msgid, msgstr, fuzzy in _entries("ko") if not msgstr or fuzzy]
    assert untranslated == []


@pytest.mark.parametrize("language", ["zh_Hans", "ja", "es"])
def test_other_languages_are_started_without_fuzzy_guesses(language):
    entries = _entries(language)
    assert sum(1 for _, msgstr, _ in entries if msgstr) >= len(entries) // 2
    assert not any(fuzzy for *_, fuzzy in entries)


@pytest.mark.parametrize("language", ["ko", "zh_Hans", "ja", "es"])
def test_compiled_catalogue_matches_its_source(language):
    """Run `make messages` after editing a .po file: the .mo is what Django reads."""
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr, _ in _entries(language):
        if msgstr and "%(" not in msgid:
            assert compiled.gettext(msgid) == msgstr, msgid
