"""The search page: one box, results the reader may see, facets to narrow them."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from secretariat.registry.permissions import principal_for

from . import presenting, services
from .choices import EntryKind
from .forms import SearchForm

PAGE_SIZE = 20


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    results = None
    status = 200
    if not form.is_valid():
        status = 400
    elif form.cleaned_data["q"].strip():
        data = form.cleaned_data
        page = data["page"] or 1
        found = services.search(
            principal=principal_for(request.user),
            text=data["q"],
            kind=data["kind"] or None,
            language=data["lang"] or None,
            forum=data["forum"] or None,
            year=data["year"],
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        results = presenting.as_dict(found)
        results["facet_links"] = _facet_links(data, results["facets"])
        results["next_page"] = (
            _page_link(request, page + 1) if page * PAGE_SIZE < found.total else None
        )
        results["previous_page"] = _page_link(request, page - 1) if page > 1 else None
    context = {
        "form": form,
        "results": results,
        "search_query": request.GET.get("q", "")[: services.MAX_QUERY],
        "kind_labels": dict(EntryKind.choices),
    }
    return render(request, "search/search.html", context, status=status)


def _page_link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return "?" + query.urlencode()


def _facet_links(data: dict, facets: dict) -> dict:
    """For each facet value: its label, count, the link that narrows to it (or widens back
    from it), and whether it is the one chosen."""
    params = {"q": data["q"], "kind": data["kind"], "lang": data["lang"]}
    params.update({"forum": data["forum"], "year": data["year"] or ""})
    chosen = {"kind": params["kind"], "language": params["lang"]}
    chosen.update({"forum": params["forum"], "year": str(params["year"])})
    param_of = {"kind": "kind", "language": "lang", "forum": "forum", "year": "year"}
    links: dict = {}
    for facet, counts in facets.items():
        rows = []
        for value, count in counts.items():
            selected = chosen[facet] == value
            query = {**params, param_of[facet]: "" if selected else value}
            query = {key: val for key, val in query.items() if val not in ("", None)}
            rows.append(
                {
                    "value": value,
                    "count": count,
                    "selected": selected,
                    "href": "?" + urlencode(query),
                }
            )
        links[facet] = rows
    return links
