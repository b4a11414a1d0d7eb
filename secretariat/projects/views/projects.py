"""Project pages: the list (with its CSV), the concept-note form, the project page with its
timeline, and the actions on it. Each view authorises through ``permissions`` and calls one
service; a refused action shows the page again with the reason and a 4xx status."""

import csv
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core import page_cache
from secretariat.core.errors import DomainError, ValidationFailed
from secretariat.core.frame_page import page_response
from secretariat.core.i18n import resolve
from secretariat.core.permissions import require
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import Economy, Forum, Person
from secretariat.registry.permissions import principal_for

from .. import fragments, permissions, selectors, services, timeline
from ..forms import (
    ConceptNoteForm,
    EconomyForm,
    MilestoneForm,
    MilestoneStateForm,
    TransitionForm,
)
from ..list_html import list_body_html, list_rows_html, options_html
from ..models import Project, ProjectKind

PAGE_SIZE = 50
FILTERS = selectors.FILTERS


def _filters(request: HttpRequest) -> dict[str, str]:
    return selectors.normalised({name: request.GET.get(name, "")[:80] for name in FILTERS})


def _listed(request: HttpRequest) -> Any:
    projects = selectors.projects_visible_to(principal_for(request.user))
    return selectors.for_list(selectors.filtered(projects, _filters(request)))


def project_list(request: HttpRequest) -> HttpResponse:
    """Public projects for everyone; concept notes and proposals for their fora's members.
    Signed-out readers get the page from the cache while no project, forum or economy
    changed (and the day, which decides what is overdue, is the same). Others' pages are
    never kept whole, so their tokens are not read for it (their body's fragment reads them)."""
    if not page_cache.cacheable(request):
        return _list_page(request, {}, None)
    found = page_cache.read_in_state(request, "projects-list", fragments.TOKEN_NAMES,
                                     [timezone.localdate()])  # fmt: skip
    if found.page is not None:
        return found.page
    return page_cache.keep_in_state(
        request, found, lambda extra: _list_page(request, extra, found.tokens)
    )


def _list_page(
    request: HttpRequest, extra: dict[str, Any], tokens: list[str] | None
) -> HttpResponse:
    """The page around its body. A page the page cache keeps (a signed-out reader's) is
    rendered from the database: kept as a fragment too, under the same tokens and path, it
    would only ever be read when the page is missing, at the cost of three more cache
    round trips on every rendering. ``tokens``: ``fragments.TOKEN_NAMES``' values, read
    with the page (for the filters' choices this process keeps). The frame is written
    without the template engine (``core.frame_page``), as ``projects/list.html`` wrote it."""
    principal = principal_for(request.user)
    signed_in = principal.is_authenticated
    if page_cache.cacheable(request):
        body = _list_body(request, signed_in, tokens)
    else:
        body = fragments.cached(
            "list",
            principal,
            [signed_in, request.get_full_path()],
            lambda current: _list_body(request, signed_in, current),
        )
    return page_response(
        request,
        title=_("Projects and work items"),
        content=f"\n{body}\n",
        csrf_token=extra.get("csrf_token"),
    )


def _list_body(request: HttpRequest, signed_in: bool, tokens: list[str] | None) -> SafeString:
    """A page of the visible, filtered projects: visibility and filters are applied before
    the page is cut and counted, so the count and the pages hold only what the reader may
    see."""
    number = request.GET.get("page")
    today = timezone.localdate()
    listed = selectors.VisibleList(
        principal_for(request.user), _filters(request), expected=_expected(number), today=today
    )
    page = Paginator(listed, PAGE_SIZE).get_page(number)
    rows, choices = selectors.list_rows_and_choices(
        page.object_list, today, None if tokens is None else fragments.choice_tokens(tokens)
    )
    query = request.GET.copy()
    query.pop("page", None)
    filters = _filters(request)
    return list_body_html(
        signed_in=signed_in,
        page=page,
        rows=list_rows_html(rows),
        filters=filters,
        options=_filter_options(choices, filters),
        query=query.urlencode(),  # the filters, kept by the page links and the CSV
    )


