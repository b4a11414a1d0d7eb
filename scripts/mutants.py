"""`make mutants`: put named faults into the code, one at a time, and show the suite catches each.

Each mutant replaces one exact snippet of one file with a faulty one, in a throw-away copy of
the working tree, and runs the tests that guard that rule (on SQLite, in-process). A mutant is
*killed* when those tests fail, and *survives* when they pass — a survivor means a check that
cannot fail, and the script exits non-zero. A snippet that is no longer in the file is an
error too: the catalogue must follow the code.

    python scripts/mutants.py                 # every mutant
    python scripts/mutants.py cross-forum     # the mutants whose names contain a word
    python scripts/mutants.py --list          # names and what each breaks

Adding one: append a ``Mutant`` to ``CATALOGUE`` with a name, the rule it breaks, the file,
the exact text to replace (it must occur exactly once), the faulty text, and the test paths
or ``-k`` words that must catch it. Run it alone; it must say KILLED.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MATRIX = "secretariat/testing/test_permission_matrix.py"


@dataclass(frozen=True)
class Edit:
    path: str
    old: str  # must occur exactly once in the file
    new: str


@dataclass(frozen=True)
class Mutant:
    name: str
    breaks: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]
    also: tuple[Edit, ...] = ()  # further edits when one fault spans several places
    keyword: str = ""  # pytest -k expression, to run part of the tests named above
    at_collection: bool = False  # a fault in the test data itself, caught as a collection error


CATALOGUE: list[Mutant] = [
    Mutant(
        name="live-replay-skips-record-check",
        breaks="a reconnecting stream (Last-Event-ID) replays the record's events to whoever "
        "may read the text, not only to those who may read its record",
        path="secretariat/negotiation/views_live.py",
        old='    text = permissions.access_text(request.user, slug, need="record")\n'
        "    since = live_channel.resume_id("
        'request.headers.get("Last-Event-ID"), request.GET.get("after"))\n',
        new="    text = permissions.access_text(\n"
        "        request.user, slug, "
        'need="read" if request.headers.get("Last-Event-ID") else "record"\n'
        "    )\n"
        "    since = live_channel.resume_id("
        'request.headers.get("Last-Event-ID"), request.GET.get("after"))\n',
        tests=("secretariat/negotiation/tests/test_live_replay.py",),
        keyword="outsider",
    ),
    Mutant(
        name="live-first-connection-skips-record-check",
        breaks="a first stream sent with the id its page was rendered at (?after=) replays the "
        "record's events to whoever may read the text, not only to those who may read its "
        "record",
        path="secretariat/negotiation/views_live.py",
        old='    text = permissions.access_text(request.user, slug, need="record")\n'
        "    since = live_channel.resume_id("
        'request.headers.get("Last-Event-ID"), request.GET.get("after"))\n',
        new="    text = permissions.access_text(\n"
        '        request.user, slug, need="read" if request.GET.get("after") else "record"\n'
        "    )\n"
        "    since = live_channel.resume_id("
        'request.headers.get("Last-Event-ID"), request.GET.get("after"))\n',
        tests=("secretariat/negotiation/tests/test_live_replay.py", MATRIX),
        keyword="outsider or map_events",
    ),
    Mutant(
        name="live-map-id-read-after-the-map",
        breaks="the map page embeds the newest event id read after the map: a change committed "
        "in between is in neither the page nor its first stream's replay",
        path="secretariat/negotiation/views.py",
        old="    events_after = live_channel.broker().newest_id(live.channel(item))\n"
        "    table_html = _map_table_html("
        "request, item, only_open=only_open, economy_ids=economy_ids)\n",
        new="    table_html = _map_table_html("
        "request, item, only_open=only_open, economy_ids=economy_ids)\n"
        "    events_after = live_channel.broker().newest_id(live.channel(item))\n",
        tests=("secretariat/negotiation/tests/test_live_replay.py",),
        keyword="during_rendering",
    ),
    Mutant(
        name="metrics-without-token",
        breaks="/metrics answers any bearer token (or none), showing traffic to anyone",
        path="secretariat/core/metrics.py",
        old="    return bool(token) and hmac.compare_digest(",
        new="    return True or hmac.compare_digest(",
        tests=(MATRIX, "secretariat/core/tests/test_security_headers.py"),
        keyword="metrics",
    ),
    Mutant(
        name="projects-scores-seen-before-close",
        breaks="scores in an open round are shown to everyone who sees the round",
        path="secretariat/projects/selectors/__init__.py",
        old="    if scoring_round.state == RoundState.CLOSED:\n        return scores\n",
        new="    if scoring_round.state:\n        return scores\n",
        tests=("secretariat/projects/tests/test_rules.py",),
        keyword="private",
    ),
    Mutant(
        name="projects-concept-notes-public",
        breaks="concept notes and unapproved proposals are shown to every reader",
        path="secretariat/projects/selectors/__init__.py",
        old="    rule = in_a_public_state()\n",
        new="    rule = Q(state__isnull=False)\n",
        tests=(MATRIX,),
        keyword="projects or get_project",
    ),
    Mutant(
        name="projects-co-owners-blind",
        breaks="co-owning fora's members do not see the project as their own",
        path="secretariat/projects/selectors/__init__.py",
        old='| Q(pk__in=co_owned.values("project_id"))',
        new="",
        tests=(MATRIX,),
        keyword="projects or get_project",
    ),
    Mutant(
        name="projects-forum-page-drops-co-owned",
        breaks="a forum's page counts and lists only the projects it is responsible for, not "
        "those it co-owns: its total is not what the list it links to shows",
        path="secretariat/projects/selectors/forum_page.py",
        old='    return Q(responsible_forum_id=OuterRef("pk")) | co_owned\n',
        new='    return Q(responsible_forum_id=OuterRef("pk"))\n',
        tests=("secretariat/projects/tests/test_forum_section.py",),
    ),
    Mutant(
        name="projects-forum-page-member-reads-any-forum-unfiltered",
        breaks="a member of one forum sees, on any forum's page, the count and titles of "
        "every project that forum owns, concept notes included, as if they belonged to it",
        path="secretariat/projects/selectors/forum_page.py",
        old="        one_of_theirs = Q(pk__in=forum_ids)  # the forum's row\n",
        new="        one_of_theirs = ~Q(pk=None)\n",
        tests=("secretariat/projects/tests/test_forum_section.py",),
    ),
    Mutant(
        name="projects-list-paged-before-visibility",
        breaks="the project list is cut into pages and counted before visibility applies, "
        "hidden rows dropped afterwards: the count and the pages' sizes reveal hidden projects",
        path="secretariat/projects/views/projects.py",
        old="        principal_for(request.user), _filters(request), expected=_expected(number), "
        "today=today\n",
        new="        type('Everyone', (), {'is_secretariat': True, 'forum_ids': ()})(), "
        "_filters(request), expected=_expected(number), today=today\n",
        also=(
            Edit(
                "secretariat/projects/views/projects.py",
                "    rows, choices = selectors.list_rows_and_choices(\n        page.object_list, ",
                "    shown = set(selectors.projects_visible_to(principal_for(request.user))"
                ".values_list('pk', flat=True))\n"
                "    rows, choices = selectors.list_rows_and_choices(\n"
                "        [r for r in page.object_list if r[0] in shown], ",
            ),
        ),
        tests=("secretariat/projects/tests/test_list_pages.py",),
        keyword="pages_after_visibility",
    ),
    Mutant(
        name="projects-list-total-before-visibility",
        breaks="the project list's count, read with its page, counts every project: the "
        "total reveals how many projects are hidden from the reader",
        path="secretariat/projects/selectors/listing.py",
        old="            total=Subquery(counting(projects)),\n",
        new="            total=Subquery(counting(Project.objects.all())),\n",
        tests=("secretariat/projects/tests/test_list_pages.py",),
        keyword="pages_after_visibility",
    ),
    Mutant(
        name="projects-list-rendering-shared-across-fora",
        breaks="the list's body kept for a viewer of some fora is served to viewers of other "
        "fora (or of none): their concept notes shown to readers who may not see them",
        path="secretariat/projects/fragments.py",
        old="(visibility_key(principal), get_language(), *parts)",
        new="(get_language(), *parts)",
        tests=("secretariat/projects/tests/test_page_queries.py",),
        keyword="kept_for",
    ),
    Mutant(
        name="projects-kept-choices-outlive-a-lifecycle-edit",
        breaks="a kind or state renamed in the admin keeps its old name on the list's filters "
        "and rows (the choices this process kept are not renewed)",
        path="secretariat/projects/admin.py",
        old="cache_tokens.renew(selectors.LIST_TOKEN, LIFECYCLES_TOKEN)\n\n    def delete",
        new="cache_tokens.renew(selectors.LIST_TOKEN)\n\n    def delete",
        tests=("secretariat/projects/tests/test_kept_choices.py",),
        keyword="renamed_in_the_admin",
    ),
    Mutant(
        name="projects-kept-choices-outlive-a-forum-edit",
        breaks="a forum renamed through the registry keeps its old abbreviation on the list",
        path="secretariat/projects/selectors/filter_choices.py",
        old="CHOICE_TOKENS = (cache_tokens.rows_of(Forum), ",
        new="CHOICE_TOKENS = (",
        tests=("secretariat/projects/tests/test_kept_choices.py",),
        keyword="forum_renamed",
    ),
    Mutant(
        name="cross-forum-agenda-proposals",
        breaks="a member of any forum reads every meeting's proposed agenda items",
        path="secretariat/meetings/agenda_proposals.py",
        old="return proposals.filter(meeting__forum_id__in=principal.forum_ids)",
        new="return proposals.filter(meeting__forum_id__isnull=not principal.forum_ids)",
        also=(
            Edit(
                "secretariat/meetings/agenda_proposals.py",
                "principal.is_secretariat or meeting.forum_id in principal.forum_ids",
                "principal.is_secretariat or bool(principal.forum_ids)",
            ),
        ),
        tests=(MATRIX,),
        keyword="proposal",
    ),
    Mutant(
        name="any-member-decides-the-agenda",
        breaks="any member of the meeting's forum accepts or dismisses proposed agenda items",
        path="secretariat/meetings/agenda_proposals.py",
        old="role.forum_id == meeting.forum_id and role.kind == RoleKind.CHAIR",
        new="role.forum_id == meeting.forum_id",
        tests=(MATRIX,),
        keyword="proposal",
    ),
    Mutant(
        name="hidden-comments-public",
        breaks="pending and hidden comments are shown to every reader of the target",
        path="secretariat/comments/selectors.py",
        old=".filter(Q(state=CommentState.PUBLISHED) | Q(author_id=viewer))",
        new=".filter(Q(state__isnull=False) | Q(author_id=viewer))",
        tests=(MATRIX,),
        keyword="comments",
    ),
    Mutant(
        name="comments-on-restricted-text",
        breaks="a restricted adopted text takes comments, and its comments are shown",
        path="secretariat/comments/targets.py",
        old="                classification=Classification.PUBLISHED,\n                status__in",
        new="                status__in",
        tests=(MATRIX,),
        keyword="comments",
    ),
    Mutant(
        name="delete-others-comments",
        breaks="any signed-in reader deletes anyone's comment",
        path="secretariat/comments/permissions.py",
        old="require(comment.author_id == user.pk,",
        new="require(user.is_authenticated,",
        tests=(MATRIX,),
        keyword="delete_comment or comments:delete",
    ),
    Mutant(
        name="cross-forum-texts",
        breaks="any member of any forum reads every forum's restricted texts",
        path="secretariat/negotiation/selectors.py",
        old="Q(classification=Classification.PUBLISHED) | Q(forum_id__in=forum_ids)",
        new="Q(classification=Classification.PUBLISHED) | Q(forum__isnull=not forum_ids)",
        tests=(MATRIX,),
        keyword="negotiation",
    ),
    Mutant(
        name="texts-list-unfiltered",
        breaks="the texts list and page drop their visibility filter",
        path="secretariat/negotiation/selectors.py",
        old="    if everything:\n        return texts\n    return texts.filter(",
        new="    if True:\n        return texts\n    return texts.filter(",
        tests=(MATRIX,),
        keyword="negotiation",
    ),
    Mutant(
        name="skip-economy-check-notes",
        breaks="an economy's internal notes are readable by any delegation",
        path="secretariat/registry/permissions.py",
        old="    return delegation.economy_id in principal.economy_ids",
        new="    return bool(principal.economy_ids)",
        tests=(MATRIX,),
        keyword="note",
    ),
    Mutant(
        name="forum-page-hidden-people",
        breaks="the forum page's officers and heads of delegation, read apart from the people "
        "selectors, list people who are not public to signed-out readers and outsiders",
        path="secretariat/registry/selectors.py",
        old="if rule is None else ForumRole.objects.filter(rule)",
        new="if rule is None else ForumRole.objects.all()",
        tests=(MATRIX, "secretariat/registry/tests/test_forum_page.py"),
        keyword="registry:forum",
    ),
    Mutant(
        name="write-without-csrf",
        breaks="a session write to the API is accepted without its CSRF token",
        path="secretariat/core/api_auth.py",
        old="                reason = _csrf_failure_reason(request)",
        new="                reason = None",
        tests=(MATRIX,),
        keyword="csrf",
    ),
    Mutant(
        name="write-op-with-read-auth",
        breaks="an API write forgets write_auth (sessions skip CSRF, read tokens write)",
        path="secretariat/negotiation/api.py",
        old='response={201: TextOut}, auth=write_auth, operation_id="create_text")',
        new='response={201: TextOut}, operation_id="create_text")',
        tests=(MATRIX,),
        keyword="csrf or create_text",
    ),
    Mutant(
        name="silent-page-action",
        breaks="an allowed page action does nothing yet answers with a redirect",
        path="secretariat/negotiation/views_actions.py",
        old="    try:\n        action()\n    except Conflict as error:",
        new="    try:\n        pass\n    except Conflict as error:",
        tests=(MATRIX,),
        keyword="negotiation",
    ),
    # Emptying the re-raise alone changed nothing: no negotiation service raises 401/403/404
    # inside ``_attempt`` (authorisation runs before it), so that mutant could not be killed.
    # The fault it names needs the authorisation inside the attempted action as well. The
    # matrix harness accepts a redirect with an error flash as a refused page action, so the
    # page test that asserts the 403 is the one that catches it.
    Mutant(
        name="refusal-as-flash",
        breaks="a refused page action becomes a flash message and a redirect, not a 403/404",
        path="secretariat/negotiation/views_actions.py",
        old="        if error.status in (401, 403, 404):\n            raise",
        new="        if error.status in ():\n            raise",
        also=(
            Edit(
                "secretariat/negotiation/views_actions.py",
                "    delegation = delegation_for(request.user, text)\n    form = form_class(",
                "    delegation = None\n    form = form_class(",
            ),
            Edit(
                "secretariat/negotiation/views_actions.py",
                "run(actor=request.user, text=text, delegation=delegation, **form",
                "run(actor=request.user, text=text, delegation=delegation or "
                "delegation_for(request.user, text), **form",
            ),
        ),
        tests=(MATRIX, "secretariat/negotiation/tests/test_page_actions.py"),
        keyword="negotiation or position",
    ),
    Mutant(
        name="withdrawn-draft-leaks",
        breaks="a draft withdrawn without being submitted is shown to the whole forum "
        "(visibility read from the state, not from submitted_at)",
        path="secretariat/negotiation/selectors.py",
        old="Q(submitted_at__isnull=False) | Q(proposer__economy_id__in=principal.economy_ids)",
        new="~Q(state=AmendmentState.DRAFT) | Q(proposer__economy_id__in=principal.economy_ids)",
        tests=(MATRIX,),
        keyword="amendment or paragraph",
    ),
    Mutant(
        name="reservation-any-head",
        breaks="any head of delegation edits or withdraws another economy's reservation",
        path="secretariat/negotiation/permissions_reservations.py",
        old="reservation.delegation_id in principal.headed_delegation_ids",
        new="bool(principal.headed_delegation_ids)",
        tests=(MATRIX,),
        keyword="reservation",
    ),
    Mutant(
        name="get-runs-a-post-action",
        breaks="a page action also answers GET (only one method was ever tried)",
        path="secretariat/negotiation/views_actions.py",
        # On a chair's action: the other-methods test sends them as the secretariat, who
        # was refused a position (no delegation) whether or not the view took GET.
        old="@require_POST\ndef start_silence(",
        new="def start_silence(",
        tests=(MATRIX,),
        keyword="negotiation",
    ),
    Mutant(
        name="unknown-role-in-matrix",
        breaks="a matrix entry names a role that does not exist",
        path="secretariat/minutes/tests/matrix.py",
        old='EDITORS = frozenset({"chair", "secretariat"})',
        new='EDITORS = frozenset({"chair", "secretariat", "chairman"})',
        tests=(MATRIX,),
        keyword="minutes",
        at_collection=True,
    ),
    Mutant(
        name="admin-open-to-members",
        breaks="the Django admin lets in any signed-in member",
        path="secretariat/config/urls.py",
        old='admin.site.site_header = "Secretariat administration"',
        new=(
            'admin.site.site_header = "Secretariat administration"\n'
            "admin.site.has_permission = lambda request: request.user.is_active  # type: ignore"
        ),
        tests=("secretariat/testing/test_admin_and_accounts_matrix.py",),
    ),
    Mutant(
        name="withdrawn-draft-readable",
        breaks="an amendment draft withdrawn unsubmitted is readable by the whole forum",
        path="secretariat/negotiation/selectors.py",
        old="Q(submitted_at__isnull=False) | Q(proposer__economy_id__in=principal.economy_ids)",
        new="~Q(state=AmendmentState.DRAFT) | Q(proposer__economy_id__in=principal.economy_ids)",
        tests=(MATRIX, "secretariat/negotiation/tests/test_unsubmitted_amendments.py"),
        keyword="amendment",
    ),
    Mutant(
        name="contact-request-in-admin",
        breaks="the admin shows the text of contact requests through the notification records",
        path="secretariat/notifications/admin.py",
        old="    fields = SHOWN_FIELDS\n    readonly_fields = SHOWN_FIELDS",
        new="    readonly_fields = [f.name for f in Notification._meta.fields]",
        tests=(MATRIX, "secretariat/core/tests/test_admin_privacy.py"),
        keyword="admin or private",
    ),
    Mutant(
        name="oversize-body-500",
        breaks="a signed-in JSON body over the limit gets a 500 instead of a 413",
        path="secretariat/config/settings/base.py",
        old='    "secretariat.core.request_size.RequestSizeMiddleware",\n',
        new="",
        also=(
            Edit(
                "secretariat/core/api_errors.py",
                "        return read_too_large(request)  # e.g. a chunked body",
                "        raise exc  # e.g. a chunked body",
            ),
        ),
        tests=("secretariat/core/tests/test_request_size.py",),
    ),
    Mutant(
        name="exhibitor-filter-unbounded",
        breaks="GET /api/events/exhibitors?meeting= takes 0, -1 and 2^63",
        path="secretariat/events/api.py",
        old="    meeting: Id | None = None\n    sector: Sector | None = None",
        new="    meeting: int | None = None\n    sector: Sector | None = None",
        also=(
            Edit(
                "secretariat/events/api.py",
                "    if filters.meeting is not None:\n        exhibitors = exhibitors.filter(",
                "    if filters.meeting:\n        exhibitors = exhibitors.filter(",
            ),
        ),
        tests=("secretariat/core/tests/test_integer_ids.py",),
    ),
    Mutant(
        name="guessable-upload-names",
        breaks="uploaded documents are stored under a name derived from the upload",
        path="secretariat/meetings/models.py",
        old='    return f"meetings/documents/{uuid.uuid4().hex}.{instance.file_kind}"',
        new='    return f"meetings/documents/{filename}"',
        tests=("secretariat/meetings/tests/test_stored_names.py",),
    ),
    Mutant(
        name="registrations-pending-listed",
        breaks="participant lists show pending and rejected registrations to all list readers",
        path="secretariat/registrations/selectors.py",
        old="    if not principal.is_secretariat:\n        registrations = registrations.filter(",
        new="    if False:\n        registrations = registrations.filter(",
        tests=(MATRIX,),
        keyword="participants or registrations",
    ),
    Mutant(
        name="registrations-accredit-other-economy",
        breaks="any head of delegation to the forum accredits people of any economy",
        path="secretariat/registrations/permissions.py",
        old="principal.is_secretariat or delegation.pk in principal.headed_delegation_ids",
        new="principal.is_secretariat or bool(principal.headed_delegation_ids)",
        tests=(MATRIX,),
        keyword="accredit",
    ),
    Mutant(
        name="minutes-cross-forum",
        breaks="circulated minutes of every forum are readable by members of any forum",
        path="secretariat/minutes/selectors.py",
        old="Q(state=MinutesState.CIRCULATED, meeting__forum_id__in=principal.forum_ids)",
        new="Q(state=MinutesState.CIRCULATED)",
        tests=(MATRIX,),
        keyword="minutes or action_item",
    ),
    Mutant(
        name="minutes-uncirculated-revisions",
        breaks="revisions never circulated are shown to every reader of the minutes",
        path="secretariat/minutes/selectors.py",
        old="    return revisions.filter(circulated=True)",
        new="    return revisions",
        tests=(MATRIX,),
        keyword="minutes",
    ),
    Mutant(
        name="notifications-of-everyone",
        breaks="the preferences page lists every user's e-mails, not only the viewer's",
        path="secretariat/notifications/selectors.py",
        old="Notification.objects.filter(recipient=user)",
        new="Notification.objects.all()",
        tests=(MATRIX,),
        keyword="permissions and notification",
    ),
    Mutant(
        name="notifications-preferences-anonymous",
        breaks="notification preferences are served without signing in",
        path="secretariat/notifications/permissions.py",
        old="    if user is None or not user.is_authenticated:",
        new="    if user is None:",
        tests=(MATRIX,),
        keyword="permissions and notification",
    ),
    Mutant(
        name="events-contact-requests-to-secretariat",
        breaks="the secretariat reads every exhibitor's contact requests",
        path="secretariat/events/selectors.py",
        old="        Q(sender=user) | Q(exhibitor__organisation_id__in=organisation_ids_of(user))",
        new=(
            "        Q(sender=user)\n"
            "        | Q(exhibitor__organisation_id__in=organisation_ids_of(user))\n"
            "        | Q(pk__gt=0 if user.is_staff else -1)"
        ),
        tests=(MATRIX,),
        keyword="permissions and contact",
    ),
    Mutant(
        name="events-manager-any-partner",
        breaks="a partner of any organisation manages every event, co-host or not",
        path="secretariat/events/selectors.py",
        old="    return bool(partner_of & cohost_organisation_ids(meeting))",
        new="    return bool(partner_of)",
        tests=(MATRIX,),
        keyword="permissions and (exhibitor or speaker or cohost)",
    ),
    Mutant(
        name="meetings-restricted-cross-forum",
        breaks="any member of any forum reads every forum's restricted documents",
        path="secretariat/meetings/selectors.py",
        old="owning = Q(owning_forum_id__in=forum_ids)",
        new="owning = Q(owning_forum__isnull=False)",
        tests=(MATRIX,),
        keyword="permissions and (meeting or document)",
    ),
    Mutant(
        name="meetings-economy-only-any-delegate",
        breaks="any economy's delegates read every economy's economy-only documents",
        path="secretariat/meetings/selectors.py",
        old="submitted_by_economy_id__in=economy_ids",
        new="submitted_by_economy__isnull=False",
        tests=(MATRIX,),
        keyword="permissions and (meeting or document)",
    ),
    Mutant(
        name="documents-cache-forgets-economy",
        breaks="the meeting page's documents table is cached without the viewer's economies",
        path="secretariat/meetings/selectors.py",
        old='    return f"{fora}:{sorted(principal.economy_ids)}"',
        new='    return f"{fora}"',
        tests=(MATRIX,),
        keyword="meetings",
    ),
    Mutant(
        name="meeting-page-documents-unfiltered",
        breaks="the meeting page's documents table lists restricted and economy-only documents "
        "to whoever looks (its rows as read when the table is written)",
        path="secretariat/meetings/selectors.py",
        old=(
            "        _visible_documents(is_secretariat, forum_ids, economy_ids), meeting_id=meeting"
        ),
        new="        meeting_id=meeting",
        tests=(
            MATRIX,
            "secretariat/meetings/tests/test_page_cache.py",
            "secretariat/meetings/tests/test_document_rows.py",
        ),
        keyword="meeting",
    ),
    Mutant(
        name="meeting-page-table-of-another-state",
        breaks="the meeting page's cached content takes whatever documents table its slot holds",
        path="secretariat/meetings/page.py",
        old=(
            "    _, documents_state, programme, participants_state, participation = cached\n"
            "    documents = _still(found.get(slots.documents), documents_state)"
        ),
        new=(
            "    _, documents_state, programme, participants_state, participation = cached\n"
            "    documents = (found.get(slots.documents) or (None, None))[1]"
        ),
        tests=("secretariat/meetings/tests/test_page_cache.py",),
        keyword="tables_only",
    ),
    Mutant(
        name="word-import-any-forum",
        breaks="a forum's chair starts a text from a Word draft in a forum they do not chair",
        path="secretariat/negotiation/permissions_import.py",
        old="    return fora.filter(pk__in=chaired)",
        new="    return fora",
        tests=(MATRIX, "secretariat/negotiation/tests/test_docx_import_pages.py"),
        keyword="import",
    ),
    Mutant(
        name="word-import-any-member",
        breaks="any signed-in member may upload Word drafts (the chair check dropped)",
        path="secretariat/negotiation/permissions_import.py",
        old="or any(role.kind == RoleKind.CHAIR for role in principal.roles)",
        new="or principal.is_member",
        tests=(MATRIX,),
        keyword="import",
    ),
    Mutant(
        name="adref-reminder-to-every-head",
        breaks="an ad referendum reminder goes to every head of delegation in the forum",
        path="secretariat/negotiation/services_adref.py",
        old="        delegation_id=delegation_id, kind=RoleKind.HEAD_OF_DELEGATION\n",
        new=(
            "        delegation__forum__delegations=delegation_id,"
            " kind=RoleKind.HEAD_OF_DELEGATION\n"
        ),
        tests=("secretariat/negotiation/tests/test_adref.py",),
    ),
    Mutant(
        name="outstanding-for-members",
        breaks="every member of the forum reads the chair's list of what is outstanding",
        path="secretariat/negotiation/views.py",
        old='permissions.access_text(request.user, slug, need="chair")',
        new="permissions.access_text(request.user, slug)",
        tests=(MATRIX,),
        keyword="negotiation and outstanding",
    ),
    Mutant(
        name="carried-source-in-version",
        breaks="a version names, as the source of a change, an amendment its reader may not see",
        path="secretariat/negotiation/provenance.py",
        old="        selectors.amendments_visible_to(principal, text)\n        .filter(pk__in=",
        new="        Amendment.objects.filter(text=text)\n        .filter(pk__in=",
        tests=("secretariat/negotiation/tests/test_carry_forward.py",),
        keyword="may_not_see",
    ),
    Mutant(
        name="carried-source-in-redline",
        breaks="the redline names, as the source of a change, an amendment its reader may not see",
        path="secretariat/negotiation/provenance.py",
        old="        for a in selectors.amendments_visible_to(principal, text)\n",
        new="        for a in Amendment.objects.filter(text=text)\n",
        tests=("secretariat/negotiation/tests/test_carry_forward.py",),
        keyword="may_not_see",
    ),
    Mutant(
        name="amendment-carried-twice",
        breaks="an incorporated amendment already carried into a version is applied again",
        path="secretariat/negotiation/carry_forward.py",
        old="        .exclude(pk__in=provenance.carried_amendment_ids(text))\n",
        new="",
        tests=("secretariat/negotiation/tests/test_carry_forward.py",),
        keyword="one_version_only",
    ),
    Mutant(
        name="composer-open-to-delegates",
        breaks="any reader of a text (a delegate) may compose and publish its next version",
        path="secretariat/negotiation/views_composer.py",
        old='    return permissions.access_text(request.user, slug, need="chair")',
        new='    return permissions.access_text(request.user, slug, need="read")',
        tests=(MATRIX,),
        keyword="compose",
    ),
    Mutant(
        name="composer-stale-draft-overwrites",
        breaks="a change to the draft from a stale page overwrites what someone saved since",
        path="secretariat/negotiation/composer.py",
        old="VersionDraft.objects.filter(pk=draft.pk, version=version).update(",
        new="VersionDraft.objects.filter(pk=draft.pk).update(",
        tests=("secretariat/negotiation/tests/test_composer.py",),
        keyword="stale",
    ),
    Mutant(
        name="record-sources-public",
        breaks="the amendments a published version carried are named to readers outside the record",
        path="secretariat/negotiation/selectors.py",
        old="    if not may_see_record(principal, text):\n",
        new="    if False:\n",
        tests=("secretariat/negotiation/tests/test_carry_forward.py",),
        keyword="outside",
    ),
    Mutant(
        name="record-open-to-public",
        breaks="a published text's negotiating record is open to everyone before derestriction",
        path="secretariat/negotiation/permissions.py",
        old="    return sits_in_forum(principal, text) or text.record_derestricted_at",
        new="    return True or text.record_derestricted_at",
        tests=(MATRIX,),
        keyword="negotiation",
    ),
    Mutant(
        name="record-open-to-other-fora",
        breaks="members of any forum read a published text's negotiating record",
        path="secretariat/negotiation/permissions.py",
        old="    return principal.is_secretariat or text.forum_id in principal.forum_ids\n",
        new="    return principal.is_secretariat or principal.is_member\n",
        tests=(MATRIX,),
        keyword="negotiation",
    ),
    Mutant(
        name="record-withdrawn-reservations-public",
        breaks="reservations withdrawn before adoption are shown outside the negotiating record",
        path="secretariat/negotiation/permissions_reservations.py",
        old="    return reservations.filter(withdrawn_at__isnull=True)",
        new="    return reservations",
        tests=(MATRIX,),
        keyword="reservation",
    ),
    Mutant(
        name="news-embargo-any-press",
        breaks="accredited press of any meeting read every embargoed release early",
        path="secretariat/news/selectors.py",
        old="allowed |= _embargoed(now) & Q(meeting_id__in=press_meeting_ids(principal))",
        new="allowed |= _embargoed(now) & Q(meeting_id__in=Registration.objects.filter("
        "person_id=principal.person_id, category=Category.PRESS).values('meeting_id'))",
        tests=("secretariat/news/tests/test_services.py",),
        keyword="another_meeting",
    ),
    Mutant(
        name="news-drafts-public",
        breaks="drafts and items in review are public",
        path="secretariat/news/selectors.py",
        old="return Q(state=NewsState.PUBLISHED, published_at__lte=now) & (",
        new="return (Q(state=NewsState.PUBLISHED, published_at__lte=now)"
        " | ~Q(state=NewsState.PUBLISHED)) & (",
        tests=("secretariat/news/tests/test_pages.py",),
        keyword="drafts",
    ),
    Mutant(
        name="news-feed-embargoed",
        breaks="the public feeds, sitemap and home show releases still under embargo",
        path="secretariat/news/selectors.py",
        old="return _items().filter(public_rule(now)).order_by(",
        new="return _items().filter(public_rule(now) | _embargoed(now)).order_by(",
        tests=("secretariat/news/tests/test_pages.py",),
        keyword="embargo",
    ),
    Mutant(
        name="outcome-draft-shown-as-verified",
        breaks="a draft translation is shown to the public as the translation",
        path="secretariat/outcomes/selectors.py",
        old="        if state == TranslationState.VERIFIED and translation is not None:",
        new="        if translation is not None:",
        tests=("secretariat/outcomes/tests/test_public.py",),
    ),
    Mutant(
        name="outcome-translator-verifies-own",
        breaks="a translator verifies their own translation (no second pair of eyes)",
        path="secretariat/outcomes/services.py",
        old='        if translation.translated_by_id == getattr(actor, "pk", None):',
        new="        if False:",
        tests=("secretariat/outcomes/tests/test_services.py",),
    ),
    Mutant(
        name="outcome-pending-public",
        breaks="an outcome not yet announced is public",
        path="secretariat/outcomes/permissions.py",
        old="    return outcomes.filter(announced_at__isnull=False)",
        new="    return outcomes",
        tests=(MATRIX,),
        keyword="outcome",
    ),
    Mutant(
        name="home-pending-outcome",
        breaks="the home page lists an outcome not yet announced among the latest outcomes",
        path="secretariat/outcomes/selectors.py",
        old="        Outcome.objects.filter(announced_at__isnull=False)\n",
        new="        Outcome.objects.all()\n",
        tests=("secretariat/portal/tests/test_home_reads.py",),
    ),
    Mutant(
        name="liaison-restricted-public",
        breaks="a restricted liaison statement is shown to everyone once sent or received",
        path="secretariat/liaisons/selectors.py",
        old="    allowed = issued & Q(is_restricted=False)",
        new="    allowed = issued",
        tests=(MATRIX,),
        keyword="liaison",
    ),
    Mutant(
        name="liaison-draft-to-counterpart",
        breaks="a draft liaison statement is shown to the members of the forum it is addressed to",
        path="secretariat/liaisons/selectors.py",
        old="        allowed |= ~issued & Q(forum_id__in=forum_ids)",
        new="        allowed |= ~issued & concerned",
        tests=(MATRIX,),
        keyword="liaison",
    ),
    Mutant(
        name="joint-item-documents-to-every-forum",
        breaks="a joint agenda item's restricted documents are read by members of any forum",
        path="secretariat/meetings/selectors.py",
        old="co_owned = AgendaItem.co_owners.through.objects.filter(forum_id__in=forum_ids)",
        new="co_owned = AgendaItem.co_owners.through.objects.all()",
        tests=("secretariat/meetings/tests/test_visibility.py",),
        keyword="joint",
    ),
    Mutant(
        name="liaison-restricted-original-id",
        breaks="a response shows outsiders the id of the restricted statement it answers",
        path="secretariat/liaisons/schemas.py",
        old='return obj.in_response_to_id if getattr(obj, "original_visible", False) else None',
        new="return obj.in_response_to_id",
        tests=("secretariat/liaisons/tests/test_workflow.py",),
        keyword="restricted_statement",
    ),
    Mutant(
        name="commitment-report-drafts-shared",
        breaks="an implementation report's draft is read by other economies before it is submitted",
        path="secretariat/commitments/selectors/visibility.py",
        old="own_drafts = Q(submitted_at__isnull=True, economy_id__in=principal.economy_ids)",
        new="own_drafts = Q(submitted_at__isnull=True)",
        tests=(MATRIX,),
        keyword="report",
    ),
    Mutant(
        name="commitment-interim-scores-public",
        breaks="interim and unpublished final scores are shown to everyone",
        path="secretariat/commitments/selectors/visibility.py",
        old="Q(stage=Stage.FINAL, cycle__final_published_at__isnull=False)",
        new="Q(stage__isnull=False)",
        tests=(MATRIX,),
        keyword="score or heat_map",
    ),
    Mutant(
        name="commitment-sheets-interim-public",
        breaks="interim scores of a published cycle are counted in the public heat map and "
        "averages (read from the kept score sheets)",
        path="secretariat/commitments/selectors/visibility.py",
        old="        sheets = sheets.filter(_scores_shown_to(economy_ids))",
        new="        sheets = sheets.filter(\n"
        "            Q(cycle__final_published_at__isnull=False) | Q(economy_id__in=economy_ids)\n"
        "        )",
        tests=("secretariat/commitments/tests/test_score_sheets.py", MATRIX),
        keyword="interim or heat_map",
    ),
    Mutant(
        name="commitment-progress-counts-off-map",
        breaks="the progress over cycles counts the scores of commitments the reader's map "
        "leaves out (not confirmed, or of a text they may not read), from the sheets' counts",
        path="secretariat/commitments/selectors/off_map.py",
        old="    return {row.cycle_id for row in rows} - "
        "{cycle_id for (cycle_id,) in scoring_off_map}",
        new="    return {row.cycle_id for row in rows}",
        tests=("secretariat/commitments/tests/test_score_sheets.py",),
        keyword="off_the_map",
    ),
    Mutant(
        name="commitment-progress-counts-unreadable-texts",
        breaks="the progress over cycles counts, from the sheets' counts, the scores of "
        "commitments of texts the reader may not read",
        path="secretariat/commitments/selectors/off_map.py",
        old='pk__in=_mapped_commitments(everything, forum_ids).values("pk")\n',
        new='pk__in=_mapped_commitments(True, forum_ids).values("pk")\n',
        tests=("secretariat/commitments/tests/test_score_sheets.py",),
        keyword="may_not_read",
    ),
    Mutant(
        name="commitment-every-commitment-to-everyone",
        breaks="every commitment (suggested, rejected, of restricted texts) is shown to every "
        "reader, as to the secretariat, whose read of them asks no texts",
        path="secretariat/commitments/selectors/visibility.py",
        old="    if everything:\n        # Every text is the secretariat's",
        new="    if True:\n        # Every text is the secretariat's",
        tests=(MATRIX, "secretariat/commitments/tests/test_pages.py"),
        keyword="commitment or heat_map or paragraph",
    ),
    Mutant(
        name="commitment-heat-map-takes-sheets-whole",
        breaks="the heat map's figures count, from its cycle's sheets taken whole, the scores "
        "of commitments off the reader's map (not confirmed, or of a text they may not read)",
        path="secretariat/commitments/selectors/score_matrix.py",
        old="scores[row[on_map], column[on_map]] = value[on_map]",
        new="scores[row, column] = value",
        tests=("secretariat/commitments/tests/test_score_sheets.py",),
        keyword="off_the_map or may_not_read",
    ),
    Mutant(
        name="commitment-secretariat-finds-nothing-off-map",
        breaks="the secretariat's progress over cycles counts, from the sheets' counts, the "
        "scores of unconfirmed commitments (its map's others found as none)",
        path="secretariat/commitments/selectors/off_map.py",
        old="        return Commitment.objects.exclude(state=CommitmentState.CONFIRMED)",
        new="        return Commitment.objects.none()",
        tests=("secretariat/commitments/tests/test_score_sheets.py",),
        keyword="off_the_map",
    ),
    Mutant(
        name="commitment-page-progress-counts-off-map",
        breaks="the heat map page's progress over cycles counts, from the sheets' counts, the "
        "scores of commitments off the reader's map (the cycles read marked with them)",
        path="secretariat/commitments/selectors/heat_map.py",
        old="counted = {row.cycle_id for row in rows} - {c.pk for c in every_cycle if "
        "c.scored_off_map}",
        new="counted = {row.cycle_id for row in rows}",
        tests=("secretariat/commitments/tests/test_pages.py",),
        keyword="read_together",
    ),
    Mutant(
        name="akn-import-for-anyone",
        breaks="any signed-in user imports agreed texts, published as adopted, into any forum",
        path="secretariat/negotiation/permissions_import.py",
        old="require(principal.is_secretariat, _(",
        new="require(principal.is_authenticated, _(",
        tests=(MATRIX,),
        keyword="import_agreed_texts",
    ),
    Mutant(
        name="extract-kept-after-deletion",
        breaks="an extract written after its document was deleted keeps the deleted sentences",
        path="secretariat/summaries/services.py",
        old="if made is not None and not _still_there(kind, target_id):",
        new="if made is not None and not True:",
        tests=("secretariat/summaries/tests/test_summaries_review.py",),
        keyword="deleted",
    ),
    Mutant(
        name="precedents-from-unreadable-texts",
        breaks="the precedent finder answers with agreed paragraphs of restricted texts the "
        "asker may not read",
        path="secretariat/precedents/rankers.py",
        old="        texts_visible_to(principal)\n        .filter(status=TextStatus.ADOPTED)",
        new="        Text.objects.all()\n        .filter(status=TextStatus.ADOPTED)",
        also=(
            Edit(
                "secretariat/precedents/rankers.py",
                "from secretariat.negotiation.choices import TextStatus\n",
                "from secretariat.negotiation.choices import TextStatus\n"
                "from secretariat.negotiation.models import Text\n",
            ),
            Edit(
                "secretariat/precedents/selectors.py",
                "    visible = texts_visible_to(principal).filter(status=TextStatus.ADOPTED)",
                "    visible = Text.objects.filter(status=TextStatus.ADOPTED)",
            ),
            Edit(
                "secretariat/precedents/selectors.py",
                "from secretariat.negotiation.models import Paragraph\n",
                "from secretariat.negotiation.models import Paragraph, Text\n",
            ),
        ),
        tests=(MATRIX,),
        keyword="precedent",
    ),
    Mutant(
        name="precedents-unchecked-ranker",
        breaks="a ranker's answer is shown without checking again that the asker reads its text",
        path="secretariat/precedents/selectors.py",
        old="    visible = texts_visible_to(principal).filter(status=TextStatus.ADOPTED)",
        new="    visible = texts_visible_to(principal).model.objects.filter("
        "status=TextStatus.ADOPTED)",
        tests=("secretariat/precedents/tests/test_finder.py",),
        keyword="leak",
    ),
    Mutant(
        name="precedents-inserted-by-anyone",
        breaks="whoever reads a text's record inserts a precedent as an amendment of a "
        "delegation of the forum",
        path="secretariat/precedents/views.py",
        old="    delegation = permissions.delegation_proposing(request.user, text)\n",
        new="    delegation = text.forum.delegations.first()\n",
        tests=(MATRIX,),
        keyword="precedent",
    ),
    Mutant(
        name="search-ignores-restriction",
        breaks="search finds paragraphs and titles of restricted texts of any forum",
        path="secretariat/search/selectors.py",
        old="Q(entry_kind__in=[EntryKind.TEXT, EntryKind.PARAGRAPH], entry_scope__in=texts)",
        new="Q(entry_kind__in=[EntryKind.TEXT, EntryKind.PARAGRAPH])",
        tests=(MATRIX,),
        keyword="search",
    ),
    Mutant(
        name="search-ignores-restriction-of-translations",
        breaks="search finds the translations of restricted texts of any forum",
        path="secretariat/search/selectors.py",
        old="Q(entry_kind=EntryKind.TRANSLATION, entry_scope__in=texts)",
        new="Q(entry_kind=EntryKind.TRANSLATION)",
        tests=(MATRIX, "secretariat/search/tests/test_translations.py"),
        keyword="search or restricted",
    ),
    Mutant(
        name="search-ignores-document-classification",
        breaks="search finds restricted documents of fora the reader is not a member of",
        path="secretariat/search/selectors.py",
        old='entry_scope__in=documents_visible_to(principal).values("pk"),',
        new="",
        tests=(MATRIX,),
        keyword="search",
    ),
    Mutant(
        name="search-facets-count-hidden-items",
        breaks="the facet counts include items the reader may not see",
        path="secretariat/search/services.py",
        old="facets = _facets(groups)",
        new=(
            "facets = _facets([(e.kind, e.forum.slug if e.forum else None, e.year, "
            "e.language, 1) for e in "
            "SearchEntry.objects.filter(query.matching(terms, every=True))])"
        ),
        tests=(MATRIX, "secretariat/search/tests/test_api.py"),
        keyword="search or facet",
    ),
    Mutant(
        name="rank-paragraphs-ignores-reader",
        breaks="the keyword ranking of precedents returns paragraphs the reader may not read",
        path="secretariat/search/services.py",
        old="selectors.entries_visible_to(who, timezone.now())",
        new="SearchEntry.objects.all()",
        tests=("secretariat/search/tests/test_services.py",),
        keyword="hides",
    ),
]


def _copy_tree(destination: Path) -> None:
    """The tracked and untracked-but-not-ignored files, as they are in the working tree."""
    listed = subprocess.run(  # noqa: S603
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for raw in filter(None, listed):
        source = ROOT / os.fsdecode(raw)
        if source.is_file():
            target = destination / os.fsdecode(raw)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _apply(tree: Path, mutant: Mutant) -> None:
    for edit in (Edit(mutant.path, mutant.old, mutant.new), *mutant.also):
        file = tree / edit.path
        text = file.read_text()
        count = text.count(edit.old)
        if count != 1:
            raise LookupError(f"{edit.path}: the snippet occurs {count} times, not once")
        file.write_text(text.replace(edit.old, edit.new))


def _run_tests(tree: Path, mutant: Mutant) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:randomly", *mutant.tests]
    if mutant.keyword:
        command += ["-k", mutant.keyword]
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tree}/var/test.sqlite3"
    env["SECRETARIAT_VAR_DIR"] = str(tree / "var")
    env["PYTHONPATH"] = str(tree)
    (tree / "var").mkdir(exist_ok=True)
    return subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)  # noqa: S603


def run_mutant(mutant: Mutant) -> str:
    with tempfile.TemporaryDirectory(prefix="secretariat-mutant-") as directory:
        tree = Path(directory)
        _copy_tree(tree)
        try:
            _apply(tree, mutant)
        except LookupError as error:
            return f"ERROR     {mutant.name}: {error}"
        started = time.monotonic()
        result = _run_tests(tree, mutant)
        seconds = time.monotonic() - started
    lines = result.stdout.strip().splitlines() or ["(no output)"]
    caught_by = next((line for line in lines if line.startswith(("FAILED", "ERROR"))), "")
    summary = lines[-1] + (f"; first: {caught_by[:160]}" if caught_by else "")
    if result.returncode == 0:
        return f"SURVIVED  {mutant.name} ({mutant.breaks}) — {summary} [{seconds:.0f} s]"
    if result.returncode == 1 or (result.returncode == 2 and mutant.at_collection):
        return f"KILLED    {mutant.name} ({mutant.breaks}) — {summary} [{seconds:.0f} s]"
    return f"ERROR     {mutant.name}: pytest exited {result.returncode}: {summary}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("words", nargs="*", help="run only mutants whose names contain these")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    options = parser.parse_args(argv)
    chosen = [
        mutant
        for mutant in CATALOGUE
        if not options.words or any(word in mutant.name for word in options.words)
    ]
    if options.list:
        for mutant in chosen:
            print(f"{mutant.name}: {mutant.breaks} ({mutant.path})")
        return 0
    failures = 0
    for mutant in chosen:
        line = run_mutant(mutant)
        print(line, flush=True)
        failures += not line.startswith("KILLED")
    print(f"{len(chosen) - failures} of {len(chosen)} mutants killed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
