"""Writes on goals and playbooks: create, change, trash, start, repeat, save as playbook.

Each takes the acting person (`by`) and calls its own check first (goals/access.py): not
visible to them -> NotFound (404), visible but not allowed -> PermissionDenied (403), and
only then validates its input (ValidationError, 400).
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from milestones import scheduling
from milestones.models import Dependency, Milestone, Task
from milestones.services import goal_lock, schedule_recompute

from .access import (
    check_can_edit_playbook,
    check_can_manage_goal,
    check_can_publish_for,
    check_can_restore_goal,
    check_can_start_playbook,
)
from .models import (
    ALL_WEEKDAYS,
    MAX_DAYS,
    Goal,
    Playbook,
    PlaybookDependency,
    PlaybookMilestone,
    PlaybookTask,
)

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
PLAYBOOK_EDITABLE = {"title", "description", "category", "public"}


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


def _check_milestones_fit_target(goal: Goal) -> None:
    late_rule = (
        goal.milestones.filter(must_finish_by__gt=goal.target_date)
        .order_by("must_finish_by")
        .first()
    )
    if late_rule is not None:
        raise ValidationError(
            {
                "target_date": _(
                    "“%(title)s” must finish by %(date)s, after this target date. "
                    "Change that milestone first."
                )
                % {"title": late_rule.title, "date": late_rule.must_finish_by.isoformat()}
            }
        )


@transaction.atomic
def goal_create(
    *,
    owner,
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
    goal = Goal(
        owner=owner,
        title=title,
        target_date=target_date,
        description=description,
        category=category,
        region=region if region is not None else owner.region,
        working_weekdays=clean_working_weekdays(
            list(ALL_WEEKDAYS) if working_weekdays is None else working_weekdays
        ),
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
    """The owner changes the goal's settings; a new target or calendar re-plans it."""
    check_can_manage_goal(user=by, goal=goal)
    unknown = set(changes) - GOAL_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    goal = goal_lock(goal)
    if "working_weekdays" in changes:
        changes["working_weekdays"] = clean_working_weekdays(changes["working_weekdays"])
    if "non_working_dates" in changes:
        changes["non_working_dates"] = clean_non_working_dates(changes["non_working_dates"])
    for field, value in changes.items():
        setattr(goal, field, value)
    goal.full_clean(exclude=["owner", "playbook", "repeats", "category", "region"])
    if "target_date" in changes:
        _check_milestones_fit_target(goal)
    goal.save()
    if changes.keys() & SCHEDULE_FIELDS:
        schedule_recompute(goal=goal)
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


