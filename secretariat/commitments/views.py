"""Commitment pages. Views authorise through ``permissions.access_*`` and call one
service; errors become form errors with the service's status."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from secretariat.core import page_cache
from secretariat.core.errors import DomainError, ValidationFailed
from secretariat.core.frame_page import page_response
from secretariat.core.i18n import translations
from secretariat.negotiation.choices import TextStatus
from secretariat.negotiation.selectors import texts_visible_to
from secretariat.registry.permissions import principal_for

from . import csvio, page, permissions, selectors, services, svg
from .choices import CommitmentState, Stage
from .forms import CommentForm, DecisionForm, ImportForm, ReportForm, ScoreForm, SubmitForm
from .models import ImplementationReport, Score


def _error(form: Any, error: DomainError) -> None:
    form.add_error(None, error.detail)
    for field, problems in (getattr(error, "errors", None) or {}).items():
        for problem in problems:
            form.add_error(None, f"{field}: {problem}")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    commitments = list(
        selectors.commitments_visible_to(principal)
        .filter(state=CommitmentState.CONFIRMED)
        .select_related("theme", "text")
        .order_by("text_id", "theme__order", "pk")
    )
    adopted = (
        texts_visible_to(principal).filter(status=TextStatus.ADOPTED).order_by("slug")
        if principal.is_secretariat
        else []
    )
    return render(
        request,
        "commitments/index.html",
        {
            "commitments": commitments,
            "adopted": adopted,
            "is_assessor": selectors.is_assessor(principal),
        },
    )


@require_GET
def detail(request: HttpRequest, commitment_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    commitment = permissions.access_commitment(request.user, commitment_id)
    reports = list(
        selectors.reports_visible_to(principal)
        .filter(commitment=commitment)
        .select_related("economy", "cycle")
    )
    scores = list(
        selectors.scores_visible_to(principal, current=False)
        .filter(commitment=commitment)
        .select_related("economy", "cycle")
        .prefetch_related("comments")
    )
    return render(
        request,
        "commitments/detail.html",
        {
            "commitment": commitment,
            "before": commitment.span_parts()[0],
            "phrase": commitment.span_parts()[1],
            "after": commitment.span_parts()[2],
            "reports": _with_documents(reports),
            "scores": scores,
            "cycles": list(selectors.cycles()),
            "own_economies": sorted(principal.economy_ids),
            "economy_codes": _economy_codes(principal.economy_ids),
            "is_assessor": selectors.is_assessor(principal),
            "score_slots": _score_slots(principal, commitment),
            "comment_form": CommentForm(),
        },
    )


def _score_slots(principal: Any, commitment: Any) -> list[tuple[Any, list[str]]]:
    """For assessors: each cycle with the codes of the economies bound to report."""
    if not selectors.is_assessor(principal):
        return []
    from secretariat.registry.models import Economy

    bound = selectors.responsible_economy_ids([commitment])[commitment.pk]
    codes = list(
        Economy.objects.filter(pk__in=bound).order_by("code").values_list("code", flat=True)
    )
    return [(cycle, codes) for cycle in selectors.cycles()]


def _with_documents(reports: list[ImplementationReport]) -> list[ImplementationReport]:
    """Each report's evidence documents as ``(number, id)`` for links, in one query for the
    whole page (``evidence_document_links``)."""
    from secretariat.meetings.models import Document

    numbers = {n for report in reports for n in report.evidence_documents}
    ids = (
        dict(Document.objects.filter(number__in=numbers).values_list("number", "pk"))
        if numbers
        else {}
    )
    for report in reports:
        report.evidence_document_links = [(n, ids.get(n)) for n in report.evidence_documents]  # type: ignore[attr-defined]
    return reports


def _economy_codes(ids: Any) -> list[str]:
    from secretariat.registry.models import Economy

    return (
        list(Economy.objects.filter(pk__in=ids).order_by("code").values_list("code", flat=True))
        if ids
        else []
    )


@require_http_methods(["GET", "POST"])
def suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat: GET lists a text's suggestions; POST suggests again."""
    text = permissions.access_adopted_text(request.user, slug)
    if request.method == "POST":
        created = services.suggest_commitments(actor=request.user, text=text)
        messages.success(request, _("%(n)d new suggestion(s).") % {"n": len(created)})
        return redirect("commitments:suggestions", slug=slug)
    found = list(text.commitments.select_related("theme").order_by("pk"))
    return render(request, "commitments/suggestions.html", {"text": text, "commitments": found})


