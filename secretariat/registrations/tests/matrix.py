"""Permission-matrix entries for the registrations app (merged by secretariat/testing/matrix.py).

The world: meeting "REGS" of forum A with participants of every category and state (see
``PEOPLE``), a forum B meeting "TELREG" with Japan's delegate, an open meeting to apply to, and
private calendar feeds. Who sees which participant follows ``permissions.LIST_RULES``: members
(anyone with a non-partner forum role, in any forum) see delegates and public figures, the
partner also partners, accredited press only public figures, the public only the counts, the
secretariat everyone in every state."""

from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.registrations.choices import Category, RegistrationState
from secretariat.registrations.models import (
    CalendarFeed,
    EconomyQuota,
    Registration,
    RegistrationPolicy,
)
from secretariat.registry.tests.factories import PersonFactory
from secretariat.testing.checks import (
    EVERYONE,
    FORUM_A,
    HEAD_A,
    SECRETARIAT,
    SIGNED_IN,
    Check,
    Sees,
    api,
    page,
)

from .factories import RegistrationFactory

# The delegate themself, their head of delegation, and the secretariat.
DELEGATE_A_SIDE = frozenset({"delegate_a", "head_a", "secretariat"})
DELEGATE_C_SIDE = frozenset({"delegate_c", "head_c", "secretariat"})
# Accredited press at REGS sees its public figures; forum A's members and its partner see
# more; forum B's members see what the public sees (fora do not see each other's delegates).
LIST_READERS = FORUM_A | {"press"}

# label -> family name of a participant of REGS (pages show it upper-cased, CSV as written).
NAMED = {
    "delegatus": "Delegatus",  # a US delegate
    "minister": "Minister",  # the world's public person, a speaker: a public figure
    "observa": "Observa",  # a World Bank partner
    "reporter": "Reporter",  # the `press` user's own press registration
    "visitorsen": "Visitorsen",  # an approved visitor
    "pendingham": "Pendingham",  # a pending visitor
    "rejectova": "Rejectova",  # a rejected visitor
}
ATTENDING = {"delegatus", "minister", "observa", "reporter", "visitorsen"}
SEEN_BY_MEMBERS = {"delegatus", "minister"}
SEEN_BY_PARTNER = {"delegatus", "minister", "observa"}


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(forum=world.body, code="REGS")
    forum_b_meeting = MeetingFactory(forum=world.other_forum, code="TELREG")
    withdrawn_meeting = MeetingFactory(forum=world.body, code="GONEREG")
    regs = {
        "delegate": RegistrationFactory(
            meeting=meeting, person=world.people["delegate_a"], category=Category.DELEGATE
        ),
        "head": RegistrationFactory(
            meeting=meeting, person=world.people["head_a"], category=Category.DELEGATE
        ),
        "partner_pending": RegistrationFactory(
            meeting=meeting,
            person=world.people["partner"],
            category=Category.PARTNER,
            state=RegistrationState.PENDING,
        ),
        "delegatus": RegistrationFactory(
            meeting=meeting,
            person=PersonFactory(economy=world.economy_b, family_name="Delegatus"),
            category=Category.DELEGATE,
        ),
        "minister": RegistrationFactory(
            meeting=meeting, person=world.public_person, category=Category.SPEAKER
        ),
        "observa": RegistrationFactory(
            meeting=meeting,
            person=PersonFactory(organisation=world.partner_org, family_name="Observa"),
            category=Category.PARTNER,
            organisation=world.partner_org,
        ),
        "reporter": RegistrationFactory(
            meeting=meeting, person=world.people["press"], category=Category.PRESS
        ),
        "visitorsen": RegistrationFactory(
            meeting=meeting, person=PersonFactory(family_name="Visitorsen")
        ),
        "pendingham": RegistrationFactory(
            meeting=meeting,
            person=PersonFactory(family_name="Pendingham"),
            state=RegistrationState.PENDING,
        ),
        "rejectova": RegistrationFactory(
            meeting=meeting,
            person=PersonFactory(family_name="Rejectova"),
            state=RegistrationState.REJECTED,
        ),
        "delegate_c": RegistrationFactory(
            meeting=forum_b_meeting, person=world.people["delegate_c"], category=Category.DELEGATE
        ),
    }
    RegistrationFactory(
        meeting=withdrawn_meeting,
        person=world.people["delegate_a"],
        category=Category.DELEGATE,
        state=RegistrationState.WITHDRAWN,
    )
    feed = CalendarFeed.objects.create(user=world.users["delegate_a"])
    CalendarFeed.objects.create(user=world.users["delegate_c"])
    world.extra.update(
        registration_meeting=meeting,
        forum_b_registration_meeting=forum_b_meeting,
        open_meeting=MeetingFactory(forum=world.body, code="OPEN"),
        delegate_registration=regs["delegate"],
        pending_registration=regs["partner_pending"],
        registrations=regs,
        feed_token=feed.token,
        feed_tokens=set(CalendarFeed.objects.values_list("token", flat=True)),
        candidate_b=PersonFactory(economy=world.economy_b, family_name="Candidateb"),
        candidate_c=PersonFactory(economy=world.economy_c, family_name="Candidatec"),
    )


