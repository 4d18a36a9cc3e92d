"""Reads of communities, threads and posts, with badges loaded for a whole page at once."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from goals.models import PlaybookMilestone
from partners.models import Membership as PartnerMembership

from .models import (
    Community,
    CommunityMembership,
    Flag,
    ModerationAction,
    Post,
    Reaction,
    Thread,
    ThreadReadMark,
    readable_community_ids,
)


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


def thread_list(*, community: Community, kind: str = "", answered: bool | None = None, user=None):
    """Pinned first, then newest activity. With `user`, hidden threads are left out unless
    they wrote it or moderate here (as `Thread.objects.visible_to` decides)."""
    queryset = (
        Thread.objects.alive()
        .filter(community=community)
        .select_related("author", "playbook_milestone")
        .order_by("-pinned", "-last_activity_at", "-id")
    )
    if user is not None and not user.is_staff:
        moderates_here = CommunityMembership.objects.filter(
            community=community,
            user=user,
            role=CommunityMembership.Role.MODERATOR,
            status=CommunityMembership.Status.ACTIVE,
        )
        queryset = queryset.filter(
            Q(hidden_at__isnull=True) | Q(author=user) | Q(Exists(moderates_here))
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
            hidden_at__isnull=True,
        )
        .filter(Q(kind=Thread.Kind.TIP) | Q(kind=Thread.Kind.QUESTION, accepted_post__isnull=False))
        .select_related("community", "author", "accepted_post", "accepted_post__author")
        .order_by("-last_activity_at", "-id")
    )


def search_threads(*, user, text: str):
    """Threads a person may read whose title or posts match (full-text on PostgreSQL)."""
    # visible_to: readable communities, and hidden threads only for whom may see them.
    queryset = Thread.objects.visible_to(user).select_related("community", "author")
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


# --- Added for the community API (additive) ---------------------------------------------


def community_readable_by(*, user, community: Community) -> bool:
    """Whether a person may read a community's threads and see its members: public active
    communities for everyone signed in, members-only ones for their members, all for staff."""
    if not user.is_authenticated:
        return False
    return readable_community_ids(user).filter(pk=community.pk).exists()


def member_list(*, community: Community, include_pending: bool = False):
    """A community's members, moderators first; pending requests (for moderators) last."""
    queryset = CommunityMembership.objects.filter(community=community).select_related("user")
    if not include_pending:
        queryset = queryset.filter(status=CommunityMembership.Status.ACTIVE)
    return queryset.order_by("status", "-role", "created_at", "id")


def memberships_for(*, user, communities) -> dict[int, CommunityMembership]:
    """A person's membership (or request) in each community of a page, in one query."""
    if not user.is_authenticated:
        return {}
    return {
        membership.community_id: membership
        for membership in CommunityMembership.objects.filter(
            user=user, community__in=[community.pk for community in communities]
        )
    }


def helpful_post_ids(*, user, posts) -> set[int]:
    """Which posts of a page a person marked helpful, in one query."""
    if not user.is_authenticated:
        return set()
    return set(
        Reaction.objects.filter(user=user, post__in=[post.pk for post in posts]).values_list(
            "post_id", flat=True
        )
    )


# --- Reads of the community pages (community/views.py) -----------------------------------


def community_for(*, user, slug: str) -> Community:
    """A community the person may see, with its member count (DoesNotExist otherwise)."""
    return community_list_for(user).get(slug=slug)


def membership_requests(*, community: Community):
    """Requests to join a members-only community, oldest first."""
    return (
        CommunityMembership.objects.filter(
            community=community, status=CommunityMembership.Status.PENDING
        )
        .select_related("user")
        .order_by("created_at", "id")
    )


def thread_detail(*, user, pk: int) -> Thread:
    """A thread the person may read (DoesNotExist otherwise), with what its page shows."""
    return (
        Thread.objects.visible_to(user)
        .select_related(
            "community", "author", "playbook_milestone__playbook", "accepted_post__author"
        )
        .get(pk=pk)
    )


def post_detail(*, user, pk: int) -> Post:
    """A post the person may read (DoesNotExist otherwise)."""
    post = Post.objects.visible_to(user).select_related("thread__community", "author").get(pk=pk)
    # A hidden thread's posts stay hidden with it (one more query, for hidden threads only).
    if (
        post.thread.hidden_at is not None
        and not Thread.objects.visible_to(user).filter(pk=post.thread_id).exists()
    ):
        raise Post.DoesNotExist
    return post


def post_position(*, post: Post) -> int:
    """How many posts of its thread come before it (in the thread's order)."""
    return (
        Post.objects.filter(thread_id=post.thread_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.pk))
        .count()
    )


def first_unread_post(*, user, thread: Thread) -> Post | None:
    """The first post after where the reader left off, in one query; None when they never
    opened the thread or have read it all."""
    last_read = ThreadReadMark.objects.filter(thread=thread, user=user).values("last_read_post_id")[
        :1
    ]
    return (
        Post.objects.alive()
        .filter(thread=thread, pk__gt=Subquery(last_read))
        .order_by("created_at", "id")
        .only("id", "thread_id", "created_at")
        .first()
    )


def playbook_milestones_to_link():
    """Milestones of public playbooks a thread may link to, in playbook order."""
    return (
        PlaybookMilestone.objects.filter(playbook__public=True)
        .select_related("playbook")
        .order_by("playbook__title", "playbook_id", "position", "id")
    )


# --- Moderation: the queue, the log, one's own flags (issue 7, additive) -----------------


