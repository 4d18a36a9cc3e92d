"""What the author of an idea or a comment is told of a decision on it (community's
notification kind for the outcome of a flag; each decision told once, by its key)."""

from django.utils.translation import gettext as _

from community.models import ModerationAction
from ecosystem.notifications.models import Kind
from ecosystem.notifications.services import notify

Action = ModerationAction.Action


def decision_told(*, entry: ModerationAction, item) -> int:
    """The item's author, unless they decided themselves (staff on their own idea)."""
    if item.author_id is None or item.author_id == entry.actor_id:
        return 0

    def title() -> str:  # in each recipient's language
        what = (
            _("your idea “%(title)s”") % {"title": item.title}
            if hasattr(item, "title")
            else _("your comment on “%(title)s”") % {"title": item.idea.title}
        )
        titles = {
            Action.HIDE: _("Staff hid %(what)s"),
            Action.AUTO_HIDE: _("Flags hid %(what)s until staff review it"),
            Action.RESTORE: _("Staff restored %(what)s"),
            Action.DISMISS: _("Staff found nothing wrong with %(what)s"),
        }
        return titles[entry.action] % {"what": what}

    return notify(
        recipients=[item.author_id],
        kind=Kind.FLAG_OUTCOME,
        target=item,
        title=title,
        body=lambda: _("Reason: %(reason)s") % {"reason": entry.reason} if entry.reason else "",
        link=item.get_absolute_url(),
        dedupe_key=f"flag_outcome:moderation:{entry.pk}",
    )
