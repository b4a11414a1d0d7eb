"""The comments section of a target, rendered once per state of its comments, language and
kind of viewer, and served from the cache after that.

The key holds the target's comments token (``cache.token``), the language, the page of
comments and the viewer: every anonymous reader shares one rendering; each signed-in reader
has their own (their pending comments, their reactions, their delete links); the secretariat
shares one. Forms in the cached HTML carry a placeholder where the CSRF token goes, replaced
per request, so no one's token is ever stored or served to someone else.

The rows are written here rather than through the template language: fifty rows with their
forms through templates cost more than the rest of the page (see ``meetings/page.py``)."""

import hashlib
import html
from typing import Any

from django.core.cache import cache as django_cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, get_language_info, gettext

from secretariat.core.i18n import content_languages
from secretariat.registry.permissions import Principal, principal_for

from . import cache, selectors
from .choices import CommentState
from .models import MAX_LENGTH, Comment
from .targets import Target

CSRF_PLACEHOLDER = "__comments_csrf_token__"
SECONDS = 3600


def comment_body_html(body: str, *, links_allowed: bool) -> str:
    """Plain text, escaped; line breaks kept. With links allowed, web addresses become
    links marked ``rel="nofollow ugc"`` (the text around them still escaped)."""
    if links_allowed:
        linked = urlize(body, nofollow=True, autoescape=True)
        linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc"')
        return linked.replace("\n", "<br>")
    return html.escape(body).replace("\n", "<br>")


def language_names() -> dict[str, str]:
    names = {}
    for code in content_languages():
        try:
            names[code] = html.escape(str(get_language_info(code)["name_translated"]))
        except KeyError:
            names[code] = html.escape(code)
    return names


def viewer_key(principal: Principal) -> str:
    if not principal.is_authenticated:
        return "anonymous"
    if principal.is_secretariat:  # sees hidden comments; its own links are its own
        return f"secretariat:{principal.user.pk}"
    return f"user:{principal.user.pk}"


class Rows:
    """The rows of one page of comments for one viewer (see the module doc)."""

    def __init__(
        self, data: selectors.SectionData, principal: Principal, *, moderator: bool
    ) -> None:
        self.data, self.principal, self.moderator = data, principal, moderator

    def __html__(self) -> str:
        if not self.data.comments:
            return f'<li class="meta">{html.escape(gettext("No comments yet."))}</li>'
        names = language_names()
        sentinel = "987654321"
        react = reverse("comments:react", args=[sentinel]).split(sentinel)
        report = reverse("comments:report", args=[sentinel]).split(sentinel)
        delete = reverse("comments:delete", args=[sentinel]).split(sentinel)
        t = {
            "like": html.escape(gettext("Like")),
            "dislike": html.escape(gettext("Dislike")),
            "report": html.escape(gettext("Report")),
            "delete": html.escape(gettext("Delete")),
            "pending": html.escape(gettext("awaiting moderation")),
            "hidden": html.escape(gettext("hidden by the moderators")),
            "reason": html.escape(gettext("Reason")),
            "reactions": html.escape(gettext("Reactions")),
        }
        own_id = self.principal.user.pk if self.principal.is_authenticated else None
        links = self.data.settings.links_allowed
        rows = []
        for c in self.data.comments:
            pk = c.pk
            state = ""
            if c.state == CommentState.PENDING:
                state = f' · <span class="badge">{t["pending"]}</span>'
            elif c.state == CommentState.HIDDEN:
                reason = ""
                if self.moderator or c.author_id == own_id:
                    reason = f" ({t['reason']}: {html.escape(c.hidden_reason)})"
                state = f' · <span class="badge">{t["hidden"]}</span>{reason}'
            mine = self.data.own_reactions.get(pk)
            when = localtime(c.created_at)  # shown with its zone's name
            language = names.get(c.language) or html.escape(c.language)
            actions = ""
            if c.state == CommentState.PUBLISHED:
                actions = (
                    f'<form method="post" action="{react[0]}{pk}{react[1]}" class="inline" '
                    f'hx-post="{react[0]}{pk}{react[1]}" hx-target="#comment-{pk}" '
                    f'hx-swap="outerHTML" aria-label="{t["reactions"]}">'
                    f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}">'
                    f'<button type="submit" name="kind" value="like" '
                    f'aria-pressed="{"true" if mine == "like" else "false"}">'
                    f'{t["like"]} <span class="count">{c.likes}</span></button> '
                    f'<button type="submit" name="kind" value="dislike" '
                    f'aria-pressed="{"true" if mine == "dislike" else "false"}">'
                    f'{t["dislike"]} <span class="count">{c.dislikes}</span></button></form> '
                    f'<a href="{report[0]}{pk}{report[1]}">{t["report"]}</a>'
                )
            if own_id is not None and c.author_id == own_id:
                actions += f' <a href="{delete[0]}{pk}{delete[1]}">{t["delete"]}</a>'
            rows.append(
                f'\n<li class="comment" id="comment-{pk}">'
                f'<p class="meta"><strong>{html.escape(c.author_name)}</strong> · '
                f'<time datetime="{when.isoformat()}">'
                f"{when:%Y-%m-%d %H:%M} {html.escape(when.tzname() or '')}</time> · "
                f'<span class="badge">{language}</span>{state}</p>'
                f'<p class="comment-body" lang="{html.escape(c.language)}">'
                f"{comment_body_html(c.body, links_allowed=links)}</p>"
                f'<div class="comment-actions">{actions}</div></li>'
            )
        return "".join(rows)

    def __str__(self) -> str:
        return mark_safe(self.__html__())  # noqa: S308 - every value escaped above


