"""Who may flag an idea or a comment, and who decides: community's rules, asked here.

Flagging: anyone signed in who sees the item and is not suspended platform-wide, what
someone else wrote, once (`community.access.written_item_flag_refusal`). Ideas belong to no
community, so deciding is platform moderation: staff (`community.access.check_can_moderate`
with no community). Not visible answers 404 before either rule is asked.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from community.access import (
    Refusal,
    check_can_moderate,
    signed_out_refusal,
    standing_in,
    suspension_refusal,
    written_item_flag_refusal,
)

from ..models import Idea, IdeaComment
from .models import IdeaFlag


def flag_refusal(*, user, item, already_flagged: bool) -> Refusal:
    """Why this person may not flag this idea or comment now (None: they may)."""
    standing = standing_in(user=user, community=None)  # platform-wide: no community here
    for refusal in (
        signed_out_refusal(standing, _("flag ideas for staff")),
        suspension_refusal(standing),
    ):
        if refusal is not None:
            return refusal
    return written_item_flag_refusal(standing, item, already_flagged=already_flagged)


def may_flag(*, user, item) -> bool:
    """For a page's buttons: no query, from the `flagged` the selectors annotate (a
    suspension is said when the person tries)."""
    if not user.is_authenticated or item.author_id == user.pk:
        return False
    return not getattr(item, "flagged", False)


def _flagged(user, *, idea=None, comment=None) -> bool:
    return (
        user.is_authenticated
        and IdeaFlag.objects.filter(flagger=user, idea=idea, comment=comment).exists()
    )


def check_visible(*, user, idea: Idea | None = None, comment: IdeaComment | None = None):
    if comment is not None:
        if not IdeaComment.objects.visible_to(user).filter(pk=comment.pk).exists():
            raise Http404
    elif not Idea.objects.visible_to(user).filter(pk=idea.pk).exists():
        raise Http404


def check_can_flag(*, user, idea: Idea | None = None, comment: IdeaComment | None = None):
    """404 when not visible; then the refusal (403 who may not, 400 what cannot be)."""
    if (idea is None) == (comment is None):
        raise ValueError("Flag exactly one of idea or comment.")
    check_visible(user=user, idea=idea, comment=comment)
    refusal = flag_refusal(
        user=user,
        item=idea if idea is not None else comment,
        already_flagged=_flagged(user, idea=idea, comment=comment),
    )
    if refusal is not None:
        raise refusal


def check_can_decide(*, user) -> None:
    """Staff decide on flagged ideas and comments (platform moderation: 403 for others)."""
    check_can_moderate(user=user, community=None)
