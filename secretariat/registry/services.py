"""Writes to the registry. Callers authorise through ``permissions.access_*`` first; these
functions validate, write, and record the audit entry in the same transaction."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from secretariat.core import audit, cache_tokens
from secretariat.core.errors import NotFound, ValidationFailed
from secretariat.core.versioning import create_audited, update_versioned

from .choices import RoleKind
from .models import (
    Delegation,
    DelegationNote,
    Economy,
    Forum,
    ForumRole,
    Organisation,
    Person,
    WorksWith,
)


def _present(obj: Any) -> dict[str, Any]:
    from . import schemas  # the API's view of the row, reused for 409 bodies

    return schemas.present(obj)


def _shown_elsewhere_changed(model: type) -> None:
    """Pages that cache renderings showing rows of ``model`` (names of economies and fora,
    people and who of them is a public figure) key them by this token: renew it."""
    cache_tokens.renew(cache_tokens.rows_of(model))


def create_economy(
    *, actor: Any, code: str, code_alpha3: str, name: dict, joined_year: int
) -> Economy:
    return create_audited(
        Economy,
        actor=actor,
        action="registry.economy.created",
        fields={
            "code": code.upper(),
            "code_alpha3": code_alpha3.upper(),
            "name": name,
            "joined_year": joined_year,
        },
    )


def update_economy(*, actor: Any, economy: Economy, version: int, **changes: Any) -> Economy:
    updated = update_versioned(
        economy,
        actor=actor,
        action="registry.economy.updated",
        expected_version=version,
        changes=changes,
        present=_present,
    )
    _shown_elsewhere_changed(Economy)
    return updated


def create_organisation(*, actor: Any, **fields: Any) -> Organisation:
    return create_audited(
        Organisation, actor=actor, action="registry.organisation.created", fields=fields
    )


def update_organisation(
    *, actor: Any, organisation: Organisation, version: int, **changes: Any
) -> Organisation:
    updated = update_versioned(
        organisation,
        actor=actor,
        action="registry.organisation.updated",
        expected_version=version,
        changes=changes,
        present=_present,
    )
    _shown_elsewhere_changed(Organisation)
    return updated


def create_forum(*, actor: Any, **fields: Any) -> Forum:
    return create_audited(Forum, actor=actor, action="registry.forum.created", fields=fields)


def update_forum(*, actor: Any, forum: Forum, version: int, **changes: Any) -> Forum:
    updated = update_versioned(
        forum,
        actor=actor,
        action="registry.forum.updated",
        expected_version=version,
        changes=changes,
        present=_present,
    )
    _shown_elsewhere_changed(Forum)
    return updated


def create_person(*, actor: Any, **fields: Any) -> Person:
    return create_audited(Person, actor=actor, action="registry.person.created", fields=fields)


def update_person(*, actor: Any, person: Person, version: int, **changes: Any) -> Person:
    updated = update_versioned(
        person,
        actor=actor,
        action="registry.person.updated",
        expected_version=version,
        changes=changes,
        present=_present,
    )
    _shown_elsewhere_changed(Person)
    return updated


def create_delegation(*, actor: Any, economy: Economy, forum: Forum) -> Delegation:
    if Delegation.objects.filter(economy=economy, forum=forum).exists():
        raise ValidationFailed(f"{economy} already has a delegation to {forum}.")
    return create_audited(
        Delegation,
        actor=actor,
        action="registry.delegation.created",
        fields={"economy": economy, "forum": forum},
    )


def assign_role(
    *,
    actor: Any,
    person: Person,
    forum: Forum,
    kind: str,
    delegation: Delegation | None = None,
    organisation: Organisation | None = None,
) -> ForumRole:
    """Give ``person`` a role in ``forum``; delegation roles must name the economy's delegation."""
    if kind not in RoleKind.values:
        raise ValidationFailed(f"Unknown role {kind!r}.", errors={"kind": ["unknown role"]})
    if kind in RoleKind.delegation_roles():
        if delegation is None or delegation.forum_id != forum.pk:
            raise ValidationFailed(
                "Heads of delegation and delegates belong to a delegation to the same forum.",
                errors={"delegation": ["required"]},
            )
        # Delegation roles open the economy's internal notes: only its own people get them,
        # never someone without an economy and never secretariat staff.
        if person.economy_id != delegation.economy_id:
            raise ValidationFailed(
                _("A delegate must be from the delegation's economy."),
                errors={"person": ["not a person of this economy"]},
            )
        if person.user_id is not None and person.user is not None and person.user.is_staff:
            raise ValidationFailed(
                _("Secretariat staff cannot sit in an economy's delegation."),
                errors={"person": ["secretariat staff"]},
            )
    elif delegation is not None:
        raise ValidationFailed(
            "Only heads of delegation and delegates belong to a delegation.",
            errors={"delegation": ["must be empty for this role"]},
        )
    if (
        kind == RoleKind.HEAD_OF_DELEGATION
        and ForumRole.objects.filter(delegation=delegation, kind=kind).exists()
    ):
        raise ValidationFailed(
            "This delegation already has a head; remove that role first.",
            errors={"kind": ["head of delegation already assigned"]},
        )
    if ForumRole.objects.filter(person=person, forum=forum, kind=kind).exists():
        raise ValidationFailed(f"{person} already holds this role in {forum}.")
    with transaction.atomic():
        try:
            role = ForumRole.objects.create(
                person=person,
                forum=forum,
                kind=kind,
                delegation=delegation,
                organisation=organisation,
            )
        except IntegrityError:
            raise ValidationFailed("Someone assigned this role at the same moment.") from None
        audit.record(
            actor=actor,
            action="registry.role.assigned",
            obj=role,
            changes={
                "person_id": person.pk,
                "forum_id": forum.pk,
                "kind": kind,
                "delegation_id": delegation.pk if delegation else None,
                "organisation_id": organisation.pk if organisation else None,
            },
        )
    return role


