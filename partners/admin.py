"""Django admin for partner organisations, their members and resources.

Staff change these rows here only through the actions the pages and the API use
(partners/services.py), with their checks and audit rows: a verification goes through
`organization_set_verified`, a profile change through `organization_update` (the
organisation's admins only), a resource through `resource_create` / `resource_update`
(which render and sanitise the body) and `resource_delete`. A field no action lets this
person change is read-only, and so is what has no action here: memberships (invited and
removed on the organisation's page), a resource's status (published, withdrawn and
unpublished on its page), adding or deleting an organisation.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction

from . import access, services
from .models import Membership, PartnerOrganization, Resource


def _add_action_error(form, error: ValidationError) -> None:
    """Put an action's ValidationError on the fields it names (on the form otherwise)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.error_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class ActionAdmin(admin.ModelAdmin):
    """The admin form runs the action as the last step of its validation, so a refusal
    shows on the form like any other error and nothing is saved (the admin's view is one
    transaction); the admin's own save then has nothing left to write."""

    def run_action(self, request, form, data: dict, changed: list[str]):
        """Call the service(s) for this form's changes; return the saved object."""
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ActionForm(base):
            def clean(self):
                data = super().clean()
                if self.errors:
                    return data
                try:
                    self.instance = model_admin.run_action(request, self, data, self.changed_data)
                except ValidationError as error:
                    _add_action_error(self, error)
                else:
                    self.action_ran = True
                return data

            def _post_clean(self):
                super()._post_clean()
                if self.errors and getattr(self, "action_ran", False):
                    # The model's own checks refused what the action wrote: undo it too.
                    transaction.set_rollback(True)

        return ActionForm

    def save_model(self, request, obj, form, change):
        """Saved by the action in the form's validation."""

    def save_related(self, request, form, formsets, change):
        # The action set the many-to-many fields; inlines here are read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class MembershipInline(admin.TabularInline):
    """Read-only: members are invited and removed on the organisation's page."""

    model = Membership
    extra = 0
    fields = ["email", "user", "role", "invited_by", "invited_at", "accepted_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


PROFILE_FIELDS = ["name", "kind", "description", "website", "time_zone", "regions", "categories"]


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(ActionAdmin):
    list_display = ["name", "kind", "verified", "created_at"]
    list_filter = ["kind", "verified"]
    search_fields = ["name", "slug"]
    fields = [
        "name",
        "slug",
        "kind",
        "description",
        "website",
        "time_zone",
        "regions",
        "categories",
        "verified",
        "verified_at",
        "verified_by",
        "created_by",
        "created_at",
        "updated_at",
    ]
    filter_horizontal = ["regions", "categories"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["slug", "verified_at", "verified_by", "created_by", "created_at", "updated_at"]
        if obj is None or not access.can_edit_organization(request.user, obj):
            readonly += PROFILE_FIELDS
        if obj is None or not access.can_verify_organization(request.user):
            readonly.append("verified")
        return readonly

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or (
            access.can_edit_organization(request.user, obj)
            or access.can_verify_organization(request.user)
        )

    def has_add_permission(self, request):
        return False  # organisations are created on the site, by who becomes their admin

    def has_delete_permission(self, request, obj=None):
        return False

    def run_action(self, request, form, data, changed):
        organization = form.instance
        profile = {field: data[field] for field in changed if field in PROFILE_FIELDS}
        with transaction.atomic():
            if profile:
                services.organization_update(organization=organization, by=request.user, **profile)
            if "verified" in changed:
                services.organization_set_verified(
                    organization=organization, by=request.user, verified=data["verified"]
                )
        return organization


RESOURCE_FIELDS = [
    "kind",
    "title",
    "summary",
    "body",
    "link",
    "categories",
    "regions",
    "window_start",
    "window_end",
    "playbook_milestones",
]


@admin.register(Resource)
class ResourceAdmin(ActionAdmin):
    list_display = ["title", "organization", "kind", "status", "published_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "organization__name"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization"]
    filter_horizontal = ["categories", "regions", "playbook_milestones"]
    fields = [
        "organization",
        *RESOURCE_FIELDS,
        "body_html",
        "status",
        "unpublished_reason",
        "published_at",
        "author",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [
        "body_html",
        "status",
        "unpublished_reason",
        "published_at",
        "author",
        "created_at",
        "updated_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, "organization"]  # a resource never changes hands

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or access.can_edit_resource(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or access.can_delete_resource(request.user, obj)

    def run_action(self, request, form, data, changed):
        fields = {field: data[field] for field in RESOURCE_FIELDS if field in data}
        if form.instance.pk is None:
            return services.resource_create(
                by=request.user, organization=data.get("organization"), **fields
            )
        changes = {field: value for field, value in fields.items() if field in changed}
        return services.resource_update(resource=form.instance, by=request.user, **changes)

    def delete_model(self, request, obj):
        services.resource_delete(resource=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for resource in queryset.select_related("organization"):
                services.resource_delete(resource=resource, by=request.user)
