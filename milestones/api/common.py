"""What the plan's API modules share: the goal or milestone looked up as the caller
sees it (404 when not visible), and the methods of the writable viewsets."""

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import exceptions

from goals.selectors import goal_detail

from ..models import Milestone
from ..selectors import milestone_detail

WRITABLE_METHODS = ["get", "post", "patch", "delete", "head", "options"]


def visible_goal(user, pk):
    """The goal alone: the plan's endpoints show nothing of its owner, category, region,
    playbook or repeats (goal_detail loads them for the pages)."""
    try:
        return goal_detail(user=user, pk=pk, related=())
    except ObjectDoesNotExist:
        raise exceptions.NotFound from None


def visible_milestone(user, pk) -> Milestone:
    try:
        return milestone_detail(user=user, pk=pk)
    except ObjectDoesNotExist:
        raise exceptions.NotFound from None
