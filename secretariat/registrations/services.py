"""Writes to registrations. Callers authorise through ``permissions.access_*`` first; these
functions validate, write, record the audit entry in the same transaction, and notify."""

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.core.versioning import update_versioned
from secretariat.meetings import cache as meeting_cache
from secretariat.meetings.models import Meeting
from secretariat.notifications import services as notifications
from secretariat.registry import services as registry_services
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import Delegation, Economy, ForumRole, Organisation, Person

from . import selectors
from .choices import NEXT_STATES, Category, RegistrationState
from .models import CalendarFeed, EconomyQuota, Registration, RegistrationPolicy, new_feed_token


def _present(obj: Any) -> dict[str, Any]:
    from . import schemas  # the API's view of the row, reused for 409 bodies

    return schemas.present(obj)


def _locked_policy(meeting: Meeting) -> RegistrationPolicy:
    """The meeting's policy row, created with the defaults if missing, and locked until the
    caller's transaction ends: accreditations to one meeting queue here, one at a time
    (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions serialise)."""
    RegistrationPolicy.objects.get_or_create(meeting=meeting)
    return RegistrationPolicy.objects.select_for_update().get(meeting=meeting)


# Quotas ------------------------------------------------------------------------------------


def update_policy(
    *, actor: Any, meeting: Meeting, version: int, delegate_quota: int
) -> RegistrationPolicy:
    """Change the default delegate quota; ``version`` 0 means "never changed yet"."""
    with transaction.atomic():
        existed = RegistrationPolicy.objects.filter(meeting=meeting).exists()
        policy = _locked_policy(meeting)
        expected = policy.version if (not existed and version == 0) else version
        return update_versioned(
            policy,
            actor=actor,
            action="registrations.policy.updated",
            expected_version=expected,
            changes={"delegate_quota": delegate_quota},
            present=_present,
        )


def set_economy_quota(
    *, actor: Any, meeting: Meeting, economy: Economy, delegate_quota: int
) -> EconomyQuota:
    """Give ``economy`` its own delegate quota for ``meeting``. It may be below the places
    already taken: nobody loses a place, but no one else is accredited until some leave."""
    if not 0 <= delegate_quota <= 500:
        raise ValidationFailed(
            _("A quota is between 0 and 500."), errors={"delegate_quota": ["0–500"]}
        )
    with transaction.atomic():
        policy = _locked_policy(meeting)
        before = selectors.quota_of(meeting, economy)
        quota, _created = EconomyQuota.objects.update_or_create(
            policy=policy, economy=economy, defaults={"delegate_quota": delegate_quota}
        )
        audit.record(
            actor=actor,
            action="registrations.quota.set",
            obj=policy,
            changes={"economy": economy.code, "delegate_quota": [before, delegate_quota]},
        )
    return quota


# Accreditation and applications ------------------------------------------------------------


def _check_open(actor: Any, meeting: Meeting) -> None:
    today = timezone.localdate()
    is_staff = bool(getattr(actor, "is_staff", False))
    if meeting.registration_close and today > meeting.registration_close and not is_staff:
        raise ValidationFailed(
            _("Registration for this meeting closed on %(day)s.")
            % {"day": meeting.registration_close.isoformat()},
            errors={"meeting": [_("registration closed")]},
        )
    if meeting.is_cancelled:
        raise ValidationFailed(_("This meeting is cancelled."), errors={"meeting": ["cancelled"]})


def _create(**fields: Any) -> Registration:
    try:
        with transaction.atomic():
            registration = Registration.objects.create(**fields)
    except IntegrityError:
        raise ValidationFailed(
            _("This person is already registered for this meeting."),
            errors={"person": [_("already registered")]},
        ) from None
    meeting_cache.touch(registration.meeting_id)  # its participant counts and list
    return registration


def _record(actor: Any, action: str, registration: Registration, **changes: Any) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=registration,
        changes=audit.to_json_value(
            {
                "meeting_id": registration.meeting_id,
                "person_id": registration.person_id,
                "category": registration.category,
                "state": registration.state,
                **changes,
            }
        ),
    )


def _join_delegation(actor: Any, delegation: Delegation, person: Person) -> None:
    """An accredited delegate belongs to their economy's delegation to the meeting's forum,
    which is what opens the forum's restricted documents to them."""
    holds = ForumRole.objects.filter(
        person=person, forum_id=delegation.forum_id, kind__in=RoleKind.delegation_roles()
    ).exists()
    if not holds:
        registry_services.accredit_delegate(actor=actor, delegation=delegation, person=person)


