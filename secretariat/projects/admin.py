"""The secretariat keeps the lifecycles, the co-sponsor minimum per kind, the scoring
criteria and the standards stages here (ADR 0028); each edit is audited. Projects
themselves are written through the services (pages and API)."""

from typing import Any

from django.contrib import admin

from secretariat.core import cache_tokens
from secretariat.core.admin import AuditedModelAdmin

from . import selectors
from .models import Criterion, LifecycleState, LifecycleTransition, ProjectKind, StandardStage
from .selectors.filter_choices import LIFECYCLES_TOKEN


class LifecycleAdmin(AuditedModelAdmin):
    """A change here can change who sees which project (a state made public) and the
    list's filters and names (a kind or state renamed): the cached list pages and the kept
    choices are renewed."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        cache_tokens.renew(selectors.LIST_TOKEN, LIFECYCLES_TOKEN)

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)
        cache_tokens.renew(selectors.LIST_TOKEN, LIFECYCLES_TOKEN)


@admin.register(ProjectKind)
class ProjectKindAdmin(LifecycleAdmin):
    list_display = ("slug", "min_cosponsors", "has_standards_body")


@admin.register(LifecycleState)
class LifecycleStateAdmin(LifecycleAdmin):
    list_display = ("slug", "kind", "order", "is_initial", "is_public")
    list_filter = ("kind",)
    ordering = ("kind", "order")


@admin.register(LifecycleTransition)
class LifecycleTransitionAdmin(LifecycleAdmin):
    list_display = ("__str__", "kind", "actor", "requires_cosponsors", "requires_closed_round")
    list_filter = ("kind", "actor")


@admin.register(Criterion)
class CriterionAdmin(LifecycleAdmin):
    list_display = ("slug", "order", "is_active")


@admin.register(StandardStage)
class StandardStageAdmin(LifecycleAdmin):
    list_display = ("code",)
