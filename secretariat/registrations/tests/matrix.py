"""Permission-matrix entries for the registrations app (merged by secretariat/testing/matrix.py)."""

from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.registrations.choices import Category, RegistrationState
from secretariat.registrations.models import CalendarFeed
from secretariat.registry.tests.factories import PersonFactory
from secretariat.testing.checks import (
    EVERYONE,
    HEAD_A,
    MEMBERS,
    SECRETARIAT,
    SIGNED_IN,
    Check,
    api,
    page,
)

from .factories import RegistrationFactory

# The delegate themself, their head of delegation, and the secretariat.
DELEGATE_A_SIDE = frozenset({"delegate_a", "head_a", "secretariat"})


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(forum=world.body, code="REGS")
    delegate = RegistrationFactory(
        meeting=meeting, person=world.people["delegate_a"], category=Category.DELEGATE
    )
    pending = RegistrationFactory(
        meeting=meeting,
        person=world.people["partner"],
        category=Category.PARTNER,
        state=RegistrationState.PENDING,
    )
    RegistrationFactory(
        meeting=meeting, person=PersonFactory(family_name="Reporter"), category=Category.PRESS
    )
    RegistrationFactory(meeting=meeting, person=world.public_person, category=Category.SPEAKER)
    feed = CalendarFeed.objects.create(user=world.users["delegate_a"])
    world.extra.update(
        registration_meeting=meeting,
        open_meeting=MeetingFactory(forum=world.body, code="OPEN"),
        delegate_registration=delegate,
        pending_registration=pending,
        feed_token=feed.token,
    )


def _meeting(w):  # type: ignore[no-untyped-def]
    return w.extra["registration_meeting"].pk


def _open(w):  # type: ignore[no-untyped-def]
    return w.extra["open_meeting"].pk


def _delegate(w):  # type: ignore[no-untyped-def]
    return w.extra["delegate_registration"].pk


def _pending(w):  # type: ignore[no-untyped-def]
    return w.extra["pending_registration"].pk


def _application(w):  # type: ignore[no-untyped-def]
    return {"category": "visitor", "family_name": "Reader", "given_name": "Ruth"}


PAGES: dict[str, Check] = {
    "registrations:meeting": Check("GET", page("registrations:meeting", _meeting), EVERYONE),
    "registrations:accredit": Check(
        "POST",
        page("registrations:accredit", _meeting),
        HEAD_A,
        lambda w: {"person": w.candidate_a.pk},
    ),
    "registrations:apply": Check(
        "POST", page("registrations:apply", _open), SIGNED_IN, _application
    ),
    "registrations:set_quota": Check(
        "POST",
        page("registrations:set_quota", _meeting),
        SECRETARIAT,
        lambda w: {"economy": "KR", "delegate_quota": 4},
    ),
    # Audience.MEMBER is anyone with a forum role, in any forum (permissions.LIST_RULES).
    "registrations:export": Check("GET", page("registrations:export", _meeting), MEMBERS),
    "registrations:check_in": Check("GET", page("registrations:check_in", _meeting), SECRETARIAT),
    "registrations:decide": Check(
        "POST",
        page("registrations:decide", _pending),
        SECRETARIAT,
        lambda w: {"version": 1, "decision": "approved"},
    ),
    "registrations:withdraw": Check(
        "POST", page("registrations:withdraw", _delegate), DELEGATE_A_SIDE, lambda w: {"version": 1}
    ),
    "registrations:check_in_participant": Check(
        "POST",
        page("registrations:check_in_participant", _delegate),
        SECRETARIAT,
        lambda w: {"version": 1},
    ),
    "registrations:mine": Check("GET", page("registrations:mine"), SIGNED_IN),
    "registrations:regenerate_feed": Check(
        "POST", page("registrations:regenerate_feed"), SIGNED_IN
    ),
    "registrations:personal_feed": Check(
        "GET", page("registrations:personal_feed", lambda w: w.extra["feed_token"]), EVERYONE
    ),
}

API: dict[str, Check] = {
    "get_registration_policy": Check(
        "GET", api("/registrations/meetings/{w.extra[registration_meeting].pk}/policy"), EVERYONE
    ),
    "update_registration_policy": Check(
        "PATCH",
        api("/registrations/meetings/{w.extra[registration_meeting].pk}/policy"),
        SECRETARIAT,
        lambda w: {"version": 0, "delegate_quota": 4},
    ),
    "set_economy_quota": Check(
        "PUT",
        api("/registrations/meetings/{w.extra[registration_meeting].pk}/quotas/KR"),
        SECRETARIAT,
        lambda w: {"delegate_quota": 4},
    ),
    "count_participants": Check(
        "GET", api("/registrations/meetings/{w.extra[registration_meeting].pk}/counts"), EVERYONE
    ),
    "list_participants": Check(
        "GET",
        api("/registrations/meetings/{w.extra[registration_meeting].pk}/participants"),
        EVERYONE,
    ),
    "export_participants": Check(
        "GET",
        api("/registrations/meetings/{w.extra[registration_meeting].pk}/participants.csv"),
        MEMBERS,
    ),
    "accredit_meeting_delegate": Check(
        "POST",
        api("/registrations/meetings/{w.extra[registration_meeting].pk}/delegates"),
        HEAD_A,
        lambda w: {"person": w.candidate_a.pk},
    ),
    "apply_to_meeting": Check(
        "POST",
        api("/registrations/meetings/{w.extra[open_meeting].pk}/applications"),
        SIGNED_IN,
        _application,
    ),
    "list_my_registrations": Check("GET", api("/registrations/mine"), SIGNED_IN),
    "get_calendar_feed": Check("GET", api("/registrations/calendar-feed"), SIGNED_IN),
    "regenerate_calendar_feed": Check("POST", api("/registrations/calendar-feed"), SIGNED_IN),
    "get_registration": Check(
        "GET", api("/registrations/{w.extra[delegate_registration].pk}"), MEMBERS
    ),
    "decide_registration": Check(
        "POST",
        api("/registrations/{w.extra[pending_registration].pk}/decision"),
        SECRETARIAT,
        lambda w: {"version": 1, "decision": "approved"},
    ),
    "withdraw_registration": Check(
        "POST",
        api("/registrations/{w.extra[delegate_registration].pk}/withdrawal"),
        DELEGATE_A_SIDE,
        lambda w: {"version": 1},
    ),
    "check_in_registration": Check(
        "POST",
        api("/registrations/{w.extra[delegate_registration].pk}/check-in"),
        SECRETARIAT,
        lambda w: {"version": 1},
    ),
}
