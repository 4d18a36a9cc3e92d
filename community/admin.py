"""Django admin for staff: every change goes through the same actions the pages and the
API call (so it is checked, logged and audited the same way); where no action fits, the
admin only shows the rows.

- Communities: created with `community_create`, edited with `community_update`,
  approved or declined with `community_review` (the admin actions); never deleted here.
- Threads: pinned, locked and restored with the moderation actions (logged).
- Posts and flags: restored, and flags dismissed, with the moderation actions.
- Memberships, suspensions and the moderation log: read-only (members join, moderators
  are appointed and people are suspended on the community and moderation pages).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from .models import (
    Community,
    CommunityMembership,
    Flag,
    ModerationAction,
    Post,
    Suspension,
    Thread,
)
from .moderation import (
    content_restore,
    flags_dismiss,
    thread_lock,
    thread_pin,
    thread_unlock,
    thread_unpin,
)
from .services import community_create, community_review, community_update
from .services.communities import COMMUNITY_EDITABLE


class ReadOnlyAdminMixin:
    """Rows changed only by the domain's actions: staff may look, never edit here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def run_action(modeladmin, request, queryset, act, done: str) -> None:
    """Call `act(item)` on each selected row; say what was done and what was refused."""
    count = 0
    for item in queryset:
        try:
            act(item)
        except (ValidationError, PermissionDenied) as refusal:
            text = " ".join(refusal.messages) if hasattr(refusal, "messages") else str(refusal)
            modeladmin.message_user(request, f"{item}: {text}", messages.WARNING)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)


class CommunityMembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CommunityMembership
    extra = 0
    fields = ["user", "role", "status", "created_at"]
    readonly_fields = fields


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "visibility", "status", "created_at"]
    list_filter = ["status", "visibility"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CommunityMembershipInline]
    actions = ["approve", "decline"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["status", "created_by", "created_at"]
        return ["slug", "status", "created_by", "created_at"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None else {}

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            changes = {name: data[name] for name in form.changed_data if name in COMMUNITY_EDITABLE}
            community = community_update(
                community=Community.objects.get(pk=obj.pk), by=request.user, **changes
            )
        else:
            community = community_create(
                by=request.user, **{name: data.get(name) for name in [*COMMUNITY_EDITABLE, "slug"]}
            )
        obj.pk = community.pk
        obj._state.adding = False
        obj.refresh_from_db()

    @admin.action(description="Approve the selected proposals")
    def approve(self, request, queryset):
        run_action(
            self, request, queryset,
            lambda community: community_review(community=community, by=request.user, approve=True),
            "%(count)s approved.",
        )  # fmt: skip

    @admin.action(description="Decline the selected proposals")
    def decline(self, request, queryset):
        run_action(
            self, request, queryset,
            lambda community: community_review(community=community, by=request.user, approve=False),
            "%(count)s declined.",
        )  # fmt: skip


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "community", "kind", "pinned", "locked", "last_activity_at"]
    list_filter = ["kind", "pinned", "locked"]
    search_fields = ["title"]
    list_select_related = ["community"]
    actions = ["lock", "unlock", "pin", "unpin", "restore"]

    def _moderate(self, request, queryset, verb, done):
        run_action(
            self, request, queryset, lambda thread: verb(thread=thread, by=request.user), done
        )

    @admin.action(description="Lock the selected threads (logged)")
    def lock(self, request, queryset):
        self._moderate(request, queryset, thread_lock, "%(count)s locked.")

    @admin.action(description="Unlock the selected threads (logged)")
    def unlock(self, request, queryset):
        self._moderate(request, queryset, thread_unlock, "%(count)s unlocked.")

    @admin.action(description="Pin the selected threads (logged)")
    def pin(self, request, queryset):
        self._moderate(request, queryset, thread_pin, "%(count)s pinned.")

    @admin.action(description="Unpin the selected threads (logged)")
    def unpin(self, request, queryset):
        self._moderate(request, queryset, thread_unpin, "%(count)s unpinned.")

    @admin.action(description="Restore the selected hidden or deleted threads (logged)")
    def restore(self, request, queryset):
        self._moderate(request, queryset, content_restore, "%(count)s restored.")


@admin.register(Post)
class PostAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["thread", "author", "created_at", "hidden_at", "deleted_at"]
    list_select_related = ["thread", "author"]
    actions = ["restore"]

    @admin.action(description="Restore the selected hidden or deleted posts (logged)")
    def restore(self, request, queryset):
        run_action(
            self, request, queryset.select_related("thread__community"),
            lambda post: content_restore(post=post, by=request.user),
            "%(count)s restored.",
        )  # fmt: skip


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "community", "flagger", "reason", "outcome"]
    list_filter = ["outcome", "reason"]
    list_select_related = ["community", "flagger"]
    actions = ["dismiss"]

    @admin.action(description="Dismiss the open flags on the selected items (logged)")
    def dismiss(self, request, queryset):
        open_flags = queryset.filter(outcome=Flag.Outcome.OPEN).select_related(
            "post__thread__community", "thread__community"
        )
        items = {(flag.post_id, flag.thread_id): flag.target for flag in open_flags}
        run_action(
            self, request, items.values(),
            lambda item: flags_dismiss(by=request.user, **{
                "post" if isinstance(item, Post) else "thread": item
            }),
            "Flags dismissed on %(count)s items.",
        )  # fmt: skip


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The moderation log is written by the actions in community.moderation."""

    list_display = ["created_at", "actor", "action", "community", "subject", "reason"]
    list_filter = ["action", "community"]
    search_fields = ["reason", "actor__email", "subject__email"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "community", "subject"]


@admin.register(Suspension)
class SuspensionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Suspensions are given with `person_suspend` (the moderation queue and API)."""

    list_display = ["user", "community", "until", "reason", "suspended_by"]
    list_select_related = ["user", "community", "suspended_by"]
