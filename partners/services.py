"""Writes on partner organisations, memberships and resources.

Membership changes and staff decisions (verify, unpublish) are written to the audit log in
the same transaction as the change.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ecosystem.audit.services import audit_record
from ecosystem.markdown import markdown_problems, render_markdown

from .models import Membership, PartnerOrganization, Resource

# Paths under /partners/ that an organisation's slug must not shadow.
RESERVED_SLUGS = {"new", "invitations"}
ORGANIZATION_EDITABLE = {"name", "kind", "description", "website", "regions", "categories"}
RESOURCE_EDITABLE = {
    "kind", "title", "summary", "body", "link", "categories", "regions",
    "window_start", "window_end", "playbook_milestones",
}  # fmt: skip


def membership_of(*, user, organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(
        organization=organization, user=user, accepted_at__isnull=False
    ).first()


def check_is_admin(*, user, organization) -> None:
    membership = membership_of(user=user, organization=organization)
    if membership is None or membership.role != Membership.Role.ADMIN:
        raise PermissionDenied(_("Only the organisation's admins can do this."))


def check_is_member(*, user, organization) -> None:
    if membership_of(user=user, organization=organization) is None:
        raise PermissionDenied(_("Only the organisation's members can do this."))


def check_can_post(*, user, organization) -> None:
    if organization is None:
        if not user.is_staff:
            raise PermissionDenied(_("Post resources on behalf of an organisation you belong to."))
        return
    if membership_of(user=user, organization=organization) is None:
        raise PermissionDenied(_("Only the organisation's members can do this."))


def _set_many(instance, related: dict) -> None:
    for field, values in related.items():
        if values is not None:
            getattr(instance, field).set(values)


@transaction.atomic
def organization_create(
    *,
    by,
    name: str,
    kind: str,
    slug: str | None = None,
    description: str = "",
    website: str = "",
    regions=(),
    categories=(),
) -> PartnerOrganization:
    """Create an organisation; its creator becomes its first admin."""
    organization = PartnerOrganization(
        name=name,
        slug=slug or slugify(name)[:80],
        kind=kind,
        description=description,
        website=website,
        created_by=by,
    )
    organization.full_clean(exclude=["created_by", "verified_by"])
    if organization.slug in RESERVED_SLUGS:
        raise ValidationError(
            {"slug": _("“%(slug)s” is reserved; choose another.") % {"slug": organization.slug}}
        )
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as error:
        raise ValidationError({"slug": _("This slug is already taken.")}) from error
    _set_many(organization, {"regions": regions, "categories": categories})
    Membership.objects.create(
        organization=organization,
        user=by,
        email=by.email,
        role=Membership.Role.ADMIN,
        invited_by=by,
        accepted_at=timezone.now(),
    )
    audit_record(actor=by, verb="partner.create", target=organization)
    return organization


@transaction.atomic
def organization_update(*, organization: PartnerOrganization, by, **changes) -> PartnerOrganization:
    check_is_admin(user=by, organization=organization)
    unknown = set(changes) - ORGANIZATION_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    related = {field: changes.pop(field) for field in ("regions", "categories") if field in changes}
    for field, value in changes.items():
        setattr(organization, field, value)
    organization.full_clean(exclude=["created_by", "verified_by"])
    organization.save()
    _set_many(organization, related)
    return organization


@transaction.atomic
def organization_set_verified(*, organization: PartnerOrganization, by, verified: bool):
    """Staff vouch for an organisation (or withdraw it); the label changes everywhere."""
    if not by.is_staff:
        raise PermissionDenied(_("Only platform staff verify organisations."))
    organization.verified = verified
    organization.verified_at = timezone.now() if verified else None
    organization.verified_by = by if verified else None
    organization.save(update_fields=["verified", "verified_at", "verified_by", "updated_at"])
    audit_record(
        actor=by, verb="partner.verify" if verified else "partner.unverify", target=organization
    )
    return organization


@transaction.atomic
def member_invite(
    *, organization: PartnerOrganization, by, email: str, role: str = Membership.Role.MEMBER
) -> Membership:
    """Invite someone by email; they join when they accept (signing up first if needed)."""
    check_is_admin(user=by, organization=organization)
    email = email.strip().lower()
    if Membership.objects.filter(organization=organization, email__iexact=email).exists():
        raise ValidationError(
            {"email": _("%(email)s is already invited or a member.") % {"email": email}}
        )
    membership = Membership(organization=organization, email=email, role=role, invited_by=by)
    membership.full_clean(exclude=["organization", "user", "invited_by"])
    membership.save()
    from .tasks import send_member_invitation

    transaction.on_commit(lambda: send_member_invitation.delay(membership_id=membership.pk))
    audit_record(
        actor=by,
        verb="partner.member_invite",
        target=organization,
        payload={"email": email, "role": role},
    )
    return membership


def member_invitation_send(*, membership_id: int) -> bool:
    """Email an invitee how to join, once: the row is claimed by setting
    invitation_sent_at, so a task delivered twice sends one email."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    membership = (
        Membership.objects.select_related("organization", "invited_by")
        .filter(pk=membership_id, accepted_at__isnull=True)
        .first()
    )
    claimed = Membership.objects.filter(pk=membership_id, invitation_sent_at__isnull=True).update(
        invitation_sent_at=timezone.now()
    )
    if membership is None or not claimed:
        return False
    organization = membership.organization
    inviter = membership.invited_by.name if membership.invited_by else _("An admin")
    send_mail(
        subject=_("You are invited to join %(organization)s on Ecosystem")
        % {"organization": organization.name},
        message=_(
            "%(inviter)s invited you to join %(organization)s as %(role)s.\n\n"
            "Sign in (or sign up) with this email address, then accept the invitation here:\n"
            "%(url)s\n"
        )
        % {
            "inviter": inviter,
            "organization": organization.name,
            "role": membership.get_role_display(),
            "url": settings.SITE_URL.rstrip("/") + reverse("partners:directory"),
        },
        from_email=None,
        recipient_list=[membership.email],
    )
    return True


