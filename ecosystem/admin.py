"""Admin rules shared by every app."""


class SuperuserOnlyPrivateDataMixin:
    """Customers' private data (profiles, goals) is shown in the admin to superusers only.

    Staff run the platform (partners, moderation) but do not read customers' private
    records; superusers keep the admin for support.
    """

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