def _meeting(w):  # type: ignore[no-untyped-def]
    return w.extra["registration_meeting"].pk


def _open(w):  # type: ignore[no-untyped-def]
    return w.extra["open_meeting"].pk


def _reg(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["registrations"][label].pk


def _application(w):  # type: ignore[no-untyped-def]
    return {"category": "visitor", "family_name": "Reader", "given_name": "Ruth"}


def _state_is(label, state):  # type: ignore[no-untyped-def]
    return lambda w: Registration.objects.filter(
        pk=w.extra["registrations"][label].pk, state=state
    ).exists()


def _accredited(meeting_key, person):  # type: ignore[no-untyped-def]
    return lambda w: Registration.objects.filter(
        meeting=w.extra[meeting_key],
        person=person(w),
        category=Category.DELEGATE,
        state=RegistrationState.APPROVED,
    ).exists()


def _applied(w):  # type: ignore[no-untyped-def]
    return Registration.objects.filter(
        meeting=w.extra["open_meeting"], category=Category.VISITOR, state=RegistrationState.PENDING
    ).exists()


def _kr_quota_is_4(w):  # type: ignore[no-untyped-def]
    return EconomyQuota.objects.filter(
        policy__meeting=w.extra["registration_meeting"], economy=w.economy_a, delegate_quota=4
    ).exists()


def _new_feed(w):  # type: ignore[no-untyped-def]
    """A calendar feed with a token the world did not have: created or regenerated."""
    return CalendarFeed.objects.exclude(token__in=w.extra["feed_tokens"]).exists()


def _names(upper: bool):  # type: ignore[no-untyped-def]
    return lambda w: {label: name.upper() if upper else name for label, name in NAMED.items()}


def _ids(w):  # type: ignore[no-untyped-def]
    return {label: registration.pk for label, registration in w.extra["registrations"].items()}


# The participants list of REGS, on the page (names) and in the CSV export (names).
def _list_sees(upper: bool) -> Sees:
    return Sees(
        items=_names(upper),
        by_role={
            FORUM_A: SEEN_BY_MEMBERS,
            "press": {"minister"},
            "partner": SEEN_BY_PARTNER,
            "secretariat": set(NAMED),
        },
    )


QUOTA_ROWS = Sees(
    items=lambda w: {"kr": "Republic of Korea", "us": "United States of America", "jp": "Japan"},
    by_role={"head_a": {"kr"}, "head_b": {"us"}, "secretariat": {"kr", "us", "jp"}},
)

MEETING_TITLES = Sees(
    items=lambda w: {
        "regs": "Meeting REGS",
        "telreg": "Meeting TELREG",
        "open": "Meeting OPEN",
        "gonereg": "Meeting GONEREG",
    },
    by_role={
        frozenset({"head_a", "press", "partner"}): {"regs"},
        "delegate_a": {"regs", "gonereg"},  # /mine lists withdrawn registrations too
        "delegate_c": {"telreg"},
    },
)


def _accredit_checks(method: str, url) -> tuple[Check, ...]:  # type: ignore[no-untyped-def]
    """A head accredits a person of their own economy, to a meeting of their own forum."""
    on_a = url("registration_meeting")
    on_b = url("forum_b_registration_meeting")
    return (
        Check(
            method,
            on_a,
            HEAD_A,
            lambda w: {"person": w.candidate_a.pk},
            effect=_accredited("registration_meeting", lambda w: w.candidate_a),
        ),
        Check(  # a US person: head_b's, not head_a's (same forum)
            method,
            on_a,
            frozenset({"head_b", "secretariat"}),
            lambda w: {"person": w.extra["candidate_b"].pk},
            effect=_accredited("registration_meeting", lambda w: w.extra["candidate_b"]),
        ),
        Check(  # a Japanese person to forum B's meeting: head_c's only
            method,
            on_b,
            frozenset({"head_c", "secretariat"}),
            lambda w: {"person": w.extra["candidate_c"].pk},
            effect=_accredited("forum_b_registration_meeting", lambda w: w.extra["candidate_c"]),
        ),
    )


def _withdraw_checks(method: str, url) -> tuple[Check, ...]:  # type: ignore[no-untyped-def]
    """The participant, their own economy's head, or the secretariat withdraws."""
    return tuple(
        Check(
            method,
            url(label),
            allowed,
            lambda w: {"version": 1},
            effect=_state_is(label, RegistrationState.WITHDRAWN),
        )
        for label, allowed in (
            ("delegate", DELEGATE_A_SIDE),
            ("delegate_c", DELEGATE_C_SIDE),
            ("reporter", frozenset({"press", "secretariat"})),
        )
    )


def _page_meeting_url(key):  # type: ignore[no-untyped-def]
    return page("registrations:accredit", lambda w: w.extra[key].pk)


def _api_meeting_url(key):  # type: ignore[no-untyped-def]
    return lambda w: f"/api/registrations/meetings/{w.extra[key].pk}/delegates"


PAGES: dict[str, Check | tuple[Check, ...]] = {
    "registrations:meeting": (
        Check(
            "GET", page("registrations:meeting", _meeting), EVERYONE, sees=_list_sees(upper=True)
        ),
        # The quota table: a head of delegation to the forum sees their own economy's places.
        Check("GET", page("registrations:meeting", _meeting), EVERYONE, sees=QUOTA_ROWS),
    ),
    "registrations:accredit": _accredit_checks("POST", _page_meeting_url),
    "registrations:apply": Check(
        "POST", page("registrations:apply", _open), SIGNED_IN, _application, effect=_applied
    ),
    "registrations:set_quota": Check(
        "POST",
        page("registrations:set_quota", _meeting),
        SECRETARIAT,
        lambda w: {"economy": "KR", "delegate_quota": 4},
        effect=_kr_quota_is_4,
    ),
    # Anyone whose list of REGS is not empty: members of any forum, and accredited press.
    "registrations:export": Check(
        "GET", page("registrations:export", _meeting), LIST_READERS, sees=_list_sees(upper=False)
    ),
    "registrations:check_in": Check(
        "GET",
        page("registrations:check_in", _meeting),
        SECRETARIAT,
        sees=Sees(items=_names(upper=True), by_role={SECRETARIAT: ATTENDING}),
    ),
    "registrations:decide": Check(
        "POST",
        page("registrations:decide", _reg("partner_pending")),
        SECRETARIAT,
        lambda w: {"version": 1, "decision": "approved"},
        effect=_state_is("partner_pending", RegistrationState.APPROVED),
    ),
    "registrations:withdraw": _withdraw_checks(
        "POST", lambda label: page("registrations:withdraw", _reg(label))
    ),
    "registrations:check_in_participant": Check(
        "POST",
        page("registrations:check_in_participant", _reg("delegate")),
        SECRETARIAT,
        lambda w: {"version": 1},
        effect=_state_is("delegate", RegistrationState.CHECKED_IN),
    ),
    "registrations:mine": Check("GET", page("registrations:mine"), SIGNED_IN, sees=MEETING_TITLES),
    "registrations:regenerate_feed": Check(
        "POST", page("registrations:regenerate_feed"), SIGNED_IN, effect=_new_feed
    ),
    # delegate_a's feed: the token is the credential, so everyone gets the same calendar,
    # holding the meetings delegate_a attends and nothing else (not the withdrawn one).
    "registrations:personal_feed": Check(
        "GET",
        page("registrations:personal_feed", lambda w: w.extra["feed_token"]),
        EVERYONE,
        sees=Sees(items=MEETING_TITLES.items, by_role={EVERYONE: {"regs"}}),
    ),
}

API: dict[str, Check | tuple[Check, ...]] = {
    "get_registration_policy": Check(
        "GET", api("/registrations/meetings/{w.extra[registration_meeting].pk}/policy"), EVERYONE
    ),
    "update_registration_policy": Check(
        "PATCH",
        api("/registrations/meetings/{w.extra[registration_meeting].pk}/policy"),
        SECRETARIAT,
        lambda w: {"version": 0, "delegate_quota": 4},
        effect=lambda w: RegistrationPolicy.objects.filter(
            meeting=w.extra["registration_meeting"], delegate_quota=4
        ).exists(),
    ),
    "set_economy_quota": Check(
        "PUT",
        api("/registrations/meetings/{w.extra[registration_meeting].pk}/quotas/KR"),
        SECRETARIAT,
        lambda w: {"delegate_quota": 4},
        effect=_kr_quota_is_4,
    ),
    "count_participants": Check(
        "GET", api("/registrations/meetings/{w.extra[registration_meeting].pk}/counts"), EVERYONE
    ),
    "list_participants": Check(
        "GET",
        api("/registrations/meetings/{w.extra[registration_meeting].pk}/participants"),
        EVERYONE,
        sees=Sees(
            items=_ids,
            by_role={
                FORUM_A: SEEN_BY_MEMBERS | {"delegate", "head"},
                "press": {"minister"},
                "partner": SEEN_BY_PARTNER | {"delegate", "head"},
                "secretariat": set(NAMED) | {"delegate", "head", "partner_pending"},
            },
        ),
    ),
    # CSV: the harness reads API lists as JSON, so what each role receives is checked on the
    # page (registrations:export), which answers with the same CSV.
    "export_participants": Check(
        "GET",
        api("/registrations/meetings/{w.extra[registration_meeting].pk}/participants.csv"),
        LIST_READERS,
    ),
    "accredit_meeting_delegate": _accredit_checks("POST", _api_meeting_url),
    "apply_to_meeting": Check(
        "POST",
        api("/registrations/meetings/{w.extra[open_meeting].pk}/applications"),
        SIGNED_IN,
        _application,
        effect=_applied,
    ),
    "list_my_registrations": Check(
        "GET",
        api("/registrations/mine"),
        SIGNED_IN,
        sees=Sees(
            items=_ids,
            by_role={
                "delegate_a": {"delegate"},
                "head_a": {"head"},
                "partner": {"partner_pending"},
                "press": {"reporter"},
                "delegate_c": {"delegate_c"},
            },
        ),
    ),
    "get_calendar_feed": Check("GET", api("/registrations/calendar-feed"), SIGNED_IN),
    "regenerate_calendar_feed": Check(
        "POST", api("/registrations/calendar-feed"), SIGNED_IN, effect=_new_feed
    ),
    "get_registration": (
        Check("GET", api("/registrations/{w.extra[delegate_registration].pk}"), FORUM_A),
        # not a public figure: only the person and the secretariat
        Check(
            "GET",
            api("/registrations/{w.extra[registrations][reporter].pk}"),
            frozenset({"press", "secretariat"}),
        ),
        # pending: only the applicant and the secretariat
        Check(
            "GET",
            api("/registrations/{w.extra[pending_registration].pk}"),
            frozenset({"partner", "secretariat"}),
        ),
    ),
    "decide_registration": Check(
        "POST",
        api("/registrations/{w.extra[pending_registration].pk}/decision"),
        SECRETARIAT,
        lambda w: {"version": 1, "decision": "approved"},
        effect=_state_is("partner_pending", RegistrationState.APPROVED),
    ),
    "withdraw_registration": _withdraw_checks(
        "POST",
        lambda label: api(f"/registrations/{{w.extra[registrations][{label}].pk}}/withdrawal"),
    ),
    "check_in_registration": Check(
        "POST",
        api("/registrations/{w.extra[delegate_registration].pk}/check-in"),
        SECRETARIAT,
        lambda w: {"version": 1},
        effect=_state_is("delegate", RegistrationState.CHECKED_IN),
    ),
}
