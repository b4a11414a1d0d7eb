"""Permission-matrix entries for the minutes app (merged by secretariat/testing/matrix.py)."""

from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.minutes.choices import MinutesState
from secretariat.testing.checks import EVERYONE, MEMBERS_ONLY, Check, api, page

from .factories import ActionItemFactory, MinutesFactory

# The secretariat and the chair of the meeting's forum write the minutes.
EDITORS = frozenset({"chair", "secretariat"})


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    draft = MinutesFactory(meeting=MeetingFactory(forum=world.body, code="MINDRAFT"))
    circulated = MinutesFactory(
        meeting=MeetingFactory(forum=world.body, code="MINCIRC"), state=MinutesState.CIRCULATED
    )
    world.extra.update(
        draft_minutes=draft,
        circulated_minutes=circulated,
        action_item=ActionItemFactory(minutes=circulated),
        meeting_without_minutes=MeetingFactory(forum=world.body, code="MINNONE"),
    )


def _draft(w):  # type: ignore[no-untyped-def]
    return w.extra["draft_minutes"].pk


def _circulated(w):  # type: ignore[no-untyped-def]
    return w.extra["circulated_minutes"].pk


def _circulated_meeting(w):  # type: ignore[no-untyped-def]
    return w.extra["circulated_minutes"].meeting_id


def _action(w):  # type: ignore[no-untyped-def]
    return {"text": "Report back", "forum": w.body.pk, "due_date": "2030-12-01"}


PAGES: dict[str, Check] = {
    "minutes:minutes": Check("GET", page("minutes:minutes", _circulated_meeting), MEMBERS_ONLY),
    "minutes:start": Check(
        "POST", page("minutes:start", lambda w: w.extra["meeting_without_minutes"].pk), EDITORS
    ),
    "minutes:edit": Check("GET", page("minutes:edit", _draft), EDITORS),
    "minutes:save": Check(
        "POST",
        page("minutes:save", _draft),
        EDITORS,
        lambda w: {"body": "1. Opening\n\nRevised.", "base_revision": 1},
    ),
    "minutes:transition": Check(
        "POST",
        page("minutes:transition", _draft),
        EDITORS,
        lambda w: {"version": 1, "state": "circulated"},
    ),
    "minutes:revisions": Check("GET", page("minutes:revisions", _circulated), MEMBERS_ONLY),
    "minutes:revision": Check(
        "GET", page("minutes:revision", _circulated, lambda w: 1), MEMBERS_ONLY
    ),
    "minutes:add_action_item": Check(
        "POST", page("minutes:add_action_item", _circulated), EDITORS, _action
    ),
    "minutes:action_items": Check("GET", page("minutes:action_items"), EVERYONE),
    "minutes:update_action_item": Check(
        "POST",
        page("minutes:update_action_item", lambda w: w.extra["action_item"].pk),
        EDITORS,
        lambda w: {"version": 1, "status": "done"},
    ),
}

API: dict[str, Check] = {
    "get_meeting_minutes": Check(
        "GET", api("/minutes/meetings/{w.extra[circulated_minutes].meeting_id}"), MEMBERS_ONLY
    ),
    "start_minutes": Check(
        "POST", api("/minutes/meetings/{w.extra[meeting_without_minutes].pk}"), EDITORS
    ),
    "save_minutes_text": Check(
        "PUT",
        api("/minutes/{w.extra[draft_minutes].pk}/text"),
        EDITORS,
        lambda w: {"base_revision": 1, "body": "1. Opening\n\nRevised."},
    ),
    "change_minutes_state": Check(
        "POST",
        api("/minutes/{w.extra[draft_minutes].pk}/transitions"),
        EDITORS,
        lambda w: {"version": 1, "state": "circulated"},
    ),
    "list_minutes_revisions": Check(
        "GET", api("/minutes/{w.extra[circulated_minutes].pk}/revisions"), MEMBERS_ONLY
    ),
    "get_minutes_revision": Check(
        "GET", api("/minutes/{w.extra[circulated_minutes].pk}/revisions/1"), MEMBERS_ONLY
    ),
    "list_action_items": Check("GET", api("/minutes/action-items"), EVERYONE),
    "create_action_item": Check(
        "POST",
        api("/minutes/{w.extra[circulated_minutes].pk}/action-items"),
        EDITORS,
        lambda w: {
            "text": "Report back",
            "forum": "daib",
            "economy": "KR",
            "due_date": "2030-12-01",
        },
    ),
    "update_action_item": Check(
        "PATCH",
        api("/minutes/action-items/{w.extra[action_item].pk}"),
        EDITORS,
        lambda w: {"version": 1, "status": "done"},
    ),
}
