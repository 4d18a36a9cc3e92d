"""Moderation and safety: flags, moderators' actions, suspensions, limits for newcomers.

Staff moderate every community; a community's moderators moderate theirs only. Every
action is written to the moderation log (ModerationAction) and to the audit log.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ecosystem.audit.services import audit_record

from .models import Community, Flag, ModerationAction, Post, Suspension, Thread


class PostingLimitReached(PermissionDenied):
    """A newcomer reached their posting limit; waiting `retry_after` seconds lifts it."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


# --- Who may post -----------------------------------------------------------------------


def check_not_suspended(*, user, community: Community) -> None:
    """A suspended person may read but not post where suspended, and is told why."""
    suspension = (
        Suspension.objects.in_force()
        .filter(user=user)
        .filter(Q(community__isnull=True) | Q(community=community))
        .order_by("-until")
        .first()
    )
    if suspension is not None:
        where = _("on this platform") if suspension.community_id is None else _("in this community")
        raise PermissionDenied(
            _("You are suspended %(where)s until %(until)s: %(reason)s")
            % {
                "where": where,
                "until": formats.date_format(
                    timezone.localtime(suspension.until), "DATETIME_FORMAT"
                ),
                "reason": suspension.reason,
            }
        )


def check_email_verified(*, user) -> None:
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise PermissionDenied(_("Verify your email address before posting."))


def check_posting_limits(*, user, starting_thread: bool) -> None:
    """In an account's first hours, at most a few threads and replies (settings)."""
    now = timezone.now()
    newcomer_until = user.date_joined + timedelta(hours=settings.NEWCOMER_HOURS)
    if user.is_staff or now >= newcomer_until:
        return
    since = user.date_joined
    if starting_thread:
        limit = settings.NEWCOMER_MAX_THREADS
        count = Thread.objects.filter(author=user, created_at__gte=since).count()
        what = _("threads")
    else:
        limit = settings.NEWCOMER_MAX_REPLIES
        count = Post.objects.filter(author=user, created_at__gte=since).count() - (
            Thread.objects.filter(author=user, created_at__gte=since).count()
        )
        what = _("replies")
    if count >= limit:
        retry_after = int((newcomer_until - now).total_seconds()) + 1
        raise PostingLimitReached(
            _(
                "New accounts can post at most %(limit)s %(what)s in their first %(hours)s "
                "hours. You can post again after %(when)s."
            )
            % {
                "limit": limit,
                "what": what,
                "hours": settings.NEWCOMER_HOURS,
                "when": formats.date_format(timezone.localtime(newcomer_until), "DATETIME_FORMAT"),
            },
            retry_after=retry_after,
        )


# Links that leave the platform; @mentions (relative links to a person) do not count.
_LINK = re.compile(r"<a\s[^>]*href=\"(?:https?:|mailto:)", re.IGNORECASE)


def check_link_count(*, body_html: str) -> None:
    """At most MAX_LINKS_PER_POST links in a post (waiting does not change a link count)."""
    links = len(_LINK.findall(body_html))
    if links > settings.MAX_LINKS_PER_POST:
        raise ValidationError(
            {
                "body": _("A post can contain at most %(limit)s links; this one has %(count)s.")
                % {"limit": settings.MAX_LINKS_PER_POST, "count": links}
            }
        )


# --- Flags ------------------------------------------------------------------------------


def _target_community(*, post=None, thread=None) -> Community:
    return (post.thread if post is not None else thread).community


def check_can_flag(*, by, post: Post | None = None, thread: Thread | None = None) -> None:
    """Members (and staff) flag what others wrote, once, while it is there. PermissionDenied
    for who may not flag here; ValidationError for what cannot be flagged (again)."""
    from .services import membership_in

    if (post is None) == (thread is None):
        raise ValueError("Flag exactly one of post or thread.")
    community = _target_community(post=post, thread=thread)
    if not by.is_staff:
        membership = membership_in(user=by, community=community)
        if membership is None or not membership.is_active:
            raise PermissionDenied(_("Join this community to flag its posts."))
        # A suspended person could otherwise hide others' posts by flagging them.
        check_not_suspended(user=by, community=community)
    target = post if post is not None else thread
    if target.author_id == by.pk:
        raise ValidationError({"reason": _("You cannot flag what you wrote yourself.")})
    if target.deleted_at is not None:
        raise ValidationError(_("This was deleted already: there is nothing left to flag."))
    if Flag.objects.filter(flagger=by, post=post, thread=thread).exists():
        raise ValidationError({"reason": _("You already flagged this.")})


