"""Writes to comments, reactions, reports and target settings. Callers authorise through
``permissions.access_*`` first; each function validates, writes and records its audit entry
in one transaction, and renews the target's comments token (``cache.touch``).

Comment text is public while published, but a reader may delete it: the append-only audit
log therefore keeps only a keyed digest of it, never the text."""

from typing import Any

from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import DomainError, ValidationFailed
from secretariat.core.i18n import content_languages
from secretariat.core.text_input import unstorable_reason

from . import cache, ratelimit, selectors
from .choices import CommentState, ReactionKind, ReportReason
from .models import MAX_LENGTH, Comment, CommentSettings, Reaction, Report
from .targets import Target


class AlreadyParticipated(DomainError):
    """A second reaction (or report) by the same reader on the same comment."""

    status = 409
    title = gettext_lazy("Already participated")
    type_slug = "already-participated"


def page_language() -> str:
    """The content language matching the interface language (``zh-hans`` for ``zh-hans``,
    ``en`` when the interface language is not a content language)."""
    current = (get_language() or django_settings.LANGUAGE_CODE).lower()
    languages = content_languages()
    if current in languages:
        return current
    base = current.split("-")[0]
    return next((code for code in languages if code.split("-")[0] == base), languages[0])


def clean_body(body: str, *, field: str = "body", required: bool = True) -> str:
    """Line breaks as one character each (browsers send CRLF but count one), trimmed; at
    most ``MAX_LENGTH`` characters, else ``ValidationFailed`` saying how many there are."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    reason = unstorable_reason(text, field)
    if reason:
        raise ValidationFailed(_("The text cannot be stored: %(reason)s.") % {"reason": reason})
    if required and not text:
        raise ValidationFailed(_("Write something first."), errors={field: [_("required")]})
    if len(text) > MAX_LENGTH:
        message = _(
            "A comment has at most %(max)d characters; this one has %(n)d. Shorten it and "
            "post again."
        ) % {"max": MAX_LENGTH, "n": len(text)}
        raise ValidationFailed(message, errors={field: [message]})
    return text


def _target_changed(kind: str, target_id: int) -> None:
    cache.touch(kind, target_id)


def post_comment(
    *, actor: Any, target: Target, body: str, language: str = "", address: str | None = None
) -> Comment:
    """A comment under ``target`` in ``language`` (default: the page's). Published at once,
    or pending where the target is pre-moderated; refused where comments are closed."""
    text = clean_body(body)
    language = language or page_language()
    if language not in content_languages():
        raise ValidationFailed(
            _("Choose one of the content languages: %(languages)s.")
            % {"languages": ", ".join(content_languages())},
            errors={"language": [language]},
        )
    conf = selectors.settings_for(target)
    if not conf.open:
        raise ValidationFailed(_("Comments are closed here."), errors={"body": ["closed"]})
    ratelimit.check("comment", user_id=actor.pk, address=address)
    state = CommentState.PENDING if conf.premoderated else CommentState.PUBLISHED
    with transaction.atomic():
        comment = Comment.objects.create(
            target_kind=target.kind,
            target_id=target.id,
            author=actor,
            body=text,
            language=language,
            state=state,
        )
        audit.record(
            actor=actor,
            action="comments.comment.posted",
            obj=comment,
            changes={
                "target": str(target),
                "language": language,
                "state": state,
                "body": audit.private_digest(text),
            },
        )
        _target_changed(target.kind, target.id)
    return comment


def delete_comment(*, actor: Any, comment: Comment) -> None:
    """The author deletes their comment, with its reactions and reports."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="comments.comment.deleted",
            obj=comment,
            changes={"target": f"{comment.target_kind} #{comment.target_id}"},
        )
        Comment.objects.filter(pk=comment.pk).delete()
        _target_changed(comment.target_kind, comment.target_id)


def react(*, actor: Any, comment: Comment, kind: str, address: str | None = None) -> Reaction:
    """One reaction per reader per comment: a second one (even two sent at once, which the
    unique constraint decides) raises ``AlreadyParticipated`` and changes nothing."""
    if kind not in ReactionKind.values:
        raise ValidationFailed(
            _("React with one of: %(kinds)s.") % {"kinds": ", ".join(ReactionKind.values)},
            errors={"kind": [kind]},
        )
    ratelimit.check("react", user_id=actor.pk, address=address)
    counter = "likes" if kind == ReactionKind.LIKE else "dislikes"
    with transaction.atomic():
        try:
            with transaction.atomic():
                reaction = Reaction.objects.create(comment=comment, user=actor, kind=kind)
        except IntegrityError:
            raise AlreadyParticipated(
                _("You have already participated: one reaction per reader per comment.")
            ) from None
        Comment.objects.filter(pk=comment.pk).update(**{counter: F(counter) + 1})
        audit.record(
            actor=actor,
            action="comments.reaction.added",
            obj=comment,
            changes={"kind": kind},
        )
        _target_changed(comment.target_kind, comment.target_id)
    return reaction


