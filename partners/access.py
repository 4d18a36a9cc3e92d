"""Who may do what with partner organisations, their members and resources: each rule once.

Who may *see* a row is decided by the models' `visible_to(user)` querysets; this module
decides what a person may *do* with what they see. The `can_*` predicates answer yes or
no (pages and templates ask them to show a button or not); the `check_can_*` functions,
called first by every write in partners/services.py, raise `Http404` when the object is
not visible to the person and `PermissionDenied` (403) when it is visible but the act is
not theirs, so no page, API view, task or admin form can forget a rule or apply another.

Roles come from rows: a member is an accepted Membership, an admin one with the admin
role; platform staff are `is_staff`. No rule here depends on a date.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Membership, PartnerOrganization, Resource


def membership_of(user, organization) -> Membership | None:
    """The person's accepted membership of the organisation, or None (one query)."""
    if organization is None or not user.is_authenticated:
        return None
    return Membership.objects.active().of(user).filter(organization=organization).first()


# --- The rules, over a membership already loaded (so a page asks them all for one query).


def _is_member(membership) -> bool:
    return membership is not None


def _is_admin(membership) -> bool:
    return membership is not None and membership.role == Membership.Role.ADMIN


def _may_write_resources(user, organization, membership) -> bool:
    """Members write their organisation's resources; platform resources (no organisation)
    are staff's."""
    if organization is None:
        return user.is_staff
    return _is_member(membership)


def _may_publish(user, resource, membership) -> bool:
    """Those who write a resource publish it; once staff unpublished it, only staff
    publish it again (an organisation's draft stays the organisation's to publish)."""
    if resource.status == Resource.Status.UNPUBLISHED:
        return user.is_staff
    return _may_write_resources(user, resource.organization, membership)


# --- Predicates --------------------------------------------------------------------------


def is_active_member(user, organization) -> bool:
    return _is_member(membership_of(user, organization))


def is_organization_admin(user, organization) -> bool:
    return _is_admin(membership_of(user, organization))


def can_create_organization(user) -> bool:
    """Anyone signed in may start an organisation (unverified until staff vouch for it)."""
    return user.is_authenticated


def can_edit_organization(user, organization) -> bool:
    return is_organization_admin(user, organization)


def can_list_members(user, organization) -> bool:
    return is_active_member(user, organization)


def can_invite_members(user, organization) -> bool:
    return is_organization_admin(user, organization)


def can_remove_member(user, membership) -> bool:
    """Admins remove members and withdraw invitations; anyone may leave."""
    if membership.user_id is not None and membership.user_id == user.pk:
        return True
    return is_organization_admin(user, membership.organization)


def can_accept_invitation(user, membership) -> bool:
    """An invitation follows the email address it was sent to, not the browser."""
    return user.is_authenticated and membership.email.lower() == user.email.lower()


def can_verify_organization(user) -> bool:
    return user.is_authenticated and user.is_staff


def can_create_resource(user, organization) -> bool:
    membership = membership_of(user, organization)
    return user.is_authenticated and _may_write_resources(user, organization, membership)


def can_edit_resource(user, resource) -> bool:
    return can_create_resource(user, resource.organization)


def can_withdraw_resource(user, resource) -> bool:
    return can_edit_resource(user, resource)


def can_delete_resource(user, resource) -> bool:
    return can_edit_resource(user, resource)


def can_publish_resource(user, resource) -> bool:
    membership = membership_of(user, resource.organization)
    return user.is_authenticated and _may_publish(user, resource, membership)


def can_unpublish_resource(user, resource) -> bool:
    return user.is_authenticated and user.is_staff


def can_change_resource(user, resource) -> bool:
    """May do at least one thing to the resource (edit, publish, withdraw, unpublish)."""
    return can_edit_resource(user, resource) or can_unpublish_resource(user, resource)


def organizations_of(user) -> set[int]:
    """Ids of the organisations the person is an active member of (one query), for rules
    asked of many resources at once."""
    return set(PartnerOrganization.objects.with_member(user).values_list("pk", flat=True))