@transaction.atomic
def flag_create(*, by, reason: str, note: str = "", post: Post | None = None, thread=None) -> Flag:
    """Flag a thread or post once. Enough distinct flags hide it at once, pending review."""
    check_can_flag(by=by, post=post, thread=thread)
    community = _target_community(post=post, thread=thread)
    target = post if post is not None else thread
    flag = Flag(community=community, post=post, thread=thread, flagger=by, reason=reason, note=note)
    flag.full_clean(exclude=["community", "post", "thread", "flagger"])
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError as error:
        raise ValidationError({"reason": _("You already flagged this.")}) from error
    open_flaggers = (
        Flag.objects.filter(outcome=Flag.Outcome.OPEN, post=post, thread=thread)
        .values("flagger")
        .distinct()
        .count()
    )
    if open_flaggers >= settings.MODERATION_FLAG_THRESHOLD and target.hidden_at is None:
        target.hidden_at = timezone.now()
        target.hidden_reason = _("Hidden after %(count)s members flagged it, pending review.") % {
            "count": open_flaggers
        }
        target.save(update_fields=["hidden_at", "hidden_reason"])
        _log(
            actor=None,
            action=ModerationAction.Action.AUTO_HIDE,
            community=community,
            post=post,
            thread=thread,
            subject=target.author,  # so the author is told (selectors.moderation_notices_for)
            reason=target.hidden_reason,
        )
    return flag


# --- Actions ----------------------------------------------------------------------------

# Actions on a post or thread; warn and suspend act on a person (a post's or thread's
# author when one is given).
ITEM_ACTIONS = {
    ModerationAction.Action.DISMISS,
    ModerationAction.Action.HIDE,
    ModerationAction.Action.RESTORE,
    ModerationAction.Action.LOCK,
    ModerationAction.Action.UNLOCK,
    ModerationAction.Action.MOVE,
    ModerationAction.Action.DELETE,
}


def can_moderate_in(*, user, community: Community | None) -> bool:
    from .services import can_moderate

    if community is None:
        return user.is_authenticated and user.is_staff
    return can_moderate(user=user, community=community)


def _log(
    *, actor, action, community=None, post=None, thread=None, subject=None, reason="", until=None
):
    entry = ModerationAction.objects.create(
        actor=actor,
        action=action,
        community=community,
        post=post,
        thread=thread if thread is not None else (post.thread if post is not None else None),
        subject=subject,
        reason=reason,
        until=until,
    )
    target = post or thread or subject or community
    audit_record(
        actor=actor,
        verb=f"moderation.{action}",
        target=target,
        payload={"reason": reason, "until": until.isoformat() if until else None},
    )
    return entry


def _has_open_flags(*, post=None, thread=None) -> bool:
    return Flag.objects.filter(outcome=Flag.Outcome.OPEN, post=post, thread=thread).exists()


def _resolve_flags(*, post=None, thread=None, outcome, by, note: str) -> int:
    return Flag.objects.filter(outcome=Flag.Outcome.OPEN, post=post, thread=thread).update(
        outcome=outcome, resolved_at=timezone.now(), resolved_by=by, outcome_note=note[:500]
    )


