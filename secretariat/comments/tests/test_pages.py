"""The comments section on the adopted text's public page and its endpoints, through the
real URLs: without JavaScript (forms, redirects, confirmation pages) and with htmx."""

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat.comments import selectors, services
from secretariat.comments.models import Comment, Reaction
from secretariat.testing.world import client_for

from .factories import CommentFactory

HTMX = {"HX-Request": "true"}


def _page(outcome, language="en"):  # type: ignore[no-untyped-def]
    with_language = f"/{language}/negotiation/{outcome.slug}/"
    return with_language


def _post_url(outcome):  # type: ignore[no-untyped-def]
    return reverse("comments:post", args=["outcome", outcome.pk])


def test_an_anonymous_reader_sees_the_comments_the_count_and_how_to_sign_in(world, outcome):
    CommentFactory.create_batch(3, target_id=outcome.pk)
    CommentFactory(target_id=outcome.pk, state="hidden", body="Hidden one")
    response = client_for("anonymous", world).get(_page(outcome))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="comments"' in html
    assert "(3 comments)" in html
    assert "Hidden one" not in html
    assert f"/en/accounts/login/?next=/en/negotiation/{outcome.slug}/%23comments" in html
    assert 'maxlength="300"' in html and "0 / 300" in html


def test_a_signed_out_reader_who_posts_is_sent_to_sign_in_and_back(world, outcome):
    client = client_for("anonymous", world)
    response = client.post(_post_url(outcome), {"body": "Hello"})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert f"/en/negotiation/{outcome.slug}/%23comments" in response["Location"]
    assert not Comment.objects.exists()
    login = client.get(response["Location"])
    assert "Sign in to comment." in login.content.decode()


