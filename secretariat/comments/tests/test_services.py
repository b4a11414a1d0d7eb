"""The comment services: limits, rate limits, one reaction per reader (the unique
constraint's IntegrityError included), moderation, and the reader's export and deletion."""

import threading

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import translation

from secretariat.comments import cache, selectors, services
from secretariat.comments.choices import CommentState
from secretariat.comments.models import Comment, Reaction, Report
from secretariat.comments.ratelimit import RateLimited
from secretariat.comments.services import AlreadyParticipated
from secretariat.core.errors import ValidationFailed
from secretariat.core.models import AuditEntry
from secretariat.registry.permissions import principal_for

from .factories import CommentFactory


def _post(target, actor, body="A fair outcome.", **kwargs):  # type: ignore[no-untyped-def]
    return services.post_comment(actor=actor, target=target, body=body, **kwargs)


def test_a_comment_of_300_characters_is_published_and_audited_without_its_text(target, reader):
    comment = _post(target, reader, "가" * 300, language="ko")
    assert comment.state == CommentState.PUBLISHED
    entry = AuditEntry.objects.get(action="comments.comment.posted", object_id=str(comment.pk))
    assert entry.actor_id == reader.pk
    assert "가" * 10 not in str(entry.changes)
    assert "hmac_sha256" in entry.changes["body"]


def test_the_301st_character_is_refused_with_how_many_there_are(target, reader):
    with pytest.raises(ValidationFailed) as refused:
        _post(target, reader, "x" * 301)
    assert "at most 300 characters" in refused.value.detail
    assert "301" in refused.value.detail
    assert not Comment.objects.exists()


def test_a_browser_line_break_counts_as_one_character(target, reader):
    # Browsers count a line break once against maxlength but send it as CRLF.
    comment = _post(target, reader, "a" * 149 + "\r\n" + "b" * 150)
    assert len(comment.body) == 300


@pytest.mark.parametrize("body", ["", "   ", "\n"])
def test_an_empty_comment_is_refused(target, reader, body):
    with pytest.raises(ValidationFailed):
        _post(target, reader, body)


def test_a_nul_character_is_refused_not_stored(target, reader):
    with pytest.raises(ValidationFailed):
        _post(target, reader, "before\x00after")


def test_the_language_defaults_to_the_page_language(target, reader):
    with translation.override("ko"):
        assert _post(target, reader).language == "ko"
    with translation.override("zh-hans"):
        assert _post(target, reader).language == "zh-hans"


def test_a_language_outside_the_content_languages_is_refused(target, reader):
    with pytest.raises(ValidationFailed) as refused:
        _post(target, reader, language="fr")
    assert "language" in refused.value.errors


def test_a_premoderated_target_keeps_comments_pending_and_out_of_public_view(world, target, reader):
    services.configure_target(
        actor=world.users["secretariat"],
        target=target,
        open=True,
        premoderated=True,
        links_allowed=False,
    )
    comment = _post(target, reader)
    assert comment.state == CommentState.PENDING
    assert comment not in selectors.comments_visible_to(principal_for(None), target)
    assert comment in selectors.comments_visible_to(principal_for(reader), target)
    assert selectors.published_count(target) == 0


def test_a_closed_target_takes_no_comments(world, target, reader):
    services.configure_target(
        actor=world.users["secretariat"],
        target=target,
        open=False,
        premoderated=False,
        links_allowed=False,
    )
    with pytest.raises(ValidationFailed, match="closed"):
        _post(target, reader)


@override_settings(COMMENT_RATE_LIMITS={"comment": {"reader": (2, 600)}})
def test_a_reader_posting_too_often_is_told_to_wait(target, reader):
    _post(target, reader)
    _post(target, reader)
    with pytest.raises(RateLimited) as limited:
        _post(target, reader)
    assert limited.value.status == 429
    assert "wait" in limited.value.detail
    assert Comment.objects.count() == 2


@override_settings(COMMENT_RATE_LIMITS={"comment": {"address": (2, 600)}})
def test_one_address_posting_too_often_is_limited_whoever_signs_in(world, target):
    _post(target, world.users["reader"], address="203.0.113.9")
    _post(target, world.users["press"], address="203.0.113.9")
    with pytest.raises(RateLimited):
        _post(target, world.users["exhibitor"], address="203.0.113.9")
    _post(target, world.users["exhibitor"], address="198.51.100.1")  # another address


@override_settings(COMMENT_RATE_LIMITS={"react": {"reader": (1, 600)}})
def test_reactions_are_rate_limited_per_reader(world, target, reader):
    first, second = _post(target, world.users["press"]), _post(target, world.users["press"])
    services.react(actor=reader, comment=first, kind="like")
    with pytest.raises(RateLimited):
        services.react(actor=reader, comment=second, kind="like")


def test_a_change_renews_the_targets_comments_token(target, reader):
    before = cache.token(target.kind, target.id)
    comment = _post(target, reader)
    after_post = cache.token(target.kind, target.id)
    services.react(actor=reader, comment=comment, kind="like")
    assert len({before, after_post, cache.token(target.kind, target.id)}) == 3


def test_one_reaction_per_reader_the_second_says_already_participated(world, target, reader):
    comment = _post(target, world.users["press"])
    services.react(actor=reader, comment=comment, kind="like")
    with pytest.raises(AlreadyParticipated) as again:
        services.react(actor=reader, comment=comment, kind="dislike")
    assert "already participated" in again.value.detail
    assert again.value.status == 409
    comment.refresh_from_db()
    assert (comment.likes, comment.dislikes) == (1, 0)
    assert Reaction.objects.filter(comment=comment).count() == 1
    assert AuditEntry.objects.filter(action="comments.reaction.added").count() == 1


