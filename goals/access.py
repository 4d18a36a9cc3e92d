"""Who may do what with a goal or a playbook, each rule written once.

Who may *see* a goal is `Goal.objects.visible_to(user, today=...)` (goals/models.py): its
owner, and its active stakeholders until their end date, on the person's own today. The
rules here say what someone who sees it may do. The plan inside a goal (milestones,
prerequisites, tasks, advice) has its rules in milestones/access.py.

`can_*` answer yes or no; `check_can_*` return quietly or raise `NotFound` (404: they may
not see it) or `PermissionDenied` with the reason (403: they see it but may not do this).
Every service calls its own check before it reads its input.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ecosystem.access import NotFound, today_of

from .models import Goal, Playbook


def owner_only_message() -> str:
    return _("Only the goal's owner can do this.")


# --- Goals --------------------------------------------------------------------------------


def is_owner(user, goal: Goal) -> bool:
    return user.is_authenticated and goal.owner_id == user.pk


def can_see_goal(user, goal: Goal, *, today: date | None = None) -> bool:
    """As Goal.objects.visible_to(); no query for the owner."""
    if not user.is_authenticated:
        return False
    if is_owner(user, goal):
        return goal.deleted_at is None
    return Goal.objects.visible_to(user, today=today_of(user, today)).filter(pk=goal.pk).exists()


def can_manage_goal(user, goal: Goal) -> bool:
    """Change its settings, move it to the trash or back, repeat it, save it as a
    playbook, invite and manage its stakeholders: the goal's owner only. Stakeholders
    never do these, whatever their access."""
    return is_owner(user, goal)


def check_can_see_goal(*, user, goal: Goal, today: date | None = None) -> None:
    if not can_see_goal(user, goal, today=today):
        raise NotFound


def check_can_manage_goal(*, user, goal: Goal, today: date | None = None) -> None:
    """Edit, trash, repeat, save as playbook: 404 unseen, 403 for a stakeholder."""
    check_can_see_goal(user=user, goal=goal, today=today)
    if not can_manage_goal(user, goal):
        raise PermissionDenied(owner_only_message())


def check_can_restore_goal(*, user, goal: Goal, today: date | None = None) -> None:
    """A goal in the trash is seen by its owner alone (in their trash): anyone else gets
    404, as for any goal they do not see. A goal not in the trash is as for editing."""
    if is_owner(user, goal):
        return
    check_can_manage_goal(user=user, goal=goal, today=today)


# --- Playbooks ----------------------------------------------------------------------------


def can_see_playbook(user, playbook: Playbook) -> bool:
    """As Playbook.objects.visible_to(): public ones, and one's own private ones."""
    return playbook.public or (user.is_authenticated and playbook.author_id == user.pk)


def can_edit_playbook(user, playbook: Playbook) -> bool:
    """Change or delete a playbook: its author only."""
    return (
        user.is_authenticated and playbook.author_id is not None and (playbook.author_id == user.pk)
    )


def check_can_start_playbook(*, user, playbook: Playbook) -> None:
    if not user.is_authenticated or not can_see_playbook(user, playbook):
        raise NotFound


def check_can_edit_playbook(*, user, playbook: Playbook) -> None:
    check_can_start_playbook(user=user, playbook=playbook)
    if not can_edit_playbook(user, playbook):
        raise PermissionDenied(_("Only its author can change this playbook."))


def check_can_publish_for(*, user, organization) -> None:
    """A playbook is published under a partner organisation only by one of its members."""
    if organization is None:
        return
    if not organization.memberships.filter(user=user, accepted_at__isnull=False).exists():
        raise PermissionDenied(_("Publish playbooks only for an organisation you belong to."))
