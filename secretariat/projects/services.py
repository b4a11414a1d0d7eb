"""Writes to projects. Callers fetch through ``permissions.access_*``; these functions check
the rules that depend on the data (the lifecycle's transitions and their guards, who heads
which delegation), write, record the audit entry in the same transaction and notify after
it commits.

Concept notes are the owning fora's: their texts reach the audit log as digests."""

import functools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from secretariat.core import audit, cache_tokens
from secretariat.core.errors import ValidationFailed
from secretariat.core.i18n import resolve
from secretariat.core.versioning import create_audited, update_versioned
from secretariat.meetings import agenda_proposals
from secretariat.meetings.models import Document
from secretariat.negotiation.models import Provision, Text
from secretariat.notifications import services as notifications
from secretariat.notifications.choices import Topic
from secretariat.registry.choices import OrganisationKind, RoleKind
from secretariat.registry.models import Economy, Forum, Organisation, Person
from secretariat.registry.permissions import principal_for

from . import permissions, selectors
from .choices import MilestoneState, RoundState
from .models import (
    Cosponsorship,
    Criterion,
    Deliverable,
    LifecycleState,
    LifecycleTransition,
    Milestone,
    ParagraphLink,
    Project,
    ProjectKind,
    Score,
    ScoringRound,
    StageChange,
    StandardStage,
    StateChange,
)

TEXT_FIELDS = ("title", "summary")
F = TypeVar("F", bound=Callable[..., Any])


