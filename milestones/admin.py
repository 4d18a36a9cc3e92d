"""Milestones, prerequisites and tasks in the admin: superusers, for support.

Every save goes through the same action as the goal page and the API (milestones/services),
acting for the goal's owner: a changed duration or date rule re-plans the goal, a
prerequisite is refused when it would close a cycle, a deleted milestone releases the
stakeholders scoped to it alone. What no action changes is read-only; bulk deletion,
which would skip the actions, is not offered.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from ecosystem.admin import SuperuserOnlyPrivateDataMixin

from . import services
from .models import Dependency, Milestone, Task


class ActionAdminMixin(SuperuserOnlyPrivateDataMixin):
    """Saves and deletions through the actions; no bulk actions that would skip them."""

    actions = None


def _owner(goal):
    return goal.owner


# --- Milestones -------------------------------------------------------------------------


class MilestoneAdminForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["goal", *sorted(services.MILESTONE_EDITABLE)]

    def clean(self):
        cleaned = super().clean()
        goal = cleaned.get("goal") or getattr(self.instance, "goal", None)
        if goal is not None and "must_finish_by" in cleaned:
            try:
                services.milestone_validate_date_rule(
                    goal=goal, must_finish_by=cleaned["must_finish_by"]
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Milestone)
class MilestoneAdmin(ActionAdminMixin, admin.ModelAdmin):
    form = MilestoneAdminForm
    list_display = ["title", "goal", "status", "latest_start", "latest_finish"]
    list_filter = ["status"]
    search_fields = ["title", "goal__title"]
    list_select_related = ["goal"]
    raw_id_fields = ["goal"]
    readonly_fields = ["source", "completed_on", "latest_start", "latest_finish"]

    def get_readonly_fields(self, request, obj=None):
        # A milestone never moves to another goal.
        return [*self.readonly_fields, "goal"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            changes = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in services.MILESTONE_EDITABLE
            }
            if changes:
                services.milestone_update(milestone=obj, by=_owner(obj.goal), **changes)
        else:
            fields = {name: form.cleaned_data[name] for name in services.MILESTONE_EDITABLE}
            created = services.milestone_create(goal=obj.goal, by=_owner(obj.goal), **fields)
            obj.pk = created.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.milestone_delete(milestone=obj, by=_owner(obj.goal))


# --- Prerequisites ----------------------------------------------------------------------


class DependencyAdminForm(forms.ModelForm):
    class Meta:
        model = Dependency
        fields = ["predecessor", "successor", "lag_days"]

    def clean(self):
        cleaned = super().clean()
        predecessor, successor = cleaned.get("predecessor"), cleaned.get("successor")
        if self.instance.pk is None and predecessor is not None and successor is not None:
            try:
                services.dependency_validate(
                    goal=predecessor.goal, predecessor=predecessor, successor=successor
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Dependency)
class DependencyAdmin(ActionAdminMixin, admin.ModelAdmin):
    form = DependencyAdminForm
    list_display = ["predecessor", "successor", "lag_days", "goal"]
    list_select_related = ["predecessor", "successor", "goal"]
    raw_id_fields = ["predecessor", "successor"]

    def get_readonly_fields(self, request, obj=None):
        # The goal follows the milestones; changing ends is removing and adding anew.
        return ["goal", "predecessor", "successor"] if obj is not None else ["goal"]

    def save_model(self, request, obj, form, change):
        if change:
            if "lag_days" in form.changed_data:
                services.dependency_update(
                    dependency=obj, by=_owner(obj.goal), lag_days=form.cleaned_data["lag_days"]
                )
        else:
            goal = obj.predecessor.goal
            created = services.dependency_create(
                goal=goal,
                by=_owner(goal),
                predecessor=obj.predecessor,
                successor=obj.successor,
                lag_days=form.cleaned_data["lag_days"],
            )
            obj.pk = created.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.dependency_delete(dependency=obj, by=_owner(obj.goal))


# --- Tasks ------------------------------------------------------------------------------


class TaskAdminForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["milestone", *sorted(services.TASK_EDITABLE)]


@admin.register(Task)
class TaskAdmin(ActionAdminMixin, admin.ModelAdmin):
    form = TaskAdminForm
    list_display = ["title", "milestone", "done"]
    list_select_related = ["milestone"]
    raw_id_fields = ["milestone"]

    def get_readonly_fields(self, request, obj=None):
        return ["milestone"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        owner = _owner(obj.milestone.goal)
        if change:
            changes = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in services.TASK_EDITABLE
            }
            if changes:
                services.task_update(task=obj, by=owner, **changes)
        else:
            created = services.task_create(
                milestone=obj.milestone,
                by=owner,
                title=form.cleaned_data["title"],
                done=form.cleaned_data["done"],
            )
            obj.pk = created.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.task_delete(task=obj, by=_owner(obj.milestone.goal))