@require_POST
def decide(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = permissions.access_commitment(request.user, commitment_id, need="decide")
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_commitment(
                actor=request.user,
                commitment=commitment,
                expected_version=data["version"],
                decision=data["decision"],
                title=translations("en", en=data["title"]) if data["title"] else None,
                owner_kind=data["owner_kind"] or None,
                target_date=data["target_date"],
            )
            messages.success(request, _("Decision recorded."))
        except DomainError as error:
            messages.error(request, error.detail)
    else:
        messages.error(
            request, _("Check the decision: %(errors)s") % {"errors": form.errors.as_text()}
        )
    return redirect("commitments:suggestions", slug=commitment.text.slug)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, commitment_id: int, cycle_id: int, economy: str) -> HttpResponse:
    """The economy's delegates write its draft; its head submits it (``submit``)."""
    commitment, cycle, found = permissions.access_report_slot(
        request.user, commitment_id, cycle_id, economy
    )
    existing = ImplementationReport.objects.filter(
        commitment=commitment, cycle=cycle, economy=found
    ).first()
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                existing = services.save_report(
                    actor=request.user,
                    commitment=commitment,
                    economy=found,
                    cycle=cycle,
                    body=form.cleaned_data["body"],
                    evidence_links=form.links(),
                    evidence_documents=form.documents(),
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, _("Draft saved: only your economy's delegates see it."))
                return redirect(request.path)
            except DomainError as error:
                _error(form, error)
                status = error.status
        else:
            status = 422
    else:
        form = ReportForm(
            initial={
                "body": existing.body if existing else "",
                "evidence_links": "\n".join(existing.evidence_links) if existing else "",
                "evidence_documents": "\n".join(existing.evidence_documents) if existing else "",
                "version": existing.version if existing else None,
            }
        )
    principal = principal_for(request.user)
    return render(
        request,
        "commitments/report.html",
        {
            "commitment": commitment,
            "cycle": cycle,
            "economy": found,
            "report": _with_documents([existing])[0] if existing else None,
            "form": form,
            "may_submit": permissions.heads_economy(principal, found.pk),
        },
        status=status,
    )


@require_POST
def submit(request: HttpRequest, report_id: int) -> HttpResponse:
    found = permissions.access_report(request.user, report_id, need="submit")
    form = SubmitForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed(_("The form lost the report's version; reload and try again."))
        services.submit_report(
            actor=request.user, report=found, expected_version=form.cleaned_data["version"]
        )
        messages.success(request, _("Report submitted."))
    except DomainError as error:
        messages.error(request, error.detail)
    return redirect("commitments:report", found.commitment_id, found.cycle_id, found.economy.code)


@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, commitment_id: int, cycle_id: int, economy: str) -> HttpResponse:
    commitment, cycle, found = permissions.access_score_slot(
        request.user, commitment_id, cycle_id, economy
    )
    status = 200
    form = ScoreForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_score(
                    actor=request.user,
                    commitment=commitment,
                    economy=found,
                    cycle=cycle,
                    **form.cleaned_data,
                )
                messages.success(request, _("Score recorded."))
                return redirect("commitments:detail", commitment.pk)
            except DomainError as error:
                _error(form, error)
                status = error.status
        else:
            status = 422
    submitted = ImplementationReport.objects.filter(
        commitment=commitment, cycle=cycle, economy=found, submitted_at__isnull=False
    ).first()
    history = Score.objects.filter(commitment=commitment, cycle=cycle, economy=found).order_by("pk")
    return render(
        request,
        "commitments/score.html",
        {
            "commitment": commitment,
            "cycle": cycle,
            "economy": found,
            "form": form,
            "report": submitted,
            "history": history,
        },
        status=status,
    )


@require_POST
def comment(request: HttpRequest, score_id: int) -> HttpResponse:
    found = permissions.access_score(request.user, score_id, need="comment")
    form = CommentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed(_("Write a comment of at most 3,000 characters."))
        services.comment_on_score(actor=request.user, score=found, body=form.cleaned_data["body"])
        messages.success(request, _("Comment filed."))
    except DomainError as error:
        messages.error(request, error.detail)
    return redirect("commitments:detail", found.commitment_id)


def _filters(request: HttpRequest) -> tuple[Any, str, int | None, list[Any]]:
    """The cycle, stage and theme asked for, and every cycle (to choose from)."""
    cycles = selectors.every_cycle()
    stage, theme_id = _stage_and_theme(request)
    return _chosen_cycle(request, cycles), stage, theme_id, cycles


def _stage_and_theme(request: HttpRequest) -> tuple[str, int | None]:
    stage = request.GET.get("stage") if request.GET.get("stage") in Stage.values else Stage.FINAL
    theme = request.GET.get("theme", "")
    # isascii: "²".isdigit() is true, but int("²") raises.
    usable = theme.isascii() and theme.isdigit() and len(theme) < 18
    return str(stage), int(theme) if usable else None


def _chosen_cycle(request: HttpRequest, cycles: list[Any]) -> Any:
    """The cycle asked for among ``cycles``, or the last."""
    cycle_id = request.GET.get("cycle", "")
    return next((c for c in cycles if str(c.pk) == cycle_id), cycles[-1] if cycles else None)


