"""Writes on playbooks: create, change, delete (starting a goal from one and saving a goal
as one copy a plan: milestones/plans.py).

Each takes the acting person (`by`) and calls its own check first
(goals/access.py): not visible to them -> NotFound (404), visible but not allowed ->
PermissionDenied (403), and only then validates its input (ValidationError, 400).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from goals import scheduling

from .access import (
    check_can_edit_playbook,
    check_can_publish_for,
)
from .models import ALL_WEEKDAYS, Playbook, PlaybookDependency, PlaybookMilestone, PlaybookTask
from .services import clean_working_weekdays

PLAYBOOK_EDITABLE = {"title", "description", "category", "public", "working_weekdays"}


@transaction.atomic
def playbook_create(
    *,
    by,
    title: str,
    description: str = "",
    category=None,
    public: bool = False,
    milestones: list[dict] | None = None,
    dependencies: list[dict] | None = None,
    organization=None,
    working_weekdays=None,
) -> Playbook:
    """Create a playbook with its content, optionally under a partner organisation's name
    (`by`, its author, must be one of its members).

    `milestones`: [{title, duration_days, description?, offset_days_before_target?,
    tasks?: [title, ...]}]; `dependencies`: [{predecessor, successor, lag_days?}] where
    predecessor and successor are indexes into `milestones`. `working_weekdays` (ISO, all
    seven when left out) is the working week a goal started from it gets.
    """
    check_can_publish_for(user=by, organization=organization)
    playbook = Playbook(
        title=title,
        description=description,
        category=category,
        author=by,
        public=public,
        organization=organization,
        working_weekdays=clean_working_weekdays(
            list(ALL_WEEKDAYS) if working_weekdays is None else working_weekdays
        ),
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
    """Its author changes a playbook's title, description, category, publicity or working
    week (goals started from it before keep theirs)."""
    check_can_edit_playbook(user=by, playbook=playbook)
    unknown = set(changes) - PLAYBOOK_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if "working_weekdays" in changes:
        changes["working_weekdays"] = clean_working_weekdays(changes["working_weekdays"])
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
