"""Reads of milestones and schedules; the query shape of each page and answer is decided here."""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.conf import settings
from django.db.models import Count, Prefetch, Q

from goals import access as goal_access
from goals import scheduling
from goals.models import Goal
from goals.timeline import TimelineRow

from . import access
from .models import Dependency, Milestone, Task


def calendar_for(goal: Goal) -> scheduling.WorkingCalendar:
    return scheduling.WorkingCalendar(
        working_weekdays=frozenset(goal.working_weekdays),
        non_working_dates=frozenset(date.fromisoformat(day) for day in goal.non_working_dates),
    )


def milestone_inputs(milestones) -> list[scheduling.MilestoneInput]:
    return [
        scheduling.MilestoneInput(
            id=milestone.pk,
            duration_days=milestone.duration_days,
            status=milestone.status,
            position=milestone.position,
            must_finish_by=milestone.must_finish_by,
        )
        for milestone in milestones
    ]


def dependency_inputs(dependencies) -> list[scheduling.DependencyInput]:
    return [
        scheduling.DependencyInput(
            predecessor_id=dependency.predecessor_id,
            successor_id=dependency.successor_id,
            lag_days=dependency.lag_days,
        )
        for dependency in dependencies
    ]


@dataclass(frozen=True)
class ScheduleRow:
    """A milestone with its computed dates, for pages and the API."""

    milestone: Milestone
    dates: scheduling.ScheduledMilestone


@dataclass(frozen=True)
class GoalSchedule:
    goal: Goal
    schedule: scheduling.Schedule
    rows: list[ScheduleRow]
    # Dependency rows, or the scheduler's DependencyInput where only dates were wanted
    # (goal_summaries_for): both have predecessor_id, successor_id and lag_days.
    dependencies: list[Dependency] | list[scheduling.DependencyInput]

    @property
    def milestones(self) -> list[Milestone]:
        return [row.milestone for row in self.rows]


def milestone_queryset():
    return Milestone.objects.annotate(
        task_count=Count("tasks", distinct=True),
        tasks_done=Count("tasks", filter=Q(tasks__done=True), distinct=True),
    )


def milestone_list(*, goal: Goal, with_tasks: bool = False):
    queryset = milestone_queryset().filter(goal=goal).select_related("source")
    if with_tasks:
        queryset = queryset.prefetch_related(Prefetch("tasks", queryset=Task.objects.all()))
    return queryset.order_by("latest_start", "position", "id")


def dependency_list(*, goal: Goal):
    return (
        Dependency.objects.filter(goal=goal)
        .select_related("predecessor", "successor")
        .order_by("id")
    )


def schedule_from(
    *, goal: Goal, milestones, dependencies, as_of: date, viewer=None
) -> GoalSchedule:
    """Compute the full schedule from rows already loaded (`dependencies` as Dependency
    rows or as scheduler inputs).

    The whole plan is always scheduled (dates depend on every milestone); with a
    `viewer` who is not the owner, only the milestones they may see are listed, and a
    prerequisite only when both ends are visible (one query for the visible ids).
    """
    milestones = list(milestones)
    dependencies = list(dependencies)
    schedule = scheduling.compute_schedule(
        target_date=goal.target_date,
        as_of=as_of,
        calendar=calendar_for(goal),
        milestones=milestone_inputs(milestones),
        dependencies=dependency_inputs(dependencies),
    )
    by_id = {milestone.pk: milestone for milestone in milestones}
    visible = None
    if viewer is not None and not goal_access.is_owner(viewer, goal):
        visible = set(
            Milestone.objects.visible_to(viewer).filter(goal=goal).values_list("pk", flat=True)
        )
        dependencies = [
            link
            for link in dependencies
            if link.predecessor_id in visible and link.successor_id in visible
        ]
    rows = [
        ScheduleRow(milestone=by_id[dates.id], dates=dates)
        for dates in schedule.milestones
        if visible is None or dates.id in visible
    ]
    return GoalSchedule(goal=goal, schedule=schedule, rows=rows, dependencies=dependencies)


def goal_schedule(
    *, goal: Goal, as_of: date, with_tasks: bool = False, viewer=None
) -> GoalSchedule:
    """The work-back schedule of a goal as of a day, listing what `viewer` may see."""
    milestones = list(milestone_list(goal=goal, with_tasks=with_tasks))
    by_id = {milestone.pk: milestone for milestone in milestones}
    dependencies = list(Dependency.objects.filter(goal=goal).order_by("id"))
    for link in dependencies:
        # Both ends are milestones of this goal, loaded just above: given to each link
        # rather than joined and built again (two more milestones per prerequisite).
        if link.predecessor_id in by_id and link.successor_id in by_id:
            link.predecessor = by_id[link.predecessor_id]
            link.successor = by_id[link.successor_id]
    return schedule_from(
        goal=goal, milestones=milestones, dependencies=dependencies, as_of=as_of, viewer=viewer
    )