def accredit_delegate(
    *, actor: Any, meeting: Meeting, delegation: Delegation, person: Person
) -> Registration:
    """Accredit ``person`` as a delegate of ``delegation`` to ``meeting``, within the
    economy's quota (409 when it is full, even for two heads accrediting at once)."""
    if person.economy_id != delegation.economy_id or delegation.forum_id != meeting.forum_id:
        raise ValidationFailed(
            _("A delegate must be from the delegation's economy."),
            errors={"person": [_("not a person of this economy")]},
        )
    _check_open(actor, meeting)
    with transaction.atomic():
        _locked_policy(meeting)
        quota = selectors.quota_of(meeting, delegation.economy)
        used = selectors.delegates_holding_places(meeting, delegation.economy_id)
        if used >= quota:
            raise Conflict(
                _(
                    "%(economy)s has used all %(quota)d of its delegate places for this "
                    "meeting; withdraw a delegate or ask the secretariat for a larger quota."
                )
                % {"economy": delegation.economy, "quota": quota},
                current={"economy": delegation.economy.code, "quota": quota, "accredited": used},
            )
        registration = _create(
            meeting=meeting,
            person=person,
            category=Category.DELEGATE,
            state=RegistrationState.APPROVED,
            economy_id=delegation.economy_id,
            organisation=person.organisation,
            registered_by=actor,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        _join_delegation(actor, delegation, person)
        _record(actor, "registrations.registration.accredited", registration)
        _notify_decision(registration)
    return registration


def person_for_applicant(*, actor: Any, family_name: str = "", given_name: str = "") -> Person:
    """The applicant's own person record, created from the names given if they have none."""
    person = Person.objects.filter(user=actor).first()
    if person is not None:
        return person
    if not family_name.strip():
        raise ValidationFailed(
            _("Give your family name: you have no participant record yet."),
            errors={"family_name": [_("required")]},
        )
    return registry_services.create_person(
        actor=actor,
        family_name=family_name.strip(),
        given_name=given_name.strip(),
        email=getattr(actor, "email", "") or "",
        user=actor,
    )


def apply(
    *,
    actor: Any,
    meeting: Meeting,
    person: Person,
    category: str,
    organisation: Organisation | None = None,
) -> Registration:
    """A pending application in any category but delegate; the secretariat decides."""
    if category not in Category.applied_for():
        raise ValidationFailed(
            _("Delegates are accredited by their head of delegation, not by application."),
            errors={"category": [_("choose another category")]},
        )
    _check_open(actor, meeting)
    with transaction.atomic():
        registration = _create(
            meeting=meeting,
            person=person,
            category=category,
            state=RegistrationState.PENDING,
            economy_id=person.economy_id,
            organisation=organisation or person.organisation,
            registered_by=actor,
        )
        _record(actor, "registrations.registration.applied", registration)
    return registration


# Transitions -------------------------------------------------------------------------------


def _move(
    *,
    actor: Any,
    registration: Registration,
    version: int,
    to: str,
    action: str,
    **changes: Any,
) -> Registration:
    if to not in NEXT_STATES.get(registration.state, frozenset()):
        raise ValidationFailed(
            _("A registration that is %(state)s cannot become %(to)s.")
            % {
                "state": registration.get_state_display(),
                "to": RegistrationState(to).label,
            },
            errors={"state": [registration.state]},
        )
    moved = update_versioned(
        registration,
        actor=actor,
        action=action,
        expected_version=version,
        changes={"state": to, **changes},
        present=_present,
    )
    meeting_cache.touch(registration.meeting_id)  # its participant counts and list
    return moved


def decide(
    *, actor: Any, registration: Registration, version: int, decision: str, note: str = ""
) -> Registration:
    """Approve or reject a pending application, and tell the applicant."""
    if decision not in (RegistrationState.APPROVED, RegistrationState.REJECTED):
        raise ValidationFailed(
            _("Decide 'approved' or 'rejected'."), errors={"decision": ["approved or rejected"]}
        )
    with transaction.atomic():
        decided = _move(
            actor=actor,
            registration=registration,
            version=version,
            to=decision,
            action=f"registrations.registration.{decision}",
            decided_by=actor,
            decided_at=timezone.now(),
            decision_note=note,
        )
        _notify_decision(decided)
    return decided


def withdraw(*, actor: Any, registration: Registration, version: int) -> Registration:
    """Give up a place (pending or approved); a delegate's place returns to the quota."""
    return _move(
        actor=actor,
        registration=registration,
        version=version,
        to=RegistrationState.WITHDRAWN,
        action="registrations.registration.withdrawn",
    )


def check_in(*, actor: Any, registration: Registration, version: int) -> Registration:
    """Mark an approved participant as arrived at the venue."""
    return _move(
        actor=actor,
        registration=registration,
        version=version,
        to=RegistrationState.CHECKED_IN,
        action="registrations.registration.checked_in",
        checked_in_at=timezone.now(),
    )


def _notify_decision(registration: Registration) -> None:
    user = registration.person.user
    if user is None:
        return
    meeting = registration.meeting
    approved = registration.state == RegistrationState.APPROVED
    subject = (
        _("Your registration for %(meeting)s is approved")
        if approved
        else _("Your registration for %(meeting)s was not approved")
    ) % {"meeting": meeting}
    body = _("Category: %(category)s. %(note)s") % {
        "category": registration.get_category_display(),
        "note": registration.decision_note,
    }
    notifications.notify(
        recipients=[user],
        topic="registration_decision",
        subject=subject,
        body=body.strip(),
        link=reverse("registrations:meeting", args=[meeting.pk]),
    )


# Personal calendar feed --------------------------------------------------------------------


def regenerate_feed(*, actor: Any) -> CalendarFeed:
    """Give ``actor`` a new private calendar URL; any earlier one stops working."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=actor)
        if not created:
            feed.token = new_feed_token()
            feed.save(update_fields=["token", "created_at"])
        audit.record(
            actor=actor,
            action="registrations.calendar_feed.created"
            if created
            else "registrations.calendar_feed.regenerated",
            obj=feed,
            changes={},  # never the token: the log is read by more people than its owner
        )
    return feed
