"""Who may see and work on outcomes. Published (announced) outcomes are everyone's; before
the announcement an outcome is the secretariat's and its translators'. Translating needs an
assignment for the language (``TranslatorAssignment``), verifying one with ``may_review``;
the secretariat may do both in every language. No one verifies their own translation."""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from secretariat.core.errors import NotAuthenticated, NotFound
from secretariat.core.permissions import get_visible, require
from secretariat.registry.permissions import principal_for

from .models import Outcome, TranslatorAssignment


def assignments_of(user: Any) -> dict[str, bool]:
    """language -> may_review, for a signed-in user (one query, kept on the user object)."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_outcome_assignments", None)
    if cached is None:
        cached = dict(
            TranslatorAssignment.objects.filter(user=user).values_list("language", "may_review")
        )
        user._outcome_assignments = cached
    return cached


def is_translator(user: Any) -> bool:
    return principal_for(user).is_secretariat or bool(assignments_of(user))


def may_translate(user: Any, language: str) -> bool:
    return principal_for(user).is_secretariat or language in assignments_of(user)


def may_review(user: Any, language: str) -> bool:
    return principal_for(user).is_secretariat or assignments_of(user).get(language, False)


def outcomes_visible_to(user: Any) -> QuerySet[Outcome]:
    """Announced outcomes; every outcome to the secretariat and translators."""
    outcomes = Outcome.objects.all()
    if is_translator(user):
        return outcomes
    return outcomes.filter(announced_at__isnull=False)


def access_outcome_page(user: Any, slug: str) -> Outcome:
    """The public page's head (``selectors.outcome_page_head``): as ``access_outcome``
    with need read, in one prepared query."""
    from . import selectors

    outcome = selectors.outcome_page_head(slug)
    if outcome is None or (not outcome.is_announced and not is_translator(user)):
        raise NotFound(f"No outcome matches slug={slug}.")
    return outcome


def public_languages() -> list[str]:
    """Content languages that have pages (an interface language with its URL prefix)."""
    interface = {code for code, _name in settings.LANGUAGES}
    return [code for code in settings.CONTENT_LANGUAGES if code in interface]


def check_language(language: str) -> str:
    if language not in settings.CONTENT_LANGUAGES:
        raise NotFound(f"No content language {language!r}.")
    return language


def access_outcome(user: Any, slug: str, need: str = "read", language: str = "") -> Outcome:
    """``need``: read (announced, or the secretariat and translators); translate and review
    (``language``: an assignment for it, or the secretariat); manage (the secretariat)."""
    outcome = get_visible(
        outcomes_visible_to(user).select_related("text__forum", "text__current_version", "meeting"),
        "outcome",
        slug=slug,
    )
    if need == "read":
        return outcome
    if not user.is_authenticated:
        raise NotAuthenticated("Sign in to work on translations.")
    if need == "translate":
        check_language(language)
        require(may_translate(user, language), f"You are not a translator into {language}.")
    elif need == "review":
        check_language(language)
        require(may_review(user, language), f"You are not a reviewer for {language}.")
    elif need == "manage":
        require(principal_for(user).is_secretariat, "Only the secretariat manages outcomes.")
    else:
        raise ValueError(need)
    return outcome


def require_secretariat(user: Any) -> None:
    if not user.is_authenticated:
        raise NotAuthenticated("Sign in as the secretariat.")
    require(principal_for(user).is_secretariat, "Only the secretariat may do this.")


def require_translator(user: Any) -> None:
    if not user.is_authenticated:
        raise NotAuthenticated("Sign in to translate.")
    require(is_translator(user), "You are not a translator.")
