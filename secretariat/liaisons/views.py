"""Liaison pages: the list with its filters, a statement's page, and the officers' pages
to draft, edit, send or record, and attach documents. Each view authorises through
``permissions`` and calls at most one service."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import Conflict, DomainError, ValidationFailed
from secretariat.core.i18n import resolve
from secretariat.core.views import history_page
from secretariat.meetings.permissions import access_document
from secretariat.meetings.selectors import documents_visible_to
from secretariat.registry.models import Forum, Organisation
from secretariat.registry.permissions import principal_for

from . import permissions, selectors, services
from .choices import NEXT_STATES, LiaisonState
from .forms import AttachForm, StatementEditForm, StatementFilterForm, StatementForm, TransitionForm
from .models import LiaisonStatement
from .schemas import LiaisonFilter

PAGE_SIZE = 50


def statement_list(request: HttpRequest) -> HttpResponse:
    """The statements the viewer may see, newest first, filtered by forum, body,
    purpose, state and overdue."""
    principal = principal_for(request.user)
    form = StatementFilterForm(
        request.GET or None, fora=Forum.objects.all(), organisations=Organisation.objects.all()
    )
    statements = selectors.statements_visible_to(principal)
    if form.is_valid():
        statements = LiaisonFilter(**form.criteria()).filter(statements)
    page = Paginator(statements, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "liaisons/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "can_write": permissions.can_write_anything(principal),
        },
    )


def statement(request: HttpRequest, statement_id: int) -> HttpResponse:
    found = permissions.access_statement(request.user, statement_id)
    principal = principal_for(request.user)
    item = selectors.with_detail(selectors.statements_visible_to(principal), principal).get(
        pk=found.pk
    )
    answers = (
        selectors.statements_visible_to(principal).filter(pk=item.in_response_to_id).first()
        if item.in_response_to_id
        else None
    )
    can_write = permissions.can_write_for(principal, item.forum_id)
    context: dict[str, Any] = {
        "item": item,
        "answers": answers,
        "body": resolve(item.body, get_language()),
        "overdue": item.is_overdue_on(timezone.localdate(), answered=item.answered),
        "can_write": can_write,
        "can_respond": item.is_issued
        and (can_write or permissions.can_write_for(principal, item.counterpart_forum_id)),
        "next_states": sorted(NEXT_STATES[item.direction].get(item.state, ())),
        "is_member": principal.is_member,
    }
    if can_write and item.state == LiaisonState.DRAFT:
        attached = {document.pk for document in item.visible_attachments}
        context["attachable"] = [
            document
            for document in documents_visible_to(principal)
            .filter(owning_forum_id=item.forum_id)
            .order_by("-submitted_at", "pk")[:200]
            if document.pk not in attached
        ]
    return render(request, "liaisons/statement.html", context)


def _counterparts() -> list[tuple[str, Any]]:
    fora = [(f"forum:{f.slug}", f"{f.abbreviation}") for f in Forum.objects.all()]
    organisations = [(f"org:{o.slug}", str(o)) for o in Organisation.objects.all()]
    return [("", _("choose")), (_("Fora"), fora), (_("Organisations"), organisations)]


def _writable_fora(request: HttpRequest, among: Any = None) -> list[Forum]:
    principal = permissions.require_signed_in(request.user)
    fora = Forum.objects.all() if among is None else Forum.objects.filter(pk__in=among)
    return [forum for forum in fora if permissions.can_write_for(principal, forum.pk)]


def _add_domain_error(form: Any, error: DomainError) -> None:
    placed = False
    for field, texts in (getattr(error, "errors", None) or {}).items():
        if field in form.fields:
            form.add_error(field, texts[0] if texts else error.detail)
            placed = True
    if not placed:
        form.add_error(None, error.detail)


def _counterpart(value: str) -> dict[str, Any]:
    kind, _sep, slug = value.partition(":")
    if kind == "forum":
        return {"counterpart_forum": Forum.objects.filter(slug=slug).first()}
    if kind == "org":
        return {"counterpart_organisation": Organisation.objects.filter(slug=slug).first()}
    return {}


def create(request: HttpRequest) -> HttpResponse:
    """A new draft; with ``?responds_to=<id>``, the response to that statement."""
    answering = None
    responds_to = request.GET.get("responds_to") or request.POST.get("responds_to")
    # ``isascii``: ``isdigit`` also holds for "²" (which ``int`` refuses) and other scripts' digits.
    if responds_to and responds_to.isascii() and responds_to.isdigit() and len(responds_to) < 19:
        answering = permissions.access_statement(request.user, int(responds_to), need="respond")
        fora = _writable_fora(request, [answering.forum_id, answering.counterpart_forum_id])
    else:
        fora = _writable_fora(request)
    kwargs = {"fora": fora, "counterparts": _counterparts(), "responding": answering is not None}
    if request.method != "POST":
        initial = {"forum": request.GET.get("forum"), "language": request.LANGUAGE_CODE}
        form = StatementForm(initial=initial, **kwargs)
        return _editor(request, form, answering=answering)
    form = StatementForm(request.POST, **kwargs)
    if not form.is_valid():
        return _editor(request, form, answering=answering, status=422)
    data = form.cleaned_data
    forum = next(forum for forum in fora if forum.slug == data["forum"])
    language = data["language"]
    try:
        created = services.create_statement(
            actor=request.user,
            forum=forum,
            title={language: {"text": data["title"], "status": "original"}},
            body={language: {"text": data["body"], "status": "original"}} if data["body"] else {},
            purpose=data["purpose"],
            direction=data.get("direction") or "outgoing",
            deadline=data.get("deadline"),
            is_restricted=data.get("is_restricted", False),
            in_response_to=answering,
            **({} if answering else _counterpart(data.get("counterpart") or "")),
        )
    except ValidationFailed as error:
        _add_domain_error(form, error)
        return _editor(request, form, answering=answering, status=422)
    messages.success(request, _("The draft is saved."))
    return redirect("liaisons:statement", statement_id=created.pk)


def _editor(
    request: HttpRequest,
    form: Any,
    *,
    answering: LiaisonStatement | None = None,
    item: LiaisonStatement | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "answering": answering, "item": item}
    return render(request, "liaisons/edit.html", context, status=status)


def _original_language(item: LiaisonStatement) -> str:
    return next(
        (code for code, entry in item.title.items() if entry.get("status") == "original"), "en"
    )


def edit(request: HttpRequest, statement_id: int) -> HttpResponse:
    item = permissions.access_statement(request.user, statement_id, need="write")
    language = _original_language(item)
    if request.method != "POST":
        form = StatementEditForm(
            initial={
                "title": (item.title.get(language) or {}).get("text", ""),
                "body": (item.body.get(language) or {}).get("text", ""),
                "purpose": item.purpose,
                "deadline": item.deadline,
                "is_restricted": item.is_restricted,
                "version": item.version,
            }
        )
        return _editor(request, form, item=item)
    form = StatementEditForm(request.POST)
    if not form.is_valid():
        return _editor(request, form, item=item, status=422)
    data = form.cleaned_data
    changes: dict[str, Any] = {"is_restricted": data["is_restricted"]}
    if item.state == LiaisonState.DRAFT:
        changes.update(
            title={**item.title, language: {"text": data["title"], "status": "original"}},
            body={**item.body, language: {"text": data["body"], "status": "original"}}
            if data["body"]
            else {},
            purpose=data["purpose"],
            deadline=data["deadline"],
        )
    try:
        services.update_statement(
            actor=request.user, statement=item, version=data["version"], **changes
        )
    except Conflict:
        form.add_error(
            None,
            _("Someone saved this statement after you opened it. Your text is kept in the "
              "form and was not saved; reload to start from theirs."),
        )  # fmt: skip
        return _editor(request, form, item=item, status=409)
    except ValidationFailed as error:
        _add_domain_error(form, error)
        return _editor(request, form, item=item, status=422)
    messages.success(request, _("The statement is saved."))
    return redirect("liaisons:statement", statement_id=item.pk)


@require_POST
def transition(request: HttpRequest, statement_id: int) -> HttpResponse:
    item = permissions.access_statement(request.user, statement_id, need="write")
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a state."))
        return redirect("liaisons:statement", statement_id=item.pk)
    try:
        moved = services.change_state(
            actor=request.user,
            statement=item,
            version=form.cleaned_data["version"],
            state=form.cleaned_data["state"],
        )
    except (ValidationFailed, Conflict) as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, _("The statement is now %(state)s.") % {"state": moved.get_state_display()}
        )
    return redirect("liaisons:statement", statement_id=item.pk)


@require_POST
def attach(request: HttpRequest, statement_id: int) -> HttpResponse:
    item = permissions.access_statement(request.user, statement_id, need="write")
    form = AttachForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a document."))
        return redirect("liaisons:statement", statement_id=item.pk)
    try:
        document = access_document(request.user, form.cleaned_data["document"])
        services.attach_document(actor=request.user, statement=item, document=document)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("%(number)s is attached.") % {"number": document.number})
    return redirect("liaisons:statement", statement_id=item.pk)


def history(request: HttpRequest, statement_id: int) -> HttpResponse:
    item = permissions.access_statement(request.user, statement_id, need="history")
    return history_page(request, obj=item, back_url=reverse("liaisons:statement", args=[item.pk]))
