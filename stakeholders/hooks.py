"""What the goal's ecosystem does when lower apps announce an event through their hooks."""

from milestones.signals import milestone_deleting

from .services import stakeholders_release_milestone


def _release_scope(sender, *, milestone, by, **kwargs) -> None:
    stakeholders_release_milestone(milestone=milestone, by=by)


def connect() -> None:
    milestone_deleting.connect(_release_scope, dispatch_uid="stakeholders.release_scope")
