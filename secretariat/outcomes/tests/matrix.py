"""Permission-matrix entries for outcomes (merged by secretariat/testing/matrix.py).

The world: an announced outcome ("pub-outcome", titled "Published Declaration") with a
verified Korean paragraph 1 and a draft paragraph 2 by the translator; an outcome not yet
announced ("pending-outcome", "Pending Declaration"); an adopted text without an outcome
("fresh-text"). The world's ``translator`` translates Korean, its ``reviewer`` translates
and verifies Korean; the secretariat does both in every language. Before the announcement an
outcome is theirs only; afterwards everyone's. The negotiating record is never part of it."""

from secretariat.outcomes.choices import TranslationState
from secretariat.outcomes.models import Outcome, ParagraphTranslation, TranslatorAssignment
from secretariat.testing.checks import EVERYONE, SECRETARIAT, Check, Sees, api, page

from .factories import adopted_text, make_outcome, translate

TRANSLATORS = frozenset({"translator", "reviewer", "secretariat"})
REVIEWERS = frozenset({"reviewer", "secretariat"})
PUB, PENDING = "pub-outcome", "pending-outcome"


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    translator, reviewer = world.users["translator"], world.users["reviewer"]
    TranslatorAssignment.objects.create(user=translator, language="ko")
    world.extra["reviewer_assignment"] = TranslatorAssignment.objects.create(
        user=reviewer, language="ko", may_review=True
    )
    pub = make_outcome(world, slug=PUB, title="Published Declaration")
    translate(pub, "para_1", "검증된 번역", by=translator, verify_by=reviewer)
    translate(pub, "para_2", "번역 초안", by=translator)
    make_outcome(world, slug=PENDING, title="Pending Declaration", announce=False)
    adopted_text(
        actor=world.users["secretariat"], forum=world.body, slug="fresh-text", paragraphs=["One."]
    )


def _pub(w):  # type: ignore[no-untyped-def]
    return PUB


def _pending(w):  # type: ignore[no-untyped-def]
    return PENDING


def _translation(eid: str, language: str = "ko") -> ParagraphTranslation | None:
    return ParagraphTranslation.objects.filter(
        outcome__slug=PUB, eid=eid, language=language
    ).first()


def _saved(text: str):  # type: ignore[no-untyped-def]
    return lambda w: getattr(_translation("para_2"), "text", None) == text


def _verified(w) -> bool:  # type: ignore[no-untyped-def]
    return getattr(_translation("para_2"), "state", None) == TranslationState.VERIFIED


def _announced(w) -> bool:  # type: ignore[no-untyped-def]
    return Outcome.objects.filter(slug=PENDING, announced_at__isnull=False).exists()


def _required(w) -> bool:  # type: ignore[no-untyped-def]
    return Outcome.objects.filter(slug=PUB, required_languages=["ja"]).exists()


PUBLIC_TITLES = Sees(
    items=lambda w: {"pub": "Published Declaration", "pending": "Pending Declaration"},
    by_role={EVERYONE: {"pub"}},
)

