from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is written by services, never edited by hand."""

    list_display = ["created_at", "actor", "verb", "target_type", "target_repr"]
    list_filter = ["verb", "target_type", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["verb", "target_repr", "actor__email", "target_id"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "target_type"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