def _expected(number: str | None) -> slice:
    """The rows the page asked for will show, as ``Paginator`` cuts them when the number is
    a page's (else it shows the first or the last page, read then)."""
    try:
        first = (max(int(number or 1), 1) - 1) * PAGE_SIZE
    except ValueError:
        first = 0
    return slice(first, first + PAGE_SIZE)


def _filter_options(choices: selectors.Choices, filters: dict[str, str]) -> dict[str, str]:
    """Each filter's options (``choices``), the chosen one selected."""
    return {name: options_html(found, filters.get(name, "")) for name, found in choices.items()}


def export_csv(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV, with the same rows the reader sees."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="projects.csv"'
    writer = csv.writer(response)
    writer.writerow(["id", "kind", "state", "title", "proposing_economy", "cosponsors",
                     "responsible_forum", "co_owning_fora", "funding_account", "amount",
                     "currency", "target_body", "reference", "stage", "progress"])  # fmt: skip
    for p, progress in selectors.with_progress(list(_listed(request)), timezone.localdate()):
        writer.writerow([
            p.pk, p.kind.slug, p.state.slug, resolve(p.title).text, p.proposing_economy.code,
            " ".join(sorted(s.economy.code for s in p.active_cosponsors)),
            p.responsible_forum.slug, " ".join(sorted(f.slug for f in p.co_owning_fora.all())),
            p.funding_account, p.funding_amount or "", p.funding_currency,
            p.target_body.slug if p.target_body else "", p.body_reference,
            p.stage.code if p.stage else "", progress.per_cent,
        ])  # fmt: skip
    return response


def _proposing_roles(principal: Any) -> list[Any]:
    return [r for r in principal.roles if r.kind in RoleKind.delegation_roles() and r.economy_id]


def create(request: HttpRequest) -> HttpResponse:
    """A delegate drafts a concept note for their economy in one of their fora; they are its
    Project Overseer."""
    principal = permissions.signed_in(request.user)
    roles = _proposing_roles(principal)
    require(bool(roles) and principal.person_id is not None,
            _("Delegates propose projects for their economy."))  # fmt: skip
    fora = Forum.objects.filter(pk__in={r.forum_id for r in roles})
    form = ConceptNoteForm(request.POST or None, kinds=ProjectKind.objects.all(), fora=fora,
                           all_fora=Forum.objects.filter(is_active=True))  # fmt: skip
    if request.method != "POST" or not form.is_valid():
        status = 422 if request.method == "POST" else 200
        return render(request, "projects/create.html", {"form": form}, status=status)
    data = form.cleaned_data
    forum = fora.get(slug=data["forum"])
    role = next(r for r in roles if r.forum_id == forum.pk)
    project = services.create_project(
        actor=request.user,
        kind=ProjectKind.objects.get(slug=data["kind"]),
        proposing_economy=Economy.objects.get(pk=role.economy_id),
        overseer=Person.objects.get(pk=principal.person_id),
        responsible_forum=forum,
        co_owning_fora=list(Forum.objects.filter(slug__in=data["co_owning_fora"])),
        funding_account=data["funding_account"],
        funding_amount=data["funding_amount"],
        funding_currency=data["funding_currency"],
        **form.texts(get_language() or "en"),
    )
    messages.success(request, _("The concept note is saved."))
    return redirect("projects:detail", project_id=project.pk)


def _page(request: HttpRequest, project: Project, *, status: int = 200) -> HttpResponse:
    principal = principal_for(request.user)
    found = selectors.detail(principal, project)
    today = timezone.localdate()
    own = permissions.headed_economy_ids(principal) - {project.proposing_economy_id}
    sponsoring = {s.economy_id for s in found.cosponsors}
    context = {
        "project": project,
        "d": found,
        "today": today,
        "timeline": timeline.build(
            found.milestones, project.created_at.date(), today, resolve(project.state.name).text
        ),
        "transitions": [
            t for t in found.transitions if permissions.may_take(principal, project, t)
        ],
        "may_manage": permissions.may_manage(principal, project),
        "may_cosponsor": Economy.objects.filter(pk__in=own - sponsoring),
        "may_withdraw": Economy.objects.filter(pk__in=own & sponsoring),
        "missing": max(project.kind.min_cosponsors - len(found.cosponsors), 0),
    }
    return render(request, "projects/detail.html", context, status=status)


def detail(request: HttpRequest, project_id: int) -> HttpResponse:
    return _page(request, permissions.access_project(request.user, project_id))


def _act(request: HttpRequest, project: Project, action: Any, done: str) -> HttpResponse:
    """Run one service; refused, the page again with the reason (4xx), nothing changed."""
    try:
        action()
    except DomainError as error:
        messages.error(request, error.detail)
        project.refresh_from_db()
        return _page(request, project, status=error.status)
    messages.success(request, done)
    return redirect("projects:detail", project_id=project.pk)


def _invalid(request: HttpRequest, project: Project) -> HttpResponse:
    messages.error(request, _("The form was incomplete: reload the page and try again."))
    return _page(request, project, status=422)


@require_POST
def transition(request: HttpRequest, project_id: int) -> HttpResponse:
    project = permissions.access_project(request.user, project_id, need="transition")
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, project)
    return _act(request, project, lambda: services.change_state(
        actor=request.user, project=project, version=form.cleaned_data["version"],
        target=form.cleaned_data["state"]), _("The project moved on."))  # fmt: skip


