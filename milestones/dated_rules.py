"""Dated rules of a plan ("must finish by"): those that follow the target and those fixed
by hand.

A milestone copied from a playbook's "finish 14 days before the target" keeps that offset
(`Milestone.finish_offset_days`), so moving the target moves its date. A date the person
set by hand has no offset and stays where it is; a target earlier than it is refused, the
message naming that milestone and its date in the person's date format.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ecosystem.formats import display_date
from goals.models import Goal

from .models import Milestone
from .plan_version import plan_changed


def rule_date(target: date, offset_days: int | None) -> date | None:
    """A dated rule's must_finish_by: `offset_days` before the target (None: no rule)."""
    if offset_days is None:
        return None
    try:
        return target - timedelta(days=offset_days)
    except OverflowError:
        # A target in the first days of year 1: a 400 on the field, not a 500.
        raise ValidationError(
            {"target_date": _("This target date is too early for the plan's dated rules.")}
        ) from None


def offset_of(milestone: Milestone, target: date) -> int | None:
    """Days before `target` a milestone's rule falls: its offset when it follows the
    target, else the distance of its fixed date (None: no rule)."""
    if milestone.finish_offset_days is not None:
        return milestone.finish_offset_days
    if milestone.must_finish_by is None:
        return None
    return (target - milestone.must_finish_by).days


def check_fixed_rules(goal: Goal) -> None:
    """Refuse a target earlier than a date fixed by hand, naming the first such milestone."""
    fixed = (
        goal.milestones.filter(finish_offset_days__isnull=True, must_finish_by__gt=goal.target_date)
        .order_by("must_finish_by", "position", "id")
        .only("title", "must_finish_by")
        .first()
    )
    if fixed is not None:
        raise ValidationError(
            {
                "target_date": _(
                    "“%(title)s” must finish by %(date)s, a date fixed by hand, after this "
                    "target date. Choose a later target, or change that milestone first."
                )
                % {"title": fixed.title, "date": display_date(fixed.must_finish_by)}
            }
        )


def follow_target(goal: Goal) -> None:
    """Move the dates of the rules that follow the target to the goal's (new) target."""
    following = list(
        goal.milestones.filter(finish_offset_days__isnull=False).only(
            "id", "finish_offset_days", "must_finish_by"
        )
    )
    moved = []
    for milestone in following:
        must_finish_by = rule_date(goal.target_date, milestone.finish_offset_days)
        if milestone.must_finish_by != must_finish_by:
            milestone.must_finish_by = must_finish_by
            moved.append(milestone)
    if moved:
        Milestone.objects.bulk_update(moved, ["must_finish_by"], batch_size=500)
        plan_changed(goal.pk)