def accredit_delegate(*, actor: Any, delegation: Delegation, person: Person) -> ForumRole:
    return assign_role(
        actor=actor,
        person=person,
        forum=delegation.forum,
        kind=RoleKind.DELEGATE,
        delegation=delegation,
    )


def remove_role(*, actor: Any, role: ForumRole) -> None:
    with transaction.atomic():
        if not ForumRole.objects.select_for_update().filter(pk=role.pk).exists():
            raise NotFound(_("This role has already been removed."))
        audit.record(
            actor=actor,
            action="registry.role.removed",
            obj=role,
            changes={"person_id": role.person_id, "forum_id": role.forum_id, "kind": role.kind},
        )
        role.delete()


def create_note(*, actor: Any, delegation: Delegation, title: str, body: str) -> DelegationNote:
    return create_audited(
        DelegationNote,
        actor=actor,
        action="registry.note.created",
        fields={"delegation": delegation, "author": actor, "title": title, "body": body},
        audit_changes=lambda note: {
            "delegation_id": note.delegation_id,
            "content": audit.private_digest([note.title, note.body]),
        },
    )


def update_note(
    *, actor: Any, note: DelegationNote, version: int, **changes: Any
) -> DelegationNote:
    return update_versioned(
        note,
        actor=actor,
        action="registry.note.updated",
        expected_version=version,
        changes=changes,
        present=_present,
        private=True,
    )


def delete_note(*, actor: Any, note: DelegationNote) -> None:
    with transaction.atomic():
        if not DelegationNote.objects.select_for_update().filter(pk=note.pk).exists():
            raise NotFound(_("This note has already been deleted."))
        audit.record(
            actor=actor, action="registry.note.deleted", obj=note, object_repr="(internal note)"
        )
        note.delete()


# Fora that work together --------------------------------------------------------------------


def _check_not_linked(forum: Forum, partner_forum: Forum | None) -> None:
    """A link between two fora holds both ways: the mirror of an existing one is a duplicate."""
    if partner_forum is None:
        return
    mirror = WorksWith.objects.filter(
        Q(forum=forum, partner_forum=partner_forum) | Q(forum=partner_forum, partner_forum=forum)
    )
    if mirror.exists():
        raise ValidationFailed(
            _("%(forum)s already works with %(partner)s.")
            % {"forum": forum, "partner": partner_forum},
            errors={"partner_forum": [_("already linked")]},
        )


def create_works_with(
    *,
    actor: Any,
    forum: Forum,
    since: date,
    partner_forum: Forum | None = None,
    partner_organisation: Organisation | None = None,
    note: dict | None = None,
) -> WorksWith:
    """Record that ``forum`` works with a forum or an organisation (exactly one of them)."""
    _check_not_linked(forum, partner_forum)
    if (
        partner_organisation is not None
        and WorksWith.objects.filter(
            forum=forum, partner_organisation=partner_organisation
        ).exists()
    ):
        raise ValidationFailed(
            _("%(forum)s already works with %(partner)s.")
            % {"forum": forum, "partner": partner_organisation},
            errors={"partner_organisation": [_("already linked")]},
        )
    return create_audited(
        WorksWith,
        actor=actor,
        action="registry.works_with.created",
        fields={
            "forum": forum,
            "partner_forum": partner_forum,
            "partner_organisation": partner_organisation,
            "since": since,
            "note": note or {},
        },
    )


def update_works_with(*, actor: Any, link: WorksWith, version: int, **changes: Any) -> WorksWith:
    """Change the since-date or the note (the partners are the link: delete it instead)."""
    unknown = sorted(set(changes) - {"since", "note"})
    if unknown:
        raise ValidationFailed(
            _("Only the date and the note of a link change; remove it and add another."),
            errors={name: [_("cannot be changed")] for name in unknown},
        )
    return update_versioned(
        link,
        actor=actor,
        action="registry.works_with.updated",
        expected_version=version,
        changes=changes,
        present=_present,
    )


def delete_works_with(*, actor: Any, link: WorksWith) -> None:
    with transaction.atomic():
        if not WorksWith.objects.select_for_update().filter(pk=link.pk).exists():
            raise NotFound(_("This link has already been removed."))
        audit.record(
            actor=actor,
            action="registry.works_with.deleted",
            obj=link,
            changes={
                "forum_id": link.forum_id,
                "partner_forum_id": link.partner_forum_id,
                "partner_organisation_id": link.partner_organisation_id,
            },
        )
        link.delete()
