"""Goals and playbooks in the admin.

A goal is changed through the same action as its settings page (goals/services), acting
for its owner, so a new target or calendar re-plans it; a goal is never deleted here (its
owner trashes it; the purge removes it). Playbooks are their authors' (changed through
their pages and API): the admin shows them read-only.
"""

from django import forms
from django.contrib import admin

from ecosystem.admin import SuperuserOnlyPrivateDataMixin

from . import services
from .models import Goal, Playbook, PlaybookDependency, PlaybookMilestone, PlaybookTask


class GoalAdminForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["owner", *sorted(services.GOAL_EDITABLE)]


@admin.register(Goal)
class GoalAdmin(SuperuserOnlyPrivateDataMixin, admin.ModelAdmin):
    """Customers' goals are private: superusers only, for support."""

    form = GoalAdminForm
    actions = None
    list_display = ["title", "owner", "target_date", "status", "deleted_at"]
    list_filter = ["status", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    readonly_fields = ["playbook", "repeats", "deleted_at", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # A goal never changes hands.
        return [*self.readonly_fields, "owner"] if obj is not None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in (form.changed_data if change else form.fields)
            if name in services.GOAL_EDITABLE
        }
        if change:
            if fields:
                services.goal_update(goal=obj, by=obj.owner, **fields)
        else:
            obj.pk = services.goal_create(by=form.cleaned_data["owner"], **fields).pk
        obj.refresh_from_db()


class ReadOnlyAdminMixin:
    """Shown, never changed: no action of the admin fits."""

    actions = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlaybookMilestoneInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PlaybookMilestone
    extra = 0


@admin.register(Playbook)
class PlaybookAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "author", "organization", "category", "public"]
    list_filter = ["public", "category"]
    search_fields = ["title"]
    list_select_related = ["author", "organization", "category"]
    inlines = [PlaybookMilestoneInline]


@admin.register(PlaybookDependency)
class PlaybookDependencyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["predecessor", "successor", "lag_days"]
    list_select_related = ["predecessor", "successor"]


@admin.register(PlaybookTask)
class PlaybookTaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "milestone"]
    list_select_related = ["milestone"]