def _economy(form: EconomyForm) -> Economy:
    found = Economy.objects.filter(code=form.cleaned_data["economy"].upper()).first()
    if found is None:
        raise ValidationFailed(_("Unknown economy."), errors={"economy": []})
    return found


@require_POST
def cosponsor(request: HttpRequest, project_id: int) -> HttpResponse:
    project = permissions.access_project(request.user, project_id, need="cosponsor")
    form = EconomyForm(request.POST)
    if not form.is_valid():
        return _invalid(request, project)
    return _act(request, project, lambda: services.cosponsor(
        actor=request.user, project=project, economy=_economy(form)),
        _("Your economy co-sponsors the project."))  # fmt: skip


@require_POST
def withdraw_cosponsorship(request: HttpRequest, project_id: int) -> HttpResponse:
    project = permissions.access_project(request.user, project_id, need="cosponsor")
    form = EconomyForm(request.POST)
    if not form.is_valid():
        return _invalid(request, project)
    return _act(request, project, lambda: services.withdraw_cosponsorship(
        actor=request.user, project=project, economy=_economy(form)),
        _("The co-sponsorship is withdrawn."))  # fmt: skip


@require_POST
def add_milestone(request: HttpRequest, project_id: int) -> HttpResponse:
    project = permissions.access_project(request.user, project_id, need="manage")
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        return _invalid(request, project)
    language = get_language() or "en"
    title = {language: {"text": form.cleaned_data["title"], "status": "original"}}
    return _act(request, project, lambda: services.add_milestone(
        actor=request.user, project=project, title=title, due_on=form.cleaned_data["due_on"]),
        _("The milestone is added."))  # fmt: skip


@require_POST
def milestone_state(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = permissions.access_milestone(request.user, milestone_id)
    form = MilestoneStateForm(request.POST)
    if not form.is_valid():
        return _invalid(request, milestone.project)
    return _act(request, milestone.project, lambda: services.update_milestone(
        actor=request.user, milestone=milestone, version=form.cleaned_data["version"],
        state=form.cleaned_data["state"]), _("The milestone is updated."))  # fmt: skip
