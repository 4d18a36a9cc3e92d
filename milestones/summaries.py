"""Lean reads of plans: the dashboard's goal summaries and the schedule API's dates, with
each milestone read with only what a summary or a schedule shows and prerequisites as
plain scheduler inputs (the goal page's `selectors.goal_plan` loads what its controls
need too)."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.conf import settings

from ecosystem.cache import kept as kept_cache
from goals import scheduling
from goals.models import Goal
from goals.selectors import owned_goal_list_for

from . import labels
from .models import Dependency, Milestone, milestone_url
from .plan_version import PLAN_TIMEOUT_SECONDS, plan_key
from .selectors import GoalSchedule, health_of, schedule_from


class AttentionItem(NamedTuple):
    """A milestone a summary names (late, in the next 7 days, or next to start), with what
    the dashboard shows of it: plain values, so a kept summary reads back quickly (as model
    rows with their dates, 28 late milestones took 0.2 ms to unpickle)."""

    milestone_id: int
    goal_id: int
    title: str
    latest_start: date
    latest_finish: date

    def get_absolute_url(self) -> str:
        return milestone_url(goal_id=self.goal_id, milestone_id=self.milestone_id)


def _item(row) -> AttentionItem:
    milestone, dates = row.milestone, row.dates
    return AttentionItem(
        milestone.pk, milestone.goal_id, milestone.title, dates.latest_start, dates.latest_finish
    )


@dataclass(frozen=True)
class PlanSummary:
    """What a summary says of a goal's plan on a day: worked out from the plan alone, so
    kept in the cache under the plan's version (plan_version.plan_key)."""

    health: str
    milestone_count: int
    milestones_closed: int  # done or skipped
    progress_percent: int
    next_start: AttentionItem | None
    next_start_date: date | None
    late: list[AttentionItem]  # late (labels.attention_of)
    this_week: list[AttentionItem]  # to start or finish in the next 7 days


@dataclass(frozen=True)
class GoalSummary(PlanSummary):
    goal: Goal

    @property
    def attention(self) -> list:
        return self.late + self.this_week


# What a summary reads of each milestone: its scheduling inputs, its title and link.
SUMMARY_MILESTONE_FIELDS = (
    "id",
    "goal_id",
    "title",
    "duration_days",
    "must_finish_by",
    "status",
    "position",
)


def _lean_milestones(goal_ids):
    """The milestones of these goals with only what a summary or a schedule shows."""
    return (
        Milestone.objects.filter(goal__in=goal_ids)
        .only(*SUMMARY_MILESTONE_FIELDS)
        .order_by("position", "id")
    )


def _lean_dependencies(goal_ids) -> dict[int, list[scheduling.DependencyInput]]:
    """The prerequisites of these goals as plain scheduler inputs, by goal id."""
    dependencies_of = {pk: [] for pk in goal_ids}
    for goal_id, predecessor_id, successor_id, lag_days in (
        Dependency.objects.filter(goal__in=goal_ids)
        .order_by("id")
        .values_list("goal_id", "predecessor_id", "successor_id", "lag_days")
    ):
        dependencies_of[goal_id].append(
            scheduling.DependencyInput(
                predecessor_id=predecessor_id, successor_id=successor_id, lag_days=lag_days
            )
        )
    return dependencies_of


def goal_dates(*, goal: Goal, viewer, as_of: date | None = None) -> GoalSchedule:
    """The dates of a goal's plan as `viewer` sees it (default: as of their own today),
    read lean: each milestone with only its title, status and scheduling inputs, the
    prerequisites as scheduler inputs. For the schedule API, which shows nothing else
    (the goal page's `goal_plan` also loads what its controls need) and keeps its answer
    (milestones/api/schedule.py). Raises scheduling.ScheduleOutOfRange for an `as_of` the
    calendar cannot reach."""
    return schedule_from(
        goal=goal,
        milestones=_lean_milestones([goal.pk]),
        dependencies=_lean_dependencies([goal.pk])[goal.pk],
        as_of=as_of or viewer.today(),
        viewer=viewer,
    )


def goal_summaries_for(user, *, as_of: date | None = None, goals=None) -> list[GoalSummary]:
    """Dashboard data: each of the person's own goals (or `goals`, theirs) with its health,
    progress, next start and the milestones that need attention, in a fixed number of
    queries. A summary tells the whole plan: never give it a goal only shared with them.

    Each goal's summary is kept in the cache under its plan's version and the day, so only
    the goals whose plan changed since (or never summed up) have their plans read, and read
    lean: milestones with only the fields a summary shows or schedules by, prerequisites as
    plain scheduler inputs (no model instances), each in one query for all of them.
    """
    as_of = as_of or user.today()
    goals = list(goals if goals is not None else owned_goal_list_for(user))
    keys = {
        goal.pk: plan_key(goal, "summary", as_of, settings.GOAL_AT_RISK_FLOAT_DAYS)
        for goal in goals
    }
    kept = kept_cache.get_many(list(keys.values())) if keys else {}
    missing = [goal for goal in goals if keys[goal.pk] not in kept]
    worked = _plan_summaries(missing, as_of=as_of)
    if worked:
        kept_cache.set_many(
            {keys[pk]: summary for pk, summary in worked.items()}, PLAN_TIMEOUT_SECONDS
        )
    return [
        GoalSummary(goal=goal, **vars(kept.get(keys[goal.pk]) or worked[goal.pk])) for goal in goals
    ]


def _plan_summaries(goals: list[Goal], *, as_of: date) -> dict[int, PlanSummary]:
    """The summary of each goal's plan on `as_of`, by goal id: two queries for them all."""
    if not goals:
        return {}
    goal_ids = [goal.pk for goal in goals]
    milestones_of = {pk: [] for pk in goal_ids}
    for milestone in _lean_milestones(goal_ids):
        milestones_of[milestone.goal_id].append(milestone)
    dependencies_of = _lean_dependencies(goal_ids)
    summaries = {}
    for goal in goals:
        plan = schedule_from(
            goal=goal,
            milestones=milestones_of[goal.pk],
            dependencies=dependencies_of[goal.pk],
            as_of=as_of,
        )
        open_rows = [row for row in plan.rows if row.milestone.is_open]
        next_row = min(open_rows, key=lambda row: row.dates.latest_start, default=None)
        attention = {labels.ATTENTION_LATE: [], labels.ATTENTION_THIS_WEEK: []}
        for row in open_rows:
            kind = labels.attention_of(
                goal_status=goal.status,
                is_open=True,
                is_late=row.dates.is_late,
                latest_start=row.dates.latest_start,
                latest_finish=row.dates.latest_finish,
                today=as_of,
            )
            if kind is not None:
                attention[kind].append(row)
        total = len(plan.rows)
        closed = total - len(open_rows)
        summaries[goal.pk] = PlanSummary(
            health=labels.goal_health(
                goal_status=goal.status, schedule_health=health_of(plan.schedule)
            ),
            milestone_count=total,
            milestones_closed=closed,
            progress_percent=round(100 * closed / total) if total else 0,
            next_start=_item(next_row) if next_row else None,
            next_start_date=next_row.dates.latest_start if next_row else None,
            late=[_item(row) for row in attention[labels.ATTENTION_LATE]],
            this_week=[_item(row) for row in attention[labels.ATTENTION_THIS_WEEK]],
        )
    return summaries
