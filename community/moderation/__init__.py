"""Moderation and safety: flags, moderators' actions, suspensions, limits for newcomers.

Staff moderate every community; a community's moderators moderate theirs only
(`community.access`). Every action is written to the moderation log (ModerationAction)
and to the audit log, whichever page, endpoint or admin action called it.
"""

from .actions import (
    content_delete,
    content_hide,
    content_restore,
    flags_dismiss,
    log_action,
    moderate,
    person_suspend,
    person_warn,
    thread_lock,
    thread_move,
    thread_pin,
    thread_unlock,
    thread_unpin,
)
from .flags import auto_hide_reason, check_can_flag, flag_create, flags_hide
from .limits import PostingLimitReached, check_link_count, check_posting_limits

__all__ = [
    "PostingLimitReached",
    "auto_hide_reason",
    "check_can_flag",
    "check_link_count",
    "check_posting_limits",
    "content_delete",
    "content_hide",
    "content_restore",
    "flag_create",
    "flags_dismiss",
    "flags_hide",
    "log_action",
    "moderate",
    "person_suspend",
    "person_warn",
    "thread_lock",
    "thread_move",
    "thread_pin",
    "thread_unlock",
    "thread_unpin",
]
