"""Writes on playbooks: create, change, delete, start a goal from one, save a goal as one.

Each takes the acting person (`by`, or `author`) and calls its own check first
(goals/access.py): not visible to them -> NotFound (404), visible but not allowed ->
PermissionDenied (403), and only then validates its input (ValidationError, 400).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from milestones import scheduling
from milestones.models import Dependency, Task

from .access import (
    check_can_edit_playbook,
    check_can_manage_goal,
    check_can_publish_for,
    check_can_start_playbook,
)
from .models import MAX_DAYS, Goal, Playbook, PlaybookDependency, PlaybookMilestone, PlaybookTask
from .services import check_target_not_past, copy_plan, goal_create, rule_date

PLAYBOOK_EDITABLE = {"title", "description", "category", "public"}


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
    check_target_not_past(target_date=target_date, today=by.today())
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
    copy_plan(
        goal=goal,
        milestones=milestones,
        dependencies=PlaybookDependency.objects.filter(predecessor__playbook=playbook),
        tasks=PlaybookTask.objects.filter(milestone__playbook=playbook),
        must_finish_by_for=lambda old: rule_date(target_date, old.offset_days_before_target),
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
