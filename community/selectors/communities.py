"""Reads of communities and their members, with badges loaded for a whole page at once."""

from dataclasses import dataclass, field

from django.db.models import BooleanField, CharField, Q, Value

from ecosystem.accounts.roles import kept_for
from partners.models import Membership as PartnerMembership

from ..models import Community, CommunityMembership


def community_list_for(user, *, search: str = ""):
    """Communities a person may see (`Community.objects.visible_to`), each with its
    member count (kept on its row: community/member_count.py)."""
    queryset = (
        Community.objects.visible_to(user)
        .select_related("category", "region")
        .order_by("name", "id")
    )
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(purpose__icontains=search))
    return queryset


def proposals_for(user):
    """Communities a person may see that are not open (`visible_to` decides: staff see
    every one, anyone else the ones they proposed), with only what the list shows of a
    proposal: no member count, category or region. Most people have none, and this
    query is built on every view of the list."""
    return (
        Community.objects.visible_to(user)
        .exclude(status=Community.Status.ACTIVE)
        .only("id", "name", "slug", "purpose", "status")
        .order_by("name", "id")
    )


PROPOSALS_LISTED = 50


def proposals_listed(user, *, reviews: bool) -> list[Community]:
    """The proposals the community list shows: for someone who `reviews` them (staff),
    those waiting; for anyone else, the ones they made (waiting or declined). Most people
    made none: whether they made any is kept under their roles version, which every write of a
    community they made raises (community/hooks.py), so the list asks nothing then."""
    if not user.is_authenticated:
        return []
    proposals = proposals_for(user)
    if reviews:
        proposals = proposals.filter(status=Community.Status.PROPOSED)
    elif not kept_for(user, "community-proposed", proposals.exists):
        return []
    return list(proposals[:PROPOSALS_LISTED])


def community_for(*, user, slug: str) -> Community:
    """A community the person may see, with its member count (DoesNotExist otherwise)."""
    return community_list_for(user).get(slug=slug)


def member_list(*, community: Community, include_pending: bool = False):
    """A community's members, moderators first; pending requests (for moderators) last."""
    queryset = CommunityMembership.objects.filter(community=community).select_related("user")
    if not include_pending:
        queryset = queryset.filter(status=CommunityMembership.Status.ACTIVE)
    return queryset.order_by("status", "-role", "created_at", "id")


def membership_requests(*, community: Community):
    """Requests to join a members-only community, oldest first."""
    return (
        CommunityMembership.objects.filter(
            community=community, status=CommunityMembership.Status.PENDING
        )
        .select_related("user")
        .order_by("created_at", "id")
    )


def memberships_for(*, user, communities, kept: bool = False) -> dict[int, CommunityMembership]:
    """A person's membership (or request) in each community of a page, in one query; or,
    `kept`, for a page that only shows (the community list's badges), from what is kept
    of all their memberships (`_kept_memberships`): no query."""
    if not user.is_authenticated:
        return {}
    ids = [community.pk for community in communities]
    if kept:
        held = _kept_memberships(user)
        if held is not None:
            memberships = {}
            for pk in ids:
                if pk in held:
                    status, role = held[pk]
                    memberships[pk] = CommunityMembership(
                        community_id=pk, user_id=user.pk, status=status, role=role
                    )
            return memberships
    return {
        membership.community_id: membership
        for membership in CommunityMembership.objects.filter(user=user, community__in=ids)
    }


MEMBERSHIPS_KEPT_AT_MOST = 500


def _kept_memberships(user) -> dict[int, tuple[str, str]] | None:
    """Every membership (or request) of the person, as community id -> (status, role),
    kept in the cache under their roles version, which every write of their community
    memberships raises in the same transaction (community/hooks.py). None for someone in
    more than MEMBERSHIPS_KEPT_AT_MOST communities: asked by page then."""

    def read():
        rows = list(
            CommunityMembership.objects.filter(user=user)
            .order_by()
            .values_list("community_id", "status", "role")[: MEMBERSHIPS_KEPT_AT_MOST + 1]
        )
        if len(rows) > MEMBERSHIPS_KEPT_AT_MOST:
            return "many"
        return {pk: (status, role) for pk, status, role in rows}

    held = kept_for(user, "community-memberships", read)
    return None if held == "many" else held


@dataclass
class Badges:
    staff: bool = False
    moderator: bool = False
    organizations: list = field(default_factory=list)  # [(name, verified, slug)]


def badges_for(*, authors, community: Community) -> dict[int, Badges]:
    """Badges of each author on a page, in one query whatever the page size: the authors
    who moderate `community`, and each author's active partner organisations, as one
    UNION of (author, organisation's name, verified, slug) rows, the moderators' with no
    organisation (two queries as one: on a thread page, building and sending a query costs
    more than reading its rows)."""
    authors = {author.pk: author for author in authors if author is not None}
    badges = {pk: Badges(staff=author.is_staff) for pk, author in authors.items()}
    if not authors:
        return badges
    no_text = Value(None, output_field=CharField())
    no_flag = Value(None, output_field=BooleanField())
    moderators = (
        CommunityMembership.objects.moderators()
        .filter(community=community, user_id__in=authors)
        .order_by()
        .values_list("user_id", no_text, no_flag, no_text)
    )
    organizations = (
        PartnerMembership.objects.active()
        .filter(user_id__in=authors)
        .order_by()
        # A badge names, links and marks the organisation: not its description and the rest.
        .values_list(
            "user_id", "organization__name", "organization__verified", "organization__slug"
        )
    )
    rows = moderators.union(organizations, all=True)
    for user_id, name, verified, slug in sorted(rows, key=lambda row: (row[1] or "").casefold()):
        if name is None:
            badges[user_id].moderator = True
        else:
            badges[user_id].organizations.append((name, verified, slug))
    return badges