def _context(
    request: Any,
    target: Target,
    principal: Principal,
    data: selectors.SectionData,
    *,
    form: Any = None,
) -> dict[str, Any]:
    moderator = principal.is_secretariat
    body = form.data.get("body", "") if form is not None and form.is_bound else ""
    return {
        "target": target,
        "data": data,
        "rows": Rows(data, principal, moderator=moderator),
        "form": form,
        "body": body,
        "body_length": len(body),
        "max_length": MAX_LENGTH,
        "languages": [(code, name) for code, name in language_names().items()],
        "chosen_language": (form.data.get("language") if form is not None and form.is_bound else "")
        or _page_language(),
        "signed_in": principal.is_authenticated,
        "moderator": moderator,
        "csrf_placeholder": CSRF_PLACEHOLDER,
        "post_url": reverse("comments:post", args=[target.kind, target.id]),
        "return_to": target.url + "#comments",
        "sign_in_url": reverse("account_login"),
        "counter_js": static("comments/counter.js"),
        "next_page": data.page + 1 if data.has_more else None,
        "previous_page": data.page - 1 if data.page > 1 else None,
    }


def _page_language() -> str:
    from .services import page_language

    return page_language()


def page_of(request: Any) -> int:
    raw = request.GET.get("comments_page", "1")
    # ASCII digits only ("²" is a digit to str.isdigit, not to int), and few of them.
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 5):
        return 1
    return int(raw) if 0 < int(raw) <= 10_000 else 1


def render_section(
    request: Any, target: Target, *, form: Any = None, page: int = 1, csrf: str | None = None
) -> SafeString:
    """The section's HTML for this request: from the cache unless ``form`` (a refused post,
    shown with its errors and text) makes it the request's own. ``csrf``: what to put where
    the CSRF token goes (a page's template passes its own ``csrf_token``, which is a
    placeholder again when the whole page is cached); default the request's token."""
    principal = principal_for(request.user)
    if form is not None:
        data = selectors.section(principal, target, page)
        rendered = render_to_string(
            "comments/_section.html", _context(request, target, principal, data, form=form)
        )
    else:
        token = cache.token(target.kind, target.id)  # before reading what it names
        state = (
            f"{token}|{target.kind}|{target.id}|{page}|{get_language()}|{get_script_prefix()}|"
            f"{viewer_key(principal)}"
        )
        key = f"comments:section:{hashlib.sha256(state.encode()).hexdigest()}"
        rendered = django_cache.get(key)
        if rendered is None:
            data = selectors.section(principal, target, page)
            rendered = render_to_string(
                "comments/_section.html", _context(request, target, principal, data)
            )
            django_cache.set(key, rendered, SECONDS)
    token = get_token(request) if csrf is None else csrf
    return mark_safe(rendered.replace(CSRF_PLACEHOLDER, token))  # noqa: S308 - ours


def render_row(request: Any, comment: Comment, target: Target, notice: str = "") -> str:
    """One comment's row for this viewer (the htmx answer to a reaction), with a notice."""
    principal = principal_for(request.user)
    data = selectors.SectionData(
        comments=selectors.rows_of(Comment.objects.filter(pk=comment.pk)),
        count=0,
        page=1,
        has_more=False,
        own_reactions=dict(
            comment.reactions.filter(user_id=request.user.pk).values_list("comment_id", "kind")
        ),
        settings=selectors.settings_for(target),
    )
    row = Rows(data, principal, moderator=principal.is_secretariat).__html__()
    if notice:
        row = row.replace(
            '<div class="comment-actions">',
            f'<p role="status" class="notice">{html.escape(notice)}</p>'
            '<div class="comment-actions">',
            1,
        )
    return row.replace(CSRF_PLACEHOLDER, get_token(request))
