"""Writes that copy a whole plan: start a goal from a playbook, repeat a goal next season,
save a goal as a playbook. They sit here, above goals, because a plan is milestones,
prerequisites and tasks.

Each takes the acting person (`by`) and calls its own check first (goals/access.py): not
visible to them -> NotFound (404), visible but not allowed -> PermissionDenied (403), and
only then validates its input (ValidationError, 400).
"""

from datetime import date

from django.db import transaction

from goals.access import check_can_manage_goal, check_can_start_playbook
from goals.models import (
    MAX_DAYS,
    Goal,
    Playbook,
    PlaybookDependency,
    PlaybookMilestone,
    PlaybookTask,
)
from goals.services import check_target_not_past, goal_create

from .dated_rules import offset_of, rule_date
from .models import Dependency, Milestone, Task
from .plan_version import plan_changed
from .services import schedule_recompute


def copy_plan(*, goal: Goal, milestones, dependencies, tasks, rule_for) -> None:
    """Copy milestones, prerequisites and tasks into `goal` with three bulk inserts.

    `rule_for(old)` gives each copy's dated rule as (days before the target, follows the
    target): a rule that follows keeps its offset, one fixed by hand stays fixed."""
    new_by_old = {}
    copies = []
    for old in milestones:
        offset, follows = rule_for(old)
        copy = Milestone(
            goal=goal,
            title=old.title,
            description=old.description,
            duration_days=old.duration_days,
            must_finish_by=rule_date(goal.target_date, offset),
            finish_offset_days=offset if follows else None,
            position=old.position,
            source=old if isinstance(old, PlaybookMilestone) else old.source,
        )
        copies.append(copy)
        new_by_old[old.pk] = copy
    Milestone.objects.bulk_create(copies)
    Dependency.objects.bulk_create(
        Dependency(
            goal=goal,
            predecessor=new_by_old[link.predecessor_id],
            successor=new_by_old[link.successor_id],
            lag_days=link.lag_days,
        )
        for link in dependencies
    )
    Task.objects.bulk_create(
        Task(milestone=new_by_old[task.milestone_id], title=task.title, position=task.position)
        for task in tasks
    )
    plan_changed(goal.pk)
    schedule_recompute(goal=goal)


@transaction.atomic
def goal_repeat(*, goal: Goal, by, target_date: date, title: str | None = None) -> Goal:
    """Next season: a new goal with the whole plan re-anchored on a new target date.

    must_finish_by rules keep their distance from the target (those that followed the
    target still do; a date fixed by hand is moved by the same distance and stays fixed);
    holidays are not copied (they belong to the season they were set for): the new goal
    gets its region's public holidays up to the new target; every milestone and task
    starts open.
    """
    check_can_manage_goal(user=by, goal=goal)
    check_target_not_past(target_date=target_date, today=by.today())
    new_goal = goal_create(
        by=goal.owner,
        title=title or goal.title,
        target_date=target_date,
        description=goal.description,
        category=goal.category,
        region=goal.region,
        working_weekdays=goal.working_weekdays,
        non_working_dates=None,
        playbook=goal.playbook,
        repeats=goal,
    )
    copy_plan(
        goal=new_goal,
        milestones=list(goal.milestones.all()),
        dependencies=Dependency.objects.filter(goal=goal),
        tasks=Task.objects.filter(milestone__goal=goal),
        rule_for=lambda old: (
            offset_of(old, goal.target_date),
            old.finish_offset_days is not None,
        ),
    )
    return new_goal


@transaction.atomic
def playbook_start(
    *,
    playbook: Playbook,
    by,
    target_date: date,
    title: str | None = None,
    description: str | None = None,
    category=None,
    region=None,
    working_weekdays=None,
    non_working_dates=None,
) -> Goal:
    """Start a goal from a playbook: its content is copied, so later edits of the playbook
    never change this goal; each milestone remembers the playbook milestone it came from.

    Description and category default to the playbook's, region to the owner's; a working
    week or non-working dates left out are those a new goal gets (goals.calendars: the
    playbook's week, the region's public holidays up to the target). The plan is worked
    back once; the playbook's offsets keep following the target. The new goal is `by`'s."""
    check_can_start_playbook(user=by, playbook=playbook)
    check_target_not_past(target_date=target_date, today=by.today())
    goal = goal_create(
        by=by,
        title=title or playbook.title,
        target_date=target_date,
        description=description or playbook.description,
        category=category or playbook.category,
        region=region,
        working_weekdays=working_weekdays,
        non_working_dates=non_working_dates,
        playbook=playbook,
    )
    milestones = list(playbook.milestones.all())
    copy_plan(
        goal=goal,
        milestones=milestones,
        dependencies=PlaybookDependency.objects.filter(predecessor__playbook=playbook),
        tasks=PlaybookTask.objects.filter(milestone__playbook=playbook),
        rule_for=lambda old: (old.offset_days_before_target, True),
    )
    return goal


@transaction.atomic
def goal_save_as_playbook(
    *, goal: Goal, by, title: str | None = None, public: bool = False
) -> Playbook:
    """Turn a goal's plan into a reusable playbook (dated rules become offsets); `by`,
    the goal's owner, is its author."""
    check_can_manage_goal(user=by, goal=goal)
    playbook = Playbook.objects.create(
        title=title or goal.title,
        description=goal.description,
        category=goal.category,
        author=by,
        public=public,
        working_weekdays=goal.working_weekdays,
    )
    copies = {}
    for milestone in goal.milestones.all():
        offset = offset_of(milestone, goal.target_date)
        if offset is not None:
            offset = min(MAX_DAYS, max(0, offset))
        copies[milestone.pk] = PlaybookMilestone(
            playbook=playbook,
            title=milestone.title,
            description=milestone.description,
            duration_days=milestone.duration_days,
            offset_days_before_target=offset,
            position=milestone.position,
        )
    PlaybookMilestone.objects.bulk_create(copies.values())
    PlaybookDependency.objects.bulk_create(
        PlaybookDependency(
            predecessor=copies[link.predecessor_id],
            successor=copies[link.successor_id],
            lag_days=link.lag_days,
        )
        for link in Dependency.objects.filter(goal=goal)
    )
    PlaybookTask.objects.bulk_create(
        PlaybookTask(milestone=copies[task.milestone_id], title=task.title, position=task.position)
        for task in Task.objects.filter(milestone__goal=goal)
    )
    return playbook
