"""Content that holds one text per language, each with its translation status.

A value is stored as JSON: ``{"en": {"text": "...", "status": "original"}, "ko": {...}}``.
Display falls back from the requested language to the fallback language, then to the
original, then to any text, and says when it did so (so pages can mark the language).
"""

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.translation import get_language

from .choices import TranslationStatus

TranslatedValue = dict[str, dict[str, str]]


def content_languages() -> list[str]:
    return list(settings.CONTENT_LANGUAGES)


@dataclass(frozen=True)
class ResolvedText:
    text: str
    language: str
    status: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested

    def __str__(self) -> str:
        return self.text


def _normalise_language(code: str | None) -> str:
    return _normalised((code or settings.LANGUAGE_CODE).lower(), tuple(content_languages()))


def normalise_language(code: str | None) -> str:
    """The content language ``resolve`` looks a value up in for ``code`` (the site's
    default when none): for a caller resolving many values, once."""
    return _normalise_language(code)


@functools.lru_cache(maxsize=128)
def _normalised(code: str, languages: tuple[str, ...]) -> str:
    if code in languages:
        return code
    base = code.split("-")[0]
    for language in languages:
        if language.split("-")[0] == base:
            return language
    return code


def resolve(value: TranslatedValue | None, language: str | None = None) -> ResolvedText:
    """The text to show in ``language`` (default: the active one), with the fallback rule:
    the requested language, the fallback language, the original, then any text."""
    requested = _normalise_language(language or get_language())
    value = value or {}
    entry = value.get(requested)
    if entry and entry.get("text"):  # most often: no fallback (pages show thousands)
        return ResolvedText(entry["text"], requested, entry.get("status", ""), requested)
    original = next(
        (code for code, entry in value.items() if entry.get("status") == "original"), None
    )
    for code in (settings.CONTENT_FALLBACK_LANGUAGE, original, *value.keys()):
        entry = value.get(code or "")
        if entry and entry.get("text"):
            return ResolvedText(entry["text"], code or "", entry.get("status", ""), requested)
    return ResolvedText("", requested, "", requested)


def translations(original: str = "en", **texts: str) -> TranslatedValue:
    """Build a value: the ``original`` language marked original, the others verified.

    Keyword names use underscores for hyphens (``zh_hans``)."""
    value: TranslatedValue = {}
    for key, text in texts.items():
        code = key.replace("_", "-")
        status = TranslationStatus.ORIGINAL if code == original else TranslationStatus.VERIFIED
        value[code] = {"text": text, "status": str(status)}
    return value


def validate_translated(
    value: Any, *, max_length: int | None = None, required: bool = True
) -> None:
    if not isinstance(value, dict):
        raise ValidationError("must be an object of language → {text, status}")
    allowed = set(content_languages())
    statuses = set(TranslationStatus.values)
    for code, entry in value.items():
        if code not in allowed:
            raise ValidationError(
                f"'{code}' is not a content language ({', '.join(sorted(allowed))})"
            )
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise ValidationError(f"'{code}' must be {{'text': ..., 'status': ...}}")
        if entry.get("status") not in statuses:
            raise ValidationError(f"'{code}' status must be one of {', '.join(sorted(statuses))}")
        if max_length is not None and len(entry["text"]) > max_length:
            raise ValidationError(f"'{code}' text is longer than {max_length} characters")
        if set(entry) - {"text", "status"}:
            raise ValidationError(f"'{code}' may hold only 'text' and 'status'")
    originals = [code for code, entry in value.items() if entry.get("status") == "original"]
    if len(originals) > 1:
        raise ValidationError("only one language can be the original")
    if required and not any(entry["text"].strip() for entry in value.values()):
        raise ValidationError("needs a text in at least one language")


class TranslatedTextField(models.JSONField):
    """A JSON field holding one text per content language (see the module docstring)."""

    def __init__(self, *args: Any, max_length: int | None = None, **kwargs: Any) -> None:
        self.text_max_length = max_length
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self):  # type: ignore[no-untyped-def]
        name, path, args, kwargs = super().deconstruct()
        if self.text_max_length is not None:
            kwargs["max_length"] = self.text_max_length
        if kwargs.get("default") is dict:
            del kwargs["default"]
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        validate_translated(value, max_length=self.text_max_length, required=not self.blank)


def translated_icontains(field: str, text: str) -> models.Q:
    """Match ``text`` in any language of a translated field (works on SQLite and PostgreSQL)."""
    query = models.Q()
    for code in content_languages():
        query |= models.Q(**{f"{field}__{code}__text__icontains": text})
    return query


def escaped_choice_labels(model: type[models.Model], field: str) -> dict[str, str]:
    """A choice field's labels in the active language, HTML-escaped: what
    ``get_FOO_display`` shows through a template, for rows written in Python."""
    choices = model._meta.get_field(field).flatchoices  # type: ignore[union-attr]
    return {str(value): escape(str(label)) for value, label in choices}


def long_date(day: date) -> str:
    """``{{ day|date:'j F Y' }}`` unescaped: the day, the month's name in the active
    language and the four-digit year, as Django's date format writes them, without
    parsing the format on every call (pages that write many dates in Python)."""
    return f"{day.day} {_month_names(get_language())[day.month]} {day.year:04d}"


@functools.lru_cache(maxsize=16)
def _month_names(language: str | None) -> dict[int, str]:
    """``language`` is the active one (the key: the lazy names read it themselves)."""
    return {number: str(name) for number, name in MONTHS.items()}


@receiver(setting_changed)
def _forget_month_names(**kwargs: Any) -> None:
    _month_names.cache_clear()  # tests that change languages or locale paths
