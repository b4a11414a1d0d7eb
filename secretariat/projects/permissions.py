"""Who may do what with projects. Views and API handlers fetch through ``access_*``: a project
or round the viewer may not see is 404 alike; the lifecycle's own actor rules (data) are
checked by ``may_take`` when a transition is taken."""

from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, PermissionDenied
from secretariat.core.permissions import get_visible, require
from secretariat.registry.choices import RoleKind
from secretariat.registry.permissions import Principal, principal_for

from . import selectors
from .choices import TransitionActor
from .models import LifecycleTransition, Milestone, Project, ScoringRound

CHAIR_ROLES = frozenset({RoleKind.CHAIR, RoleKind.VICE_CHAIR})


def signed_in(user: Any) -> Principal:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to do this."))
    return principal


def is_proposer(principal: Principal, project: Project) -> bool:
    """The proposing economy's delegates and heads, and the Project Overseer."""
    return project.proposing_economy_id in principal.economy_ids or (
        principal.person_id is not None and principal.person_id == project.overseer_id
    )


def chairs(principal: Principal, forum_id: int) -> bool:
    return principal.is_secretariat or any(
        role.forum_id == forum_id and role.kind in CHAIR_ROLES for role in principal.roles
    )


def delegates_in(principal: Principal, forum_id: int, economy_id: int | None = None) -> bool:
    """A head or delegate in ``forum_id`` (of ``economy_id`` when given)."""
    return any(
        role.forum_id == forum_id
        and role.kind in RoleKind.delegation_roles()
        and (economy_id is None or role.economy_id == economy_id)
        for role in principal.roles
    )


def may_propose(principal: Principal, forum_id: int, economy_id: int) -> bool:
    """A delegate of the economy in the responsible forum, or the secretariat."""
    return principal.is_secretariat or delegates_in(principal, forum_id, economy_id)


def may_manage(principal: Principal, project: Project) -> bool:
    """Edit, milestones, deliverables, paragraphs, stages: the proposer or the secretariat."""
    return principal.is_secretariat or is_proposer(principal, project)


def may_take(principal: Principal, project: Project, transition: LifecycleTransition) -> bool:
    if principal.is_secretariat:
        return True
    if transition.actor == TransitionActor.PROPOSER:
        return is_proposer(principal, project)
    if transition.actor == TransitionActor.CHAIR:
        return chairs(principal, project.responsible_forum_id)
    return False


def headed_economy_ids(principal: Principal) -> set[int]:
    return {
        role.economy_id
        for role in principal.roles
        if role.kind == RoleKind.HEAD_OF_DELEGATION and role.economy_id is not None
    }


def access_project(user: Any, project_id: int, need: str = "read") -> Project:
    """``need``: read (whoever sees it), manage (proposer or secretariat), transition (signed
    in; the transition's own actor is checked by the service), cosponsor (a head of
    delegation, for their own economy)."""
    principal = principal_for(user)
    project = get_visible(selectors.projects_visible_to(principal), "project", pk=project_id)
    if need == "read":
        return project
    signed_in(user)
    if need == "manage":
        require(
            may_manage(principal, project),
            _("Only the proposing economy, the Project Overseer or the secretariat may do this."),
        )
    elif need == "cosponsor":
        require(
            bool(headed_economy_ids(principal)),
            _("Heads of delegation co-sponsor for their own economy."),
        )
    elif need != "transition":
        raise PermissionDenied(f"Unknown need {need!r}.")
    return project


def access_milestone(user: Any, milestone_id: int) -> Milestone:
    """A milestone to change: the project's proposer or the secretariat."""
    principal = principal_for(user)
    visible = selectors.projects_visible_to(principal).values("pk")
    milestone = get_visible(
        Milestone.objects.filter(project_id__in=visible).select_related("project"),
        "milestone",
        pk=milestone_id,
    )
    signed_in(user)
    require(
        may_manage(principal, milestone.project),
        _("Only the proposing economy, the Project Overseer or the secretariat may do this."),
    )
    return milestone


def access_round(user: Any, round_id: int, need: str = "read") -> ScoringRound:
    """``need``: read (the forum's members, the secretariat), score (a head or delegate in
    the forum), chair (the forum's chair or the secretariat: close, endorse)."""
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to see scoring rounds."))
    scoring_round = get_visible(selectors.rounds_visible_to(principal), "round", pk=round_id)
    if need == "score":
        require(
            delegates_in(principal, scoring_round.forum_id),
            _("Only the delegates of the responsible forum score concept notes."),
        )
    elif need == "chair":
        require(
            chairs(principal, scoring_round.forum_id),
            _("Only the forum's chair or the secretariat may do this."),
        )
    elif need != "read":
        raise PermissionDenied(f"Unknown need {need!r}.")
    return scoring_round