def test_a_reader_comments_and_sees_it_with_its_language(world, outcome):
    client = client_for("reader", world)
    response = client.post(_post_url(outcome), {"body": "좋은 결과입니다", "language": "ko"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/negotiation/{outcome.slug}/#comment-{comment.pk}"
    html = client.get(_page(outcome)).content.decode()
    assert '<p class="comment-body" lang="ko">좋은 결과입니다</p>' in html
    assert "(1 comment)" in html
    assert reverse("comments:delete", args=[comment.pk]) in html
    # someone else sees no delete link
    other = client_for("press", world).get(_page(outcome)).content.decode()
    assert reverse("comments:delete", args=[comment.pk]) not in other


def test_the_301st_character_is_refused_on_the_page_keeping_the_text(world, outcome):
    response = client_for("reader", world).post(_post_url(outcome), {"body": "y" * 301})
    html = response.content.decode()
    assert response.status_code == 422
    assert "at most 300 characters; this one has 301" in html
    assert "y" * 301 in html and "301 / 300" in html
    assert not Comment.objects.exists()


def test_htmx_posting_swaps_the_section(world, outcome):
    response = client_for("reader", world).post(
        _post_url(outcome), {"body": "Via htmx"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section id="comments"') and "Via htmx" in html
    assert "__comments_csrf_token__" not in html


def test_reacting_twice_says_already_participated(world, outcome):
    comment = CommentFactory(target_id=outcome.pk)
    client = client_for("reader", world)
    url = reverse("comments:react", args=[comment.pk])
    first = client.post(url, {"kind": "like"}, follow=True)
    assert "Thank you for your reaction." in first.content.decode()
    second = client.post(url, {"kind": "dislike"}, follow=True)
    assert "already participated" in second.content.decode()
    assert Reaction.objects.filter(comment=comment).count() == 1
    third = client.post(url, {"kind": "like"}, headers=HTMX)
    assert third.status_code == 200
    assert "already participated" in third.content.decode()
    assert f'id="comment-{comment.pk}"' in third.content.decode()


def test_a_signed_out_reader_who_reacts_is_sent_to_sign_in(world, outcome):
    comment = CommentFactory(target_id=outcome.pk)
    response = client_for("anonymous", world).post(
        reverse("comments:react", args=[comment.pk]), {"kind": "like"}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert f"%23comment-{comment.pk}" in response["Location"]


def test_deleting_asks_first_and_only_the_author_may(world, outcome):
    comment = CommentFactory(target_id=outcome.pk, author=world.users["reader"])
    url = reverse("comments:delete", args=[comment.pk])
    confirm = client_for("reader", world).get(url)
    assert confirm.status_code == 200 and "Yes, delete my comment" in confirm.content.decode()
    assert Comment.objects.filter(pk=comment.pk).exists()
    assert client_for("press", world).post(url).status_code == 403
    done = client_for("reader", world).post(url)
    assert done.status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_reporting_then_hiding_from_the_queue(world, outcome):
    comment = CommentFactory(target_id=outcome.pk, body="Spam spam")
    report = client_for("reader", world).post(
        reverse("comments:report", args=[comment.pk]), {"reason": "spam", "note": "ads"}
    )
    assert report.status_code == 302
    staff = client_for("secretariat", world)
    queue = staff.get(reverse("comments:moderation")).content.decode()
    assert "Spam spam" in queue and "ads" in queue
    staff.post(reverse("comments:hide", args=[comment.pk]), {"reason": "Advertising"})
    assert Comment.objects.get(pk=comment.pk).state == "hidden"
    assert "Spam spam" not in client_for("anonymous", world).get(_page(outcome)).content.decode()
    staff_page = staff.get(_page(outcome)).content.decode()
    assert "Spam spam" in staff_page and "Advertising" in staff_page


PAYLOADS = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "<b>bold</b> <a href='javascript:alert(1)'>click</a>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("links_allowed", [False, True])
def test_script_and_markup_in_a_comment_render_inert(world, outcome, payload, links_allowed):
    from secretariat.comments import targets

    target = targets.resolve_target("outcome", outcome.pk)
    services.configure_target(
        actor=world.users["secretariat"],
        target=target,
        open=True,
        premoderated=False,
        links_allowed=links_allowed,
    )
    services.post_comment(actor=world.users["reader"], target=target, body=payload)
    services.report_comment(
        actor=world.users["press"],
        comment=Comment.objects.get(),
        reason="other",
        note=payload,
    )
    for role, url in (
        ("anonymous", _page(outcome)),
        ("secretariat", reverse("comments:moderation")),
        ("reader", reverse("comments:my_data")),
        ("reader", reverse("comments:delete", args=[Comment.objects.get().pk])),
    ):
        html = client_for(role, world).get(url).content.decode()
        assert payload not in html, (role, url)
        assert "<script>alert" not in html, (role, url)
        assert "<img src=x" not in html and "<svg onload" not in html, (role, url)
        assert "href='javascript" not in html and 'href="javascript' not in html, (role, url)


def test_links_are_clickable_only_where_allowed_and_marked_ugc(world, outcome):
    from secretariat.comments import targets

    target = targets.resolve_target("outcome", outcome.pk)
    services.post_comment(
        actor=world.users["reader"], target=target, body="See https://example.org/report"
    )
    anonymous = client_for("anonymous", world)
    assert 'href="https://example.org/report"' not in anonymous.get(_page(outcome)).content.decode()
    services.configure_target(
        actor=world.users["secretariat"],
        target=target,
        open=True,
        premoderated=False,
        links_allowed=True,
    )
    html = anonymous.get(_page(outcome)).content.decode()
    assert '<a href="https://example.org/report" rel="nofollow ugc">' in html


def _section_queries(world, outcome, count, role):  # type: ignore[no-untyped-def]
    Comment.objects.filter(target_id=outcome.pk).delete()
    CommentFactory.create_batch(count, target_id=outcome.pk, author=world.users["press"])
    django_cache.clear()
    client = client_for(role, world)
    client.get(_page(outcome))  # sessions, templates
    django_cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_page(outcome, "ko"))
    assert response.status_code == 200
    assert response.content.decode().count('class="comment"') == min(count, selectors.PAGE_SIZE)
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "reader", "secretariat"])
def test_the_page_with_comments_takes_as_many_queries_at_20_as_at_200(world, outcome, role):
    assert _section_queries(world, outcome, 20, role) == _section_queries(world, outcome, 200, role)


def test_a_cached_section_costs_no_comment_query(world, outcome):
    CommentFactory.create_batch(5, target_id=outcome.pk)
    client = client_for("anonymous", world)
    client.get(_page(outcome))
    with CaptureQueriesContext(connection) as queries:
        client.get(_page(outcome))
    assert not [q for q in queries.captured_queries if "comments_comment" in q["sql"]]


def test_the_reader_downloads_and_deletes_their_data_under_me(world, outcome):
    CommentFactory(target_id=outcome.pk, author=world.users["reader"], body="Export me")
    client = client_for("reader", world)
    page = client.get(reverse("comments:my_data"))
    assert page.status_code == 200 and "Export me" in page.content.decode()
    download = client.get(reverse("comments:export"))
    assert download["Content-Type"] == "application/json"
    assert "attachment" in download["Content-Disposition"]
    assert download.json()["comments"][0]["body"] == "Export me"
    refused = client.post(reverse("comments:erase"), {})
    assert refused.status_code == 302 and Comment.objects.exists()
    client.post(reverse("comments:erase"), {"confirm": "on"})
    assert not Comment.objects.exists()


def test_rate_limited_post_gets_429_with_a_clear_message(world, outcome, settings):
    settings.COMMENT_RATE_LIMITS = {"comment": {"reader": (1, 600)}}
    client = client_for("reader", world)
    client.post(_post_url(outcome), {"body": "one"})
    response = client.post(_post_url(outcome), {"body": "two"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_the_cached_page_shows_a_new_comment_at_once(world, outcome):
    anonymous = client_for("anonymous", world)
    assert "Fresh comment" not in anonymous.get(_page(outcome)).content.decode()
    client_for("reader", world).post(_post_url(outcome), {"body": "Fresh comment"})
    assert "Fresh comment" in anonymous.get(_page(outcome)).content.decode()


def test_the_cached_page_carries_each_readers_own_csrf_token(world, outcome):
    first, second = client_for("anonymous", world), client_for("anonymous", world)
    first.get(_page(outcome))
    html = second.get(_page(outcome)).content.decode()
    assert "__page_csrf_token__" not in html and "__comments_csrf_token__" not in html
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


def test_older_comments_are_a_page_away(world, outcome):
    for n in range(selectors.PAGE_SIZE + 3):
        CommentFactory(target_id=outcome.pk, body=f"Numbered {n:03d}")
    client = client_for("anonymous", world)
    first = client.get(_page(outcome)).content.decode()
    assert "Numbered 000" not in first and "?comments_page=2#comments" in first
    older = client.get(_page(outcome) + "?comments_page=2").content.decode()
    assert "Numbered 000" in older


def test_a_signed_out_htmx_post_is_sent_to_sign_in_and_back_to_the_comments(world, outcome):
    response = client_for("anonymous", world).post(
        _post_url(outcome), {"body": "Hello"}, headers=HTMX
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == (
        f"/en/accounts/login/?next=%2Fen%2Fnegotiation%2F{outcome.slug}%2F%23comments"
    )


@pytest.mark.parametrize("page", ["%C2%B2", "1" * 5000, "-1", "0", "abc"])
def test_an_odd_comments_page_is_the_first_page_not_an_error(world, outcome, page):
    """``"²".isdigit()`` is true and ``int("²")`` fails; so does a number of 5,000 digits."""
    CommentFactory(target_id=outcome.pk, body="On the first page")
    response = client_for("anonymous", world).get(f"{_page(outcome)}?comments_page={page}")
    assert response.status_code == 200 and "On the first page" in response.content.decode()


def test_two_staff_members_each_see_their_own_links_in_the_section(world, outcome):
    """Staff share what they see (hidden comments too) but not whose comment is whose."""
    from secretariat.registry.tests.factories import UserFactory
    from secretariat.testing.world import _give_totp

    own = CommentFactory(target_id=outcome.pk, author=world.users["secretariat"], body="Mine")
    first = client_for("secretariat", world).get(_page(outcome)).content.decode()
    assert f"/comments/{own.pk}/delete/" in first
    world.users["colleague"] = UserFactory(username="colleague", is_staff=True)
    _give_totp(world.users["colleague"])  # staff sign in with a second factor
    second = client_for("colleague", world).get(_page(outcome)).content.decode()
    assert "Mine" in second and f"/comments/{own.pk}/delete/" not in second
