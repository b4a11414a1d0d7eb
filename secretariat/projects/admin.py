"""The secretariat keeps the lifecycles, the co-sponsor minimum per kind, the scoring
criteria and the standards stages here (ADR 0028); each edit is audited. Projects
themselves are written through the services (pages and API)."""

from django.contrib import admin

from secretariat.core.admin import AuditedModelAdmin

from .models import Criterion, LifecycleState, LifecycleTransition, ProjectKind, StandardStage


@admin.register(ProjectKind)
class ProjectKindAdmin(AuditedModelAdmin):
    list_display = ("slug", "min_cosponsors", "has_standards_body")


@admin.register(LifecycleState)
class LifecycleStateAdmin(AuditedModelAdmin):
    list_display = ("slug", "kind", "order", "is_initial", "is_public")
    list_filter = ("kind",)
    ordering = ("kind", "order")


@admin.register(LifecycleTransition)
class LifecycleTransitionAdmin(AuditedModelAdmin):
    list_display = ("__str__", "kind", "actor", "requires_cosponsors", "requires_closed_round")
    list_filter = ("kind", "actor")


@admin.register(Criterion)
class CriterionAdmin(AuditedModelAdmin):
    list_display = ("slug", "order", "is_active")


@admin.register(StandardStage)
class StandardStageAdmin(AuditedModelAdmin):
    list_display = ("code",)
