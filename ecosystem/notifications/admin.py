"""Notifications in the admin: read-only, for support. People change their own settings on
their settings page; rows are written only by the notification services."""

from django.contrib import admin

from ecosystem.admin import SuperuserOnlyPrivateDataMixin

from .models import Digest, Notification, NotificationPreference, NotificationSettings


class ReadOnlyAdmin(SuperuserOnlyPrivateDataMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "email_state"]
    list_filter = ["kind", "delivery", "email_state"]
    search_fields = ["title", "recipient__email", "dedupe_key"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "digest"]


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "local_date", "state", "item_count", "sent_at"]
    list_filter = ["state"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "channel", "updated_at"]
    list_filter = ["kind", "channel"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(ReadOnlyAdmin):
    list_display = ["user", "reminder_time", "reminder_lead_days", "remind_contributed"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
