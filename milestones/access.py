"""Who may do what with the plan of a goal: milestones, prerequisites, tasks and advice.

One rule decides a stakeholder's reach: an active stakeholder sees the whole goal, or only
the milestones they were given, until their end date, on their own today. It is written
once, as querysets: `Stakeholder.objects.granting(user, today=...)` (who, until when),
`.with_access_at_least(level)` (view < comment < contribute) and
`Milestone.objects.covered_by(grants)` (whole goal or these milestones), put together by
`Milestone.objects.granted_to(user, today=..., at_least=level)`; `visible_to(user)` is
`granted_to(..., at_least="view")`. Everything below asks that one queryset.

What each access allows (decided by the plan's pages and API since stakeholders came):
  view        sees the milestones in scope, their tasks, prerequisites and advice
  comment     also posts advice on them
  contribute  also edits them (title, description, duration, date rule, status) and adds,
              ticks and deletes their tasks
  owner       everything, and alone changes the plan's structure: adds, deletes and
              reorders milestones, adds and removes prerequisites

`check_can_*` return quietly or raise `NotFound` (404) or `PermissionDenied` (403, with
the reason); every service calls its own check before it reads its input.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ecosystem.access import NotFound, today_of
from goals.access import check_can_see_goal, is_owner
from goals.models import Goal

from .models import Dependency, Milestone, Task

VIEW, COMMENT, CONTRIBUTE = "view", "comment", "contribute"
LEVELS = (CONTRIBUTE, COMMENT, VIEW)  # best first


def _granted(user, milestone: Milestone, *, today: date | None, at_least: str) -> bool:
    """Does `user` hold at least this access on the milestone? No query for the owner."""
    if not user.is_authenticated:
        return False
    if is_owner(user, milestone.goal):
        return milestone.goal.deleted_at is None
    return (
        Milestone.objects.granted_to(user, today=today_of(user, today), at_least=at_least)
        .filter(pk=milestone.pk)
        .exists()
    )


def can_see_milestone(user, milestone: Milestone, *, today: date | None = None) -> bool:
    return _granted(user, milestone, today=today, at_least=VIEW)


def can_edit_milestone(user, milestone: Milestone, *, today: date | None = None) -> bool:
    """The owner, or a stakeholder with contribute access whose scope covers it: edits
    the milestone's fields and status, and its tasks."""
    return _granted(user, milestone, today=today, at_least=CONTRIBUTE)


def can_comment(user, milestone: Milestone, *, today: date | None = None) -> bool:
    """The owner, or a stakeholder with comment or contribute access covering it, posts
    advice on the milestone."""
    return _granted(user, milestone, today=today, at_least=COMMENT)


def can_change_plan(user, goal: Goal) -> bool:
    """Adding, deleting and reordering milestones, adding and removing prerequisites:
    the owner only (a contributor edits the milestones they were given, not the plan)."""
    return is_owner(user, goal)


def access_of(user, milestone: Milestone, *, today: date | None = None) -> str | None:
    """ "owner", else the best access a person's grants give on the milestone
    ("contribute", "comment", "view"), else None (they do not see it)."""
    if not user.is_authenticated:
        return None
    if is_owner(user, milestone.goal):
        return "owner" if milestone.goal.deleted_at is None else None
    today = today_of(user, today)
    for level in LEVELS:
        if _granted(user, milestone, today=today, at_least=level):
            return level
    return None


def milestone_ids_at_least(user, goal: Goal, level: str, *, today: date | None = None):
    """The ids of the goal's milestones on which a person holds at least `level` (all of
    them for the owner): one query, whatever the number of milestones."""
    return set(
        Milestone.objects.granted_to(user, today=today_of(user, today), at_least=level)
        .filter(goal=goal)
        .values_list("pk", flat=True)
    )


def editable_milestone_ids(user, goal: Goal, *, today: date | None = None) -> set[int]:
    """Which of a goal's milestones a person may edit (see can_edit_milestone)."""
    if not user.is_authenticated:
        return set()
    return milestone_ids_at_least(user, goal, CONTRIBUTE, today=today)


def commentable_milestone_ids(user, goal: Goal, *, today: date | None = None) -> set[int]:
    """Which of a goal's milestones a person may post advice on (see can_comment)."""
    if not user.is_authenticated:
        return set()
    return milestone_ids_at_least(user, goal, COMMENT, today=today)


# --- Checks: 404 when unseen, 403 with the reason when seen but not allowed ---------------


def check_can_see_milestone(*, user, milestone: Milestone, today: date | None = None) -> None:
    if not can_see_milestone(user, milestone, today=today):
        raise NotFound


def check_can_change_plan(*, user, goal: Goal, today: date | None = None) -> None:
    """Add a milestone or a prerequisite, reorder the plan."""
    check_can_see_goal(user=user, goal=goal, today=today)
    if not can_change_plan(user, goal):
        raise PermissionDenied(_("Only the goal's owner can change the plan's structure."))


def check_can_delete_milestone(*, user, milestone: Milestone, today: date | None = None) -> None:
    check_can_see_milestone(user=user, milestone=milestone, today=today)
    if not can_change_plan(user, milestone.goal):
        raise PermissionDenied(_("Only the goal's owner can change the plan's structure."))


def check_can_edit_milestone(
    *, user, milestone: Milestone, fields=(), today: date | None = None
) -> None:
    """Edit a milestone's fields or status, or its tasks; moving it in the plan
    (`position` among `fields`) is the owner's."""
    today = today_of(user, today) if user.is_authenticated else today
    if not can_edit_milestone(user, milestone, today=today):
        check_can_see_milestone(user=user, milestone=milestone, today=today)
        raise PermissionDenied(_("You can see this milestone but not change it."))
    if "position" in fields and not can_change_plan(user, milestone.goal):
        raise PermissionDenied(_("Only the goal's owner can change the plan's structure."))


def check_can_change_dependency(*, user, dependency: Dependency, today: date | None = None) -> None:
    """Change or remove a prerequisite: seen when both of its ends are; the owner's."""
    if can_change_plan(user, dependency.goal) and dependency.goal.deleted_at is None:
        return
    seen = user.is_authenticated and (
        Dependency.objects.visible_to(user, today=today).filter(pk=dependency.pk).exists()
    )
    if not seen:
        raise NotFound
    raise PermissionDenied(_("Only the goal's owner can change the plan's structure."))


def check_can_edit_task(*, user, task: Task, today: date | None = None) -> None:
    check_can_edit_milestone(user=user, milestone=task.milestone, today=today)


def check_can_comment(*, user, milestone: Milestone, today: date | None = None) -> None:
    today = today_of(user, today) if user.is_authenticated else today
    if not can_comment(user, milestone, today=today):
        check_can_see_milestone(user=user, milestone=milestone, today=today)
        raise PermissionDenied(_("Your access to this goal does not include posting advice."))
