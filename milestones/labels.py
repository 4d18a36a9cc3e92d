"""What the goal page and the dashboard say about a goal, a milestone and its tasks: each
label's rule written once, so a page, its htmx updates and the dashboard cannot disagree.

Pure rules (no database): the callers pass what they already loaded and the person's own
today (`user.today()`).
"""

from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# "This week" is the next seven days, today included: a rolling window, not a calendar week.
WEEK_DAYS = 7

FINISHED_GOAL_STATUSES = ("achieved", "abandoned")

ATTENTION_LATE = "late"
ATTENTION_THIS_WEEK = "this_week"


def goal_is_finished(goal_status: str) -> bool:
    """An achieved or abandoned goal is over: nothing in it is late any more."""
    return goal_status in FINISHED_GOAL_STATUSES


def goal_health(*, goal_status: str, schedule_health: str) -> str:
    """The badge of a goal: its own status once finished ("achieved" never reads "Late"),
    else the schedule's health (late, at risk, on track)."""
    return goal_status if goal_is_finished(goal_status) else schedule_health


def attention_of(
    *,
    goal_status: str,
    is_open: bool,
    is_late: bool,
    latest_start: date,
    latest_finish: date,
    today: date,
) -> str | None:
    """Late (its own list), due this week (must start or finish in the next 7 days,
    today included), or nothing. Closed milestones and finished goals need no attention;
    a milestone whose start-by date has passed but that can still finish in time is due
    this week only when its finish-by date is."""
    if not is_open or goal_is_finished(goal_status):
        return None
    if is_late:
        return ATTENTION_LATE
    week_end = today + timedelta(days=WEEK_DAYS - 1)
    starts_this_week = today <= latest_start <= week_end
    finishes_this_week = today <= latest_finish <= week_end
    return ATTENTION_THIS_WEEK if starts_this_week or finishes_this_week else None


def open_tasks(*, done: int, total: int) -> int:
    return max(total - done, 0)


def tasks_label(*, milestone_status: str, done: int, total: int) -> str:
    """ "Tasks: 1 of 3 done" for a milestone under way; a done milestone says what is
    still open ("Done, 2 tasks still open") rather than "0 of 2 done"."""
    still_open = open_tasks(done=done, total=total)
    if milestone_status == "done" and still_open:
        return ngettext(
            "Done, %(count)d task still open", "Done, %(count)d tasks still open", still_open
        ) % {"count": still_open}
    return _("Tasks: %(done)d of %(total)d done") % {"done": done, "total": total}


def close_tasks_label(count: int) -> str:
    """The button that closes a done milestone's open tasks: "Close 2 open tasks"."""
    return ngettext("Close %(count)d open task", "Close %(count)d open tasks", count) % {
        "count": count
    }


def achieved_question(*, open_count: int, total: int) -> str:
    """Asked before a goal with open milestones is marked achieved."""
    return ngettext(
        "%(open)d of %(total)d milestones is still open. Mark the goal achieved anyway?",
        "%(open)d of %(total)d milestones are still open. Mark the goal achieved anyway?",
        open_count,
    ) % {"open": open_count, "total": total}