@transaction.atomic
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
    """Take one moderation action on a post, a thread or a person, and log it."""
    Action = ModerationAction.Action
    if post is not None or thread is not None:
        community = _target_community(post=post, thread=thread)
    if not can_moderate_in(user=by, community=community):
        raise PermissionDenied(
            _("Only this community's moderators (or staff) can do this.")
            if community is not None
            else _("Only platform staff can do this.")
        )
    target = post if post is not None else thread
    reason = (reason or "").strip()
    if action in ITEM_ACTIONS and target is None:
        raise ValidationError({"target": _("Choose the post or thread to act on.")})
    if action in (Action.WARN, Action.SUSPEND) and subject is None and target is not None:
        subject = target.author

    if action == Action.DISMISS:
        if (
            _resolve_flags(
                post=post, thread=thread, outcome=Flag.Outcome.DISMISSED, by=by, note=reason
            )
            == 0
        ):
            raise ValidationError(_("There are no open flags on this: it was already resolved."))
        if target.hidden_at is not None:
            target.hidden_at, target.hidden_reason = None, ""
            target.save(update_fields=["hidden_at", "hidden_reason"])
    elif action == Action.HIDE:
        # Hidden by flags, pending review: a moderator confirms it with their reason.
        if target.hidden_at is not None and not _has_open_flags(post=post, thread=thread):
            raise ValidationError(_("This is already hidden."))
        if not reason:
            raise ValidationError({"reason": _("Say why, so the author understands.")})
        target.hidden_at, target.hidden_reason = timezone.now(), reason
        target.save(update_fields=["hidden_at", "hidden_reason"])
        _resolve_flags(post=post, thread=thread, outcome=Flag.Outcome.UPHELD, by=by, note=reason)
    elif action == Action.RESTORE:
        if target.hidden_at is None and target.deleted_at is None:
            raise ValidationError(_("This is not hidden or deleted: nothing to restore."))
        if target.deleted_at is not None and not by.is_staff:
            raise PermissionDenied(_("Only staff restore deleted posts and threads."))
        target.hidden_at, target.hidden_reason, target.deleted_at = None, "", None
        target.save(update_fields=["hidden_at", "hidden_reason", "deleted_at"])
        _resolve_flags(post=post, thread=thread, outcome=Flag.Outcome.DISMISSED, by=by, note=reason)
    elif action in (Action.LOCK, Action.UNLOCK):
        if thread is None:
            raise ValidationError({"target": _("Only threads can be locked.")})
        wanted = action == Action.LOCK
        if thread.locked == wanted:
            raise ValidationError(
                _("The thread is already locked.") if wanted else _("The thread is not locked.")
            )
        thread.locked = wanted
        thread.save(update_fields=["locked"])
    elif action == Action.MOVE:
        if thread is None or to_community is None:
            raise ValidationError(
                {"to_community": _("Choose the community to move the thread to.")}
            )
        if not can_moderate_in(user=by, community=to_community):
            raise PermissionDenied(_("You can only move threads into communities you moderate."))
        if to_community.pk == thread.community_id:
            raise ValidationError({"to_community": _("The thread is already there.")})
        thread.community = to_community
        thread.save(update_fields=["community"])
        Flag.objects.filter(thread=thread).update(community=to_community)
        Flag.objects.filter(post__thread=thread).update(community=to_community)
        reason = reason or _("Moved to %(community)s") % {"community": to_community.name}
    elif action == Action.DELETE:
        if target.deleted_at is not None:
            raise ValidationError(_("This was already deleted."))
        if not reason:
            raise ValidationError({"reason": _("Say why, so the author understands.")})
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
    elif action in (Action.WARN, Action.SUSPEND):
        if subject is None:
            raise ValidationError({"target": _("Choose the person.")})
        if subject.pk == by.pk:
            raise ValidationError({"target": _("You cannot warn or suspend yourself.")})
        if subject.is_staff:
            raise ValidationError({"target": _("Staff cannot be warned or suspended here.")})
        if not reason:
            raise ValidationError({"reason": _("Say why, so the person understands.")})
        if action == Action.SUSPEND:
            if until is None or until <= timezone.now():
                raise ValidationError({"until": _("A suspension must end in the future.")})
            Suspension.objects.create(
                user=subject, community=community, until=until, reason=reason, suspended_by=by
            )
    else:
        raise ValidationError({"action": _("Unknown action.")})

    return _log(
        actor=by,
        action=action,
        community=community,
        post=post,
        thread=thread,
        subject=subject if subject is not None else (target.author if target is not None else None),
        reason=reason,
        until=until,
    )