@require_GET
def heat_map(request: HttpRequest) -> HttpResponse:
    """Whole from the cache for signed-out readers, under the commitments' token (every
    write renews it): a 4,200-cell map takes far longer to draw than to read. The token and
    the kept rendering are read in one cache round trip and a new rendering is written
    without waiting for the cache's answer (``page_cache.serve_in_state``: with ``serve``
    a cold rendering waited for three). Signed-in readers' pages are never cached: the
    token is not read for them (a cache round trip)."""
    if not page_cache.cacheable(request):
        return _heat_map(request, {})
    return page_cache.serve_in_state(
        request,
        "commitments-heat-map",
        [services.TOKEN],
        [],
        lambda extra: _heat_map(request, extra),
    )


def _heat_map(request: HttpRequest, extra: dict[str, Any]) -> HttpResponse:
    """A page of the map's columns (``?page=N``); the averages per economy and overall, the
    themes' and the progress cover every commitment the filters keep, as the CSV and API do."""
    principal = principal_for(request.user)
    stage, theme_id = _stage_and_theme(request)
    reads = selectors.heat_map_reads(principal, stage=stage, theme_id=theme_id)
    every_cycle, filter_themes = reads.every_cycle, reads.themes_to_filter_by
    columns = page.columns_page(reads.commitments, request.GET.get("page"))
    shown, on_page = page.columns_shown(columns), list(columns.object_list)
    heat, points = selectors.heat_map_with_progress(
        principal,
        cycle=_chosen_cycle(request, every_cycle),
        stage=stage,
        theme_id=theme_id,
        every_cycle=every_cycle,
        reads=reads,
        drawn=on_page,  # the page's cells only; its figures still cover every commitment
    )
    filters = request.GET.copy()
    filters.pop("page", None)
    query = filters.urlencode()  # kept by the page links and the CSV link
    summary = heat.summary
    heat_tables = page.heat_map_tables_parts(
        columns,
        shown=shown,
        heat_svg=svg.heat_map_svg(heat, on_page, shown),
        heat_head=page.heat_head(on_page),
        heat_rows=page.heat_rows(heat, on_page),
        commitment_rows=page.commitment_rows(heat, on_page),
        theme_rows=page.theme_rows([(t, summary.by_theme.get(t.pk)) for t in heat.themes]),
        progress_svg=svg.progress_svg(points),
        progress_rows=page.progress_rows(points),
    )
    heat_top = page.heat_map_top(
        heat,
        filter_form=page.filter_form(every_cycle, heat, filter_themes, theme_id, query),
        overall_html=page.overall_html(summary.overall),
        shown=shown,
    )
    csrf_token = extra.get("csrf_token")
    forms = ""
    if request.user.is_staff and not all(c.final_published_at for c in every_cycle):
        # The secretariat's publishing forms, with the page's one CSRF token: the frame's
        # (``extra``'s ``csrf_token`` stands for the one the page cache puts in later).
        csrf_token = csrf_token or get_token(request)
        forms = page.publish_forms(every_cycle, csrf_token)
    # Joined once: the chart and the rows are most of the page (each copy a tenth of a ms).
    # The frame is written without the template engine (``core.frame_page``).
    return page_response(
        request,
        title=page.heat_map_title(),
        content="".join([heat_top, page.pages_html(columns, query), *heat_tables, forms, "\n"]),
        csrf_token=csrf_token,
    )


@require_GET
def heat_map_csv(request: HttpRequest) -> HttpResponse:
    cycle, stage, theme_id, _cycles = _filters(request)
    heat = selectors.heat_map(
        principal_for(request.user), cycle=cycle, stage=stage, theme_id=theme_id
    )
    response = HttpResponse(
        csvio.to_csv(csvio.heat_map_rows(heat)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="heat-map.csv"'
    return response


@require_http_methods(["GET", "POST"])
def import_scores(request: HttpRequest) -> HttpResponse:
    permissions.require_assessor(request.user)
    form = ImportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                count = csvio.import_scores(actor=request.user, text=form.cleaned_data["csv"])
                messages.success(request, _("%(n)d score(s) imported.") % {"n": count})
                return redirect("commitments:heat_map")
            except DomainError as error:
                _error(form, error)
                status = error.status
        else:
            status = 422
    return render(
        request,
        "commitments/import.html",
        {"form": form, "columns": ",".join(csvio.IMPORT_COLUMNS)},
        status=status,
    )


@require_POST
def publish(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = permissions.access_cycle(request.user, cycle_id, need="publish")
    try:
        services.publish_cycle(actor=request.user, cycle=cycle)
        messages.success(
            request, _("Final scores of cycle %(name)s published.") % {"name": cycle.name}
        )
    except DomainError as error:
        messages.error(request, error.detail)
    return redirect("commitments:heat_map")
