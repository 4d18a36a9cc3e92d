"""The working calendar a new goal gets: the playbook's working week and the public
holidays of the person's region between today and the target.

One place decides it, so the new-goal form's prefill, the start-from-a-playbook page, the
feasibility message before saving and the goal that is saved all use the same calendar.
Public holidays come from the `holidays` package (by ISO country and subdivision).
"""

from dataclasses import dataclass, field
from datetime import date

import holidays

from .models import ALL_WEEKDAYS, MAX_DAYS

# A target further away than this gets holidays up to this many days from today only:
# the plan's durations are capped the same way (MAX_DAYS).
HOLIDAY_HORIZON_DAYS = MAX_DAYS


@dataclass(frozen=True)
class GoalCalendar:
    """Working weekdays (ISO, sorted) and non-working dates (sorted), with the holidays'
    names for the form to show and where they came from (a region's name, or "")."""

    working_weekdays: list[int]
    non_working_dates: list[date]
    holiday_names: dict[date, str] = field(default_factory=dict)
    holidays_of: str = ""

    @property
    def non_working_isoformat(self) -> list[str]:
        return [day.isoformat() for day in self.non_working_dates]


def region_codes(region) -> tuple[str, str]:
    """(country, subdivision) of a region, its parent's country when it names none."""
    entry = region
    while entry is not None:
        if entry.country_code:
            return entry.country_code.upper(), entry.subdivision_code.upper()
        entry = entry.parent
    return "", ""


def public_holidays(region, *, start: date, end: date) -> dict[date, str]:
    """The public holidays of `region` from `start` to `end` (both included), by date;
    none for a region without a country, or one the holidays package does not know."""
    if region is None or end < start:
        return {}
    country, subdivision = region_codes(region)
    if not country:
        return {}
    end = min(end, date.fromordinal(min(start.toordinal() + HOLIDAY_HORIZON_DAYS, 3652059)))
    try:
        calendar = holidays.country_holidays(
            country, subdiv=subdivision or None, years=range(start.year, end.year + 1)
        )
    except NotImplementedError:
        # A country or subdivision the package does not cover: no public holidays known.
        return {}
    return {day: name for day, name in sorted(calendar.items()) if start <= day <= end}


def new_goal_calendar(*, playbook, region, today: date, target_date: date) -> GoalCalendar:
    """The calendar a goal started `today` with this target gets: the playbook's working
    week (all seven days without a playbook) and the public holidays of `region` from
    today to the target."""
    weekdays = sorted(set(playbook.working_weekdays if playbook is not None else ALL_WEEKDAYS))
    names = public_holidays(region, start=today, end=target_date)
    return GoalCalendar(
        working_weekdays=weekdays,
        non_working_dates=sorted(names),
        holiday_names=names,
        holidays_of=region.name if names else "",
    )