def _copy_plan(*, goal: Goal, milestones, dependencies, tasks, must_finish_by_for) -> None:
    """Copy milestones, prerequisites and tasks into `goal` with three bulk inserts."""
    new_by_old = {}
    copies = []
    for old in milestones:
        copy = Milestone(
            goal=goal,
            title=old.title,
            description=old.description,
            duration_days=old.duration_days,
            must_finish_by=must_finish_by_for(old),
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
    schedule_recompute(goal=goal)


def _rule_date(target: date, offset_days: int | None) -> date | None:
    if offset_days is None:
        return None
    try:
        return target - timedelta(days=offset_days)
    except OverflowError:
        # A target in the first days of year 1: a 400 on the field, not a 500.
        raise ValidationError(
            {"target_date": _("This target date is too early for the plan's dated rules.")}
        ) from None


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

    Description and category default to the playbook's, region to the owner's, working
    weekdays to all seven; the plan is worked back once, over the calendar given here.
    The new goal is `by`'s."""
    check_can_start_playbook(user=by, playbook=playbook)
    goal = goal_create(
        owner=by,
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
    _copy_plan(
        goal=goal,
        milestones=milestones,
        dependencies=PlaybookDependency.objects.filter(predecessor__playbook=playbook),
        tasks=PlaybookTask.objects.filter(milestone__playbook=playbook),
        must_finish_by_for=lambda old: _rule_date(target_date, old.offset_days_before_target),
    )
    return goal


@transaction.atomic
def goal_repeat(*, goal: Goal, by, target_date: date, title: str | None = None) -> Goal:
    """Next season: a new goal with the whole plan re-anchored on a new target date.

    must_finish_by rules keep their distance from the target; holidays are not copied
    (they belong to the season they were set for); every milestone and task starts open.
    """
    check_can_manage_goal(user=by, goal=goal)
    new_goal = goal_create(
        owner=goal.owner,
        title=title or goal.title,
        target_date=target_date,
        description=goal.description,
        category=goal.category,
        region=goal.region,
        working_weekdays=goal.working_weekdays,
        non_working_dates=[],
        playbook=goal.playbook,
        repeats=goal,
    )
    _copy_plan(
        goal=new_goal,
        milestones=list(goal.milestones.all()),
        dependencies=Dependency.objects.filter(goal=goal),
        tasks=Task.objects.filter(milestone__goal=goal),
        must_finish_by_for=lambda old: _rule_date(
            target_date,
            None if old.must_finish_by is None else (goal.target_date - old.must_finish_by).days,
        ),
    )
    return new_goal


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
    )
    copies = {}
    for milestone in goal.milestones.all():
        offset = (
            None
            if milestone.must_finish_by is None
            else min(MAX_DAYS, max(0, (goal.target_date - milestone.must_finish_by).days))
        )
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


@transaction.atomic
def playbook_create(
    *,
    author,
    title: str,
    description: str = "",
    category=None,
    public: bool = False,
    milestones: list[dict] | None = None,
    dependencies: list[dict] | None = None,
    organization=None,
) -> Playbook:
    """Create a playbook with its content, optionally under a partner organisation's name
    (the author must be one of its members).

    `milestones`: [{title, duration_days, description?, offset_days_before_target?,
    tasks?: [title, ...]}]; `dependencies`: [{predecessor, successor, lag_days?}] where
    predecessor and successor are indexes into `milestones`.
    """
    check_can_publish_for(user=author, organization=organization)
    playbook = Playbook(
        title=title,
        description=description,
        category=category,
        author=author,
        public=public,
        organization=organization,
    )
    playbook.full_clean(exclude=["author", "category", "organization"])
    playbook.save()
    created = []
    for position, spec in enumerate(milestones or []):
        milestone = PlaybookMilestone(
            playbook=playbook,
            title=spec["title"],
            description=spec.get("description", ""),
            duration_days=spec.get("duration_days", 1),
            offset_days_before_target=spec.get("offset_days_before_target"),
            position=position,
        )
        milestone.full_clean(exclude=["playbook"])
        created.append(milestone)
    PlaybookMilestone.objects.bulk_create(created)
    links = []
    for spec in dependencies or []:
        try:
            # A negative index would silently name a milestone counted from the end.
            if min(spec["predecessor"], spec["successor"]) < 0:
                raise IndexError
            predecessor = created[spec["predecessor"]]
            successor = created[spec["successor"]]
        except (IndexError, KeyError, TypeError):
            raise ValidationError(
                {"dependencies": _("Each prerequisite names two milestones of this playbook.")}
            ) from None
        if predecessor is successor:
            raise ValidationError(
                {"dependencies": _("A milestone cannot be its own prerequisite.")}
            )
        links.append(
            PlaybookDependency(
                predecessor=predecessor, successor=successor, lag_days=spec.get("lag_days", 0)
            )
        )
    cycle = scheduling.find_cycle(
        [m.pk for m in created],
        [
            scheduling.DependencyInput(link.predecessor.pk, link.successor.pk, link.lag_days)
            for link in links
        ],
    )
    if cycle:
        raise ValidationError({"dependencies": _("These prerequisites form a cycle.")})
    if len({(link.predecessor.pk, link.successor.pk) for link in links}) != len(links):
        raise ValidationError({"dependencies": _("A prerequisite is listed twice.")})
    for link in links:
        link.full_clean(exclude=["predecessor", "successor"])
    PlaybookDependency.objects.bulk_create(links)
    PlaybookTask.objects.bulk_create(
        PlaybookTask(milestone=milestone, title=task_title, position=index)
        for milestone, spec in zip(created, milestones or [], strict=True)
        for index, task_title in enumerate(spec.get("tasks", []))
    )
    return playbook


@transaction.atomic
def playbook_update(*, playbook: Playbook, by, **changes) -> Playbook:
    """Its author changes a playbook's title, description, category or publicity."""
    check_can_edit_playbook(user=by, playbook=playbook)
    unknown = set(changes) - PLAYBOOK_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(playbook, field, value)
    playbook.full_clean(exclude=["author", "category"])
    playbook.save()
    return playbook


@transaction.atomic
def playbook_delete(*, playbook: Playbook, by) -> None:
    """Its author deletes a playbook; goals started from it keep their copied plan (the
    link is cleared)."""
    check_can_edit_playbook(user=by, playbook=playbook)
    playbook.delete()