def can_read_unpublished_reason(user, resource, *, member_of: set[int]) -> bool:
    """Why staff unpublished a resource: for staff, the organisation's members (the
    author, for a platform resource). `member_of` is `organizations_of(user)`."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if resource.organization_id is None:
        return resource.author_id == user.pk
    return resource.organization_id in member_of


# --- What a page shows: every answer for one organisation or resource, from one query.


@dataclass(frozen=True)
class OrganizationPermissions:
    membership: Membership | None
    is_member: bool
    is_admin: bool
    edit: bool
    invite_members: bool
    remove_members: bool
    create_resource: bool
    verify: bool


def organization_permissions(user, organization) -> OrganizationPermissions:
    membership = membership_of(user, organization)
    return OrganizationPermissions(
        membership=membership,
        is_member=_is_member(membership),
        is_admin=_is_admin(membership),
        edit=_is_admin(membership),
        invite_members=_is_admin(membership),
        remove_members=_is_admin(membership),
        create_resource=_may_write_resources(user, organization, membership),
        verify=can_verify_organization(user),
    )


@dataclass(frozen=True)
class ResourcePermissions:
    edit: bool
    publish: bool
    withdraw: bool
    delete: bool
    unpublish: bool


def resource_permissions(user, resource) -> ResourcePermissions:
    membership = membership_of(user, resource.organization)
    write = _may_write_resources(user, resource.organization, membership)
    return ResourcePermissions(
        edit=write,
        publish=_may_publish(user, resource, membership),
        withdraw=write,
        delete=write,
        unpublish=can_unpublish_resource(user, resource),
    )


# --- Checks: not visible -> 404, visible but not allowed -> 403 -------------------------


def _check_visible(queryset, obj) -> None:
    if obj is None or obj.pk is None or not queryset.filter(pk=obj.pk).exists():
        raise Http404(_("Not found."))


def check_can_see_organization(*, user, organization: PartnerOrganization) -> None:
    _check_visible(PartnerOrganization.objects.visible_to(user), organization)


def check_can_create_organization(*, user) -> None:
    if not can_create_organization(user):
        raise PermissionDenied(_("Sign in to create an organisation."))


def check_can_edit_organization(*, user, organization) -> None:
    check_can_see_organization(user=user, organization=organization)
    if not can_edit_organization(user, organization):
        raise PermissionDenied(_("Only the organisation's admins can do this."))


def check_can_verify_organization(*, user, organization) -> None:
    check_can_see_organization(user=user, organization=organization)
    if not can_verify_organization(user):
        raise PermissionDenied(_("Only platform staff verify organisations."))


def check_can_list_members(*, user, organization) -> None:
    check_can_see_organization(user=user, organization=organization)
    if not can_list_members(user, organization):
        raise PermissionDenied(_("Only the organisation's members can do this."))


def check_can_invite_members(*, user, organization) -> None:
    check_can_see_organization(user=user, organization=organization)
    if not can_invite_members(user, organization):
        raise PermissionDenied(_("Only the organisation's admins can do this."))


def check_can_remove_member(*, user, membership) -> None:
    _check_visible(Membership.objects.visible_to(user), membership)
    if not can_remove_member(user, membership):
        raise PermissionDenied(_("Only the organisation's admins can do this."))


def check_can_accept_invitation(*, user, membership) -> None:
    _check_visible(Membership.objects.visible_to(user), membership)
    if not can_accept_invitation(user, membership):
        raise PermissionDenied(_("This invitation was sent to another email address."))


def check_can_create_resource(*, user, organization) -> None:
    if organization is not None:
        check_can_see_organization(user=user, organization=organization)
    if not can_create_resource(user, organization):
        if organization is None:
            raise PermissionDenied(_("Post resources on behalf of an organisation you belong to."))
        raise PermissionDenied(_("Only the organisation's members can do this."))


def _check_resource_visible(user, resource) -> None:
    _check_visible(Resource.objects.visible_to(user), resource)


def check_can_edit_resource(*, user, resource) -> None:
    _check_resource_visible(user, resource)
    if not can_edit_resource(user, resource):
        raise PermissionDenied(_("Only the organisation's members can do this."))


def check_can_publish_resource(*, user, resource) -> None:
    _check_resource_visible(user, resource)
    if not can_publish_resource(user, resource):
        if resource.status == Resource.Status.UNPUBLISHED and can_edit_resource(user, resource):
            raise PermissionDenied(_("Staff unpublished this resource; ask them to review it."))
        raise PermissionDenied(_("Only the organisation's members can do this."))


def check_can_withdraw_resource(*, user, resource) -> None:
    _check_resource_visible(user, resource)
    if not can_withdraw_resource(user, resource):
        raise PermissionDenied(_("Only the organisation's members can do this."))


def check_can_delete_resource(*, user, resource) -> None:
    _check_resource_visible(user, resource)
    if not can_delete_resource(user, resource):
        raise PermissionDenied(_("Only the organisation's members can do this."))


def check_can_change_resource(*, user, resource) -> None:
    _check_resource_visible(user, resource)
    if not can_change_resource(user, resource):
        raise PermissionDenied(_("Only the organisation's members can do this."))


def check_can_unpublish_resource(*, user, resource) -> None:
    _check_resource_visible(user, resource)
    if not can_unpublish_resource(user, resource):
        raise PermissionDenied(_("Only platform staff unpublish resources."))
