"""Who may edit a milestone: the goal's owner, or a stakeholder whose grant covers it.

Grants are rows of the stakeholders app, which sits above this one; it is reached by a
string lookup of its model, never by an import (see pyproject.toml's import contracts).
"""

from django.apps import apps
from django.db.models import Q

from .models import Milestone


def _stakeholder_model():
    return apps.get_model("stakeholders", "Stakeholder")


def access_of(*, user, milestone: Milestone) -> str | None:
    """The access a person has on a milestone: "owner", or the best of their grants that
    cover it ("contribute", "comment", "view"), or None."""
    if not user.is_authenticated:
        return None
    if milestone.goal.owner_id == user.pk:
        return "owner"
    Stakeholder = _stakeholder_model()
    grants = (
        Stakeholder.objects.granting(user, today=user.today())
        .filter(goal_id=milestone.goal_id)
        .filter(Q(milestones__isnull=True) | Q(milestones=milestone))
    )
    accesses = {grant.access for grant in grants}
    if not accesses:
        return None
    return max(accesses, key=Stakeholder.ACCESS_LEVELS.__getitem__)


def editable_milestone_ids(*, user, goal, milestone_ids) -> set[int]:
    """Which of these milestones a person may edit: all for the owner; for stakeholders
    with contribute access, those in their scope (every one when scoped to the whole
    goal). At most two queries, whatever the number of milestones."""
    milestone_ids = set(milestone_ids)
    if user.is_authenticated and goal.owner_id == user.pk:
        return milestone_ids
    Stakeholder = _stakeholder_model()
    grants = Stakeholder.objects.granting(user, today=user.today()).filter(
        goal_id=goal.pk, access=Stakeholder.Access.CONTRIBUTE
    )
    if grants.filter(milestones__isnull=True).exists():
        return milestone_ids
    scoped = Stakeholder.milestones.through.objects.filter(
        stakeholder__in=grants.values("pk")
    ).values_list("milestone_id", flat=True)
    return milestone_ids & set(scoped)
