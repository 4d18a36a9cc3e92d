"""Reads of moderation: the queue, the log, one's own flags and notices, and what a
moderator may act on."""

from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, Subquery

from ..access import can_moderate, check_can_moderate_in_scope
from ..models import Community, Flag, ModerationAction, Post, Thread


def moderated_communities(user):
    """Communities a person moderates (`Community.objects.moderated_by`)."""
    return Community.objects.moderated_by(user)


def moderation_scope(*, user, slug: str) -> Community | None:
    """The community a queue or log is narrowed to (None: all the person moderates).
    DoesNotExist when they cannot see it; PermissionDenied when they do not moderate it."""
    if not slug:
        return None
    community = Community.objects.visible_to(user).get(slug=slug)
    check_can_moderate_in_scope(user=user, community=community)
    return community


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


def _start_of(day, user) -> datetime:
    """The first instant of a day in the person's own time zone (never an ambient one, so
    the page and a token-authenticated API call agree)."""
    return datetime.combine(day, time.min, tzinfo=user.zone)


def moderation_log(*, user, action: str = "", community=None, actor=None, since=None, until=None):
    """The moderation log, newest first: everything for staff, the communities they
    moderate for moderators. `since` and `until` are days (inclusive) in the person's own
    time zone."""
    queryset = ModerationAction.objects.select_related(
        "actor", "community", "thread", "post", "subject"
    ).order_by("-created_at", "-id")
    if not can_moderate(user=user, community=None):  # platform-wide entries: staff's
        queryset = queryset.filter(community__in=moderated_communities(user).values("pk"))
    if action:
        queryset = queryset.filter(action=action)
    if community is not None:
        queryset = queryset.filter(community=community)
    if actor is not None:
        queryset = queryset.filter(actor=actor)
    if since is not None:
        queryset = queryset.filter(created_at__gte=_start_of(since, user))
    if until is not None:
        queryset = queryset.filter(created_at__lt=_start_of(until + timedelta(days=1), user))
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


def moderation_target_post(*, user, pk: int) -> Post:
    """A post a person may act on, or be told they may not: one they can read, or any post
    of a community they moderate (hidden, deleted, or in a deleted thread). DoesNotExist
    otherwise, so what they cannot see stays unknown."""
    return (
        Post.objects.filter(
            Q(pk__in=Post.objects.visible_to(user).values("pk"))
            | Q(thread__community__in=moderated_communities(user).values("pk"))
        )
        .select_related("thread__community", "author")
        .get(pk=pk)
    )


def moderation_target_thread(*, user, pk: int) -> Thread:
    """A thread a person may act on, or be told they may not (see moderation_target_post)."""
    return (
        Thread.objects.filter(
            Q(pk__in=Thread.objects.visible_to(user).values("pk"))
            | Q(community__in=moderated_communities(user).values("pk"))
        )
        .select_related("community", "author")
        .get(pk=pk)
    )