PAGES = {
    "outcomes:outcomes": Check("GET", page("outcomes:outcomes"), EVERYONE, sees=PUBLIC_TITLES),
    "outcomes:feed": Check("GET", page("outcomes:feed"), EVERYONE, sees=PUBLIC_TITLES),
    "outcomes:outcome": (
        Check("GET", page("outcomes:outcome", _pub), EVERYONE),
        Check("GET", page("outcomes:outcome", _pending), TRANSLATORS),
    ),
    "outcomes:print": (
        Check("GET", page("outcomes:print", _pub), EVERYONE),
        Check("GET", page("outcomes:print", _pending), TRANSLATORS),
    ),
    "outcomes:download": (
        Check("GET", page("outcomes:download", _pub, lambda w: "akn"), EVERYONE),
        Check("GET", page("outcomes:download", _pending, lambda w: "html"), TRANSLATORS),
    ),
    "outcomes:workspace_index": (
        Check(
            "GET",
            page("outcomes:workspace_index"),
            TRANSLATORS,
            sees=Sees(
                items=lambda w: {"pub": PUB, "pending": PENDING},
                by_role={TRANSLATORS: {"pub", "pending"}},
            ),
        ),
        Check(
            "POST",
            page("outcomes:workspace_index"),
            SECRETARIAT,
            body=lambda w: {"text": "fresh-text", "slug": "fresh-outcome"},
            effect=lambda w: Outcome.objects.filter(slug="fresh-outcome").exists(),
        ),
    ),
    "outcomes:workspace": (
        Check("GET", page("outcomes:workspace", _pub, lambda w: "ko"), TRANSLATORS),
        Check("GET", page("outcomes:workspace", _pending, lambda w: "ja"), SECRETARIAT),
    ),
    "outcomes:save_translation": Check(
        "POST",
        page("outcomes:save_translation", _pub, lambda w: "ko", lambda w: "para_2"),
        TRANSLATORS,
        body=lambda w: {"text": "고친 번역", "heading": "", "version": 1},
        effect=_saved("고친 번역"),
    ),
    "outcomes:verify_translation": Check(
        "POST",
        page("outcomes:verify_translation", _pub, lambda w: "ko", lambda w: "para_2"),
        REVIEWERS,
        body=lambda w: {"version": 1},
        effect=_verified,
    ),
    "outcomes:manage": (
        Check("GET", page("outcomes:manage", _pub), SECRETARIAT),
        Check(
            "POST",
            page("outcomes:manage", _pub),
            SECRETARIAT,
            body=lambda w: {"required_languages": ["ja"], "version": 2},  # created, announced
            effect=_required,
        ),
    ),
    "outcomes:announce": Check(
        "POST",
        page("outcomes:announce", _pending),
        SECRETARIAT,
        body=lambda w: {"version": 1},
        effect=_announced,
    ),
}

API = {
    "list_outcomes": Check(
        "GET",
        api("/outcomes/"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {"pub": PUB, "pending": PENDING},
            by_role={EVERYONE: {"pub"}, TRANSLATORS: {"pub", "pending"}},
        ),
    ),
    "get_outcome": (
        Check("GET", api(f"/outcomes/{PUB}?language=ko"), EVERYONE),
        Check("GET", api(f"/outcomes/{PENDING}"), TRANSLATORS),
    ),
    "create_outcome": Check(
        "POST",
        api("/outcomes/"),
        SECRETARIAT,
        body=lambda w: {"text": "fresh-text", "slug": "fresh-outcome"},
        effect=lambda w: Outcome.objects.filter(slug="fresh-outcome").exists(),
    ),
    "update_outcome": Check(
        "PATCH",
        api(f"/outcomes/{PUB}"),
        SECRETARIAT,
        body=lambda w: {"version": 2, "required_languages": ["ja"]},
        effect=_required,
    ),
    "announce_outcome": Check(
        "POST",
        api(f"/outcomes/{PENDING}/announce"),
        SECRETARIAT,
        body=lambda w: {"version": 1},
        effect=_announced,
    ),
    "list_translations": (
        Check("GET", api(f"/outcomes/{PUB}/translations/ko"), TRANSLATORS),
        Check("GET", api(f"/outcomes/{PENDING}/translations/ja"), SECRETARIAT),
    ),
    "save_translation": Check(
        "PUT",
        api(f"/outcomes/{PUB}/translations/ko/para_2"),
        TRANSLATORS,
        body=lambda w: {"text": "고친 번역", "version": 1},
        effect=_saved("고친 번역"),
    ),
    "verify_translation": Check(
        "POST",
        api(f"/outcomes/{PUB}/translations/ko/para_2/verify"),
        REVIEWERS,
        body=lambda w: {"version": 1},
        effect=_verified,
    ),
    "list_translator_assignments": Check(
        "GET",
        api("/outcomes/translators/assignments"),
        SECRETARIAT,
        sees=Sees(
            items=lambda w: {"reviewer": w.extra["reviewer_assignment"].pk},
            by_role={SECRETARIAT: {"reviewer"}},
        ),
    ),
    "assign_translator": Check(
        "POST",
        api("/outcomes/translators/assignments"),
        SECRETARIAT,
        body=lambda w: {"user_id": w.users["press"].pk, "language": "ja"},
        effect=lambda w: TranslatorAssignment.objects.filter(
            user=w.users["press"], language="ja"
        ).exists(),
    ),
    "remove_translator": Check(
        "DELETE",
        api("/outcomes/translators/assignments/{w.extra[reviewer_assignment].pk}"),
        SECRETARIAT,
        effect=lambda w: (
            not TranslatorAssignment.objects.filter(pk=w.extra["reviewer_assignment"].pk).exists()
        ),
    ),
}
