"""Reader comments: the adopted 2025 statement's public page in Korean with 200 comments, as
an anonymous reader — warm (page read again as it is) and cold just after a new comment
(posted through the service before each read, which renews the comments' token, so the
section is rendered again) — and posting a comment through the page's form as a signed-in
reader, each against the trivial view."""

import itertools
from collections.abc import Callable, Iterator

from .harness import BASELINE_URL, Figure, compare, get

COMMENTS = 200
AUTHORS = 20


def _fill(text) -> list:  # type: ignore[no-untyped-def]
    """Readers and their comments in five languages, in bulk: the benchmark measures the
    page, not the seeding."""
    from django.contrib.auth import get_user_model

    from secretariat.comments.models import Comment

    User = get_user_model()
    readers = User.objects.bulk_create(
        User(username=f"bench-reader-{n}", email=f"bench-reader-{n}@example.test")
        for n in range(AUTHORS)
    )
    languages = ["ko", "en", "zh-hans", "ja", "es"]
    Comment.objects.bulk_create(
        Comment(
            target_kind="outcome",
            target_id=text.pk,
            author=readers[n % AUTHORS],
            body=f"벤치마크 댓글 {n}: <b>a reader's view</b> of paragraph {n % 7 + 1}.",
            language=languages[n % len(languages)],
            likes=n % 9,
            dislikes=n % 4,
        )
        for n in range(COMMENTS)
    )
    return readers


def _new_comments(text, author) -> Callable[[], None]:  # type: ignore[no-untyped-def]
    """One committed comment per call, through the service (as the form posts it)."""
    from secretariat.comments import services, targets

    target = targets.resolve_target("outcome", text.pk)
    turn = itertools.count()

    def post() -> None:
        services.post_comment(
            actor=author, target=target, body=f"새 댓글 {next(turn)}", language="ko"
        )

    return post


def _poster(client, url: str) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    turn = itertools.count()

    def request() -> object:
        response = client.post(url, {"body": f"Posted {next(turn)}", "language": "ko"})
        if response.status_code != 302:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    return request


def run() -> Iterator[Figure]:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from secretariat.negotiation.demo import SLUG
    from secretariat.negotiation.models import Text
    from secretariat.registry.demo import seed_all

    # The benchmark posts hundreds of comments as one reader from one address.
    settings.COMMENT_RATE_LIMITS = {
        action: {"reader": (10**9, 600), "address": (10**9, 600)}
        for action in ("comment", "react", "report")
    }
    seed_all()
    text = Text.objects.get(slug=SLUG)
    readers = _fill(text)
    url = f"/ko/outcomes/{SLUG}/"  # the published outcome of the 2025 statement
    anonymous = Client()
    baseline = get(anonymous, BASELINE_URL)
    page = get(anonymous, url)
    if b'id="comments"' not in page().content:  # type: ignore[attr-defined]
        raise RuntimeError("the page shows no comments section")
    yield compare("outcome-page_ko_200_comments_anonymous_warm", page, baseline, target=3)
    yield compare(
        "outcome-page_ko_200_comments_anonymous_cold_after_a_new_comment",
        page,
        baseline,
        target=25,
        repeats=10,
        before=_new_comments(text, readers[0]),
    )
    writer = Client()
    writer.force_login(readers[1])
    with translation.override("ko"):
        post_url = reverse("comments:post", args=["outcome", text.pk])
    yield compare("comment-post", _poster(writer, post_url), baseline, target=10, repeats=10)
