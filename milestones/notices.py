"""What the owner of a goal is told about their plan by others: a contributor completed
one of their milestones. Reminders are not events: see reminders.py."""

from django.utils.translation import gettext as _

from ecosystem.notifications.models import Kind
from ecosystem.notifications.services import notify
from goals.models import Goal

from .models import Milestone


def milestone_completed(*, milestone: Milestone, goal: Goal, by) -> int:
    """Called by milestone_update in its transaction when a milestone becomes done: the
    goal's owner hears of it when someone else (a contributor) marked it, once per day it
    was completed on."""
    if by.pk == goal.owner_id:
        return 0
    return notify(
        recipients=[goal.owner_id],
        kind=Kind.MILESTONE_DONE,
        target=milestone,
        title=lambda: (
            _("%(who)s marked “%(milestone)s” done")
            % {"who": by.name, "milestone": milestone.title}
        ),
        body=goal.title,
        link=milestone.get_absolute_url(),
        dedupe_key=f"milestone_done:milestone:{milestone.pk}:{milestone.completed_on}",
    )
