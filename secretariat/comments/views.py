"""Comment pages: the section's own page and its write endpoints (each works without
JavaScript and answers htmx with a fragment), the moderation queue, a target's settings and
the reader's own data under /me/. Views authorise through ``permissions.access_*`` and call
one service."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from secretariat.core.errors import DomainError, NotAuthenticated, ValidationFailed

from . import permissions, section, selectors, services, targets
from .forms import CommentForm, EraseForm, HideForm, ReactionForm, ReportForm, SettingsForm
from .models import Comment
from .targets import Target


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def client_address(request: HttpRequest) -> str | None:
    """The address rate limits count by: the connection's (a reverse proxy in front must
    pass the client's address as the connection's, e.g. uvicorn --proxy-headers)."""
    return request.META.get("REMOTE_ADDR") or None


def _to_sign_in(request: HttpRequest, need: str, back: str) -> HttpResponse:
    """A signed-out reader who tries is told to sign in and sent there, to come back here."""
    messages.info(request, permissions.sign_in_message(need))
    if _htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{reverse('account_login')}?{urlencode({'next': back})}"
        return response
    return redirect_to_login(back)


def _comment_target(comment: Comment) -> Target:
    return targets.resolve_target(comment.target_kind, comment.target_id)


def _section_page(request: HttpRequest, target: Target, *, form: Any = None, status: int = 200):
    html = section.render_section(request, target, form=form, page=section.page_of(request))
    if _htmx(request):
        return HttpResponse(html)  # swapped in place; errors are inside it
    return render(
        request, "comments/section_page.html", {"target": target, "section": html}, status=status
    )


@require_http_methods(["GET", "POST"])
def comments(request: HttpRequest, kind: str, target_id: int) -> HttpResponse:
    """GET: a target's comments on their own page. POST: post a comment."""
    target = permissions.access_target(request.user, kind, target_id)
    if request.method != "POST":
        return _section_page(request, target)
    if not request.user.is_authenticated:
        return _to_sign_in(request, "write", target.url + "#comments")
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        comment = services.post_comment(
            actor=request.user,
            target=target,
            body=form.cleaned_data.get("body", ""),
            language=form.cleaned_data.get("language", ""),
            address=client_address(request),
        )
    except DomainError as error:
        form.add_error("body" if isinstance(error, ValidationFailed) else None, error.detail)
        return _section_page(request, target, form=form, status=error.status)
    if _htmx(request):
        return _section_page(request, target)
    if comment.state == "pending":  # a published one is shown where the redirect leads
        messages.success(request, _("Thank you. Your comment will appear once it is moderated."))
    return redirect(target.url + f"#comment-{comment.pk}")


@require_POST
def react(request: HttpRequest, comment_id: int) -> HttpResponse:
    try:
        comment = permissions.access_comment(request.user, comment_id, need="react")
    except NotAuthenticated:
        comment = permissions.access_comment(request.user, comment_id)
        back = _comment_target(comment).url + f"#comment-{comment.pk}"
        return _to_sign_in(request, "react", back)
    target = _comment_target(comment)
    form = ReactionForm(request.POST)
    kind = form.data.get("kind", "")
    try:
        services.react(
            actor=request.user, comment=comment, kind=kind, address=client_address(request)
        )
        said, failed = _("Thank you for your reaction."), False
    except DomainError as error:
        said, failed = error.detail, True
    if _htmx(request):
        return HttpResponse(section.render_row(request, comment, target, said))
    (messages.error if failed else messages.success)(request, said)
    return redirect(target.url + f"#comment-{comment.pk}")


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, comment_id: int) -> HttpResponse:
    """GET: the report form. POST: report the comment to the moderators."""
    try:
        comment = permissions.access_comment(request.user, comment_id, need="report")
    except NotAuthenticated:
        comment = permissions.access_comment(request.user, comment_id)
        return _to_sign_in(request, "report", reverse("comments:report", args=[comment.pk]))
    target = _comment_target(comment)
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.report_comment(
                actor=request.user,
                comment=comment,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                address=client_address(request),
            )
        except DomainError as error:
            form.add_error(None, error.detail)
            status = error.status
        else:
            messages.success(request, _("Thank you. The moderators will look at the comment."))
            return redirect(target.url + f"#comment-{comment.pk}")
    elif request.method == "POST":
        status = 422
    return render(
        request,
        "comments/report.html",
        {"comment": comment, "target": target, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    """GET: are you sure? POST: delete the comment (its author only)."""
    comment = permissions.access_comment(request.user, comment_id, need="delete")
    target = _comment_target(comment)
    if request.method == "POST":
        services.delete_comment(actor=request.user, comment=comment)
        messages.success(request, _("Your comment is deleted."))
        return redirect(target.url + "#comments")
    return render(request, "comments/delete.html", {"comment": comment, "target": target})


@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    """The secretariat's queue: pending, reported and hidden comments."""
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Sign in to moderate."))
    permissions.require_moderator(request.user)
    queue = list(selectors.moderation_queue()[:200])
    reports = selectors.open_reports_by_comment([c.pk for c in queue])
    rows = [(c, reports.get(c.pk, []), _safe_target_url(c)) for c in queue]
    return render(request, "comments/moderation.html", {"rows": rows, "hide_form": HideForm()})


def _safe_target_url(comment: Comment) -> str:
    try:
        return _comment_target(comment).url + f"#comment-{comment.pk}"
    except DomainError:
        return ""


@require_POST
def hide(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = permissions.access_comment(request.user, comment_id, need="moderate")
    form = HideForm(request.POST)
    form.is_valid()
    try:
        services.hide_comment(
            actor=request.user, comment=comment, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationFailed as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("The comment is hidden."))
    return redirect("comments:moderation")


@require_POST
def restore(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = permissions.access_comment(request.user, comment_id, need="moderate")
    services.restore_comment(actor=request.user, comment=comment)
    messages.success(request, _("The comment is published."))
    return redirect("comments:moderation")


@require_http_methods(["GET", "POST"])
def target_settings(request: HttpRequest, kind: str, target_id: int) -> HttpResponse:
    target = permissions.access_target(request.user, kind, target_id, need="moderate")
    conf = selectors.settings_for(target)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            services.configure_target(actor=request.user, target=target, **form.cleaned_data)
            messages.success(request, _("Comment settings saved."))
            return redirect("comments:settings", kind=kind, target_id=target_id)
    else:
        form = SettingsForm(
            initial={
                "open": conf.open,
                "premoderated": conf.premoderated,
                "links_allowed": conf.links_allowed,
            }
        )
    return render(request, "comments/settings.html", {"target": target, "form": form})


@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """The reader's comments, reactions and reports: export them, or delete them."""
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Sign in to see your data."))
    data = selectors.reader_data(request.user)
    return render(request, "comments/my_data.html", {"data": data, "form": EraseForm()})


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Sign in to export your data."))
    data = services.export_reader_data(actor=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-comments.json"'
    return response


@require_POST
def erase(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Sign in to delete your data."))
    form = EraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was deleted: tick the box to confirm."))
        return redirect("comments:my_data")
    counts = services.delete_reader_data(actor=request.user)
    messages.success(
        request,
        _("Deleted: %(comments)d comments, %(reactions)d reactions, %(reports)d reports.") % counts,
    )
    return redirect("comments:my_data")
