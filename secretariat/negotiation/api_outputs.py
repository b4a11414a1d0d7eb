"""API operations that render versions (redlines, HTML, PDF and DOCX exports) and the
reservations rendered into them. Mounted at /negotiation beside ``api.router``; reads follow
``get_text_version``: whoever may read the text reads the version it stands at, with the
reservations that are part of its outcome; earlier versions, redlines (tracked changes
included) and the rest of the reservations are the negotiating record (ADR 0020)."""

import json
from typing import Annotated, Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Query, Router
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.api_bodies import changes_from
from secretariat.core.errors import NotFound, ValidationFailed
from secretariat.core.observability import allow_own_styles
from secretariat.core.pagination import Pagination
from secretariat.core.schemas import MAX_ID, IdPath, IdQuery, translated_payload
from secretariat.registry.permissions import principal_for

from . import permissions, permissions_reservations, provenance, redline, services_reservations
from .exports import docx, html, pdf
from .models import Text, Version
from .schemas_outputs import (
    RedlineOut,
    ReservationCreate,
    ReservationOut,
    ReservationUpdate,
    ReservationWithdraw,
    redline_out,
    with_sources,
)

router = Router(tags=["negotiation"])

VersionNumber = Annotated[int, Query(..., ge=1, le=MAX_ID)]
# Exports are in the negotiating language; see ADR 0013.
EXPORT_LANGUAGE = "en"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def versions_of(user: Any, text: Text, *numbers: int) -> list[Version]:
    """The versions of ``text`` with these numbers that ``user`` may read, in the order
    asked, in one query."""
    readable = permissions.readable_versions(user, text)
    found = {v.number: v for v in readable.filter(number__in=set(numbers))}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise NotFound(f"{text.slug} has no version {missing[0]}.")
    return [found[n] for n in numbers]


def _download(content: bytes, content_type: str, filename: str, *, inline: bool = False):  # type: ignore[no-untyped-def]
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _outcome_only(request: HttpRequest, text: Text) -> bool:
    """Whether an export shows only the outcome's reservations (see ``document.build``)."""
    return not permissions.may_see_record(principal_for(request.user), text)


def _file_responses(description: str, media_type: str) -> dict:  # type: ignore[type-arg]
    return {"responses": {200: {"description": description, "content": {media_type: {}}}}}


@router.get("/texts/{slug}/redline", response=RedlineOut, operation_id="get_redline")
def get_redline(request: HttpRequest, slug: str, a: VersionNumber, b: VersionNumber):
    """Changes from version ``a`` to version ``b``: per paragraph (matched by eId), word-level
    insertions and deletions, paragraphs added, deleted and moved."""
    text = permissions.access_text(request.user, slug, need="record")
    # The JSON is cached per version pair too, so a repeated request only reads it (access is
    # checked above, before the cache is asked).
    key = redline.cache_key(text, a, b, form="json")
    body = cache.get(key)
    if body is None:
        before, after = versions_of(request.user, text, a, b)
        writes: dict[str, object] = {}  # the redline's rows, if computed, and the JSON
        result = redline.redline(text, before, after, writes)
        # Plain data built in RedlineOut's shape: validating it again would cost as much as
        # computing the redline.
        body = json.dumps(redline_out(text.slug, result), ensure_ascii=False)
        writes[key] = body
        cache.set_many(writes, redline.CACHE_SECONDS)  # one round trip
    # The amendments the changes came from depend on the caller: added after the cache.
    sources = provenance.sources_for_redline(principal_for(request.user), text, a, b)
    return HttpResponse(with_sources(body, sources), content_type="application/json")


@router.get(
    "/texts/{slug}/versions/{number}/html",
    response={200: str},
    operation_id="export_version_html",
    openapi_extra=_file_responses("A standalone, printable HTML page", "text/html"),
)
def export_version_html(request: HttpRequest, slug: str, number: IdPath):
    text = permissions.access_text(request.user, slug)
    (version,) = versions_of(request.user, text, number)
    with translation.override(EXPORT_LANGUAGE):
        content = html.render_html(
            text, version, EXPORT_LANGUAGE, outcome_only=_outcome_only(request, text)
        )
    return allow_own_styles(
        _download(content, "text/html; charset=utf-8", f"{text.slug}-v{number}.html", inline=True)
    )


