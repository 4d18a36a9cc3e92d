"""Writes on milestones, prerequisites and tasks.

Each takes the acting person (`by`) and calls its own check first (milestones/access.py):
not visible to them -> NotFound (404), visible but not allowed -> PermissionDenied (403),
and only then validates its input (ValidationError, 400).

Every change that can move the work-back dates locks the goal row first
(`select_for_update`), so two concurrent requests can neither close a cycle together nor
store stale dates, and recomputes the stored latest dates in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ecosystem.formats import display_date
from goals import scheduling
from goals.models import Goal
from goals.services import goal_lock

from . import dated_rules, notices
from .access import (
    check_can_change_dependency,
    check_can_change_plan,
    check_can_delete_milestone,
    check_can_edit_milestone,
    check_can_edit_task,
)
from .hooks import milestone_completed, milestone_deleting
from .models import Dependency, Milestone, Task
from .plan_version import milestone_changed, plan_changed
from .selectors import calendar_for, dependency_inputs, milestone_inputs

MILESTONE_EDITABLE = {
    "title",
    "description",
    "duration_days",
    "must_finish_by",
    "status",
    "position",
}
TASK_EDITABLE = {"title", "done", "position"}


def schedule_recompute(*, goal: Goal) -> None:
    """Work the plan back from the target and store each milestone's latest dates.

    Call inside a transaction that holds the goal's lock.
    """
    milestones = list(
        Milestone.objects.filter(goal=goal).only(
            "id",
            "duration_days",
            "status",
            "position",
            "must_finish_by",
            "latest_start",
            "latest_finish",
        )
    )
    dependencies = list(
        Dependency.objects.filter(goal=goal).only("predecessor_id", "successor_id", "lag_days")
    )
    try:
        latest = scheduling.compute_latest(
            target_date=goal.target_date,
            calendar=calendar_for(goal),
            milestones=milestone_inputs(milestones),
            dependencies=dependency_inputs(dependencies),
        )
    except scheduling.ScheduleOutOfRange as error:
        raise ValidationError(
            _("The plan reaches too far back in time to be scheduled: %(error)s") % {"error": error}
        ) from error
    changed = []
    for milestone in milestones:
        dates = latest[milestone.pk]
        if (milestone.latest_start, milestone.latest_finish) != (
            dates.latest_start,
            dates.latest_finish,
        ):
            milestone.latest_start = dates.latest_start
            milestone.latest_finish = dates.latest_finish
            changed.append(milestone)
    if changed:
        Milestone.objects.bulk_update(changed, ["latest_start", "latest_finish"], batch_size=500)
        plan_changed(goal.pk)


def goal_replan(*, goal: Goal, changed=(), **_signal) -> None:
    """A goal's target or working calendar changed (goals.hooks.goal_calendar_changed,
    sent by goals.services.goal_update with the goal locked): the rules that follow the
    target move with it, a target earlier than a date fixed by hand is refused (naming
    it), then the plan is worked back again."""
    if "target_date" in changed:
        dated_rules.follow_target(goal)
        dated_rules.check_fixed_rules(goal)
    schedule_recompute(goal=goal)


def milestone_validate_date_rule(*, goal: Goal, must_finish_by) -> None:
    """A milestone's must-finish-by date may not fall after its goal's target."""
    if must_finish_by is not None and must_finish_by > goal.target_date:
        raise ValidationError(
            {
                "must_finish_by": _(
                    "Must finish by %(date)s is after the goal's target date %(target)s."
                )
                % {"date": display_date(must_finish_by), "target": display_date(goal.target_date)}
            }
        )


def _next_position(queryset) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


@transaction.atomic
def milestone_create(
    *,
    goal: Goal,
    by,
    title: str,
    duration_days: int = 1,
    must_finish_by=None,
    description: str = "",
    status: str = Milestone.Status.TODO,
    position: int | None = None,
    source=None,
    after: Milestone | None = None,
    lag_days: int = 0,
) -> Milestone:
    """Add a milestone; with `after`, that milestone becomes its prerequisite (with
    `lag_days`) in the same transaction, so the plan is worked back once."""
    check_can_change_plan(user=by, goal=goal)
    goal = goal_lock(goal)
    milestone_validate_date_rule(goal=goal, must_finish_by=must_finish_by)
    if after is not None and after.goal_id != goal.pk:
        raise ValidationError({"after": _("Both milestones must belong to the same goal.")})
    milestone = Milestone(
        goal=goal,
        title=title,
        duration_days=duration_days,
        must_finish_by=must_finish_by,
        description=description,
        status=status,
        position=_next_position(goal.milestones.all()) if position is None else position,
        source=source,
    )
    if status == Milestone.Status.DONE:
        milestone.completed_on = goal.owner.today()
    milestone.full_clean(exclude=["goal", "source"])
    milestone.save()
    if after is not None:
        # A new milestone has no successors yet: this link cannot close a cycle.
        link = Dependency(goal=goal, predecessor=after, successor=milestone, lag_days=lag_days)
        link.full_clean(exclude=["goal", "predecessor", "successor"])
        link.save()
    schedule_recompute(goal=goal)
    milestone.refresh_from_db(fields=["latest_start", "latest_finish"])
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, by, **changes) -> Milestone:
    """Change a milestone (its owner, or a contributor whose scope covers it; moving it
    in the plan is the owner's). Marking it done sets completed_on to the owner's today;
    done again changes nothing; reopening clears completed_on."""
    check_can_edit_milestone(user=by, milestone=milestone, fields=changes.keys())
    unknown = set(changes) - MILESTONE_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    goal = goal_lock(milestone.goal)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if "must_finish_by" in changes:
        milestone_validate_date_rule(goal=goal, must_finish_by=changes["must_finish_by"])
    new_status = changes.get("status", milestone.status)
    completed = new_status != milestone.status and new_status == Milestone.Status.DONE
    if new_status != milestone.status:
        if new_status == Milestone.Status.DONE:
            milestone.completed_on = goal.owner.today()
        elif new_status in (Milestone.Status.TODO, Milestone.Status.DOING):
            milestone.completed_on = None
    if changes.get("must_finish_by", milestone.must_finish_by) != milestone.must_finish_by:
        # A date set by hand stays fixed: it no longer follows the target.
        milestone.finish_offset_days = None
    for field, value in changes.items():
        setattr(milestone, field, value)
    milestone.full_clean(exclude=["goal", "source"])
    milestone.save()
    if completed:
        notices.milestone_completed(milestone=milestone, goal=goal, by=by)
    if changes.keys() & {"duration_days", "must_finish_by", "position"}:
        schedule_recompute(goal=goal)
        milestone.refresh_from_db(fields=["latest_start", "latest_finish"])
    milestone.goal = goal
    if completed:
        milestone_completed.send(sender=Milestone, milestone=milestone, by=by)
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by) -> None:
    """Delete a milestone; a stakeholder scoped to it alone loses access (an empty scope
    would otherwise mean the whole goal): the stakeholders app hears it through
    `milestone_deleting`."""
    check_can_delete_milestone(user=by, milestone=milestone)
    goal = goal_lock(milestone.goal)
    milestone_deleting.send(sender=Milestone, milestone=milestone, by=by)
    milestone.delete()
    plan_changed(goal.pk)
    schedule_recompute(goal=goal)


@transaction.atomic
def milestone_reorder(*, goal: Goal, by, ordered_ids: list[int]) -> None:
    """Set positions in the given order (ties in the plan are listed by position)."""
    check_can_change_plan(user=by, goal=goal)
    goal = goal_lock(goal)
    milestones = {m.pk: m for m in Milestone.objects.filter(goal=goal)}
    if set(ordered_ids) != set(milestones) or len(ordered_ids) != len(milestones):
        raise ValidationError({"order": _("List every milestone of this goal exactly once.")})
    for position, pk in enumerate(ordered_ids):
        milestones[pk].position = position
    Milestone.objects.bulk_update(milestones.values(), ["position"])
    plan_changed(goal.pk)


def _describe_cycle(ids, titles) -> str:
    loop = [titles.get(pk, str(pk)) for pk in ids]
    return " → ".join([*loop, loop[0]])


@transaction.atomic
def dependency_create(
    *, goal: Goal, by, predecessor: Milestone, successor: Milestone, lag_days: int = 0
) -> Dependency:
    """Add a prerequisite; refuse one across goals, on itself, twice, or closing a cycle."""
    check_can_change_plan(user=by, goal=goal)
    goal = goal_lock(goal)
    dependency_validate(goal=goal, predecessor=predecessor, successor=successor)
    dependency = Dependency(
        goal=goal, predecessor=predecessor, successor=successor, lag_days=lag_days
    )
    dependency.full_clean(exclude=["goal", "predecessor", "successor"])
    try:
        with transaction.atomic():
            dependency.save()
    except IntegrityError as error:  # a concurrent twin slipped past the check
        raise ValidationError({"successor": _("This prerequisite already exists.")}) from error
    schedule_recompute(goal=goal)
    return dependency


def dependency_validate(*, goal: Goal, predecessor: Milestone, successor: Milestone) -> None:
    """A new prerequisite links two milestones of `goal`, not one to itself, not twice,
    and closes no cycle (named in the error). Checked again under the goal's lock."""
    if predecessor.goal_id != goal.pk or successor.goal_id != goal.pk:
        raise ValidationError({"successor": _("Both milestones must belong to the same goal.")})
    if predecessor.pk == successor.pk:
        raise ValidationError({"successor": _("A milestone cannot be its own prerequisite.")})
    if Dependency.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise ValidationError({"successor": _("This prerequisite already exists.")})
    existing = list(Dependency.objects.filter(goal=goal))
    cycle = scheduling.path_that_would_close_cycle(
        dependency_inputs(existing), predecessor.pk, successor.pk
    )
    if cycle:
        titles = dict(Milestone.objects.filter(pk__in=cycle).values_list("pk", "title"))
        raise ValidationError(
            {
                "successor": _("This prerequisite would close a cycle: %(cycle)s.")
                % {"cycle": _describe_cycle(cycle, titles)}
            },
            params={"cycle": cycle},
        )


@transaction.atomic
def dependency_update(*, dependency: Dependency, by, lag_days: int) -> Dependency:
    check_can_change_dependency(user=by, dependency=dependency)
    goal = goal_lock(dependency.goal)
    dependency.lag_days = lag_days
    dependency.full_clean(exclude=["goal", "predecessor", "successor"])
    dependency.save(update_fields=["lag_days"])
    schedule_recompute(goal=goal)
    return dependency


@transaction.atomic
def dependency_delete(*, dependency: Dependency, by) -> None:
    check_can_change_dependency(user=by, dependency=dependency)
    goal = goal_lock(dependency.goal)
    dependency.delete()
    plan_changed(goal.pk)
    schedule_recompute(goal=goal)


@transaction.atomic
def task_create(*, milestone: Milestone, by, title: str, done: bool = False) -> Task:
    check_can_edit_milestone(user=by, milestone=milestone)
    task = Task(
        milestone=milestone,
        title=title,
        done=done,
        position=_next_position(milestone.tasks.all()),
    )
    task.full_clean(exclude=["milestone"])
    task.save()
    return task


@transaction.atomic
def task_update(*, task: Task, by, **changes) -> Task:
    check_can_edit_task(user=by, task=task)
    unknown = set(changes) - TASK_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(task, field, value)
    task.full_clean(exclude=["milestone"])
    task.save()
    return task


@transaction.atomic
def milestone_close_tasks(*, milestone: Milestone, by) -> int:
    """Tick every open task of a milestone (what a done milestone offers); returns how
    many were closed, 0 when none was open (so a repeated submit changes nothing)."""
    check_can_edit_milestone(user=by, milestone=milestone)
    plan_changed(milestone.goal_id)  # first: the goal row's lock before the tasks'
    return milestone.tasks.filter(done=False).update(done=True)


@transaction.atomic
def task_delete(*, task: Task, by) -> None:
    check_can_edit_task(user=by, task=task)
    milestone_changed(task.milestone_id)  # first: the goal row's lock before the task's
    task.delete()
