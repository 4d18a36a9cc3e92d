from django.contrib import admin

from ecosystem.admin import SuperuserOnlyPrivateDataMixin

from .models import Goal, Playbook, PlaybookDependency, PlaybookMilestone, PlaybookTask


@admin.register(Goal)
class GoalAdmin(SuperuserOnlyPrivateDataMixin, admin.ModelAdmin):
    """Customers' goals are private: superusers only, for support."""

    list_display = ["title", "owner", "target_date", "status", "deleted_at"]
    list_filter = ["status", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "playbook", "repeats"]


class PlaybookMilestoneInline(admin.TabularInline):
    model = PlaybookMilestone
    extra = 0


@admin.register(Playbook)
class PlaybookAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "category", "public"]
    list_filter = ["public", "category"]
    search_fields = ["title"]
    list_select_related = ["author", "category"]
    raw_id_fields = ["author"]
    inlines = [PlaybookMilestoneInline]


admin.site.register([PlaybookDependency, PlaybookTask])
