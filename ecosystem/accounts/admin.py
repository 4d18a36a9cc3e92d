from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from ecosystem.admin import SuperuserOnlyPrivateDataMixin

from .models import User
from .services import account_delete


@admin.register(User)
class UserAdmin(SuperuserOnlyPrivateDataMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "time_zone", "region", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    # Deleting here goes through the same action as the person's own "Delete my account"
    # (anonymised, private data removed, audited), never a bare cascade of their rows.
    def delete_model(self, request, obj):
        account_delete(user=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset.filter(deleted_at__isnull=True):
            account_delete(user=user, by=request.user)

    def get_deleted_objects(self, objs, request):
        """The confirmation page names the accounts only: their rows are anonymised or
        removed by `account_delete`, not by the cascade the default page would list."""
        return [str(obj) for obj in objs], {}, set(), []
