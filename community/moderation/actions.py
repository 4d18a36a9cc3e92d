"""Moderators' actions: one function each, whoever calls it (the thread page, the API, the
moderation queue, the admin).

Each action takes the acting person (`by=`), checks first (`community.access`: 403 for who
may not, before any input is read), then changes the item in one transaction and writes
the moderation log (ModerationAction) and the audit row together, so no caller can act
without leaving the trace a moderator reads on the moderation log page.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.audit.services import audit_record

from .. import notices
from ..access import (
    can_moderate,
    check_can_moderate,
    person_action_refusal,
    restore_refusal,
)
from ..models import Community, Flag, ModerationAction, Post, Suspension, Thread

Action = ModerationAction.Action

# Actions on a post or thread; warn and suspend act on a person (a post's or thread's
# author when one is given).
ITEM_ACTIONS = {
    Action.DISMISS,
    Action.HIDE,
    Action.RESTORE,
    Action.LOCK,
    Action.UNLOCK,
    Action.PIN,
    Action.UNPIN,
    Action.MOVE,
    Action.DELETE,
}
THREAD_ACTIONS = {Action.LOCK, Action.UNLOCK, Action.PIN, Action.UNPIN, Action.MOVE}


def _item(post: Post | None, thread: Thread | None):
    if (post is None) == (thread is None):
        raise ValueError("Act on exactly one of post or thread.")
    return post if post is not None else thread


def item_community(*, post: Post | None = None, thread: Thread | None = None) -> Community:
    return (post.thread if post is not None else thread).community


def log_action(
    *,
    by,
    action,
    community=None,
    post=None,
    thread=None,
    subject=None,
    reason="",
    until=None,
    item=None,
) -> ModerationAction:
    """Write the moderation log entry and its audit row (inside the action's transaction).
    `item`: what an app above the community was moderated (an idea, a comment on one);
    the log names and links it, and its app tells its author."""
    target = post if post is not None else thread
    if target is None and item is not None:
        target = item
    entry = ModerationAction.objects.create(
        item_label=str(item)[:200] if item is not None else "",
        item_url=item.get_absolute_url() if item is not None else "",
        actor=by,
        action=action,
        community=community,
        post=post,
        thread=thread if thread is not None else (post.thread if post is not None else None),
        subject=subject if subject is not None else getattr(target, "author", None),
        reason=reason,
        until=until,
    )
    audit_record(
        actor=by,
        verb=f"moderation.{action}",
        target=target or subject or community,
        payload={"reason": reason, "until": until.isoformat() if until else None},
    )
    notices.moderation_outcome(entry=entry)
    return entry


def _has_open_flags(*, post=None, thread=None) -> bool:
    return Flag.objects.filter(outcome=Flag.Outcome.OPEN, post=post, thread=thread).exists()


def _resolve_flags(*, post=None, thread=None, outcome, by, note: str) -> int:
    return Flag.objects.filter(outcome=Flag.Outcome.OPEN, post=post, thread=thread).update(
        outcome=outcome, resolved_at=timezone.now(), resolved_by=by, outcome_note=note[:500]
    )


def _require_reason(reason: str, *, who: str = "author") -> str:
    reason = (reason or "").strip()
    if not reason:
        if who == "person":
            raise ValidationError({"reason": _("Say why, so the person understands.")})
        raise ValidationError({"reason": _("Say why, so the author understands.")})
    return reason


# --- Flags and hidden items ---------------------------------------------------------------


@transaction.atomic
def flags_dismiss(*, by, post=None, thread=None, reason: str = "") -> ModerationAction:
    """Nothing wrong: close the open flags (the flaggers are told) and show the item again
    if flags had hidden it."""
    target = _item(post, thread)
    community = item_community(post=post, thread=thread)
    check_can_moderate(user=by, community=community)
    reason = (reason or "").strip()
    dismissed = _resolve_flags(
        post=post, thread=thread, outcome=Flag.Outcome.DISMISSED, by=by, note=reason
    )
    if not dismissed:
        raise ValidationError(_("There are no open flags on this: it was already resolved."))
    if target.hidden_at is not None:
        target.hidden_at, target.hidden_reason = None, ""
        target.save(update_fields=["hidden_at", "hidden_reason"])
    return log_action(
        by=by, action=Action.DISMISS, community=community, post=post, thread=thread, reason=reason
    )


@transaction.atomic
def content_hide(*, by, post=None, thread=None, reason: str) -> ModerationAction:
    """Hide a post or thread from all but its author, moderators and staff, saying why;
    hiding what flags hid, pending review, confirms it."""
    target = _item(post, thread)
    community = item_community(post=post, thread=thread)
    check_can_moderate(user=by, community=community)
    if target.hidden_at is not None and not _has_open_flags(post=post, thread=thread):
        raise ValidationError(_("This is already hidden."))
    reason = _require_reason(reason)
    target.hidden_at, target.hidden_reason = timezone.now(), reason
    target.save(update_fields=["hidden_at", "hidden_reason"])
    _resolve_flags(post=post, thread=thread, outcome=Flag.Outcome.UPHELD, by=by, note=reason)
    return log_action(
        by=by, action=Action.HIDE, community=community, post=post, thread=thread, reason=reason
    )


@transaction.atomic
def content_restore(*, by, post=None, thread=None, reason: str = "") -> ModerationAction:
    """Show a hidden post or thread again; a deleted one comes back by staff only."""
    target = _item(post, thread)
    community = item_community(post=post, thread=thread)
    check_can_moderate(user=by, community=community)
    reason = (reason or "").strip()
    if refusal := restore_refusal(user=by, item=target):
        raise refusal
    target.hidden_at, target.hidden_reason, target.deleted_at = None, "", None
    target.save(update_fields=["hidden_at", "hidden_reason", "deleted_at"])
    _resolve_flags(post=post, thread=thread, outcome=Flag.Outcome.DISMISSED, by=by, note=reason)
    return log_action(
        by=by, action=Action.RESTORE, community=community, post=post, thread=thread, reason=reason
    )


@transaction.atomic
def content_delete(*, by, post=None, thread=None, reason: str) -> ModerationAction:
    """Delete a post or thread (a placeholder stays; staff can restore), saying why; the
    flags on it, and on a thread's posts, are answered."""
    target = _item(post, thread)
    community = item_community(post=post, thread=thread)
    check_can_moderate(user=by, community=community)
    if target.deleted_at is not None:
        raise ValidationError(_("This was already deleted."))
    reason = _require_reason(reason)
    target.deleted_at = timezone.now()
    target.save(update_fields=["deleted_at"])
    _resolve_flags(post=post, thread=thread, outcome=Flag.Outcome.UPHELD, by=by, note=reason)
    if thread is not None:
        # Its posts leave with it: their flags are answered too, not left waiting.
        Flag.objects.filter(outcome=Flag.Outcome.OPEN, post__thread=thread).update(
            outcome=Flag.Outcome.UPHELD,
            resolved_at=timezone.now(),
            resolved_by=by,
            outcome_note=reason[:500],
        )
    return log_action(
        by=by, action=Action.DELETE, community=community, post=post, thread=thread, reason=reason
    )


# --- Threads: lock, pin, move -------------------------------------------------------------


def _thread_flag(*, thread: Thread, by, field: str, wanted: bool, action, reason: str, already):
    check_can_moderate(user=by, community=thread.community)
    if getattr(thread, field) == wanted:
        raise ValidationError(already)
    setattr(thread, field, wanted)
    thread.save(update_fields=[field])
    return log_action(
        by=by,
        action=action,
        community=thread.community,
        thread=thread,
        reason=(reason or "").strip(),
    )


@transaction.atomic
def thread_lock(*, thread: Thread, by, reason: str = "") -> ModerationAction:
    """No new replies or edits in the thread."""
    return _thread_flag(
        thread=thread, by=by, field="locked", wanted=True, action=Action.LOCK, reason=reason,
        already=_("The thread is already locked."),
    )  # fmt: skip


@transaction.atomic
def thread_unlock(*, thread: Thread, by, reason: str = "") -> ModerationAction:
    return _thread_flag(
        thread=thread, by=by, field="locked", wanted=False, action=Action.UNLOCK, reason=reason,
        already=_("The thread is not locked."),
    )  # fmt: skip


@transaction.atomic
def thread_pin(*, thread: Thread, by, reason: str = "") -> ModerationAction:
    """Keep the thread at the top of its community's list."""
    return _thread_flag(
        thread=thread, by=by, field="pinned", wanted=True, action=Action.PIN, reason=reason,
        already=_("The thread is already pinned."),
    )  # fmt: skip


@transaction.atomic
def thread_unpin(*, thread: Thread, by, reason: str = "") -> ModerationAction:
    return _thread_flag(
        thread=thread, by=by, field="pinned", wanted=False, action=Action.UNPIN, reason=reason,
        already=_("The thread is not pinned."),
    )  # fmt: skip


@transaction.atomic
def thread_move(*, thread: Thread, by, to_community: Community | None, reason: str = ""):
    """Move a thread, with its flags, into another community the moderator moderates."""
    source = thread.community  # the log entry stays with the community it left
    check_can_moderate(user=by, community=source)
    if to_community is None:
        raise ValidationError({"to_community": _("Choose the community to move the thread to.")})
    if not can_moderate(user=by, community=to_community):
        raise PermissionDenied(_("You can only move threads into communities you moderate."))
    if to_community.pk == thread.community_id:
        raise ValidationError({"to_community": _("The thread is already there.")})
    thread.community = to_community
    thread.save(update_fields=["community"])
    Flag.objects.filter(thread=thread).update(community=to_community)
    Flag.objects.filter(post__thread=thread).update(community=to_community)
    reason = (reason or "").strip() or _("Moved to %(community)s") % {"community": to_community}
    return log_action(by=by, action=Action.MOVE, community=source, thread=thread, reason=reason)


# --- People: warn, suspend ----------------------------------------------------------------


def _check_person(*, by, subject, community, post, thread) -> Community | None:
    if post is not None or thread is not None:
        community = item_community(post=post, thread=thread)
    check_can_moderate(user=by, community=community)
    if refusal := person_action_refusal(user=by, subject=subject):
        raise refusal
    return community


@transaction.atomic
def person_warn(
    *, by, subject, reason: str, community=None, post=None, thread=None
) -> ModerationAction:
    """Warn a person, in a community (its moderators) or platform-wide (staff), about
    something they wrote when `post` or `thread` is given."""
    community = _check_person(by=by, subject=subject, community=community, post=post, thread=thread)
    reason = _require_reason(reason, who="person")
    return log_action(
        by=by, action=Action.WARN, community=community, post=post, thread=thread,
        subject=subject, reason=reason,
    )  # fmt: skip


@transaction.atomic
def person_suspend(
    *, by, subject, reason: str, until, community=None, post=None, thread=None
) -> ModerationAction:
    """Suspend a person until `until`: they may read but not post or flag, in a community
    (its moderators) or everywhere (staff)."""
    community = _check_person(by=by, subject=subject, community=community, post=post, thread=thread)
    reason = _require_reason(reason, who="person")
    if until is None or until <= timezone.now():
        raise ValidationError({"until": _("A suspension must end in the future.")})
    Suspension.objects.create(
        user=subject, community=community, until=until, reason=reason, suspended_by=by
    )
    return log_action(
        by=by, action=Action.SUSPEND, community=community, post=post, thread=thread,
        subject=subject, reason=reason, until=until,
    )  # fmt: skip


# --- One entry for the queue and the API, which name the action in their input ------------


def moderate(
    *,
    by,
    action: str,
    reason: str = "",
    post: Post | None = None,
    thread: Thread | None = None,
    subject=None,
    community: Community | None = None,
    until=None,
    to_community: Community | None = None,
) -> ModerationAction:
    """Take the action named `action` (the queue's button, the API's field) by calling its
    function above. Who may act is checked before the input's shape (403 before 400)."""
    if post is not None or thread is not None:
        community = item_community(post=post, thread=thread)
    check_can_moderate(user=by, community=community)
    target = post if post is not None else thread
    if action in ITEM_ACTIONS and target is None:
        raise ValidationError({"target": _("Choose the post or thread to act on.")})
    if action in THREAD_ACTIONS and thread is None:
        if action == Action.MOVE:
            raise ValidationError(
                {"to_community": _("Choose the community to move the thread to.")}
            )
        raise ValidationError({"target": _("Only threads can be locked or pinned.")})
    item = {"post": post, "thread": thread}
    if action == Action.DISMISS:
        return flags_dismiss(by=by, reason=reason, **item)
    if action == Action.HIDE:
        return content_hide(by=by, reason=reason, **item)
    if action == Action.RESTORE:
        return content_restore(by=by, reason=reason, **item)
    if action == Action.DELETE:
        return content_delete(by=by, reason=reason, **item)
    if action in THREAD_ACTIONS - {Action.MOVE}:
        verb = {
            Action.LOCK: thread_lock,
            Action.UNLOCK: thread_unlock,
            Action.PIN: thread_pin,
            Action.UNPIN: thread_unpin,
        }[action]
        return verb(thread=thread, by=by, reason=reason)
    if action == Action.MOVE:
        return thread_move(thread=thread, by=by, to_community=to_community, reason=reason)
    if action in (Action.WARN, Action.SUSPEND):
        if subject is None and target is not None:
            subject = target.author
        person = {"by": by, "subject": subject, "reason": reason, "community": community, **item}
        if action == Action.WARN:
            return person_warn(**person)
        return person_suspend(until=until, **person)
    raise ValidationError({"action": _("Unknown action.")})
