"""What the goal's ecosystem does and shows through lower apps' hooks (see
ecosystem/hooks.py): a deleted milestone ends the access scoped to it alone, and the
milestone's help panel lists the advice on it."""

from milestones.access import can_comment
from milestones.hooks import milestone_deleting, milestone_help

from . import personal_data
from .selectors import advice_for_milestones
from .services import stakeholders_release_milestone


def _release_scope(sender, *, milestone, by, **kwargs) -> None:
    stakeholders_release_milestone(milestone=milestone, by=by)


def advice_for_help(*, user, milestone) -> dict:
    return {
        "advice_list": advice_for_milestones(user=user, milestones=[milestone])[milestone.pk],
        "can_comment": can_comment(user, milestone),
    }


def connect() -> None:
    personal_data.connect()
    milestone_deleting.connect(_release_scope, dispatch_uid="stakeholders.release_scope")
    milestone_help.register("stakeholders.advice", advice_for_help)
