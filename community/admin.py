from django.contrib import admin

from .models import Community, CommunityMembership, Post, Thread


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
