"""Permission-matrix entries for reader comments (merged by secretariat/testing/matrix.py).

The world: a published adopted text of forum A ("comments-outcome") with a published
comment by the reader, one awaiting moderation by the press member and one hidden by the
moderators written by the exhibitor, plus a comment of the reader's to delete; and an
adopted text that is not published ("comments-restricted", whose comments are 404 to all,
as the text is to the public). Everyone reads published comments; authors also their own
pending or hidden ones; the secretariat all of them."""

from secretariat.comments.choices import CommentState
from secretariat.comments.models import Comment, CommentSettings, Reaction, Report
from secretariat.core.models import AuditEntry
from secretariat.testing.checks import EVERYONE, SECRETARIAT, SIGNED_IN, Check, Sees, api, page

from .factories import CommentFactory, adopted_text

BODIES = {
    "c_pub": "Matrix: a published comment",
    "c_pending": "Matrix: awaiting moderation",
    "c_hidden": "Matrix: hidden by the moderators",
}
SEEN = {
    EVERYONE: {"c_pub"},
    "press": {"c_pub", "c_pending"},
    "exhibitor": {"c_pub", "c_hidden"},
    "secretariat": set(BODIES),
}
READER = frozenset({"reader"})


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    outcome = adopted_text(world, "comments-outcome")
    restricted = adopted_text(world, "comments-restricted", published=False)
    authors = {"c_pub": "reader", "c_pending": "press", "c_hidden": "exhibitor"}
    states = {
        "c_pub": CommentState.PUBLISHED,
        "c_pending": CommentState.PENDING,
        "c_hidden": CommentState.HIDDEN,
    }
    comments = {
        label: CommentFactory(
            target_id=outcome.pk,
            author=world.users[authors[label]],
            body=body,
            state=states[label],
            hidden_reason="Off topic" if label == "c_hidden" else "",
        )
        for label, body in BODIES.items()
    }
    comments["c_delete"] = CommentFactory(
        target_id=outcome.pk, author=world.users["reader"], body="Matrix: to delete"
    )
    comments["c_restricted"] = CommentFactory(
        target_id=restricted.pk, author=world.users["reader"], body="Matrix: restricted"
    )
    world.extra.update(comments=comments, comments_outcome=outcome, comments_restricted=restricted)