@dataclass
class GoalPlan:
    """A goal's plan as one person sees it on `as_of`: the schedule rows and prerequisites
    they may see, what they may do, and the timeline's input. Built once by goal_plan()
    for the goal page, its htmx partials and the schedule API."""

    goal: Goal
    viewer: object
    as_of: date
    schedule: scheduling.Schedule
    rows: list[ScheduleRow]  # in schedule order, only what the viewer sees
    dependencies: list[Dependency]  # both ends visible
    can_change_plan: bool  # add, delete, reorder milestones; add, remove prerequisites
    can_manage_goal: bool  # settings, trash, repeat, save as playbook, stakeholders

    @cached_property
    def editable_ids(self) -> frozenset[int]:
        """The milestones whose fields, status and tasks the viewer edits (all of them
        for the owner; a query for a stakeholder, on first use only)."""
        if self.can_change_plan:
            return frozenset(row.milestone.pk for row in self.rows)
        return frozenset(access.editable_milestone_ids(self.viewer, self.goal))

    @property
    def milestones(self) -> list[Milestone]:
        return [row.milestone for row in self.rows]

    @property
    def by_position(self) -> list[Milestone]:
        """The editable list's order: position, then id."""
        return sorted(self.milestones, key=lambda milestone: (milestone.position, milestone.pk))

    @property
    def dates_by_id(self) -> dict[int, scheduling.ScheduledMilestone]:
        return {row.milestone.pk: row.dates for row in self.rows}

    @property
    def prerequisites(self) -> dict[int, list[Dependency]]:
        """Each milestone's visible prerequisites, by successor id."""
        found: dict[int, list[Dependency]] = {}
        for link in self.dependencies:
            found.setdefault(link.successor_id, []).append(link)
        return found

    @property
    def timeline_rows(self) -> list[TimelineRow]:
        return [
            TimelineRow(
                id=row.milestone.pk,
                title=row.milestone.title,
                status=row.milestone.status,
                latest_start=row.dates.latest_start,
                latest_finish=row.dates.latest_finish,
                earliest_start=row.dates.earliest_start,
                earliest_finish=row.dates.earliest_finish,
                is_critical=row.dates.is_critical,
                is_late=row.dates.is_late,
                is_checkpoint=row.milestone.is_checkpoint,
                slack_days=row.dates.slack_days,
            )
            for row in self.rows
        ]

    @property
    def timeline_dependencies(self) -> list[tuple[int, int]]:
        return [(link.predecessor_id, link.successor_id) for link in self.dependencies]


def goal_plan(
    *, goal: Goal, viewer, as_of: date | None = None, with_tasks: bool = False
) -> GoalPlan:
    """The plan of a goal the viewer sees, as of a day (default: the viewer's own today).

    The whole plan is scheduled (dates depend on every milestone); only what the viewer
    may see is listed. Three queries for the owner (milestones, tasks with `with_tasks`,
    prerequisites), one more for a stakeholder (what they see) and one on first use of
    `editable_ids`, whatever the number of milestones. Raises scheduling.ScheduleOutOfRange for an
    `as_of` the calendar cannot reach."""
    as_of = as_of or viewer.today()
    plan = goal_schedule(goal=goal, as_of=as_of, with_tasks=with_tasks, viewer=viewer)
    return GoalPlan(
        goal=goal,
        viewer=viewer,
        as_of=as_of,
        schedule=plan.schedule,
        rows=plan.rows,
        dependencies=plan.dependencies,
        can_change_plan=access.can_change_plan(viewer, goal),
        can_manage_goal=goal_access.can_manage_goal(viewer, goal),
    )


def milestone_detail(*, user, pk) -> Milestone:
    return (
        milestone_queryset()
        .visible_to(user)
        .select_related("goal", "goal__owner", "source")
        .get(pk=pk)
    )


# --- Goal page (milestones/views/): the objects its write actions act on ---------------
def dependency_detail(*, user, pk) -> Dependency:
    return Dependency.objects.visible_to(user).select_related("goal").get(pk=pk)


def task_detail(*, user, pk) -> Task:
    return Task.objects.visible_to(user).select_related("milestone__goal").get(pk=pk)


HEALTH_LATE = "late"
HEALTH_AT_RISK = "at_risk"
HEALTH_ON_TRACK = "on_track"


def health_of(schedule) -> str:
    """late: the plan is not feasible; at risk: feasible with little float; else on track."""
    if not schedule.feasible:
        return HEALTH_LATE
    if schedule.float_days is not None and schedule.float_days < settings.GOAL_AT_RISK_FLOAT_DAYS:
        return HEALTH_AT_RISK
    return HEALTH_ON_TRACK


def open_milestone_count(goal: Goal) -> tuple[int, int]:
    """How many of a goal's milestones are still open, and how many it has, in one query."""
    closed = [Milestone.Status.DONE, Milestone.Status.SKIPPED]
    counts = Milestone.objects.filter(goal=goal).aggregate(
        total=Count("pk"), open=Count("pk", filter=~Q(status__in=closed))
    )
    return counts["open"], counts["total"]
