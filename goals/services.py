"""Writes on goals: create, change, trash, restore, purge (playbooks are in
goals/playbooks.py; what copies a plan, repeat and start from a playbook, is in
milestones/plans.py, above goals).

Each takes the acting person (`by`) and calls its own check first (goals/access.py): not
visible to them -> NotFound (404), visible but not allowed -> PermissionDenied (403), and
only then validates its input (ValidationError, 400).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.formats import display_date

from .access import check_can_manage_goal, check_can_restore_goal
from .calendars import new_goal_calendar
from .hooks import goal_calendar_changed, goal_status_changed
from .models import ALL_WEEKDAYS, Goal

GOAL_EDITABLE = {
    "title",
    "description",
    "category",
    "region",
    "target_date",
    "status",
    "working_weekdays",
    "non_working_dates",
}
SCHEDULE_FIELDS = {"target_date", "working_weekdays", "non_working_dates"}


def goal_lock(goal: Goal) -> Goal:
    """Lock the goal row for the rest of the transaction and return it fresh."""
    return Goal.objects.select_for_update().select_related("owner").get(pk=goal.pk)


def clean_working_weekdays(value) -> list[int]:
    """ISO weekdays 1..7, at least one; returned sorted without repeats."""
    if not isinstance(value, list | tuple | set) or not value:
        raise ValidationError(
            {
                "working_weekdays": _(
                    "Choose at least one working weekday (1 = Monday … 7 = Sunday)."
                )
            }
        )
    if any(
        not isinstance(day, int) or isinstance(day, bool) or day not in ALL_WEEKDAYS
        for day in value
    ):
        raise ValidationError(
            {
                "working_weekdays": _(
                    "Working weekdays are whole numbers from 1 (Monday) to 7 (Sunday)."
                )
            }
        )
    return sorted(set(value))


def clean_non_working_dates(value) -> list[str]:
    """Dates as YYYY-MM-DD strings (or date objects); returned sorted without repeats."""
    if value is None:
        return []
    if not isinstance(value, list | tuple | set):
        raise ValidationError({"non_working_dates": _("Give a list of dates (YYYY-MM-DD).")})
    days = set()
    for item in value:
        if isinstance(item, date):
            days.add(item)
            continue
        try:
            days.add(date.fromisoformat(str(item)))
        except ValueError:
            raise ValidationError(
                {
                    "non_working_dates": _("“%(value)s” is not a date (YYYY-MM-DD).")
                    % {"value": item}
                }
            ) from None
    return [day.isoformat() for day in sorted(days)]


def check_target_not_past(*, target_date: date, today: date) -> None:
    """A new target in the past is refused with its own message (not a milestone's)."""
    if target_date < today:
        raise ValidationError(
            {
                "target_date": _(
                    "%(date)s is in the past: choose today (%(today)s) or a later date."
                )
                % {"date": display_date(target_date), "today": display_date(today)}
            }
        )


@transaction.atomic
def goal_create(
    *,
    by,
    title: str,
    target_date: date,
    description: str = "",
    category=None,
    region=None,
    working_weekdays=None,
    non_working_dates=None,
    status: str = Goal.Status.ACTIVE,
    playbook=None,
    repeats=None,
) -> Goal:
    """A new goal of `by`'s own (anyone signed in may plan one): region defaults to theirs;
    the working week and non-working dates left out are the calendar a new goal gets
    (goals.calendars: the playbook's week, the region's public holidays up to the target)."""
    region = region if region is not None else by.region
    if working_weekdays is None or non_working_dates is None:
        calendar = new_goal_calendar(
            playbook=playbook, region=region, today=by.today(), target_date=target_date
        )
        if working_weekdays is None:
            working_weekdays = calendar.working_weekdays
        if non_working_dates is None:
            non_working_dates = calendar.non_working_dates
    goal = Goal(
        owner=by,
        title=title,
        target_date=target_date,
        description=description,
        category=category,
        region=region,
        working_weekdays=clean_working_weekdays(working_weekdays),
        non_working_dates=clean_non_working_dates(non_working_dates),
        status=status,
        playbook=playbook,
        repeats=repeats,
    )
    goal.full_clean(exclude=["owner", "playbook", "repeats", "category", "region"])
    goal.save()
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, by, **changes) -> Goal:
    """The owner changes the goal's settings; a new target or calendar re-plans it. A new
    target in the past is refused with its own message."""
    check_can_manage_goal(user=by, goal=goal)
    unknown = set(changes) - GOAL_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    goal = goal_lock(goal)
    previous_status = goal.status
    if changes.get("target_date", goal.target_date) == goal.target_date:
        changes.pop("target_date", None)  # unchanged: nothing to re-plan
    elif isinstance(changes["target_date"], date):
        check_target_not_past(target_date=changes["target_date"], today=by.today())
    if "working_weekdays" in changes:
        changes["working_weekdays"] = clean_working_weekdays(changes["working_weekdays"])
    if "non_working_dates" in changes:
        changes["non_working_dates"] = clean_non_working_dates(changes["non_working_dates"])
    for field, value in changes.items():
        setattr(goal, field, value)
    goal.full_clean(exclude=["owner", "playbook", "repeats", "category", "region"])
    goal.save()
    if changes.keys() & SCHEDULE_FIELDS:
        # The plan (milestones, above goals) checks its dated rules and works back again.
        goal_calendar_changed.send(sender=Goal, goal=goal, changed=changes.keys() & SCHEDULE_FIELDS)
    if goal.status != previous_status:
        goal_status_changed.send(sender=Goal, goal=goal, previous=previous_status, by=by)
    return goal


@transaction.atomic
def goal_trash(*, goal: Goal, by) -> Goal:
    """Move a goal to the trash; its owner can restore it for TRASH_RETENTION_DAYS."""
    check_can_manage_goal(user=by, goal=goal)
    goal = goal_lock(goal)
    if goal.deleted_at is None:
        goal.deleted_at = timezone.now()
        goal.save(update_fields=["deleted_at", "updated_at"])
    return goal


@transaction.atomic
def goal_restore(*, goal: Goal, by) -> Goal:
    """Bring a goal back from the trash (a goal not in the trash stays as it is)."""
    check_can_restore_goal(user=by, goal=goal)
    goal = goal_lock(goal)
    if goal.deleted_at is not None:
        goal.deleted_at = None
        goal.save(update_fields=["deleted_at", "updated_at"])
    return goal


@transaction.atomic
def goal_purge_expired(*, now=None) -> int:
    """Delete for good the goals that stayed in the trash past the retention period."""
    # delete() counts cascaded rows (milestones, tasks...) too: report only the goals.
    _total, deleted_per_model = Goal.objects.purge_due(now).delete()
    return deleted_per_model.get(Goal._meta.label, 0)
