"""Permission-matrix entries for the minutes app (merged by secretariat/testing/matrix.py).

The world: in forum A a draft ("MINDRAFT"), circulated minutes whose first revision was never
circulated ("MINCIRC", attended by the `press` user as accredited press) and approved minutes
("MINAPPR"); in forum B circulated minutes ("TELCIRC") and a draft ("TELDRAFT"). Each has an
action item. Drafts are their editors' (the forum's chair and the secretariat); circulated
minutes are the forum's members' and the meeting's participants'; approved ones everyone's.
Forum B has no chair, so only the secretariat edits its minutes."""

from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.minutes.choices import ActionStatus, MinutesState
from secretariat.minutes.models import ActionItem, Minutes, MinutesRevision
from secretariat.registrations.choices import Category
from secretariat.registrations.tests.factories import RegistrationFactory
from secretariat.testing.checks import (
    EVERYONE,
    FORUM_A,
    FORUM_B,
    SECRETARIAT,
    Check,
    Sees,
    api,
    page,
)

from .factories import ActionItemFactory, MinutesFactory

# The secretariat and the chair of the meeting's forum write the minutes.
EDITORS = frozenset({"chair", "secretariat"})
# Circulated minutes of forum A: its members and the meeting's participants (press).
READERS_A = FORUM_A | {"press"}

# label -> the text of the action item on each minutes (shown on the action items page).
ACTIONS = {
    "a_draft": "Action on draft A",
    "a_circ": "Action on circulated A",
    "a_appr": "Action on approved A",
    "b_circ": "Action on circulated B",
    "b_draft": "Action on draft B",
}
ACTIONS_SEEN = {
    EVERYONE: {"a_appr"},
    READERS_A: {"a_appr", "a_circ"},
    FORUM_B: {"a_appr", "b_circ"},
    "chair": {"a_appr", "a_circ", "a_draft"},
    "secretariat": set(ACTIONS),
}


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    def minutes(forum, code, state, **kwargs):  # type: ignore[no-untyped-def]
        return MinutesFactory(meeting=MeetingFactory(forum=forum, code=code), state=state, **kwargs)

    all_minutes = {
        "a_draft": minutes(world.body, "MINDRAFT", MinutesState.DRAFT),
        "a_circ": minutes(
            world.body, "MINCIRC", MinutesState.CIRCULATED, revision=2, body="Circulated text"
        ),
        "a_appr": minutes(world.body, "MINAPPR", MinutesState.APPROVED),
        "b_circ": minutes(world.other_forum, "TELCIRC", MinutesState.CIRCULATED),
        "b_draft": minutes(world.other_forum, "TELDRAFT", MinutesState.DRAFT),
    }
    circulated = all_minutes["a_circ"]
    # Revision 1 was saved and replaced before circulation: it stays the editors'.
    MinutesRevision.objects.filter(minutes=circulated, number=1).update(
        circulated=False, body="Editors' first draft"
    )
    MinutesRevision.objects.create(
        minutes=circulated, number=2, body="Circulated text", circulated=True
    )
    RegistrationFactory(
        meeting=circulated.meeting, person=world.people["press"], category=Category.PRESS
    )
    items = {
        label: ActionItemFactory(minutes=all_minutes[label], text=text)
        for label, text in ACTIONS.items()
    }
    world.extra.update(
        minutes=all_minutes,
        action_items=items,
        draft_minutes=all_minutes["a_draft"],
        circulated_minutes=circulated,
        action_item=items["a_circ"],
        meeting_without_minutes=MeetingFactory(forum=world.body, code="MINNONE"),
        forum_b_meeting_without_minutes=MeetingFactory(forum=world.other_forum, code="TELNONE"),
    )


