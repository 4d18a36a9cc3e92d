"""Flag an idea or a comment; staff hide, restore or dismiss the flags. Community's rules
decide (the flag threshold, who may flag, who moderates), and every decision is written
to community's moderation log with its audit row (`community.moderation.log_action`),
whatever page or endpoint called it. The author is told of each outcome."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import ModerationAction
from community.moderation import auto_hide_reason, flags_hide, log_action

from ..models import Idea, IdeaComment
from . import notices
from .access import check_can_decide, check_can_flag
from .models import IdeaFlag

Action = ModerationAction.Action
DECISIONS = (Action.HIDE, Action.RESTORE, Action.DISMISS)


def _item(idea: Idea | None, comment: IdeaComment | None):
    if (idea is None) == (comment is None):
        raise ValueError("Act on exactly one of idea or comment.")
    return idea if idea is not None else comment


def _open_flags(*, idea=None, comment=None):
    return IdeaFlag.objects.filter(outcome=IdeaFlag.Outcome.OPEN, idea=idea, comment=comment)


def _log(*, by, action, item, reason: str) -> ModerationAction:
    entry = log_action(by=by, action=action, subject=item.author, reason=reason, item=item)
    notices.decision_told(entry=entry, item=item)
    return entry


@transaction.atomic
def idea_flag(
    *, by, reason: str, note: str = "", idea: Idea | None = None, comment=None
) -> IdeaFlag:
    """Flag an idea or a comment once. Enough distinct flags hide it at once, pending
    review (community's threshold)."""
    check_can_flag(user=by, idea=idea, comment=comment)
    target = _item(idea, comment)
    flag = IdeaFlag(idea=idea, comment=comment, flagger=by, reason=reason, note=note or "")
    flag.full_clean(exclude=["idea", "comment", "flagger"])
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError as error:
        raise ValidationError({"reason": _("You already flagged this.")}) from error
    # Locked, so two flags crossing the threshold at once hide it (and log it) once.
    target = type(target).objects.select_for_update().get(pk=target.pk)
    flaggers = _open_flags(idea=idea, comment=comment).values("flagger").distinct().count()
    if flags_hide(flaggers) and target.hidden_at is None:
        target.hidden_at = timezone.now()
        target.save(update_fields=["hidden_at"])
        _log(by=None, action=Action.AUTO_HIDE, item=target, reason=auto_hide_reason(flaggers))
    return flag


def _resolve(*, idea, comment, outcome, by, note: str) -> int:
    return _open_flags(idea=idea, comment=comment).update(
        outcome=outcome, resolved_at=timezone.now(), resolved_by=by, outcome_note=note[:500]
    )


def _show(target, *, hidden: bool, by) -> None:
    target.hidden_at = timezone.now() if hidden else None
    fields = ["hidden_at"]
    if isinstance(target, Idea):
        target.hidden_by = by if hidden else None
        fields.append("hidden_by")
    target.save(update_fields=fields)


@transaction.atomic
def idea_moderate(
    *, by, action: str, reason: str = "", idea: Idea | None = None, comment=None
) -> ModerationAction:
    """Staff's decision on an idea or a comment: hide it (saying why; the open flags are
    upheld), restore it (the open flags are dismissed), or dismiss the flags (nothing
    wrong: shown again if flags had hidden it). Who decides is asked before the input."""
    check_can_decide(user=by)
    target = _item(idea, comment)
    reason = (reason or "").strip()
    if action not in DECISIONS:
        raise ValidationError({"action": _("Choose hide, restore or dismiss.")})
    has_open_flags = _open_flags(idea=idea, comment=comment).exists()
    if action == Action.HIDE:
        if target.hidden_at is not None and not has_open_flags:
            raise ValidationError(_("This is already hidden."))
        if not reason:
            raise ValidationError({"reason": _("Say why, so the author understands.")})
        _show(target, hidden=True, by=by)
        _resolve(idea=idea, comment=comment, outcome=IdeaFlag.Outcome.UPHELD, by=by, note=reason)
    elif action == Action.RESTORE:
        if target.hidden_at is None:
            raise ValidationError(_("This is not hidden: nothing to restore."))
        _show(target, hidden=False, by=by)
        _resolve(idea=idea, comment=comment, outcome=IdeaFlag.Outcome.DISMISSED, by=by, note=reason)
    else:
        if not has_open_flags:
            raise ValidationError(_("There are no open flags on this: it was already resolved."))
        _resolve(idea=idea, comment=comment, outcome=IdeaFlag.Outcome.DISMISSED, by=by, note=reason)
        if target.hidden_at is not None:
            _show(target, hidden=False, by=by)
    return _log(by=by, action=action, item=target, reason=reason)
