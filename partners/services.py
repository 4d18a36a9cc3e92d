"""Writes on partner organisations, memberships and resources.

Membership changes and staff decisions (verify, unpublish) are written to the audit log in
the same transaction as the change.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ecosystem.audit.services import audit_record
from ecosystem.enqueue import enqueue
from ecosystem.markdown import markdown_problems, render_markdown

from . import access, tasks
from .models import Membership, PartnerOrganization, Resource

# Paths under /partners/ that an organisation's slug must not shadow.
RESERVED_SLUGS = {"new", "invitations"}
# An invitation is emailed by a task enqueued after commit; one still unsent this long
# after it was written lost its message (the broker was unreachable, or the task died),
# and the sweep enqueues it again.
UNSENT_AFTER = timedelta(minutes=1)
SWEEP_BATCH = 500
ORGANIZATION_EDITABLE = {
    "name", "kind", "description", "website", "time_zone", "regions", "categories",
}  # fmt: skip
RESOURCE_EDITABLE = {
    "kind", "title", "summary", "body", "link", "categories", "regions",
    "window_start", "window_end", "playbook_milestones",
}  # fmt: skip


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
    time_zone: str = "UTC",
    regions=(),
    categories=(),
) -> PartnerOrganization:
    """Create an organisation; its creator becomes its first admin."""
    access.check_can_create_organization(user=by)
    organization = PartnerOrganization(
        name=name,
        slug=slug or slugify(name)[:80],
        kind=kind,
        description=description,
        website=website,
        time_zone=time_zone,
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
    """An admin changes the profile (never the slug, never the verification)."""
    access.check_can_edit_organization(user=by, organization=organization)
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
    access.check_can_verify_organization(user=by, organization=organization)
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
    access.check_can_invite_members(user=by, organization=organization)
    email = email.strip().lower()
    already = Membership.objects.filter(organization=organization, email__iexact=email).exists()
    # A member who changed their address is a member all the same.
    people = get_user_model().objects.filter(email__iexact=email)
    already = already or (
        Membership.objects.active().filter(organization=organization, user__in=people).exists()
    )
    if already:
        raise ValidationError(
            {"email": _("%(email)s is already invited or a member.") % {"email": email}}
        )
    membership = Membership(organization=organization, email=email, role=role, invited_by=by)
    membership.full_clean(exclude=["organization", "user", "invited_by"])
    membership.save()
    transaction.on_commit(
        lambda: enqueue(tasks.send_member_invitation, membership_id=membership.pk)
    )
    audit_record(
        actor=by,
        verb="partner.member_invite",
        target=organization,
        payload={"email": email, "role": role},
    )
    return membership


def member_invitation_send(*, membership_id: int) -> bool:
    """Email an invitee how to join, once.

    The row is claimed (invitation_sent_at set) in the same transaction as the sending,
    before the email goes: a task delivered twice finds it claimed and sends nothing, and
    an email that fails to go releases the claim, so a retry sends it. An invitation
    accepted or withdrawn meanwhile is not emailed.
    """
    with transaction.atomic():
        claimed = Membership.objects.filter(
            pk=membership_id, accepted_at__isnull=True, invitation_sent_at__isnull=True
        ).update(invitation_sent_at=timezone.now())
        if not claimed:
            return False
        membership = Membership.objects.select_related("organization", "invited_by").get(
            pk=membership_id
        )
        organization = membership.organization
        # In the inviter's language: the person invited may not have an account yet.
        language = membership.invited_by.locale if membership.invited_by else None
        with translation.override(language or settings.LANGUAGE_CODE):
            inviter = membership.invited_by.name if membership.invited_by else _("An admin")
            send_mail(
                subject=_("You are invited to join %(organization)s on Ecosystem")
                % {"organization": organization.name},
                message=_(
                    "%(inviter)s invited you to join %(organization)s as %(role)s.\n\n"
                    "Sign in (or sign up) with this email address, then accept the invitation "
                    "here:\n%(url)s\n"
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


def member_invitations_unsent(*, now=None) -> list[int]:
    """Open invitations whose email was never sent and whose message must have been lost
    (older than UNSENT_AFTER), oldest first; the sweep sends each through
    member_invitation_send, whose claim keeps it to one email."""
    now = now or timezone.now()
    return list(
        Membership.objects.filter(
            accepted_at__isnull=True,
            invitation_sent_at__isnull=True,
            invited_at__lt=now - UNSENT_AFTER,
        )
        .order_by("invited_at", "id")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


@transaction.atomic
def member_accept(*, membership: Membership, by) -> Membership:
    """The invitee accepts: the invitation follows the email address, not the browser.

    Accepting is idempotent: accepting twice, or accepting an invitation to an
    organisation one already belongs to (say, under an address one has since changed),
    leaves the person a member and answers their membership. In the second case the
    duplicate invitation is closed, and an invitation to be an admin makes the member an
    admin (never the other way round: an admin stays one).
    """
    access.check_can_accept_invitation(user=by, membership=membership)
    # Rows locked in a fixed order (this person's, then the invitation) so two accepts
    # at once cannot both find no membership and both write one.
    existing = (
        Membership.objects.select_for_update()
        .active()
        .filter(organization_id=membership.organization_id, user=by)
        .first()
    )
    invitation = Membership.objects.select_for_update().get(pk=membership.pk)
    if existing is not None:
        if existing.pk != invitation.pk:
            if invitation.role == Membership.Role.ADMIN and existing.role != invitation.role:
                existing.role = Membership.Role.ADMIN
                existing.save(update_fields=["role"])
            audit_record(
                actor=by,
                verb="partner.member_join",
                target=existing.organization,
                payload={"already_member": True, "invitation": invitation.email},
            )
            invitation.delete()
        return existing
    invitation.user = by
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["user", "accepted_at"])
    audit_record(actor=by, verb="partner.member_join", target=invitation.organization)
    return invitation


@transaction.atomic
def member_remove(*, membership: Membership, by) -> None:
    """An admin removes a member (or a member leaves); the last admin cannot go."""
    access.check_can_remove_member(user=by, membership=membership)
    organization = membership.organization
    if membership.role == Membership.Role.ADMIN and membership.accepted_at is not None:
        admins = (
            Membership.objects.active()
            .filter(organization=organization, role=Membership.Role.ADMIN)
            .count()
        )
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
    """A member posts a draft for their organisation (staff: for the platform, with no
    organisation); the body is rendered and sanitised once, here."""
    access.check_can_create_resource(user=by, organization=organization)
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
    """Members change their organisation's resource; a new body is rendered again."""
    access.check_can_edit_resource(user=by, resource=resource)
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
    access.check_can_publish_resource(user=by, resource=resource)
    if resource.status != Resource.Status.PUBLISHED:
        resource.status = Resource.Status.PUBLISHED
        resource.published_at = resource.published_at or timezone.now()
        resource.unpublished_reason = ""
        resource.save(update_fields=["status", "published_at", "unpublished_reason", "updated_at"])
    return resource


@transaction.atomic
def resource_withdraw(*, resource: Resource, by) -> Resource:
    """The organisation takes its own resource back to draft."""
    access.check_can_withdraw_resource(user=by, resource=resource)
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
    access.check_can_unpublish_resource(user=by, resource=resource)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the organisation can fix it.")})
    resource.status = Resource.Status.UNPUBLISHED
    resource.unpublished_reason = reason.strip()[:500]
    resource.save(update_fields=["status", "unpublished_reason", "updated_at"])
    audit_record(actor=by, verb="resource.unpublish", target=resource, payload={"reason": reason})
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, by) -> None:
    """Members delete their organisation's resource."""
    access.check_can_delete_resource(user=by, resource=resource)
    resource.delete()
