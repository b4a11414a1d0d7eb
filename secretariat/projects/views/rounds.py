"""Scoring-round pages: the rounds of the viewer's fora (and opening one, for a chair), a
round's page (the viewer's own score form while open; every score and the ranked list,
with the chair's endorsement, once closed), scoring and closing."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import DomainError
from secretariat.core.permissions import require
from secretariat.registry.models import Forum
from secretariat.registry.permissions import principal_for

from .. import permissions, selectors, services
from ..choices import RoundState
from ..forms import RoundForm, VersionForm
from ..models import Project, ScoringRound


def _chaired_fora(principal: Any) -> Any:
    if principal.is_secretariat:
        return Forum.objects.all()
    ids = {r.forum_id for r in principal.roles if r.kind in permissions.CHAIR_ROLES}
    return Forum.objects.filter(pk__in=ids)


def _eligible_notes(principal: Any) -> list[Project]:
    return list(
        selectors.projects_visible_to(principal).filter(
            state__is_initial=True, responsible_forum__in=_chaired_fora(principal)
        )
    )


def rounds(request: HttpRequest) -> HttpResponse:
    principal = permissions.signed_in(request.user)
    found = selectors.rounds_visible_to(principal).order_by("-created_at", "-pk")[:100]
    notes = _eligible_notes(principal)
    return render(request, "projects/rounds.html", {
        "rounds": found, "notes": notes, "form": RoundForm(notes=notes)})  # fmt: skip


@require_POST
def open_round(request: HttpRequest) -> HttpResponse:
    principal = permissions.signed_in(request.user)
    notes = _eligible_notes(principal)
    require(bool(notes), _("Only a forum's chair opens a round, on its concept notes."))
    form = RoundForm(request.POST, notes=notes)
    if not form.is_valid():
        messages.error(request, _("Name the round and choose its concept notes."))
        return redirect("projects:rounds")
    chosen = [p for p in notes if str(p.pk) in form.cleaned_data["projects"]]
    try:
        opened = services.open_round(actor=request.user, forum=chosen[0].responsible_forum,
                                     name=form.cleaned_data["name"], projects=chosen)  # fmt: skip
    except DomainError as error:
        messages.error(request, error.detail)
        return render(request, "projects/rounds.html", {
            "rounds": selectors.rounds_visible_to(principal)[:100], "notes": notes,
            "form": form}, status=error.status)  # fmt: skip
    messages.success(request, _("The round is open."))
    return redirect("projects:round", round_id=opened.pk)


def _round_page(
    request: HttpRequest, scoring_round: ScoringRound, status: int = 200
) -> HttpResponse:
    principal = principal_for(request.user)
    closed = scoring_round.state == RoundState.CLOSED
    scores = list(selectors.scores_visible_to(principal, scoring_round))
    context = {
        "round": scoring_round,
        "closed": closed,
        "criteria": list(scoring_round.criteria.all()),
        "projects": list(scoring_round.projects.select_related("state", "proposing_economy")),
        "scores": scores,
        "scored_ids": {s.project_id for s in scores if s.scorer_id == principal.person_id},
        "scorer_count": selectors.scorer_count(scoring_round),
        "ranking": selectors.ranking(scoring_round) if closed else [],
        "may_score": not closed and permissions.delegates_in(principal, scoring_round.forum_id),
        "is_chair": permissions.chairs(principal, scoring_round.forum_id),
        "marks": range(1, 6),
    }
    return render(request, "projects/round.html", context, status=status)


def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    return _round_page(request, permissions.access_round(request.user, round_id))


@require_POST
def score(request: HttpRequest, round_id: int) -> HttpResponse:
    scoring_round = permissions.access_round(request.user, round_id, need="score")
    raw_project = request.POST.get("project", "")
    project = (
        scoring_round.projects.filter(pk=int(raw_project)).first()
        if raw_project.isdigit() and len(raw_project) < 19
        else None
    )
    if project is None:
        messages.error(request, _("Choose a concept note of this round."))
        return _round_page(request, scoring_round, status=422)
    marks: dict[str, tuple[int, str]] = {}
    for criterion in scoring_round.criteria.all():
        raw = request.POST.get(f"value-{criterion.slug}", "")
        value = int(raw) if raw.isdigit() and len(raw) == 1 else 0
        marks[criterion.slug] = (value, request.POST.get(f"comment-{criterion.slug}", "")[:2000])
    try:
        services.score(actor=request.user, scoring_round=scoring_round, project=project,
                       marks=marks)  # fmt: skip
    except DomainError as error:
        messages.error(request, error.detail)
        return _round_page(request, scoring_round, status=error.status)
    messages.success(
        request, _("Your scores are saved. Nobody else sees them until the round closes.")
    )
    return redirect("projects:round", round_id=scoring_round.pk)


@require_POST
def close_round(request: HttpRequest, round_id: int) -> HttpResponse:
    scoring_round = permissions.access_round(request.user, round_id, need="chair")
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("The form lost its version: reload the page."))
        services.close_round(actor=request.user, scoring_round=scoring_round,
                             version=form.cleaned_data["version"])  # fmt: skip
    except DomainError as error:
        messages.error(request, error.detail)
        return _round_page(request, scoring_round, status=error.status)
    messages.success(request, _("The round is closed: the scores and the ranking are shown."))
    return redirect("projects:round", round_id=scoring_round.pk)
