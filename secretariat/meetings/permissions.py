"""Who may do what with meetings. Every view and API handler goes through ``access_*``,
which fetches an object *and* authorises the request in one call."""

from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, NotFound, PermissionDenied
from secretariat.core.permissions import get_visible, require
from secretariat.registry.models import Economy, Forum
from secretariat.registry.permissions import Principal, principal_for, require_member

from . import selectors
from .models import Document, MaterialsArchive, Meeting, MeetingSeries


def require_secretariat(user: Any) -> Principal:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in as secretariat staff to change meetings."))
    require(principal.is_secretariat, _("Only secretariat staff may change meetings."))
    return principal


def can_submit(principal: Principal, meeting: Meeting) -> bool:
    """Members of the meeting's forum and the secretariat submit documents to it."""
    return principal.is_secretariat or meeting.forum_id in principal.forum_ids


def check_submitted_by(
    user: Any, economy: Economy | None = None, forum: Forum | None = None
) -> None:
    """A document names as its submitter only an economy the user delegates for, or a forum
    the user holds a role in; the secretariat may name any."""
    principal = principal_for(user)
    if principal.is_secretariat:
        return
    require(
        economy is None or economy.pk in principal.economy_ids,
        _("You may submit documents only on behalf of your own economy."),
    )
    require(
        forum is None or forum.pk in principal.forum_ids,
        _("You may submit documents only on behalf of a forum you belong to."),
    )


def _check_need(user: Any, need: str) -> Principal:
    if need == "read":
        return principal_for(user)
    if need == "history":
        return require_member(user)
    return require_secretariat(user)


def access_series(user: Any, slug: str, need: str = "read") -> MeetingSeries:
    """``need``: read (anyone), history (members), change or schedule (secretariat)."""
    _check_need(user, need)
    return get_visible(selectors.series_list(), "meeting series", slug=slug)


def access_meeting(user: Any, meeting_id: int, need: str = "read") -> Meeting:
    """``need``: read (anyone), history (members), submit (members of its forum and the
    secretariat), materials (anyone signed in: the zip holds what they may see), change
    (secretariat)."""
    meetings = selectors.meetings_list()
    if need == "materials":
        meeting = get_visible(meetings, "meeting", pk=meeting_id)
        if not principal_for(user).is_authenticated:
            raise NotAuthenticated(_("Sign in to download a meeting's materials as one zip."))
        return meeting
    if need == "submit":
        principal = principal_for(user)
        meeting = get_visible(meetings, "meeting", pk=meeting_id)
        if not principal.is_authenticated:
            raise NotAuthenticated(_("Sign in to submit documents."))
        require(
            can_submit(principal, meeting),
            _("Only members of this meeting's forum may submit documents to it."),
        )
        return meeting
    _check_need(user, need)
    return get_visible(meetings, "meeting", pk=meeting_id)


def access_meeting_page(user: Any, meeting_id: int) -> Meeting:
    """As ``access_meeting`` to read (anyone may), with only the columns the meeting page
    reads besides its cached content (``selectors.meeting_page_head``)."""
    _check_need(user, "read")
    meeting = selectors.meeting_page_head(meeting_id)
    if meeting is None:
        raise NotFound(f"No meeting matches pk={meeting_id}.")
    return meeting


def access_document(user: Any, document_id: int, need: str = "read") -> Document:
    """``need``: read (whoever may see it: 404 otherwise), revise (its submitting economy's
    delegates, or the secretariat), change (secretariat)."""
    principal = principal_for(user)
    document = get_visible(selectors.documents_visible_to(principal), "document", pk=document_id)
    if need == "read":
        return document
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to do this."))
    if need == "revise":
        own = (
            document.submitted_by_economy_id is not None
            and document.submitted_by_economy_id in principal.economy_ids
        )
        require(
            principal.is_secretariat or own,
            _("Only the submitting economy or the secretariat may revise this document."),
        )
    elif need == "change":
        require_secretariat(user)
    else:
        raise PermissionDenied(f"Unknown need {need!r}.")
    return document


def access_materials_archive(user: Any, archive_id: int) -> MaterialsArchive:
    """A materials zip, to the user who requested it only (404 for anyone else: its contents
    follow that user's visibility)."""
    if not principal_for(user).is_authenticated:
        raise NotAuthenticated(_("Sign in to see your materials zip."))
    return get_visible(
        MaterialsArchive.objects.select_related("meeting").filter(requested_by=user),
        "materials archive",
        pk=archive_id,
    )