def _c(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["comments"][label].pk


def _outcome(w):  # type: ignore[no-untyped-def]
    return w.extra["comments_outcome"].pk


def _restricted(w):  # type: ignore[no-untyped-def]
    return w.extra["comments_restricted"].pk


def _kind(w):  # type: ignore[no-untyped-def]
    return "outcome"


def _posted(w):  # type: ignore[no-untyped-def]
    return Comment.objects.filter(body="Matrix: posted").exists()


def _reacted(w):  # type: ignore[no-untyped-def]
    return Reaction.objects.filter(comment_id=_c("c_pub")(w)).exists()


def _reported(w):  # type: ignore[no-untyped-def]
    return Report.objects.filter(comment_id=_c("c_pub")(w)).exists()


def _deleted(w):  # type: ignore[no-untyped-def]
    return not Comment.objects.filter(pk=_c("c_delete")(w)).exists()


def _hidden(w):  # type: ignore[no-untyped-def]
    return Comment.objects.filter(pk=_c("c_pub")(w), state=CommentState.HIDDEN).exists()


def _restored(w):  # type: ignore[no-untyped-def]
    return Comment.objects.filter(pk=_c("c_hidden")(w), state=CommentState.PUBLISHED).exists()


def _premoderated(w):  # type: ignore[no-untyped-def]
    return CommentSettings.objects.filter(target_id=_outcome(w), premoderated=True).exists()


def _erased(w):  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(action="comments.reader_data.deleted").exists()


def _bodies(w):  # type: ignore[no-untyped-def]
    return BODIES


def _ids(w):  # type: ignore[no-untyped-def]
    return {label: w.extra["comments"][label].pk for label in BODIES}


PAGES = {
    "comments:post": (
        Check(
            "GET",
            page("comments:post", _kind, _outcome),
            EVERYONE,
            sees=Sees(items=_bodies, by_role=SEEN),
        ),
        Check(
            "POST",
            page("comments:post", _kind, _outcome),
            SIGNED_IN,
            body=lambda w: {"body": "Matrix: posted", "language": "ko"},
            effect=_posted,
        ),
        # Not published: nobody reads or writes its comments.
        Check("GET", page("comments:post", _kind, _restricted), frozenset()),
    ),
    "comments:react": Check(
        "POST",
        page("comments:react", _c("c_pub")),
        SIGNED_IN,
        body=lambda w: {"kind": "like"},
        effect=_reacted,
    ),
    "comments:report": (
        Check("GET", page("comments:report", _c("c_pub")), SIGNED_IN),
        Check(
            "POST",
            page("comments:report", _c("c_pub")),
            SIGNED_IN,
            body=lambda w: {"reason": "spam", "note": "Matrix"},
            effect=_reported,
        ),
        Check("GET", page("comments:report", _c("c_restricted")), frozenset()),
    ),
    "comments:delete": (
        Check("GET", page("comments:delete", _c("c_delete")), READER),
        Check("POST", page("comments:delete", _c("c_delete")), READER, effect=_deleted),
    ),
    "comments:moderation": Check(
        "GET",
        page("comments:moderation"),
        SECRETARIAT,
        sees=Sees(items=_bodies, by_role={SECRETARIAT: {"c_pending", "c_hidden"}}),
    ),
    "comments:hide": Check(
        "POST",
        page("comments:hide", _c("c_pub")),
        SECRETARIAT,
        body=lambda w: {"reason": "Matrix"},
        effect=_hidden,
    ),
    "comments:restore": Check(
        "POST", page("comments:restore", _c("c_hidden")), SECRETARIAT, effect=_restored
    ),
    "comments:settings": (
        Check("GET", page("comments:settings", _kind, _outcome), SECRETARIAT),
        Check(
            "POST",
            page("comments:settings", _kind, _outcome),
            SECRETARIAT,
            body=lambda w: {"open": "on", "premoderated": "on"},
            effect=_premoderated,
        ),
    ),
    "comments:my_data": Check("GET", page("comments:my_data"), SIGNED_IN),
    "comments:export": Check("GET", page("comments:export"), SIGNED_IN),
    "comments:erase": Check(
        "POST", page("comments:erase"), SIGNED_IN, body=lambda w: {"confirm": "on"}, effect=_erased
    ),
}

TARGET = "/comments/targets/outcome/{w.extra[comments_outcome].pk}"
ITEM = "/comments/items/{w.extra[comments][%s].pk}"

API = {
    "list_comments": (
        Check("GET", api(TARGET), EVERYONE, sees=Sees(items=_ids, by_role=SEEN)),
        Check(
            "GET",
            api("/comments/targets/outcome/{w.extra[comments_restricted].pk}"),
            frozenset(),
        ),
    ),
    "post_comment": Check(
        "POST",
        api(TARGET),
        SIGNED_IN,
        body=lambda w: {"body": "Matrix: posted", "language": "ja"},
        effect=_posted,
    ),
    "get_comment_settings": Check("GET", api(TARGET + "/settings"), EVERYONE),
    "update_comment_settings": Check(
        "PUT",
        api(TARGET + "/settings"),
        SECRETARIAT,
        body=lambda w: {"open": True, "premoderated": True, "links_allowed": False},
        effect=_premoderated,
    ),
    "delete_comment": Check("DELETE", api(ITEM % "c_delete"), READER, effect=_deleted),
    "react_to_comment": Check(
        "POST",
        api(ITEM % "c_pub" + "/reactions"),
        SIGNED_IN,
        body=lambda w: {"kind": "dislike"},
        effect=_reacted,
    ),
    "report_comment": Check(
        "POST",
        api(ITEM % "c_pub" + "/reports"),
        SIGNED_IN,
        body=lambda w: {"reason": "abuse"},
        effect=_reported,
    ),
    "moderate_comment": Check(
        "POST",
        api(ITEM % "c_pub" + "/moderation"),
        SECRETARIAT,
        body=lambda w: {"action": "hide", "reason": "Matrix"},
        effect=_hidden,
    ),
    "list_moderation_queue": Check(
        "GET",
        api("/comments/moderation"),
        SECRETARIAT,
        sees=Sees(items=_ids, by_role={SECRETARIAT: {"c_pending", "c_hidden"}}),
    ),
    "export_my_comment_data": Check("GET", api("/comments/my-data"), SIGNED_IN),
    "delete_my_comment_data": Check("DELETE", api("/comments/my-data"), SIGNED_IN, effect=_erased),
}
