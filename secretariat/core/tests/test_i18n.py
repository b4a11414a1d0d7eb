import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from secretariat.core.i18n import resolve, translations, validate_translated


def test_requested_language_wins():
    value = translations("en", en="Economies", ko="경제체")
    assert resolve(value, "ko").text == "경제체"
    assert not resolve(value, "ko").is_fallback


def test_missing_language_falls_back_to_the_fallback_language_and_says_so():
    value = translations("en", en="Economies", ko="경제체")
    resolved = resolve(value, "ja")
    assert (resolved.text, resolved.language, resolved.is_fallback) == ("Economies", "en", True)


def test_without_english_the_original_is_shown():
    value = translations("ko", ko="디지털 장관회의", es="Reunión ministerial")
    assert resolve(value, "ja").text == "디지털 장관회의"


def test_chinese_locale_variants_find_the_simplified_text():
    value = translations("en", en="Forum", zh_hans="论坛")
    assert resolve(value, "zh-hans").text == "论坛"
    assert resolve(value, "zh-cn").text == "论坛"


def test_active_language_is_used_by_default():
    value = translations("en", en="Home", ko="홈")
    with translation.override("ko"):
        assert resolve(value).text == "홈"


def test_each_translation_keeps_its_status():
    value = translations("en", en="Home", ko="홈")
    value["ja"] = {"text": "ホーム", "status": "machine"}
    assert resolve(value, "en").status == "original"
    assert resolve(value, "ko").status == "verified"
    assert resolve(value, "ja").status == "machine"


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"xx": {"text": "a", "status": "original"}}, "not a content language"),
        ({"en": {"text": "a", "status": "guessed"}}, "status"),
        ({"en": "plain"}, "must be"),
        (
            {"en": {"text": "a", "status": "original"}, "ko": {"text": "b", "status": "original"}},
            "only one language",
        ),
        ({}, "at least one"),
        ({"en": {"text": "a", "status": "original", "extra": 1}}, "only"),
    ],
)
def test_invalid_values_are_rejected_with_a_reason(bad, message):
    with pytest.raises(ValidationError, match=message):
        validate_translated(bad)
