"""Writes on communities, threads, posts and reactions: one function per change, taking
the acting person, checking first (`community.access`) and writing in one transaction.
Moderators' actions are in `community.moderation`."""

from .communities import (
    community_create,
    community_join,
    community_leave,
    community_review,
    community_update,
    membership_approve,
    membership_decline,
    moderator_appoint,
)
from .posts import clean_body, post_create, post_delete, post_edit, reaction_add, reaction_remove
from .threads import (
    thread_accept_answer,
    thread_create,
    thread_mark_read,
    thread_rename,
    thread_update,
)

__all__ = [
    "clean_body",
    "community_create",
    "community_join",
    "community_leave",
    "community_review",
    "community_update",
    "membership_approve",
    "membership_decline",
    "moderator_appoint",
    "post_create",
    "post_delete",
    "post_edit",
    "reaction_add",
    "reaction_remove",
    "thread_accept_answer",
    "thread_create",
    "thread_mark_read",
    "thread_rename",
    "thread_update",
]
