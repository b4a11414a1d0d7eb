"""Registry pages. Each view parses, authorises through ``permissions.access_*``, calls at
most one service, and renders."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.core.views import history_page

from . import forum_page, forum_sections, permissions, selectors, services
from .forms import (
    AccreditForm,
    EconomyFilterForm,
    ForumFilterForm,
    NoteEditForm,
    NoteForm,
    OrganisationFilterForm,
    PersonFilterForm,
)
from .models import Delegation, Economy, Forum, Organisation
from .schemas import EconomyFilter, ForumFilter, OrganisationFilter, PersonFilter

PAGE_SIZE = 50


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _filtered_list(
    request: HttpRequest,
    *,
    queryset: QuerySet,
    form_class: type,
    filter_class: type,
    template: str,
    fragment: str,
) -> HttpResponse:
    form = form_class(request.GET or None)
    if form.is_valid():
        criteria = {key: value for key, value in form.cleaned_data.items() if value}
        queryset = filter_class(**criteria).filter(queryset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, fragment if _is_htmx(request) else template, context)


def economies(request: HttpRequest) -> HttpResponse:
    return _filtered_list(
        request,
        queryset=Economy.objects.all(),
        form_class=EconomyFilterForm,
        filter_class=EconomyFilter,
        template="registry/economies.html",
        fragment="registry/_economy_table.html",
    )


def economy(request: HttpRequest, code: str) -> HttpResponse:
    item = permissions.access_economy(request.user, code)
    principal = permissions.principal_for(request.user)
    return render(
        request,
        "registry/economy.html",
        {
            "economy": item,
            "delegations": item.delegations.select_related("forum").order_by("forum__slug"),
            "people": selectors.people_visible_to(principal).filter(economy=item),
        },
    )


def organisations(request: HttpRequest) -> HttpResponse:
    return _filtered_list(
        request,
        queryset=Organisation.objects.select_related("economy"),
        form_class=OrganisationFilterForm,
        filter_class=OrganisationFilter,
        template="registry/organisations.html",
        fragment="registry/_organisation_table.html",
    )


def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.access_organisation(request.user, slug)
    principal = permissions.principal_for(request.user)
    return render(
        request,
        "registry/organisation.html",
        {
            "organisation": item,
            "people": selectors.people_visible_to(principal).filter(organisation=item),
            "roles": selectors.roles_visible_to(principal).filter(organisation=item),
            "works_with": selectors.works_with_links().filter(partner_organisation=item),
        },
    )


def fora(request: HttpRequest) -> HttpResponse:
    return _filtered_list(
        request,
        queryset=Forum.objects.select_related("parent"),
        form_class=ForumFilterForm,
        filter_class=ForumFilter,
        template="registry/fora.html",
        fragment="registry/_forum_table.html",
    )


def forum(request: HttpRequest, slug: str) -> HttpResponse:
    page = permissions.access_forum_page(request.user, slug, timezone.localdate())
    principal = permissions.principal_for(request.user)
    return render(
        request,
        "registry/forum.html",
        {
            "forum": page.forum,
            "head_html": forum_page.head_html(page.forum, page.rows),
            "sections_html": forum_page.sections_html(
                forum_sections.sections_for(page.forum, principal, page.sections), request
            ),
            "foot_html": forum_page.foot_html(page.forum, principal),
        },
    )


def people(request: HttpRequest) -> HttpResponse:
    principal = permissions.principal_for(request.user)
    return _filtered_list(
        request,
        queryset=selectors.people_visible_to(principal),
        form_class=PersonFilterForm,
        filter_class=PersonFilter,
        template="registry/people.html",
        fragment="registry/_person_table.html",
    )


def person(request: HttpRequest, person_id: int) -> HttpResponse:
    item = permissions.access_person(request.user, person_id)
    principal = permissions.principal_for(request.user)
    return render(
        request,
        "registry/person.html",
        {
            "person": item,
            "roles": selectors.roles_visible_to(principal).filter(person=item),
            "show_email": selectors.can_see_email(principal, item),
        },
    )


def _delegation_context(request: HttpRequest, item: Delegation, **extra: Any) -> dict[str, Any]:
    principal = permissions.principal_for(request.user)
    members = selectors.roles_visible_to(principal).filter(delegation=item)
    can_accredit = permissions.can_accredit(principal, item)
    can_read_notes = permissions.can_read_notes(principal, item)
    context: dict[str, Any] = {
        "delegation": item,
        "members": members,
        "can_accredit": can_accredit,
        "can_read_notes": can_read_notes,
    }
    if can_accredit:
        context["accredit_form"] = extra.pop("accredit_form", None) or AccreditForm(
            candidates=selectors.accreditation_candidates(principal, item)
        )
    if can_read_notes:
        context["notes"] = selectors.notes_visible_to(principal).filter(delegation=item)
        context["note_form"] = extra.pop("note_form", None) or NoteForm()
    context.update(extra)
    return context


def delegation(request: HttpRequest, delegation_id: int) -> HttpResponse:
    item = permissions.access_delegation(request.user, delegation_id)
    return render(request, "registry/delegation.html", _delegation_context(request, item))


@require_POST
def accredit(request: HttpRequest, delegation_id: int) -> HttpResponse:
    item = permissions.access_delegation(request.user, delegation_id, need="accredit")
    principal = permissions.principal_for(request.user)
    form = AccreditForm(
        request.POST, candidates=selectors.accreditation_candidates(principal, item)
    )
    if form.is_valid():
        chosen = permissions.access_person(request.user, form.cleaned_data["person"])
        try:
            services.accredit_delegate(actor=request.user, delegation=item, person=chosen)
        except ValidationFailed as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("%(person)s is accredited.") % {"person": chosen})
            return redirect("registry:delegation", delegation_id=item.pk)
    return render(
        request,
        "registry/delegation.html",
        _delegation_context(request, item, accredit_form=form),
        status=422,
    )


@require_POST
def remove_role(request: HttpRequest, role_id: int) -> HttpResponse:
    role = permissions.access_role(request.user, role_id, need="remove")
    services.remove_role(actor=request.user, role=role)
    messages.success(request, _("The role was removed."))
    if role.delegation_id:
        return redirect("registry:delegation", delegation_id=role.delegation_id)
    return redirect("registry:forum", slug=role.forum.slug)


@require_POST
def add_note(request: HttpRequest, delegation_id: int) -> HttpResponse:
    item = permissions.access_delegation(request.user, delegation_id, need="notes")
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.create_note(
                actor=request.user,
                delegation=item,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationFailed as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("The note was saved."))
            return redirect("registry:delegation", delegation_id=item.pk)
    return render(
        request,
        "registry/delegation.html",
        _delegation_context(request, item, note_form=form),
        status=422,
    )


def edit_note(request: HttpRequest, note_id: int) -> HttpResponse:
    note = permissions.access_note(request.user, note_id, need="change")
    if request.method == "POST":
        form = NoteEditForm(request.POST)
        if form.is_valid():
            try:
                services.update_note(
                    actor=request.user,
                    note=note,
                    version=form.cleaned_data["version"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
            except Conflict:
                current = permissions.access_note(request.user, note_id)
                form.add_error(
                    None,
                    _(
                        "Someone else saved this note while you were editing. "
                        "Their version is below; your text is kept in the form."
                    ),
                )
                return render(
                    request,
                    "registry/note_edit.html",
                    {"note": current, "form": form, "conflict": current},
                    status=409,
                )
            except ValidationFailed as error:
                form.add_error(None, error.detail)
            else:
                messages.success(request, _("The note was saved."))
                return redirect("registry:delegation", delegation_id=note.delegation_id)
        return render(request, "registry/note_edit.html", {"note": note, "form": form}, status=422)
    form = NoteEditForm(initial={"title": note.title, "body": note.body, "version": note.version})
    return render(request, "registry/note_edit.html", {"note": note, "form": form})


def delete_note(request: HttpRequest, note_id: int) -> HttpResponse:
    note = permissions.access_note(request.user, note_id, need="change")
    if request.method == "POST":
        delegation_id = note.delegation_id
        services.delete_note(actor=request.user, note=note)
        messages.success(request, _("The note was deleted."))
        return redirect("registry:delegation", delegation_id=delegation_id)
    return render(request, "registry/note_delete.html", {"note": note})


def economy_history(request: HttpRequest, code: str) -> HttpResponse:
    item = permissions.access_economy(request.user, code, need="history")
    return history_page(request, obj=item, back_url=reverse("registry:economy", args=[item.code]))


def organisation_history(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.access_organisation(request.user, slug, need="history")
    return history_page(
        request, obj=item, back_url=reverse("registry:organisation", args=[item.slug])
    )


def forum_history(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.access_forum(request.user, slug, need="history")
    return history_page(request, obj=item, back_url=reverse("registry:forum", args=[item.slug]))


def person_history(request: HttpRequest, person_id: int) -> HttpResponse:
    item = permissions.access_person(request.user, person_id, need="history")
    return history_page(request, obj=item, back_url=reverse("registry:person", args=[item.pk]))


def delegation_history(request: HttpRequest, delegation_id: int) -> HttpResponse:
    item = permissions.access_delegation(request.user, delegation_id, need="history")
    return history_page(request, obj=item, back_url=reverse("registry:delegation", args=[item.pk]))