def moderated_communities(user):
    """Communities a person moderates: all of them for staff, else where they are an active
    moderator."""
    if not user.is_authenticated:
        return Community.objects.none()
    if user.is_staff:
        return Community.objects.all()
    return Community.objects.filter(
        memberships__user=user,
        memberships__role=CommunityMembership.Role.MODERATOR,
        memberships__status=CommunityMembership.Status.ACTIVE,
    )


def moderation_queue(*, user, community: Community | None = None):
    """Flagged items waiting for review, oldest first: one row per item (its first open
    flag), with the item and its context loaded. `attach_open_flags` adds the flags of a
    page in one more query."""
    earlier_open_flag = (
        Flag.objects.filter(outcome=Flag.Outcome.OPEN)
        .filter(Q(post=OuterRef("post")) | Q(thread=OuterRef("thread")))
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
    )
    first_post_html = (
        Post.objects.filter(thread=OuterRef("thread"))
        .order_by("created_at", "id")
        .values("body_html")[:1]
    )
    queryset = (
        Flag.objects.filter(outcome=Flag.Outcome.OPEN)
        .filter(~Exists(earlier_open_flag))
        .filter(community__in=moderated_communities(user).values("pk"))
        .annotate(thread_body_html=Subquery(first_post_html))
        .select_related(
            "community", "post__author", "post__thread", "thread__author", "thread__community"
        )
        .order_by("created_at", "id")
    )
    if community is not None:
        queryset = queryset.filter(community=community)
    return queryset


def attach_open_flags(entries) -> None:
    """Give each queue row `open_flags`: every open flag on its item, oldest first, with
    who raised it, in one query for the whole page."""
    entries = list(entries)
    post_ids = [entry.post_id for entry in entries if entry.post_id]
    thread_ids = [entry.thread_id for entry in entries if entry.thread_id]
    by_item: dict[tuple, list] = {}
    if entries:
        for flag in (
            Flag.objects.filter(outcome=Flag.Outcome.OPEN)
            .filter(Q(post_id__in=post_ids) | Q(thread_id__in=thread_ids))
            .select_related("flagger")
            .order_by("created_at", "id")
        ):
            by_item.setdefault((flag.post_id, flag.thread_id), []).append(flag)
    for entry in entries:
        entry.open_flags = by_item.get((entry.post_id, entry.thread_id), [])


def moderation_log(*, user, action: str = "", community=None, actor=None, since=None, until=None):
    """The moderation log, newest first: everything for staff, the communities they
    moderate for moderators. `since` and `until` are dates (inclusive)."""
    queryset = ModerationAction.objects.select_related(
        "actor", "community", "thread", "post", "subject"
    ).order_by("-created_at", "-id")
    if not user.is_staff:
        queryset = queryset.filter(community__in=moderated_communities(user).values("pk"))
    if action:
        queryset = queryset.filter(action=action)
    if community is not None:
        queryset = queryset.filter(community=community)
    if actor is not None:
        queryset = queryset.filter(actor=actor)
    if since is not None:
        queryset = queryset.filter(created_at__date__gte=since)
    if until is not None:
        queryset = queryset.filter(created_at__date__lte=until)
    return queryset


def flags_raised_by(*, user):
    """The flags a person raised, newest first, with what became of each."""
    return (
        Flag.objects.filter(flagger=user)
        .select_related("community", "post__thread", "thread")
        .order_by("-created_at", "-id")
    )


def moderation_notices_for(*, user):
    """What moderators did about a person or what they wrote, newest first: why a post or
    thread of theirs was hidden or deleted, their warnings and suspensions."""
    Action = ModerationAction.Action
    return (
        ModerationAction.objects.filter(
            subject=user,
            action__in=[Action.AUTO_HIDE, Action.HIDE, Action.DELETE, Action.WARN, Action.SUSPEND],
        )
        .select_related("community", "thread", "post")
        .order_by("-created_at", "-id")
    )


def deletion_reasons(*, posts) -> dict[int, str]:
    """Why moderators deleted the deleted posts of a page, in one query (none when no post
    of the page is deleted)."""
    deleted = [post.pk for post in posts if post is not None and post.deleted_at is not None]
    if not deleted:
        return {}
    return dict(
        ModerationAction.objects.filter(post_id__in=deleted, action=ModerationAction.Action.DELETE)
        .order_by("post_id", "created_at", "id")  # the latest deletion's reason wins
        .values_list("post_id", "reason")
    )


def moderation_target_post(*, user, pk: int) -> Post:
    """A post a person may act on, or be told they may not: one they can read, or any post
    of a community they moderate (hidden, deleted, or in a deleted thread). DoesNotExist
    otherwise, so what they cannot see stays unknown."""
    post = Post.objects.select_related("thread__community", "author").get(pk=pk)
    if (
        user.is_staff
        or Post.objects.visible_to(user).filter(pk=pk).exists()
        or moderated_communities(user).filter(pk=post.thread.community_id).exists()
    ):
        return post
    raise Post.DoesNotExist


def moderation_target_thread(*, user, pk: int) -> Thread:
    """A thread a person may act on, or be told they may not (see moderation_target_post)."""
    thread = Thread.objects.select_related("community", "author").get(pk=pk)
    if (
        user.is_staff
        or Thread.objects.visible_to(user).filter(pk=pk).exists()
        or moderated_communities(user).filter(pk=thread.community_id).exists()
    ):
        return thread
    raise Thread.DoesNotExist