def report_comment(
    *, actor: Any, comment: Comment, reason: str, note: str = "", address: str | None = None
) -> Report:
    """A reader reports a comment to the moderators (once per comment)."""
    if reason not in ReportReason.values:
        raise ValidationFailed(
            _("Say why you report the comment."), errors={"reason": [reason or "required"]}
        )
    note = clean_body(note, field="note", required=False)
    ratelimit.check("report", user_id=actor.pk, address=address)
    with transaction.atomic():
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    comment=comment, reporter=actor, reason=reason, note=note
                )
        except IntegrityError:
            raise AlreadyParticipated(_("You have already reported this comment.")) from None
        audit.record(
            actor=actor,
            action="comments.comment.reported",
            obj=comment,
            changes={"reason": reason, "note": audit.private_digest(note)},
        )
        _target_changed(comment.target_kind, comment.target_id)
    return report


def hide_comment(*, actor: Any, comment: Comment, reason: str) -> Comment:
    """The secretariat hides a comment, saying why; its open reports are dealt with."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Give the reason for hiding the comment."), errors={"reason": [_("required")]}
        )
    if len(reason) > MAX_LENGTH:
        raise ValidationFailed(
            _("The reason has at most %(max)d characters.") % {"max": MAX_LENGTH},
            errors={"reason": ["too long"]},
        )
    return _moderate(actor, comment, CommentState.HIDDEN, reason, "comments.comment.hidden")


def restore_comment(*, actor: Any, comment: Comment) -> Comment:
    """The secretariat publishes a hidden or pending comment; its open reports are closed."""
    return _moderate(actor, comment, CommentState.PUBLISHED, "", "comments.comment.restored")


def _moderate(actor: Any, comment: Comment, state: str, reason: str, action: str) -> Comment:
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        before = current.state
        current.state = state
        current.hidden_reason = reason
        current.moderated_by = actor
        current.moderated_at = timezone.now()
        current.save(update_fields=["state", "hidden_reason", "moderated_by", "moderated_at"])
        Report.objects.filter(comment=current, resolved=False).update(resolved=True)
        audit.record(
            actor=actor,
            action=action,
            obj=current,
            changes={"state": [before, state], "reason": reason},
        )
        _target_changed(current.target_kind, current.target_id)
    return current


def configure_target(
    *, actor: Any, target: Target, open: bool, premoderated: bool, links_allowed: bool
) -> CommentSettings:
    """The secretariat opens or closes a target's comments, turns pre-moderation on or off
    and decides whether links in its comments are clickable."""
    with transaction.atomic():
        conf, _created = CommentSettings.objects.select_for_update().get_or_create(
            target_kind=target.kind, target_id=target.id
        )
        before = {
            "open": conf.open,
            "premoderated": conf.premoderated,
            "links_allowed": conf.links_allowed,
        }
        after = {"open": open, "premoderated": premoderated, "links_allowed": links_allowed}
        for key, value in after.items():
            setattr(conf, key, value)
        conf.save()
        audit.record(
            actor=actor,
            action="comments.settings.updated",
            obj=conf,
            changes=audit.diff(before, after),
        )
        _target_changed(target.kind, target.id)
    return conf


def export_reader_data(*, actor: Any) -> dict[str, Any]:
    """The reader's own comments, reactions and reports (the export is logged)."""
    with transaction.atomic():
        data = selectors.reader_data(actor)
        audit.record(
            actor=actor,
            action="comments.reader_data.exported",
            object_type="accounts.user",
            object_id=str(actor.pk),
            object_repr=f"user #{actor.pk}",
            changes={key: len(value) for key, value in data.items()},
        )
    return {"user": actor.get_username(), "exported_at": timezone.now().isoformat(), **data}


def delete_reader_data(*, actor: Any) -> dict[str, int]:
    """Delete the reader's comments, reactions and reports; the counts of the comments they
    reacted to go down with them."""
    with transaction.atomic():
        # Locked: a second erase running at once waits, then finds nothing to count down.
        reactions = list(
            Reaction.objects.select_for_update(of=("self",))
            .filter(user=actor)
            .values_list("comment_id", "kind", "comment__target_kind", "comment__target_id")
        )
        comments = list(
            Comment.objects.filter(author=actor).values_list("target_kind", "target_id")
        )
        reported = list(
            Report.objects.filter(reporter=actor).values_list(
                "comment__target_kind", "comment__target_id"
            )
        )
        for kind, counter in ((ReactionKind.LIKE, "likes"), (ReactionKind.DISLIKE, "dislikes")):
            ids = [comment_id for comment_id, k, _kind, _id in reactions if k == kind]
            if ids:
                Comment.objects.filter(pk__in=ids).update(**{counter: F(counter) - 1})
        counts = {
            "comments": len(comments),
            "reactions": len(reactions),
            "reports": len(reported),
        }
        audit.record(
            actor=actor,
            action="comments.reader_data.deleted",
            object_type="accounts.user",
            object_id=str(actor.pk),
            object_repr=f"user #{actor.pk}",
            changes=counts,
        )
        Reaction.objects.filter(user=actor).delete()
        Report.objects.filter(reporter=actor).delete()
        Comment.objects.filter(author=actor).delete()
        touched = {(k, i) for _c, _k, k, i in reactions} | set(comments) | set(reported)
        for target_kind, target_id in sorted(touched):
            _target_changed(target_kind, target_id)
    return counts
