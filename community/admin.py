from django.contrib import admin

from .models import (
    Community,
    CommunityMembership,
    Flag,
    ModerationAction,
    Post,
    Suspension,
    Thread,
)


class CommunityMembershipInline(admin.TabularInline):
    model = CommunityMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "visibility", "status", "created_at"]
    list_filter = ["status", "visibility"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["created_by"]
    inlines = [CommunityMembershipInline]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "kind", "pinned", "locked", "last_activity_at"]
    list_filter = ["kind", "pinned", "locked"]
    search_fields = ["title"]
    list_select_related = ["community"]
    raw_id_fields = ["author", "accepted_post", "playbook_milestone"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["thread", "author", "created_at", "deleted_at"]
    list_select_related = ["thread", "author"]
    raw_id_fields = ["thread", "author"]
    readonly_fields = ["body_html"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["created_at", "community", "flagger", "reason", "outcome"]
    list_filter = ["outcome", "reason"]
    list_select_related = ["community", "flagger"]
    raw_id_fields = ["thread", "post", "flagger", "resolved_by"]


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """Read-only: the moderation log is written by community.moderation."""

    list_display = ["created_at", "actor", "action", "community", "subject", "reason"]
    list_filter = ["action", "community"]
    search_fields = ["reason", "actor__email", "subject__email"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "community", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "until", "reason", "suspended_by"]
    list_select_related = ["user", "community", "suspended_by"]
    raw_id_fields = ["user", "suspended_by"]