def renews_pages(function: F) -> F:
    """A write that changes what the cached project list shows renews its token."""

    @functools.wraps(function)
    def write(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        cache_tokens.renew(selectors.LIST_TOKEN)
        return result

    return write  # type: ignore[return-value]


def _present(obj: Any) -> dict[str, Any]:
    from . import schemas  # the API's view of the row, reused for 409 bodies

    return schemas.present(obj)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _person_id(principal: Any) -> int:
    """Co-sponsoring and scoring are a person's acts."""
    permissions.require(
        principal.person_id is not None, _("Only a person of the body may do this.")
    )
    return int(principal.person_id)


def _link(project: Project) -> str:
    return reverse("projects:detail", args=[project.pk])


def _heads_of(economy_ids: list[int]) -> list[Any]:
    people = Person.objects.filter(
        roles__kind=RoleKind.HEAD_OF_DELEGATION,
        roles__delegation__economy_id__in=economy_ids,
        user__isnull=False,
    ).select_related("user")
    return [person.user for person in people.distinct()]


def _forum_chairs(forum_id: int) -> list[Any]:
    people = Person.objects.filter(
        roles__forum_id=forum_id,
        roles__kind__in=sorted(permissions.CHAIR_ROLES),
        user__isnull=False,
    ).select_related("user")
    return [person.user for person in people.distinct()]


def _check_links(
    *, kind: ProjectKind, proposing_economy: Economy, overseer: Person,
    target_body: Organisation | None,
) -> None:  # fmt: skip
    if overseer.economy_id != proposing_economy.pk:
        raise ValidationFailed(
            _("The Project Overseer must be a person of the proposing economy."),
            errors={"overseer": [_("not of the proposing economy")]},
        )
    if target_body is not None and not kind.has_standards_body:
        raise ValidationFailed(
            _("Only standardisation work items have a target standards body."),
            errors={"target_body": [_("not for this kind")]},
        )
    if target_body is not None and target_body.kind != OrganisationKind.STANDARDS_BODY:
        raise ValidationFailed(
            _("The target body must be a standards body."),
            errors={"target_body": [_("not a standards body")]},
        )


@renews_pages
def create_project(
    *,
    actor: Any,
    kind: ProjectKind,
    title: dict[str, Any],
    proposing_economy: Economy,
    overseer: Person,
    responsible_forum: Forum,
    summary: dict[str, Any] | None = None,
    co_owning_fora: list[Forum] | None = None,
    partners: list[Organisation] | None = None,
    funding_account: str = "self",
    funding_amount: Decimal | None = None,
    funding_currency: str = "USD",
    target_body: Organisation | None = None,
    body_reference: str = "",
) -> Project:
    """A concept note in the kind's initial state."""
    _check_links(
        kind=kind, proposing_economy=proposing_economy, overseer=overseer, target_body=target_body
    )
    initial = LifecycleState.objects.filter(kind=kind, is_initial=True).first()
    if initial is None:
        raise ValidationFailed(
            _("This kind has no initial state: the secretariat must mark one in its lifecycle."),
            errors={"kind": [kind.slug]},
        )
    fields = {
        "kind": kind,
        "state": initial,
        "title": title,
        "summary": summary or {},
        "proposing_economy": proposing_economy,
        "overseer": overseer,
        "responsible_forum": responsible_forum,
        "funding_account": funding_account,
        "funding_amount": funding_amount,
        "funding_currency": funding_currency.upper(),
        "target_body": target_body,
        "body_reference": body_reference,
        "created_by": _user(actor),
    }
    co_owners = [forum for forum in co_owning_fora or [] if forum.pk != responsible_forum.pk]
    with transaction.atomic():
        project = create_audited(
            Project,
            actor=actor,
            action="projects.project.created",
            fields=fields,
            audit_changes=lambda p: {
                "kind": kind.slug,
                "state": initial.slug,
                "title": audit.private_digest(title),
                "summary": audit.private_digest(summary or {}),
                "proposing_economy_id": proposing_economy.pk,
                "overseer_id": overseer.pk,
                "responsible_forum_id": responsible_forum.pk,
                "co_owning_fora": [forum.pk for forum in co_owners],
                "partners": [org.pk for org in partners or []],
            },
        )
        project.co_owning_fora.set(co_owners)
        project.partners.set(partners or [])
        StateChange.objects.create(project=project, source=None, target=initial,
                                   changed_by=_user(actor))  # fmt: skip
    return project


@renews_pages
def update_project(*, actor: Any, project: Project, version: int, **changes: Any) -> Project:
    """Change the project's texts, funding, reference, co-owning fora and partners."""
    co_owners = changes.pop("co_owning_fora", None)
    partners = changes.pop("partners", None)
    if "target_body" in changes:
        _check_links(
            kind=project.kind,
            proposing_economy=project.proposing_economy,
            overseer=project.overseer,
            target_body=changes["target_body"],
        )
    if "funding_currency" in changes:
        changes["funding_currency"] = changes["funding_currency"].upper()
    with transaction.atomic():
        if changes:
            project = update_versioned(
                project,
                actor=actor,
                action="projects.project.updated",
                expected_version=version,
                changes=changes,
                present=_present,
                private=not project.state.is_public,
            )
        elif co_owners is None and partners is None:
            raise ValidationFailed(_("Nothing to change."))
        if co_owners is not None or partners is not None:
            _set_relations(actor=actor, project=project, version=version if not changes else None,
                           co_owners=co_owners, partners=partners)  # fmt: skip
    return project


def _set_relations(
    *, actor: Any, project: Project, version: int | None, co_owners: Any, partners: Any
) -> None:
    if version is not None:  # only relations change: still a versioned write
        bumped = Project.objects.filter(pk=project.pk, version=version).update(
            version=version + 1, updated_at=timezone.now()
        )
        if not bumped:
            from secretariat.core.errors import Conflict

            raise Conflict(
                f"This record changed since version {version}.", current=_present(project)
            )
        project.version = version + 1
    changes: dict[str, Any] = {}
    if co_owners is not None:
        kept = [f for f in co_owners if f.pk != project.responsible_forum_id]
        project.co_owning_fora.set(kept)
        changes["co_owning_fora"] = [f.pk for f in kept]
    if partners is not None:
        project.partners.set(partners)
        changes["partners"] = [o.pk for o in partners]
    audit.record(actor=actor, action="projects.project.relations", obj=project, changes=changes)


def cosponsor_count(project: Project) -> int:
    return project.cosponsorships.filter(withdrawn_at__isnull=True).count()


def check_cosponsors(project: Project) -> None:
    """The kind's minimum of co-sponsoring economies, with how many are missing."""
    have = cosponsor_count(project)
    missing = project.kind.min_cosponsors - have
    if missing > 0:
        raise ValidationFailed(
            _(
                "This needs %(needed)d co-sponsoring economies and has %(have)d: "
                "%(missing)d more must co-sponsor it."
            )
            % {"needed": project.kind.min_cosponsors, "have": have, "missing": missing},
            errors={"cosponsors": [_("%(missing)d missing") % {"missing": missing}]},
        )


def _transition_to(project: Project, target: str) -> LifecycleTransition:
    transition = (
        LifecycleTransition.objects.filter(source_id=project.state_id, target__slug=target)
        .select_related("target", "source")
        .first()
    )
    if transition is None:
        raise ValidationFailed(
            _("A project that is %(state)s cannot become %(target)s.")
            % {"state": resolve(project.state.name).text, "target": target},
            errors={"state": [target]},
        )
    return transition


@renews_pages
def change_state(*, actor: Any, project: Project, version: int, target: str) -> Project:
    """Take the lifecycle transition from the current state to ``target`` (a state slug of
    the project's kind), if the tables allow it, the actor may take it and its guards hold."""
    transition = _transition_to(project, target)
    principal = principal_for(actor)
    permissions.require(
        permissions.may_take(principal, project, transition),
        _("This step is taken by %(who)s.") % {"who": transition.get_actor_display()},
    )
    if transition.requires_cosponsors:
        check_cosponsors(project)
    if (
        transition.requires_closed_round
        and not project.scoring_rounds.filter(
            state=RoundState.CLOSED, scores__project=project
        ).exists()
    ):
        raise ValidationFailed(
            _("The concept note goes forward once a scoring round that scored it is closed."),
            errors={"state": [_("no closed scoring round")]},
        )
    with transaction.atomic():
        moved = update_versioned(
            project,
            actor=actor,
            action="projects.project.state",
            expected_version=version,
            changes={"state": transition.target},
            present=_present,
        )
        StateChange.objects.create(project=moved, source=transition.source,
                                   target=transition.target, changed_by=_user(actor))  # fmt: skip
        recipients = [moved.overseer.user, *_forum_chairs(moved.responsible_forum_id)]
        notifications.notify(
            recipients=recipients,
            topic=Topic.PROJECT_UPDATE,
            subject=_("Project %(title)s is now %(state)s")
            % {"title": resolve(moved.title).text, "state": resolve(transition.target.name).text},
            body=_("The project moved from %(source)s to %(target)s.")
            % {
                "source": resolve(transition.source.name).text,
                "target": resolve(transition.target.name).text,
            },
            link=_link(moved),
        )
    return moved


@renews_pages
def cosponsor(*, actor: Any, project: Project, economy: Economy) -> Cosponsorship:
    """The head of ``economy``'s delegation co-sponsors the project for that economy."""
    principal = principal_for(actor)
    permissions.require(
        economy.pk in permissions.headed_economy_ids(principal),
        _("Heads of delegation co-sponsor for their own economy only."),
    )
    if economy.pk == project.proposing_economy_id:
        raise ValidationFailed(
            _("The proposing economy cannot co-sponsor its own project."),
            errors={"economy": [economy.code]},
        )
    person = Person.objects.get(pk=_person_id(principal))
    with transaction.atomic():
        try:
            with transaction.atomic():
                sponsorship = Cosponsorship.objects.create(
                    project=project, economy=economy, given_by=person
                )
        except IntegrityError:
            raise ValidationFailed(
                _("%(economy)s already co-sponsors this project.") % {"economy": economy.code},
                errors={"economy": [economy.code]},
            ) from None
        audit.record(actor=actor, action="projects.cosponsorship.given", obj=project,
                     changes={"economy": economy.code})  # fmt: skip
        notifications.notify(
            recipients=[project.overseer.user],
            topic=Topic.PROJECT_UPDATE,
            subject=_("%(economy)s co-sponsors your project") % {"economy": economy.code},
            body=resolve(project.title).text,
            link=_link(project),
        )
    return sponsorship


@renews_pages
def withdraw_cosponsorship(*, actor: Any, project: Project, economy: Economy) -> Cosponsorship:
    """The head of ``economy``'s delegation withdraws its co-sponsorship (kept on record)."""
    principal = principal_for(actor)
    permissions.require(
        economy.pk in permissions.headed_economy_ids(principal),
        _("Heads of delegation co-sponsor for their own economy only."),
    )
    with transaction.atomic():
        sponsorship = (
            project.cosponsorships.select_for_update()
            .filter(economy=economy, withdrawn_at__isnull=True)
            .first()
        )
        if sponsorship is None:
            raise ValidationFailed(
                _("%(economy)s does not co-sponsor this project.") % {"economy": economy.code},
                errors={"economy": [economy.code]},
            )
        sponsorship.withdrawn_at = timezone.now()
        sponsorship.withdrawn_by_id = principal.person_id
        sponsorship.save(update_fields=["withdrawn_at", "withdrawn_by"])
        audit.record(actor=actor, action="projects.cosponsorship.withdrawn", obj=project,
                     changes={"economy": economy.code})  # fmt: skip
    return sponsorship


def request_cosponsors(*, actor: Any, project: Project, economies: list[Economy]) -> int:
    """Ask the heads of delegation of ``economies`` to co-sponsor; returns e-mails sent."""
    asked = [e for e in economies if e.pk != project.proposing_economy_id]
    if not asked:
        raise ValidationFailed(
            _("Name at least one economy other than the proposing one."),
            errors={"economies": [_("required")]},
        )
    with transaction.atomic():
        audit.record(actor=actor, action="projects.cosponsorship.requested", obj=project,
                     changes={"economies": sorted(e.code for e in asked)})  # fmt: skip
        return notifications.notify(
            recipients=_heads_of([e.pk for e in asked]),
            topic=Topic.PROJECT_UPDATE,
            subject=_("Co-sponsorship requested: %(title)s")
            % {"title": resolve(project.title).text},
            body=_("%(economy)s asks your economy to co-sponsor this project.")
            % {"economy": project.proposing_economy.code},
            link=_link(project),
        )


@renews_pages
def add_milestone(
    *, actor: Any, project: Project, title: dict[str, Any], due_on: date
) -> Milestone:
    return create_audited(
        Milestone,
        actor=actor,
        action="projects.milestone.created",
        fields={"project": project, "title": title, "due_on": due_on},
    )


@renews_pages
def update_milestone(
    *, actor: Any, milestone: Milestone, version: int, **changes: Any
) -> Milestone:
    """Change a milestone's title, due date or state; done records the day (today)."""
    if changes.get("state") == MilestoneState.DONE and "done_on" not in changes:
        changes["done_on"] = timezone.localdate()
    elif "state" in changes and changes["state"] != MilestoneState.DONE:
        changes["done_on"] = None
    return update_versioned(
        milestone,
        actor=actor,
        action="projects.milestone.updated",
        expected_version=version,
        changes=changes,
        present=_present,
    )


@renews_pages
def link_deliverable(*, actor: Any, project: Project, document: Document) -> Deliverable:
    with transaction.atomic():
        deliverable, created = Deliverable.objects.get_or_create(project=project, document=document)
        if not created:
            raise ValidationFailed(
                _("This document is already a deliverable of the project."),
                errors={"document": [str(document.pk)]},
            )
        audit.record(actor=actor, action="projects.deliverable.linked", obj=project,
                     changes={"document": document.number})  # fmt: skip
    return deliverable


@renews_pages
def link_paragraph(*, actor: Any, project: Project, text: Text, eid: str) -> ParagraphLink:
    """A declaration paragraph the project implements; the paragraph must exist."""
    if not Provision.objects.filter(text=text, eid=eid).exists():
        raise ValidationFailed(
            _("The text has no paragraph %(eid)s.") % {"eid": eid}, errors={"eid": [eid]}
        )
    with transaction.atomic():
        link, created = ParagraphLink.objects.get_or_create(project=project, text=text, eid=eid)
        if not created:
            raise ValidationFailed(
                _("The project already implements this paragraph."), errors={"eid": [eid]}
            )
        audit.record(actor=actor, action="projects.paragraph.linked", obj=project,
                     changes={"text": text.slug, "eid": eid})  # fmt: skip
    return link


@renews_pages
def record_stage(
    *, actor: Any, project: Project, stage: StandardStage, reached_on: date, note: str = ""
) -> StageChange:
    """A work item reached ``stage`` in its standards body (kept in its stage history)."""
    if not project.kind.has_standards_body:
        raise ValidationFailed(
            _("Only standardisation work items have a stage in a standards body."),
            errors={"stage": [stage.code]},
        )
    with transaction.atomic():
        change = StageChange.objects.create(project=project, stage=stage, reached_on=reached_on,
                                            note=note, recorded_by=_user(actor))  # fmt: skip
        latest = project.stage_changes.order_by("-reached_on", "-pk").first()
        Project.objects.filter(pk=project.pk).update(stage=latest.stage if latest else stage)
        audit.record(
            actor=actor,
            action="projects.stage.recorded",
            obj=project,
            changes={"stage": stage.code, "reached_on": reached_on.isoformat()},
        )
    return change


def open_round(*, actor: Any, forum: Forum, name: str, projects: list[Project]) -> ScoringRound:
    """A scoring round of ``forum``'s concept notes against the active criteria. Each
    concept note must be the forum's own, in its kind's initial state, with enough
    co-sponsors."""
    if not projects:
        raise ValidationFailed(_("Choose the concept notes to score."), errors={"projects": []})
    for project in projects:
        if project.responsible_forum_id != forum.pk or not project.state.is_initial:
            raise ValidationFailed(
                _("Only this forum's concept notes can be scored in its round."),
                errors={"projects": [str(project.pk)]},
            )
        check_cosponsors(project)
    criteria = list(Criterion.objects.filter(is_active=True))
    with transaction.atomic():
        scoring_round = ScoringRound.objects.create(forum=forum, name=name)
        scoring_round.criteria.set(criteria)
        scoring_round.projects.set(projects)
        audit.record(actor=actor, action="projects.round.opened", obj=scoring_round,
                     changes={"projects": [p.pk for p in projects],
                              "criteria": [c.slug for c in criteria]})  # fmt: skip
    return scoring_round


def score(
    *, actor: Any, scoring_round: ScoringRound, project: Project, marks: dict[str, tuple[int, str]]
) -> list[Score]:
    """The scorer's marks (1–5 and a comment per criterion) for one concept note, replacing
    their earlier ones; every criterion of the round is required."""
    if scoring_round.state != RoundState.OPEN:
        raise ValidationFailed(_("The round is closed."), errors={"round": [_("closed")]})
    if not scoring_round.projects.filter(pk=project.pk).exists():
        raise ValidationFailed(
            _("This concept note is not in the round."), errors={"project": [str(project.pk)]}
        )
    criteria = {c.slug: c for c in scoring_round.criteria.all()}
    errors: dict[str, list[str]] = {}
    for slug in criteria:
        value = marks.get(slug, (None, ""))[0]
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[slug] = [_("a mark from 1 to 5")]
    errors.update(
        {slug: [_("not a criterion of this round")] for slug in set(marks) - set(criteria)}
    )
    if errors:
        raise ValidationFailed(_("Give every criterion a mark from 1 to 5."), errors=errors)
    scorer_id = _person_id(principal_for(actor))
    with transaction.atomic():
        Score.objects.filter(round=scoring_round, project=project, scorer_id=scorer_id).delete()
        scores = Score.objects.bulk_create(
            Score(round=scoring_round, project=project, criterion=criteria[slug],
                  scorer_id=scorer_id, value=marks[slug][0], comment=marks[slug][1][:2000])
            for slug in criteria
        )  # fmt: skip
        # Private until the round closes: the log keeps a digest, not the marks.
        audit.record(actor=actor, action="projects.round.scored", obj=scoring_round,
                     changes={"project": project.pk, "marks": audit.private_digest(
                         {slug: list(mark) for slug, mark in marks.items()})})  # fmt: skip
    return scores


@renews_pages
def close_round(*, actor: Any, scoring_round: ScoringRound, version: int) -> ScoringRound:
    """Close the round: every score becomes visible, and each concept note scored in it
    takes its lifecycle's step to scored where the lifecycle has one and its guards hold."""
    with transaction.atomic():
        closed = update_versioned(
            scoring_round,
            actor=actor,
            action="projects.round.closed",
            expected_version=version,
            changes={"state": RoundState.CLOSED, "closed_at": timezone.now()},
            present=_present,
        )
        scored = set(Score.objects.filter(round=closed).values_list("project_id", flat=True))
        for project in closed.projects.filter(pk__in=scored).select_related("state", "kind"):
            transition = LifecycleTransition.objects.filter(
                Q(source_id=project.state_id), target__slug="scored"
            ).first()
            if transition is not None:
                try:
                    with transaction.atomic():
                        change_state(actor=actor, project=project, version=project.version,
                                     target="scored")  # fmt: skip
                except ValidationFailed:
                    pass  # e.g. a co-sponsor withdrew: the note stays where it is
    return closed


def _in_languages(render: Callable[[], str]) -> dict[str, str]:
    """A message in English and Korean, for the agenda proposal's translated fields."""
    texts = {}
    for language in ("en", "ko"):
        with translation.override(language):
            texts[language] = render()
    return texts


def _overdue_words(milestone: Milestone) -> dict[str, str]:
    return {
        "milestone": resolve(milestone.title).text,
        "project": resolve(milestone.project.title).text,
        "due": milestone.due_on.isoformat(),
    }


def _remind(milestone: Milestone, *, actor: Any, today: date) -> tuple[int, bool]:
    project = milestone.project
    source = f"projects.milestone.overdue:{milestone.pk}:{milestone.due_on.isoformat()}"
    sent = notifications.notify(
        recipients=[project.overseer.user],
        topic=Topic.DEADLINE_REMINDER,
        subject=_("Overdue milestone: %(milestone)s") % _overdue_words(milestone),
        body=_("The milestone “%(milestone)s” of “%(project)s” was due on %(due)s.")
        % _overdue_words(milestone),
        link=_link(project),
        dedupe_key=source,
    )
    proposal = agenda_proposals.propose(
        actor=actor,
        forum=project.responsible_forum,
        title=_in_languages(
            lambda: _("Overdue milestone: %(milestone)s (%(project)s)") % _overdue_words(milestone)
        ),
        reason=_in_languages(
            lambda: (
                _("The milestone “%(milestone)s” of “%(project)s” was due on %(due)s.")
                % _overdue_words(milestone)
            )
        ),
        source_key=source,
        source_url=_link(project),
        today=today,
    )
    return sent, proposal is not None


def remind_overdue_milestones(*, today: date, actor: Any = "projects reminders") -> dict[str, int]:
    """For each overdue milestone: e-mail its Project Overseer once per milestone and due
    date, and propose it for the responsible forum's next meeting's agenda (once per meeting;
    nothing when the forum has no meeting scheduled). Running it again adds nothing."""
    sent = proposed = 0
    for milestone in selectors.overdue_milestones(today):
        mails, was_proposed = _remind(milestone, actor=actor, today=today)
        sent += mails
        proposed += was_proposed
    return {"e-mails": sent, "agenda proposals": proposed}
