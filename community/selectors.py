"""Reads of communities, threads and posts, with badges loaded for a whole page at once."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q

from partners.models import Membership as PartnerMembership

from .models import Community, CommunityMembership, Post, Thread, readable_community_ids


def community_list_for(user, *, search: str = ""):
    queryset = (
        Community.objects.visible_to(user)
        .select_related("category", "region")
        .annotate(
            member_count=Count(
                "memberships",
                filter=Q(memberships__status=CommunityMembership.Status.ACTIVE),
                distinct=True,
            )
        )
        .order_by("name", "id")
    )
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(purpose__icontains=search))
    return queryset


def thread_list(*, community: Community, kind: str = "", answered: bool | None = None):
    """Pinned first, then newest activity."""
    queryset = (
        Thread.objects.alive()
        .filter(community=community)
        .select_related("author", "playbook_milestone")
        .order_by("-pinned", "-last_activity_at", "-id")
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if answered is True:
        queryset = queryset.filter(accepted_post__isnull=False)
    elif answered is False:
        queryset = queryset.filter(accepted_post__isnull=True)
    return queryset


def post_list(*, thread: Thread):
    """A thread's posts in order (deleted ones stay as placeholders, so numbering holds)."""
    return Post.objects.filter(thread=thread).select_related("author").order_by("created_at", "id")


@dataclass
class Badges:
    staff: bool = False
    moderator: bool = False
    organizations: list = field(default_factory=list)  # [(name, verified, slug)]


def badges_for(*, authors, community: Community) -> dict[int, Badges]:
    """Badges of each author on a page, in two queries whatever the page size."""
    authors = {author.pk: author for author in authors if author is not None}
    badges = {pk: Badges(staff=author.is_staff) for pk, author in authors.items()}
    for user_id in CommunityMembership.objects.filter(
        community=community,
        user_id__in=authors,
        role=CommunityMembership.Role.MODERATOR,
        status=CommunityMembership.Status.ACTIVE,
    ).values_list("user_id", flat=True):
        badges[user_id].moderator = True
    for membership in (
        PartnerMembership.objects.filter(user_id__in=authors, accepted_at__isnull=False)
        .select_related("organization")
        .order_by("organization__name")
    ):
        organization = membership.organization
        badges[membership.user_id].organizations.append(
            (organization.name, organization.verified, organization.slug)
        )
    return badges


def community_tips_for_milestone(*, milestone):
    """From the community: tips and answered questions in public communities that link to
    the milestone's source playbook milestone. Members-only content never leaves."""
    if milestone.source_id is None:
        return Thread.objects.none()
    return (
        Thread.objects.alive()
        .filter(
            playbook_milestone_id=milestone.source_id,
            community__status=Community.Status.ACTIVE,
            community__visibility=Community.Visibility.PUBLIC,
        )
        .filter(Q(kind=Thread.Kind.TIP) | Q(kind=Thread.Kind.QUESTION, accepted_post__isnull=False))
        .select_related("community", "author", "accepted_post", "accepted_post__author")
        .order_by("-last_activity_at", "-id")
    )


def search_threads(*, user, text: str):
    """Threads a person may read whose title or posts match (full-text on PostgreSQL)."""
    queryset = (
        Thread.objects.alive()
        .filter(community_id__in=readable_community_ids(user))
        .select_related("community", "author")
    )
    if not text:
        return queryset.none()
    if settings.USING_POSTGRES:
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        query = SearchQuery(text, search_type="websearch")
        matching_posts = (
            Post.objects.alive()
            .annotate(match=SearchVector("body"))
            .filter(match=query)
            .values("thread_id")
        )
        return (
            queryset.annotate(rank=SearchRank(SearchVector("title", weight="A"), query))
            .filter(Q(rank__gt=0) | Q(pk__in=matching_posts))
            .order_by("-rank", "-last_activity_at", "-id")
        )
    matching_posts = Post.objects.alive().filter(body__icontains=text).values("thread_id")
    return queryset.filter(Q(title__icontains=text) | Q(pk__in=matching_posts)).order_by(
        "-last_activity_at", "-id"
    )
