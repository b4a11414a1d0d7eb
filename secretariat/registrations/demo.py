"""Demo registrations for the first Digital & AI Ministerial Meeting (Incheon, 2025).

Who came is partly public (ministers, the World Bank's vice president); the rest is
illustrative. kr-delegate and us-delegate are left unaccredited, so the demo can show a head
of delegation accrediting one. Seeding goes through the services and is idempotent."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from secretariat.meetings.models import Meeting
from secretariat.registry import services as registry_services
from secretariat.registry.demo import refuse_in_production
from secretariat.registry.models import Delegation, Person

from . import services
from .choices import Category, RegistrationState
from .models import Registration

DAIMM_DELEGATE_QUOTA = 4
# (family name, given name, category, state); delegates are accredited by their head.
MINISTERIAL = [
    ("BAE", "Kyunghoon", Category.DELEGATE, RegistrationState.APPROVED),
    ("LEE", "Minho (illustrative)", Category.DELEGATE, RegistrationState.APPROVED),
    ("KRATSIOS", "Michael", Category.DELEGATE, RegistrationState.APPROVED),
    ("JOHNSON", "Emily (illustrative)", Category.DELEGATE, RegistrationState.APPROVED),
    ("NGUYEN", "Anh (illustrative)", Category.PARTNER, RegistrationState.APPROVED),
    ("KIM", "Sangbu", Category.SPEAKER, RegistrationState.APPROVED),
    ("CHOI", "Yuna (illustrative)", Category.EXHIBITOR_STAFF, RegistrationState.APPROVED),
    ("HAN", "Seojin (illustrative press)", Category.PRESS, RegistrationState.APPROVED),
    ("ORTIZ", "Lucia (illustrative visitor)", Category.VISITOR, RegistrationState.PENDING),
]


def seed(*, actor: Any = "demo") -> dict[str, int]:
    refuse_in_production()
    with transaction.atomic():
        meeting = Meeting.objects.filter(code="DAIMM", start_date__year=2025).first()
        if meeting is not None:
            _seed_ministerial(actor, meeting)
    return {"registrations": Registration.objects.count()}


def _staff(actor: Any) -> Any:
    return get_user_model().objects.filter(username="secretariat").first() or actor


def _head_of(delegation: Delegation, actor: Any) -> Any:
    head = delegation.members.filter(kind="head_of_delegation", person__user__isnull=False)
    role = head.select_related("person__user").first()
    return role.person.user if role else actor


def _person(actor: Any, family_name: str, given_name: str) -> Person:
    person = Person.objects.filter(family_name=family_name, given_name=given_name).first()
    if person is None:  # the illustrative press and visitor are not in the registry's demo
        person = registry_services.create_person(
            actor=actor, family_name=family_name, given_name=given_name
        )
    return person


def _seed_ministerial(actor: Any, meeting: Meeting) -> None:
    staff = _staff(actor)
    if not Registration.objects.filter(meeting=meeting).exists():
        services.update_policy(
            actor=staff, meeting=meeting, version=0, delegate_quota=DAIMM_DELEGATE_QUOTA
        )
    for family_name, given_name, category, state in MINISTERIAL:
        person = _person(staff, family_name, given_name)
        if Registration.objects.filter(meeting=meeting, person=person).exists():
            continue
        if category == Category.DELEGATE:
            delegation = Delegation.objects.get(economy=person.economy, forum=meeting.forum)
            services.accredit_delegate(
                actor=_head_of(delegation, staff),
                meeting=meeting,
                delegation=delegation,
                person=person,
            )
            continue
        registration = services.apply(
            actor=person.user or staff, meeting=meeting, person=person, category=category
        )
        if state == RegistrationState.APPROVED:
            services.decide(
                actor=staff,
                registration=registration,
                version=registration.version,
                decision=RegistrationState.APPROVED,
            )