def test_a_reaction_that_meets_the_unique_constraint_changes_no_count(world, target, reader):
    """The race: another request's reaction committed between ours starting and inserting.
    Only the constraint can tell; the IntegrityError becomes 'already participated'."""
    comment = _post(target, world.users["press"])
    Reaction.objects.create(comment=comment, user=reader, kind="like")  # the other request
    with pytest.raises(AlreadyParticipated):
        services.react(actor=reader, comment=comment, kind="like")
    comment.refresh_from_db()
    assert comment.likes == 0  # the other request's own counter update is its business


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)
def test_two_reactions_sent_at_once_count_once():  # pragma: no cover - PostgreSQL only
    from secretariat.comments import targets
    from secretariat.testing.world import build_world

    from .factories import adopted_text

    world = build_world()
    target = targets.resolve_target("outcome", adopted_text(world).pk)
    comment = _post(target, world.users["press"])
    reader = world.users["reader"]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def attempt() -> None:
        barrier.wait()
        try:
            services.react(actor=reader, comment=comment, kind="like")
            outcomes.append("ok")
        except AlreadyParticipated:
            outcomes.append("already")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "ok"]
    comment.refresh_from_db()
    assert comment.likes == 1


def test_a_reader_reports_a_comment_once(world, target, reader):
    comment = _post(target, world.users["press"])
    services.report_comment(actor=reader, comment=comment, reason="spam", note="Buy now")
    with pytest.raises(AlreadyParticipated, match="already reported"):
        services.report_comment(actor=reader, comment=comment, reason="abuse")
    with pytest.raises(ValidationFailed):
        services.report_comment(actor=world.users["press"], comment=comment, reason="boring")
    assert Report.objects.count() == 1


def test_hiding_needs_a_reason_and_resolves_the_reports(world, target, reader):
    staff = world.users["secretariat"]
    comment = _post(target, world.users["press"])
    services.report_comment(actor=reader, comment=comment, reason="abuse")
    with pytest.raises(ValidationFailed):
        services.hide_comment(actor=staff, comment=comment, reason=" ")
    hidden = services.hide_comment(actor=staff, comment=comment, reason="Insults a delegate")
    assert hidden.state == CommentState.HIDDEN and hidden.hidden_reason == "Insults a delegate"
    assert not Report.objects.filter(resolved=False).exists()
    assert hidden not in selectors.comments_visible_to(principal_for(reader), target)
    assert hidden in selectors.comments_visible_to(principal_for(staff), target)
    # its author still sees it, marked hidden
    assert hidden in selectors.comments_visible_to(principal_for(world.users["press"]), target)
    restored = services.restore_comment(actor=staff, comment=hidden)
    assert restored.state == CommentState.PUBLISHED and restored.hidden_reason == ""
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"comments.comment.hidden", "comments.comment.restored"} <= actions


def test_a_reader_exports_then_deletes_their_data(world, target, reader):
    press = world.users["press"]
    mine = _post(target, reader, "Mine")
    theirs = _post(target, press, "Theirs")
    services.react(actor=reader, comment=theirs, kind="dislike")
    services.react(actor=press, comment=mine, kind="like")
    services.report_comment(actor=reader, comment=theirs, reason="off_topic")
    exported = services.export_reader_data(actor=reader)
    assert [c["body"] for c in exported["comments"]] == ["Mine"]
    assert exported["reactions"] == [
        {
            "comment_id": theirs.pk,
            "kind": "dislike",
            "created_at": exported["reactions"][0]["created_at"],
        }
    ]
    assert exported["reports"][0]["reason"] == "off_topic"
    counts = services.delete_reader_data(actor=reader)
    assert counts == {"comments": 1, "reactions": 1, "reports": 1}
    assert not Comment.objects.filter(author=reader).exists()
    assert not Reaction.objects.filter(user=reader).exists()
    assert not Report.objects.filter(reporter=reader).exists()
    theirs.refresh_from_db()
    assert theirs.dislikes == 0  # the count went with the reaction
    assert services.export_reader_data(actor=reader)["comments"] == []
    assert AuditEntry.objects.filter(action="comments.reader_data.deleted").exists()


def test_comments_of_a_target_that_is_not_public_are_not_found(world, reader):
    from secretariat.comments import targets
    from secretariat.core.errors import NotFound

    from .factories import adopted_text

    restricted = adopted_text(world, "restricted-outcome", published=False)
    with pytest.raises(NotFound):
        targets.resolve_target("outcome", restricted.pk)
    with pytest.raises(NotFound):
        targets.resolve_target("news", 1)  # registered by the news app, not here
    CommentFactory(target_id=restricted.pk, author=reader)


@override_settings(COMMENT_RATE_LIMITS={"comment": {"reader": (1, 600), "address": (2, 600)}})
def test_an_attempt_over_the_readers_limit_does_not_count_against_the_address(world, target):
    """The reader's limit is counted first, and the address's only when the reader is
    within theirs (one round trip to Redis for both)."""
    _post(target, world.users["reader"], address="203.0.113.7")
    with pytest.raises(RateLimited):
        _post(target, world.users["reader"], address="203.0.113.7")
    _post(target, world.users["press"], address="203.0.113.7")  # the address's second
    with pytest.raises(RateLimited) as limited:
        _post(target, world.users["exhibitor"], address="203.0.113.7")
    assert 0 < limited.value.retry_after <= 600
