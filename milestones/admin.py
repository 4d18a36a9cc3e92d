from django.contrib import admin

from ecosystem.admin import SuperuserOnlyPrivateDataMixin

from .models import Dependency, Milestone, Task


@admin.register(Milestone)
class MilestoneAdmin(SuperuserOnlyPrivateDataMixin, admin.ModelAdmin):
    list_display = ["title", "goal", "status", "latest_start", "latest_finish"]
    list_filter = ["status"]
    search_fields = ["title", "goal__title"]
    list_select_related = ["goal"]
    raw_id_fields = ["goal", "source"]
    readonly_fields = ["latest_start", "latest_finish"]


@admin.register(Dependency)
class DependencyAdmin(SuperuserOnlyPrivateDataMixin, admin.ModelAdmin):
    list_display = ["predecessor", "successor", "lag_days", "goal"]
    raw_id_fields = ["goal", "predecessor", "successor"]


@admin.register(Task)
class TaskAdmin(SuperuserOnlyPrivateDataMixin, admin.ModelAdmin):
    list_display = ["title", "milestone", "done"]
    raw_id_fields = ["milestone"]
