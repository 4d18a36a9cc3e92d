"""Reads of goals and playbooks, with their query shape decided here."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q

from milestones.models import Dependency, Milestone
from milestones.selectors import GoalSchedule, schedule_from

from .models import Goal, Playbook, PlaybookDependency, PlaybookMilestone


def goal_list_for(user):
    """The goals a person sees, newest target last, with what lists show already loaded."""
    return (
        Goal.objects.visible_to(user)
        .select_related("owner", "category", "region", "playbook")
        .annotate(
            milestone_count=Count("milestones", distinct=True),
            milestones_closed=Count(
                "milestones",
                filter=Q(milestones__status__in=[Milestone.Status.DONE, Milestone.Status.SKIPPED]),
                distinct=True,
            ),
        )
        .order_by("target_date", "id")
    )


def goal_trash_for(user):
    return (
        Goal.objects.owned_by(user)
        .in_trash()
        .select_related("category")
        .order_by("-deleted_at", "id")
    )


def goal_detail(*, user, pk) -> Goal:
    return (
        Goal.objects.visible_to(user)
        .select_related("owner", "category", "region", "playbook", "repeats")
        .get(pk=pk)
    )


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


@dataclass(frozen=True)
class GoalSummary:
    goal: Goal
    plan: GoalSchedule
    health: str
    progress_percent: int
    next_start: Milestone | None
    next_start_date: date | None
    attention: list  # ScheduleRow items that need attention this week


def goal_summaries_for(user, *, as_of: date | None = None, goals=None) -> list[GoalSummary]:
    """Dashboard data: each goal with its schedule and health, in a fixed number of queries."""
    as_of = as_of or user.today()
    week_end = as_of + timedelta(days=7)
    goals = list(
        (goals if goals is not None else goal_list_for(user)).prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("position", "id")),
            Prefetch("dependencies", queryset=Dependency.objects.order_by("id")),
        )
    )
    summaries = []
    for goal in goals:
        plan = schedule_from(
            goal=goal,
            milestones=goal.milestones.all(),
            dependencies=goal.dependencies.all(),
            as_of=as_of,
        )
        open_rows = [row for row in plan.rows if row.milestone.is_open]
        next_row = min(open_rows, key=lambda row: row.dates.latest_start, default=None)
        attention = [
            row for row in open_rows if row.dates.is_late or row.dates.latest_start <= week_end
        ]
        total = len(plan.rows)
        closed = total - len(open_rows)
        summaries.append(
            GoalSummary(
                goal=goal,
                plan=plan,
                health=health_of(plan.schedule),
                progress_percent=round(100 * closed / total) if total else 0,
                next_start=next_row.milestone if next_row else None,
                next_start_date=next_row.dates.latest_start if next_row else None,
                attention=attention,
            )
        )
    return summaries


def playbook_list_for(user, *, category=None, search: str | None = None):
    queryset = (
        Playbook.objects.visible_to(user)
        .select_related("category", "author")
        .annotate(milestone_count=Count("milestones"))
        .order_by("title", "id")
    )
    if category is not None:
        queryset = queryset.filter(Q(category=category) | Q(category__parent=category))
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(description__icontains=search))
    return queryset


def playbook_detail(*, user, pk) -> Playbook:
    return (
        Playbook.objects.visible_to(user)
        .select_related("category", "author")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=PlaybookMilestone.objects.prefetch_related("tasks").order_by(
                    "position", "id"
                ),
            )
        )
        .get(pk=pk)
    )


def playbook_dependencies(playbook: Playbook):
    return PlaybookDependency.objects.filter(predecessor__playbook=playbook).select_related(
        "predecessor", "successor"
    )
