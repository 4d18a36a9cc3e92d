"""Writes on threads: start, rename, pin and lock (through the moderation actions), accept
an answer, remember where a reader left off."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ecosystem.accounts.services import user_ensure_handle

from .. import notices
from ..access import (
    check_can_accept,
    check_can_change_thread,
    check_can_post,
    check_can_rename,
    standing_in,
)
from ..models import Community, Post, Thread, ThreadReadMark
from ..moderation.actions import thread_lock, thread_pin, thread_unlock, thread_unpin
from ..moderation.limits import check_link_count, check_posting_limits
from .posts import clean_body

THREAD_CLEAN_EXCLUDE = ["community", "author", "playbook_milestone", "accepted_post"]


@transaction.atomic
def thread_create(
    *, community: Community, author, title: str, kind: str, body: str, playbook_milestone=None
) -> Thread:
    """Start a thread; its first post is its body. Announcements are for moderators."""
    standing = standing_in(user=author, community=community)
    check_can_post(standing)
    if kind == Thread.Kind.ANNOUNCEMENT and not standing.moderates:
        raise ValidationError({"kind": _("Only moderators and staff post announcements.")})
    body_html = clean_body(body)
    check_link_count(body_html=body_html)
    check_posting_limits(user=author, starting_thread=True)
    thread = Thread(
        community=community,
        author=author,
        title=(title or "").strip(),
        kind=kind,
        playbook_milestone=playbook_milestone,
        post_count=1,
    )
    thread.full_clean(exclude=THREAD_CLEAN_EXCLUDE)
    thread.save()
    user_ensure_handle(user=author)
    post = Post.objects.create(thread=thread, author=author, body=body.strip(), body_html=body_html)
    notices.thread_started(thread=thread, post=post)
    return thread


@transaction.atomic
def thread_rename(*, thread: Thread, by, title: str) -> Thread:
    """The author or a moderator gives a thread a new title."""
    check_can_rename(standing_in(user=by, community=thread.community), thread)
    thread.title = (title or "").strip()
    thread.full_clean(exclude=THREAD_CLEAN_EXCLUDE)
    thread.save(update_fields=["title"])
    return thread


@transaction.atomic
def thread_update(*, thread: Thread, by, **changes) -> Thread:
    """Change a thread's title, pinned and locked state in one go (the thread page's forms
    and the API's PATCH). Pinning and locking are moderation actions and are logged as
    such; a state asked for that already holds changes nothing."""
    unknown = set(changes) - {"title", "pinned", "locked"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    # Every permission before any change (403 before 400, and nothing half done).
    check_can_change_thread(standing_in(user=by, community=thread.community), thread, changes)
    if "title" in changes:
        thread_rename(thread=thread, by=by, title=changes["title"])
    verbs = {
        ("pinned", True): thread_pin,
        ("pinned", False): thread_unpin,
        ("locked", True): thread_lock,
        ("locked", False): thread_unlock,
    }
    for field in ("pinned", "locked"):
        if field in changes and bool(changes[field]) != getattr(thread, field):
            verbs[field, bool(changes[field])](thread=thread, by=by)
    return thread


@transaction.atomic
def thread_accept_answer(*, thread: Thread, post: Post, by) -> Thread:
    """The question's author or a moderator accepts one answer (another one replaces it)."""
    check_can_accept(standing_in(user=by, community=thread.community), thread)
    if post.thread_id != thread.pk:
        raise ValidationError({"post": _("That answer belongs to another thread.")})
    if post.deleted_at is not None:
        raise ValidationError({"post": _("That answer was deleted.")})
    first_post_id = thread.posts.order_by("created_at", "id").values_list("id", flat=True).first()
    if post.pk == first_post_id:
        raise ValidationError({"post": _("The question itself cannot be its answer.")})
    thread.accepted_post = post
    thread.save(update_fields=["accepted_post"])
    notices.answer_accepted(thread=thread, post=post, by=by)
    return thread


def thread_mark_read(*, thread: Thread, user, post_id: int | None, marks=None) -> None:
    """Remember where a reader left off: at the post `post_id` (never moves backward).
    With the reader's `marks` (`selectors.reader_marks`, read earlier in the same
    request), a mark already at or past it is left alone without asking the database:
    marks only move forward, so it cannot have moved back since."""
    if post_id is None or not user.is_authenticated:
        return
    if marks is not None and marks.opened and (marks.last_read_post_id or 0) >= post_id:
        return
    mark, created = ThreadReadMark.objects.get_or_create(
        thread=thread, user=user, defaults={"last_read_post_id": post_id}
    )
    if not created and (mark.last_read_post_id or 0) < post_id:
        mark.last_read_post_id = post_id
        mark.save(update_fields=["last_read_post", "updated_at"])