def _minutes(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["minutes"][label].pk


def _meeting_of(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["minutes"][label].meeting_id


def _item(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["action_items"][label].pk


def _in_state(label, state):  # type: ignore[no-untyped-def]
    return lambda w: Minutes.objects.filter(pk=_minutes(label)(w), state=state).exists()


def _saved(label):  # type: ignore[no-untyped-def]
    return lambda w: Minutes.objects.filter(
        pk=_minutes(label)(w), revision=2, body="1. Opening\n\nRevised."
    ).exists()


def _started(key):  # type: ignore[no-untyped-def]
    return lambda w: Minutes.objects.filter(meeting=w.extra[key]).exists()


def _item_added(label):  # type: ignore[no-untyped-def]
    return lambda w: ActionItem.objects.filter(
        minutes_id=_minutes(label)(w), text="Report back"
    ).exists()


def _item_done(label):  # type: ignore[no-untyped-def]
    return lambda w: ActionItem.objects.filter(
        pk=_item(label)(w), status=ActionStatus.DONE
    ).exists()


# Who reads each minutes (drafts: their editors only).
READ_BY = {
    "a_draft": EDITORS,
    "a_circ": READERS_A,
    "a_appr": EVERYONE,
    "b_circ": FORUM_B,
    "b_draft": SECRETARIAT,
}
# Who edits them: forum A's chair and the secretariat; forum B's, the secretariat.
EDITED_BY = {"a": EDITORS, "b": SECRETARIAT}


def _read_checks(url) -> tuple[Check, ...]:  # type: ignore[no-untyped-def]
    return tuple(Check("GET", url(label), allowed) for label, allowed in READ_BY.items())


def _write_checks(method, url, body, effect, labels=("a_draft", "b_draft")):  # type: ignore[no-untyped-def]
    return tuple(
        Check(method, url(label), EDITED_BY[label[0]], body(label), effect=effect(label))
        for label in labels
    )


def _revision_url(label, number):  # type: ignore[no-untyped-def]
    return lambda w: f"{w.extra['minutes'][label].pk}/revisions/{number}/"


def _action_body(forum):  # type: ignore[no-untyped-def]
    return lambda label: (
        lambda w: {
            "text": "Report back",
            "forum": (w.body if label == "a_circ" else w.other_forum).pk
            if forum == "pk"
            else ("daib" if label == "a_circ" else "telwg"),
            "due_date": "2030-12-01",
            **({} if forum == "pk" else {"economy": "KR" if label == "a_circ" else "JP"}),
        }
    )


REVISION_CHECKS = (  # (minutes, revision number, who reads it)
    ("a_circ", 2, READERS_A),
    ("a_circ", 1, EDITORS),  # never circulated
    ("b_circ", 1, FORUM_B),
)
_SAVE = lambda label: lambda w: {"body": "1. Opening\n\nRevised.", "base_revision": 1}  # noqa: E731
_CIRCULATE = lambda label: lambda w: {"version": 1, "state": "circulated"}  # noqa: E731
_DONE = lambda label: lambda w: {"version": 1, "status": "done"}  # noqa: E731
_NOTHING = lambda label: lambda w: {}  # noqa: E731
_START = {"a_draft": "meeting_without_minutes", "b_draft": "forum_b_meeting_without_minutes"}

PAGES: dict[str, Check | tuple[Check, ...]] = {
    "minutes:minutes": _read_checks(lambda label: page("minutes:minutes", _meeting_of(label))),
    "minutes:start": _write_checks(
        "POST",
        lambda label: page("minutes:start", lambda w: w.extra[_START[label]].pk),
        _NOTHING,
        lambda label: _started(_START[label]),
    ),
    "minutes:edit": tuple(
        Check("GET", page("minutes:edit", _minutes(label)), EDITED_BY[label[0]])
        for label in ("a_draft", "b_draft")
    ),
    "minutes:save": _write_checks(
        "POST", lambda label: page("minutes:save", _minutes(label)), _SAVE, _saved
    ),
    "minutes:transition": _write_checks(
        "POST",
        lambda label: page("minutes:transition", _minutes(label)),
        _CIRCULATE,
        lambda label: _in_state(label, MinutesState.CIRCULATED),
    ),
    "minutes:revisions": (
        Check(
            "GET",
            page("minutes:revisions", _minutes("a_circ")),
            READERS_A,
            sees=Sees(
                items=lambda w: {
                    "rev1": _revision_url("a_circ", 1)(w),
                    "rev2": _revision_url("a_circ", 2)(w),
                },
                by_role={READERS_A: {"rev2"}, EDITORS: {"rev1", "rev2"}},
            ),
        ),
        Check("GET", page("minutes:revisions", _minutes("b_circ")), FORUM_B),
    ),
    "minutes:revision": tuple(
        Check("GET", page("minutes:revision", _minutes(label), lambda w, n=number: n), allowed)
        for label, number, allowed in REVISION_CHECKS
    ),
    "minutes:add_action_item": _write_checks(
        "POST",
        lambda label: page("minutes:add_action_item", _minutes(label)),
        _action_body("pk"),
        _item_added,
        labels=("a_circ", "b_circ"),
    ),
    "minutes:action_items": Check(
        "GET",
        page("minutes:action_items"),
        EVERYONE,
        sees=Sees(items=lambda w: dict(ACTIONS), by_role=ACTIONS_SEEN),
    ),
    "minutes:update_action_item": _write_checks(
        "POST",
        lambda label: page("minutes:update_action_item", _item(label)),
        _DONE,
        _item_done,
        labels=("a_circ", "b_circ"),
    ),
}

API: dict[str, Check | tuple[Check, ...]] = {
    "get_meeting_minutes": _read_checks(
        lambda label: lambda w: f"/api/minutes/meetings/{_meeting_of(label)(w)}"
    ),
    "start_minutes": _write_checks(
        "POST",
        lambda label: lambda w: f"/api/minutes/meetings/{w.extra[_START[label]].pk}",
        _NOTHING,
        lambda label: _started(_START[label]),
    ),
    "save_minutes_text": _write_checks(
        "PUT", lambda label: lambda w: f"/api/minutes/{_minutes(label)(w)}/text", _SAVE, _saved
    ),
    "change_minutes_state": _write_checks(
        "POST",
        lambda label: lambda w: f"/api/minutes/{_minutes(label)(w)}/transitions",
        _CIRCULATE,
        lambda label: _in_state(label, MinutesState.CIRCULATED),
    ),
    # Revisions are identified by ``number``, which the harness does not read as an identity
    # (id/pk/slug/code/eid): which revisions each role gets is checked by the page
    # minutes:revisions and by get_minutes_revision below.
    "list_minutes_revisions": (
        Check("GET", api("/minutes/{w.extra[minutes][a_circ].pk}/revisions"), READERS_A),
        Check("GET", api("/minutes/{w.extra[minutes][b_circ].pk}/revisions"), FORUM_B),
    ),
    "get_minutes_revision": tuple(
        Check(
            "GET",
            lambda w, label=label, n=number: f"/api/minutes/{_minutes(label)(w)}/revisions/{n}",
            allowed,
        )
        for label, number, allowed in REVISION_CHECKS
    ),
    "list_action_items": Check(
        "GET",
        api("/minutes/action-items"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {label: item.pk for label, item in w.extra["action_items"].items()},
            by_role=ACTIONS_SEEN,
        ),
    ),
    "create_action_item": _write_checks(
        "POST",
        lambda label: lambda w: f"/api/minutes/{_minutes(label)(w)}/action-items",
        _action_body("slug"),
        _item_added,
        labels=("a_circ", "b_circ"),
    ),
    "update_action_item": _write_checks(
        "PATCH",
        lambda label: lambda w: f"/api/minutes/action-items/{_item(label)(w)}",
        _DONE,
        _item_done,
        labels=("a_circ", "b_circ"),
    ),
}
