"""A page of a thread as one person sees it: the posts with their badges and helpful marks,
what is hidden from them, and what they may do, for the thread page and the API alike.

What a person may do comes from `community.access`, asked here once per page, so a
template or a serializer shows a button exactly when the action behind it would be
allowed, and never re-derives a rule.
"""

from dataclasses import dataclass

from .. import access
from ..models import Community, Post, Thread
from .communities import badges_for
from .threads import ReaderMarks, deletion_reasons, reader_marks


@dataclass(frozen=True)
class ThreadPermissions:
    """What the person may do with the thread itself (each from its `access` rule)."""

    moderate: bool  # pin, lock, hide, delete, move; see hidden posts and why
    rename: bool
    reply: bool
    reply_refusal: str  # why they may not reply ("" when they may)
    join: bool  # they could join (or ask to join) the community
    accept: bool  # accept an answer (the question's author or a moderator)
    flag: bool  # flag the thread


@dataclass
class ThreadPage:
    thread: Thread
    community: Community
    posts: list  # the page of posts asked for, each annotated (see `thread_page`)
    accepted: Post | None  # the accepted answer shown under the question, if shown at all
    permissions: ThreadPermissions
    standing: access.Standing
    marks: ReaderMarks  # the reader's own marks on the thread, read before this page


def thread_permissions(*, standing, thread: Thread, marks: ReaderMarks) -> ThreadPermissions:
    """What the person may do with the thread itself, from their standing and marks."""
    reply_refusal = access.reply_refusal(standing, thread)
    return ThreadPermissions(
        moderate=access.moderate_refusal(standing) is None,
        rename=access.rename_refusal(standing, thread) is None,
        reply=reply_refusal is None,
        reply_refusal=access.reason(reply_refusal),
        join=access.join_refusal(standing) is None,
        accept=access.accept_refusal(standing, thread) is None,
        flag=access.flag_refusal(standing, thread, already_flagged=marks.flagged_thread) is None,
    )


def thread_page(*, user, thread: Thread, posts, standing=None, marks=None) -> ThreadPage:
    """A page of `thread`'s posts (from any paginator) as `user` sees it, in the same
    number of queries for any page and any thread. Each post gains `badges`, `marked_helpful`,
    `sees_hidden` (its body and why it was hidden or deleted), `deletion_reason`,
    `can_edit`, `can_delete`, `can_flag` and `can_mark_helpful`. A caller that already
    holds the person's `standing` and `marks` passes them."""
    community = thread.community
    if standing is None:
        standing = access.standing_in(user=user, community=community)
    posts = list(posts)
    accepted = thread.accepted_post
    if accepted is not None and (accepted.deleted_at is not None or accepted.hidden_at is not None):
        accepted = None  # a hidden answer shows in place, as hidden, never above the replies
    shown = posts + ([accepted] if accepted is not None else [])
    for post in shown:
        post.thread = thread  # already loaded: no query per post
    badges = badges_for(authors=[post.author for post in shown], community=community)
    if marks is None:
        marks = reader_marks(user=user, thread=thread)
    reasons = deletion_reasons(posts=shown)
    for post in shown:
        post.badges = badges.get(post.author_id)
        post.marked_helpful = post.pk in marks.helpful
        post.sees_hidden = access.sees_hidden(standing, post)
        post.deletion_reason = reasons.get(post.pk, "")
        post.can_edit = access.edit_refusal(standing, post) is None
        post.can_delete = access.delete_refusal(standing, post) is None
        post.can_mark_helpful = access.helpful_refusal(standing, post) is None
        post.can_flag = (
            access.flag_refusal(standing, post, already_flagged=post.pk in marks.flagged) is None
        )
    permissions = thread_permissions(standing=standing, thread=thread, marks=marks)
    return ThreadPage(
        thread=thread,
        community=community,
        posts=posts,
        accepted=accepted,
        permissions=permissions,
        standing=standing,
        marks=marks,
    )
