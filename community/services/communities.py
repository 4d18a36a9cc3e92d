"""Writes on communities and their memberships: open or propose, review, edit, join,
leave, approve, decline, appoint moderators.

Each verb takes the acting person, checks first (`community.access`: PermissionDenied for
who may not, ValidationError for what cannot be done now), then writes in one transaction
with its audit row.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ecosystem.audit.services import audit_record

from ..access import (
    check_can_join,
    check_can_moderate,
    check_can_review,
    opens_communities,
    standing_in,
)
from ..models import Community, CommunityMembership

COMMUNITY_EDITABLE = {"name", "purpose", "category", "region", "visibility"}


@transaction.atomic
def community_create(
    *,
    by,
    name: str,
    purpose: str,
    slug: str | None = None,
    category=None,
    region=None,
    visibility: str = Community.Visibility.PUBLIC,
) -> Community:
    """Staff create an active community; anyone else proposes one for staff to approve."""
    community = Community(
        name=name,
        slug=slug or slugify(name)[:80],
        purpose=purpose,
        category=category,
        region=region,
        visibility=visibility,
        status=Community.Status.ACTIVE if opens_communities(by) else Community.Status.PROPOSED,
        created_by=by,
    )
    community.full_clean(exclude=["created_by", "category", "region"])
    try:
        with transaction.atomic():
            community.save()
    except IntegrityError as error:
        raise ValidationError({"slug": _("This slug is already taken.")}) from error
    audit_record(
        actor=by, verb="community.create", target=community, payload={"status": community.status}
    )
    return community


@transaction.atomic
def community_review(*, community: Community, by, approve: bool) -> Community:
    """Staff approve a proposed community (its proposer becomes its first moderator) or
    decline it."""
    check_can_review(user=by, community=community)
    community.status = Community.Status.ACTIVE if approve else Community.Status.DECLINED
    community.save(update_fields=["status"])
    if approve and community.created_by_id:
        CommunityMembership.objects.update_or_create(
            community=community,
            user_id=community.created_by_id,
            defaults={
                "role": CommunityMembership.Role.MODERATOR,
                "status": CommunityMembership.Status.ACTIVE,
            },
        )
    audit_record(
        actor=by, verb="community.approve" if approve else "community.decline", target=community
    )
    return community


@transaction.atomic
def community_update(*, community: Community, by, **changes) -> Community:
    """Moderators and staff change a community's name, purpose, category, region and who
    can read it."""
    check_can_moderate(user=by, community=community)
    unknown = set(changes) - COMMUNITY_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(community, field, value)
    community.full_clean(exclude=["created_by", "category", "region"])
    community.save()
    audit_record(
        actor=by,
        verb="community.update",
        target=community,
        payload={"fields": sorted(changes)},
    )
    return community


@transaction.atomic
def moderator_appoint(*, community: Community, user, by) -> CommunityMembership:
    """Staff appoint moderators (the first ones); moderators may appoint more."""
    check_can_moderate(user=by, community=community)
    membership, _created = CommunityMembership.objects.update_or_create(
        community=community,
        user=user,
        defaults={
            "role": CommunityMembership.Role.MODERATOR,
            "status": CommunityMembership.Status.ACTIVE,
        },
    )
    audit_record(
        actor=by, verb="community.moderator_appoint", target=community, payload={"user": user.pk}
    )
    return membership


@transaction.atomic
def community_join(*, community: Community, user) -> CommunityMembership:
    """Join a public community at once; ask to join a members-only one."""
    check_can_join(standing_in(user=user, community=community))
    status = (
        CommunityMembership.Status.ACTIVE
        if community.is_public
        else CommunityMembership.Status.PENDING
    )
    return CommunityMembership.objects.create(community=community, user=user, status=status)


@transaction.atomic
def community_leave(*, community: Community, user) -> None:
    """Leave a community, or withdraw a request to join it."""
    membership = standing_in(user=user, community=community).membership
    if membership is None:
        raise ValidationError(_("You are not a member of this community."))
    membership.delete()


@transaction.atomic
def membership_approve(*, membership: CommunityMembership, by) -> CommunityMembership:
    check_can_moderate(user=by, community=membership.community)
    if membership.status != CommunityMembership.Status.PENDING:
        raise ValidationError(_("This request was already handled."))
    membership.status = CommunityMembership.Status.ACTIVE
    membership.save(update_fields=["status"])
    audit_record(
        actor=by,
        verb="community.member_approve",
        target=membership.community,
        payload={"user": membership.user_id},
    )
    return membership


@transaction.atomic
def membership_decline(*, membership: CommunityMembership, by) -> None:
    check_can_moderate(user=by, community=membership.community)
    if membership.status != CommunityMembership.Status.PENDING:
        raise ValidationError(_("This request was already handled."))
    audit_record(
        actor=by,
        verb="community.member_decline",
        target=membership.community,
        payload={"user": membership.user_id},
    )
    membership.delete()