@router.get(
    "/texts/{slug}/versions/{number}/pdf",
    response={200: str},
    operation_id="export_version_pdf",
    openapi_extra=_file_responses("PDF printed from the HTML export", "application/pdf"),
)
def export_version_pdf(request: HttpRequest, slug: str, number: IdPath):
    text = permissions.access_text(request.user, slug)
    (version,) = versions_of(request.user, text, number)
    with translation.override(EXPORT_LANGUAGE):
        content = pdf.render_pdf(
            text, version, EXPORT_LANGUAGE, outcome_only=_outcome_only(request, text)
        )
    return _download(content, "application/pdf", f"{text.slug}-v{number}.pdf")


@router.get(
    "/texts/{slug}/versions/{number}/docx",
    response={200: str},
    operation_id="export_version_docx",
    openapi_extra=_file_responses("Word document; tracked changes since `against`", DOCX_TYPE),
)
def export_version_docx(
    request: HttpRequest,
    slug: str,
    number: IdPath,
    against: IdQuery = None,
):
    """With ``against`` (an earlier version number), the changes since it are tracked: a
    redline, so the negotiating record's."""
    text = permissions.access_text(request.user, slug, need="read" if against is None else "record")
    if against is not None and against >= number:
        raise ValidationFailed(
            f"against must be an earlier version than {number}.",
            errors={"against": ["must be an earlier version"]},
        )
    earlier: Version | None = None
    if against is None:
        (version,) = versions_of(request.user, text, number)
    else:
        version, earlier = versions_of(request.user, text, number, against)
    sources = (
        provenance.sources_for_redline(principal_for(request.user), text, against, number)
        if against is not None
        else None
    )
    with translation.override(EXPORT_LANGUAGE):
        content = docx.render_docx(
            text,
            version,
            EXPORT_LANGUAGE,
            against=earlier,
            sources=sources,
            outcome_only=_outcome_only(request, text),
        )
    name = f"{text.slug}-v{number}" + (f"-against-v{against}" if against else "")
    return _download(content, DOCX_TYPE, f"{name}.docx")


@router.get(
    "/texts/{slug}/reservations",
    response=list[ReservationOut],
    operation_id="list_reservations",
)
@paginate(Pagination)
def list_reservations(request: HttpRequest, slug: str):
    """Every reservation on the text, withdrawn ones included (with ``withdrawn_at``), to
    whoever sees its record; to anyone else those that are part of its outcome."""
    text = permissions.access_text(request.user, slug)
    return permissions_reservations.reservations_visible_to(
        principal_for(request.user), text
    ).select_related("text", "delegation__economy", "provision")


@router.post(
    "/texts/{slug}/reservations",
    response={201: ReservationOut},
    auth=write_auth,
    operation_id="enter_reservation",
)
def enter_reservation(request: HttpRequest, slug: str, payload: ReservationCreate):
    text = permissions.access_text(request.user, slug)
    delegation = permissions_reservations.delegation_entering_reservation(
        request.user, text, payload.economy
    )
    return 201, services_reservations.enter_reservation(
        actor=request.user,
        text=text,
        delegation=delegation,
        kind=payload.kind,
        statement=translated_payload(payload.statement) or {},
        eid=payload.eid,
    )


@router.get(
    "/reservations/{reservation_id}", response=ReservationOut, operation_id="get_reservation"
)
def get_reservation(request: HttpRequest, reservation_id: IdPath):
    return permissions_reservations.access_reservation(request.user, reservation_id)


@router.patch(
    "/reservations/{reservation_id}",
    response=ReservationOut,
    auth=write_auth,
    operation_id="update_reservation",
)
def update_reservation(request: HttpRequest, reservation_id: IdPath, payload: ReservationUpdate):
    reservation = permissions_reservations.access_reservation(
        request.user, reservation_id, need="change"
    )
    return services_reservations.update_reservation(
        actor=request.user,
        reservation=reservation,
        version=payload.version,
        **changes_from(payload, "statement"),
    )


@router.post(
    "/reservations/{reservation_id}/withdraw",
    response=ReservationOut,
    auth=write_auth,
    operation_id="withdraw_reservation",
)
def withdraw_reservation(
    request: HttpRequest, reservation_id: IdPath, payload: ReservationWithdraw
):
    reservation = permissions_reservations.access_reservation(
        request.user, reservation_id, need="change"
    )
    return services_reservations.withdraw_reservation(
        actor=request.user, reservation=reservation, version=payload.version
    )
