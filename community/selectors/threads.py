"""Reads of threads and posts: lists, one thread or post a person may see, search, where a
reader left off, and community tips on a goal's milestone."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch, Q, prefetch_related_objects

from ecosystem.search import search_query, search_vector, using_full_text
from goals.models import PlaybookMilestone

from ..models import Community, ModerationAction, Post, Reaction, Thread


def thread_list(*, user, community: Community, kind: str = "", answered: bool | None = None):
    """The threads of a community a person may see (`Thread.objects.visible_to`: hidden
    ones only for their author, moderators and staff), pinned first, then newest activity."""
    queryset = (
        Thread.objects.visible_to(user)
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


def thread_detail(*, user, pk: int) -> Thread:
    """A thread the person may read (DoesNotExist otherwise), with what its page shows.

    Its accepted answer and playbook milestone are read after it, only when it has them:
    joined in, their four tables made PostgreSQL spend 1.6 ms planning the lookup (0.3 ms
    without them; bench/generate.py's data), more than every other query of the page."""
    related = ("community", "author")
    try:
        # Most threads are open to all: found so, the whole rule need not be built (it
        # cost 1.5 to 2 ms a page). Threads of members-only communities, and hidden ones,
        # are then asked of it.
        thread = Thread.objects.open_to_all().select_related(*related).get(pk=pk)
    except Thread.DoesNotExist:
        thread = Thread.objects.visible_to(user).select_related(*related).get(pk=pk)
    # Each with what it shows joined in: one query apiece, not two. Most threads have
    # neither, and asking the prefetch machinery for nothing cost 1.5 ms a page.
    wanted = []
    if thread.accepted_post_id is not None:
        wanted.append(Prefetch("accepted_post", queryset=Post.objects.select_related("author")))
    if thread.playbook_milestone_id is not None:
        wanted.append(
            Prefetch(
                "playbook_milestone",
                queryset=PlaybookMilestone.objects.select_related("playbook"),
            )
        )
    if wanted:
        prefetch_related_objects([thread], *wanted)
    return thread


def post_detail(*, user, pk: int) -> Post:
    """A post the person may read (DoesNotExist otherwise): `Post.objects.visible_to`
    follows its thread's rule, so a hidden thread's posts stay hidden with it."""
    return Post.objects.visible_to(user).select_related("thread__community", "author").get(pk=pk)


def post_position(*, post: Post) -> int:
    """How many posts of its thread come before it (in the thread's order)."""
    return (
        Post.objects.filter(thread_id=post.thread_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.pk))
        .count()
    )


@dataclass(frozen=True)
class ReaderMarks:
    """What one reader left on a thread: the posts they wrote, marked helpful or flagged,
    whether they flagged the thread, and where they left off (`opened`: they have a read
    mark; `last_read_post_id`: its post, None when that post is gone;
    `first_unread_post_id`: the first post not deleted after it, by id, the order posts
    are written in)."""

    wrote: frozenset = frozenset()
    helpful: frozenset = frozenset()
    flagged: frozenset = frozenset()
    flagged_thread: bool = False
    opened: bool = False
    last_read_post_id: int | None = None
    first_unread_post_id: int | None = None


# A reader's marks as one statement, written out rather than built: the ORM took 3 to 4
# ms of every thread page to build and compile this six-part UNION, ten times what
# PostgreSQL takes to run it prepared. "Not deleted" is `Post.objects.alive()`'s rule;
# tests/community/test_reader_marks.py holds the two to the same answers.
READER_MARKS_SQL = """
SELECT 'wrote', id FROM community_post WHERE thread_id = %(thread)s AND author_id = %(user)s
UNION ALL
SELECT 'helpful', reaction.post_id FROM community_reaction reaction
  JOIN community_post post ON post.id = reaction.post_id
  WHERE reaction.user_id = %(user)s AND post.thread_id = %(thread)s
UNION ALL
SELECT 'flag', flag.post_id FROM community_flag flag
  JOIN community_post post ON post.id = flag.post_id
  WHERE flag.flagger_id = %(user)s AND post.thread_id = %(thread)s
UNION ALL
SELECT 'flag-thread', thread_id FROM community_flag
  WHERE flagger_id = %(user)s AND thread_id = %(thread)s
UNION ALL
SELECT 'read', last_read_post_id FROM community_threadreadmark
  WHERE user_id = %(user)s AND thread_id = %(thread)s
UNION ALL
SELECT 'unread', MIN(post.id) FROM community_post post
  JOIN community_threadreadmark mark ON mark.thread_id = post.thread_id
  WHERE mark.user_id = %(user)s AND mark.thread_id = %(thread)s
    AND post.id > mark.last_read_post_id AND post.deleted_at IS NULL
  GROUP BY post.thread_id
"""