@transaction.atomic
def member_accept(*, membership: Membership, user) -> Membership:
    """The invitee accepts: the invitation follows the email address, not the browser."""
    if membership.email.lower() != user.email.lower():
        raise PermissionDenied(_("This invitation was sent to another email address."))
    if membership.accepted_at is None:
        if Membership.objects.filter(
            organization=membership.organization, user=user, accepted_at__isnull=False
        ).exists():
            raise ValidationError(_("You are already a member of this organisation."))
        membership.user = user
        membership.accepted_at = timezone.now()
        membership.save(update_fields=["user", "accepted_at"])
        audit_record(actor=user, verb="partner.member_join", target=membership.organization)
    return membership


@transaction.atomic
def member_remove(*, membership: Membership, by) -> None:
    """An admin removes a member (or a member leaves); the last admin cannot go."""
    organization = membership.organization
    if by.pk != membership.user_id:
        check_is_admin(user=by, organization=organization)
    if membership.role == Membership.Role.ADMIN and membership.accepted_at is not None:
        admins = Membership.objects.filter(
            organization=organization, role=Membership.Role.ADMIN, accepted_at__isnull=False
        ).count()
        if admins <= 1:
            raise ValidationError(
                _("An organisation needs at least one admin: name another first.")
            )
    audit_record(
        actor=by,
        verb="partner.member_remove",
        target=organization,
        payload={"email": membership.email, "role": membership.role},
    )
    membership.delete()


def _check_window(resource: Resource) -> None:
    """Name the field, where the database's window_order constraint would not."""
    start, end = resource.window_start, resource.window_end
    if start is not None and end is not None and end < start:
        raise ValidationError({"window_end": _("The window cannot end before it starts.")})


def _check_body(body: str) -> str:
    problems = markdown_problems(body)
    if problems:
        raise ValidationError({"body": problems})
    return render_markdown(body)


@transaction.atomic
def resource_create(
    *, by, organization, kind: str, title: str, body: str = "", **fields
) -> Resource:
    check_can_post(user=by, organization=organization)
    related = {
        field: fields.pop(field)
        for field in ("categories", "regions", "playbook_milestones")
        if field in fields
    }
    unknown = set(fields) - RESOURCE_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    resource = Resource(
        organization=organization, author=by, kind=kind, title=title, body=body, **fields
    )
    resource.body_html = _check_body(body)
    _check_window(resource)
    resource.full_clean(exclude=["organization", "author"])
    resource.save()
    _set_many(resource, related)
    return resource


@transaction.atomic
def resource_update(*, resource: Resource, by, **changes) -> Resource:
    check_can_post(user=by, organization=resource.organization)
    unknown = set(changes) - RESOURCE_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    related = {
        field: changes.pop(field)
        for field in ("categories", "regions", "playbook_milestones")
        if field in changes
    }
    for field, value in changes.items():
        setattr(resource, field, value)
    if "body" in changes:
        resource.body_html = _check_body(resource.body)
    _check_window(resource)
    resource.full_clean(exclude=["organization", "author"])
    resource.save()
    _set_many(resource, related)
    return resource


@transaction.atomic
def resource_publish(*, resource: Resource, by) -> Resource:
    """Members publish; after staff unpublished it, only staff can publish it again."""
    if not by.is_staff:
        check_can_post(user=by, organization=resource.organization)
    if resource.status == Resource.Status.UNPUBLISHED and not by.is_staff:
        raise PermissionDenied(_("Staff unpublished this resource; ask them to review it."))
    if resource.status != Resource.Status.PUBLISHED:
        resource.status = Resource.Status.PUBLISHED
        resource.published_at = resource.published_at or timezone.now()
        resource.unpublished_reason = ""
        resource.save(update_fields=["status", "published_at", "unpublished_reason", "updated_at"])
    return resource


@transaction.atomic
def resource_withdraw(*, resource: Resource, by) -> Resource:
    """The organisation takes its own resource back to draft."""
    check_can_post(user=by, organization=resource.organization)
    if resource.status == Resource.Status.UNPUBLISHED:
        raise ValidationError(
            {"status": _("Staff unpublished this resource; edit it and ask staff to review it.")}
        )
    if resource.status == Resource.Status.PUBLISHED:
        resource.status = Resource.Status.DRAFT
        resource.save(update_fields=["status", "updated_at"])
    return resource


@transaction.atomic
def resource_unpublish(*, resource: Resource, by, reason: str) -> Resource:
    """Staff take a resource down, with a reason the organisation sees."""
    if not by.is_staff:
        raise PermissionDenied(_("Only platform staff unpublish resources."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the organisation can fix it.")})
    resource.status = Resource.Status.UNPUBLISHED
    resource.unpublished_reason = reason.strip()[:500]
    resource.save(update_fields=["status", "unpublished_reason", "updated_at"])
    audit_record(actor=by, verb="resource.unpublish", target=resource, payload={"reason": reason})
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, by) -> None:
    check_can_post(user=by, organization=resource.organization)
    resource.delete()
