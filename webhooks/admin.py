"""Staff's view of partner webhooks: read-only (an organisation's admins manage them, on
its page or through the API); the secret is never shown here."""

from django.contrib import admin

from .models import WebhookDelivery, WebhookEndpoint


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ["url", "organization", "enabled", "consecutive_failures", "created_at"]
    list_filter = ["enabled"]
    list_select_related = ["organization"]
    search_fields = ["url", "organization__name"]
    exclude = ["secret"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["event", "endpoint", "state", "status_code", "attempts", "created_at"]
    list_filter = ["state"]
    list_select_related = ["event", "endpoint"]