def reader_marks(*, user, thread: Thread) -> ReaderMarks:
    """A reader's marks on a thread, in one query whatever its size: their own posts, their
    helpful marks and flags on its posts, their flag on it, their read mark and the first
    post not deleted after it (READER_MARKS_SQL)."""
    if not user.is_authenticated:
        return ReaderMarks()
    with connection.cursor() as cursor:
        cursor.execute(READER_MARKS_SQL, {"user": user.pk, "thread": thread.pk})
        found = cursor.fetchall()
    wrote, helpful, flagged, flagged_thread, read, unread = set(), set(), set(), False, [], []
    for kind, pk in found:
        match kind:
            case "wrote":
                wrote.add(pk)
            case "helpful":
                helpful.add(pk)
            case "flag":
                flagged.add(pk)
            case "flag-thread":
                flagged_thread = True
            case "read":
                read.append(pk)
            case "unread":
                unread.append(pk)
    return ReaderMarks(
        wrote=frozenset(wrote),
        helpful=frozenset(helpful),
        flagged=frozenset(flagged),
        flagged_thread=flagged_thread,
        opened=bool(read),
        last_read_post_id=read[0] if read else None,
        first_unread_post_id=unread[0] if unread else None,
    )


def first_unread_post(*, thread: Thread, marks: ReaderMarks) -> Post | None:
    """The first post after where the reader left off, as `reader_marks` read it: a
    reference holding its id and thread (enough to link to it and find it on a page),
    not read again. None when they never opened the thread or have read it all (or are
    signed out)."""
    if marks.first_unread_post_id is None:
        return None
    return Post(pk=marks.first_unread_post_id, thread=thread)


def helpful_post_ids(*, user, posts) -> set[int]:
    """Which posts of a page a person marked helpful, in one query."""
    if not user.is_authenticated:
        return set()
    return set(
        Reaction.objects.filter(user=user, post__in=[post.pk for post in posts]).values_list(
            "post_id", flat=True
        )
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


def search_threads(*, user, text: str):
    """Threads a person may read whose title or posts match (full-text on PostgreSQL)."""
    # visible_to: readable communities, and hidden threads only for whom may see them.
    queryset = Thread.objects.visible_to(user).select_related("community", "author")
    if not text:
        return queryset.none()
    if using_full_text():
        from django.contrib.postgres.search import SearchRank

        query = search_query(text)
        matching_posts = (
            Post.objects.alive()
            .annotate(match=search_vector("body"))
            .filter(match=query)
            .values("thread_id")
        )
        title = search_vector("title", weight="A")
        # Matched with @@, never by rank > 0: ts_rank gives 1e-20, not 0, to a title that
        # matches only some words of a multi-word query.
        return (
            queryset.annotate(title_match=title, rank=SearchRank(title, query))
            .filter(Q(title_match=query) | Q(pk__in=matching_posts))
            .order_by("-rank", "-last_activity_at", "-id")
        )
    matching_posts = Post.objects.alive().filter(body__icontains=text).values("thread_id")
    return queryset.filter(Q(title__icontains=text) | Q(pk__in=matching_posts)).order_by(
        "-last_activity_at", "-id"
    )


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


def playbook_milestones_to_link():
    """Milestones of public playbooks a thread may link to, in playbook order."""
    return (
        PlaybookMilestone.objects.filter(playbook__public=True)
        .select_related("playbook")
        .order_by("playbook__title", "playbook_id", "position", "id")
    )
