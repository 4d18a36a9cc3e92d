"""Can a plan meet its target? What the start form and the goal settings say before and
after saving, computed by the pure scheduler (goals.scheduling) over a playbook's
milestones or a goal's schedule, never by a copy of its rule."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import ngettext

from ecosystem.formats import display_date
from goals import scheduling

from .models import ALL_WEEKDAYS, Playbook
from .selectors import _preview_inputs, playbook_dependencies


@dataclass(frozen=True)
class Feasibility:
    """Whether a plan started today can finish by its target, by the pure scheduler."""

    target_date: date
    earliest_finish: date | None  # the plan's projected finish if started today
    short_by: int  # working days the target is short by (0 when it can be met)
    earliest_target: date | None  # the earliest target the plan can meet, from today

    @property
    def feasible(self) -> bool:
        return self.short_by == 0

    @property
    def message(self) -> str:
        """What the form says before saving, in the person's date format ("" if met)."""
        if self.feasible:
            return ""
        return ngettext(
            "This target cannot be met: the earliest finish is %(finish)s: "
            "%(count)s working day short.",
            "This target cannot be met: the earliest finish is %(finish)s: "
            "%(count)s working days short.",
            self.short_by,
        ) % {"finish": display_date(self.earliest_finish), "count": self.short_by}


def schedule_message(schedule: scheduling.Schedule) -> str:
    """What a saved goal whose target cannot be met says ("" when it can)."""
    if schedule.feasible or schedule.float_days is None or schedule.projected_finish is None:
        return ""
    return Feasibility(
        target_date=schedule.target_date,
        earliest_finish=schedule.projected_finish,
        short_by=-schedule.float_days,
        earliest_target=None,
    ).message


def playbook_feasibility(
    playbook: Playbook,
    *,
    target_date: date,
    today: date,
    working_weekdays=None,
    non_working_dates=(),
    milestones=None,
    dependencies=None,
) -> Feasibility | None:
    """Whether `playbook` started `today` on this calendar can finish by `target_date`:
    the scheduler's forward pass gives the earliest finish and the float (negative: working
    days short). The earliest feasible target is found by moving the target (and the
    playbook's offsets with it) to that finish, as the plan would be re-anchored. None when
    the plan cannot be placed on a calendar."""
    milestones = list(playbook.milestones.all() if milestones is None else milestones)
    dependencies = list(playbook_dependencies(playbook) if dependencies is None else dependencies)
    calendar = scheduling.WorkingCalendar(
        working_weekdays=frozenset(working_weekdays or ALL_WEEKDAYS),
        non_working_dates=frozenset(
            day if isinstance(day, date) else date.fromisoformat(day) for day in non_working_dates
        ),
    )
    links = [
        scheduling.DependencyInput(link.predecessor_id, link.successor_id, link.lag_days)
        for link in dependencies
    ]

    def schedule_for(target: date) -> scheduling.Schedule:
        return scheduling.compute_schedule(
            target_date=target,
            as_of=today,
            calendar=calendar,
            milestones=_preview_inputs(milestones, target),
            dependencies=links,
        )

    try:
        schedule = schedule_for(target_date)
        if schedule.feasible or schedule.float_days is None:
            return Feasibility(target_date, schedule.projected_finish, 0, target_date)
        earliest = candidate = schedule.projected_finish or target_date
        for _attempt in range(5):  # offsets move with the target: a few steps settle it
            moved = schedule_for(candidate)
            if moved.feasible:
                break
            candidate = calendar.add_working_days(candidate, -(moved.float_days or -1))
        else:
            candidate = None
    except (scheduling.CycleError, scheduling.ScheduleOutOfRange, ValueError, OverflowError):
        return None
    return Feasibility(
        target_date=target_date,
        earliest_finish=earliest,
        short_by=-schedule.float_days,
        earliest_target=candidate,
    )
