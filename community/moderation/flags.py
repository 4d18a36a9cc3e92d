"""Flags: members report a post or thread to its community's moderators, once each; enough
distinct flags hide it at once, pending review."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import check_can_flag as check_standing_can_flag
from ..access import standing_in
from ..models import Flag, ModerationAction, Post, Thread
from .actions import item_community, log_action


def flags_hide(open_flaggers: int) -> bool:
    """Whether this many distinct people's open flags hide an item at once, pending review
    (the one threshold for posts, threads, ideas and their comments)."""
    return open_flaggers >= settings.MODERATION_FLAG_THRESHOLD


def auto_hide_reason(open_flaggers: int) -> str:
    return _("Hidden after %(count)s members flagged it, pending review.") % {
        "count": open_flaggers
    }


def check_can_flag(*, by, post: Post | None = None, thread: Thread | None = None) -> None:
    """PermissionDenied for who may not flag here; ValidationError for what cannot be
    flagged (again). The rule is `community.access.flag_refusal`."""
    if (post is None) == (thread is None):
        raise ValueError("Flag exactly one of post or thread.")
    standing = standing_in(user=by, community=item_community(post=post, thread=thread))
    check_standing_can_flag(standing, post=post, thread=thread)


@transaction.atomic
def flag_create(*, by, reason: str, note: str = "", post: Post | None = None, thread=None) -> Flag:
    """Flag a thread or post once. Enough distinct flags hide it at once, pending review."""
    check_can_flag(by=by, post=post, thread=thread)
    community = item_community(post=post, thread=thread)
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
    if flags_hide(open_flaggers) and target.hidden_at is None:
        target.hidden_at = timezone.now()
        target.hidden_reason = auto_hide_reason(open_flaggers)
        target.save(update_fields=["hidden_at", "hidden_reason"])
        # The author is the subject, so they are told (selectors.moderation_notices_for).
        log_action(
            by=None,
            action=ModerationAction.Action.AUTO_HIDE,
            community=community,
            post=post,
            thread=thread,
            reason=target.hidden_reason,
        )
    return flag
