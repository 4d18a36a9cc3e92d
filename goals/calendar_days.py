"""Calendars of working days, and the working-day ordinals the scheduler runs on.

Pure on purpose: no Django here (goals/scheduling.py builds on it).

A working-day ordinal numbers the working days consecutively from the first one on or
after date.min. Moving n working days is then one addition, and turning an ordinal back
into a date is whole-week arithmetic plus a bisect over the holidays. A walk day by day
would cost time in proportion to the days covered, and durations run to ten years on
chains that can be long.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

DAYS_IN_WEEK = 7
# date.toordinal() of date.min is 1 and that day is a Monday, so (ordinal - 1) % 7 is the
# ISO weekday minus one.
FIRST_DATE_ORDINAL = date.min.toordinal()
LAST_DATE_ORDINAL = date.max.toordinal()


class ScheduleOutOfRange(ValueError):
    """A computed date would fall before date.min or after date.max."""


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """The working weekdays (ISO 1=Monday..7=Sunday) less the non-working dates.

    Each working day has a working-day ordinal (`working_day_ordinal`): 0 for the first
    working day on or after date.min, then one more for each working day after it.
    """

    working_weekdays: frozenset[int]
    non_working_dates: frozenset[date] = frozenset()
    # Derived once in __post_init__ and left out of equality, hashing and repr.
    _working_weekdays_before: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _working_weekday_offsets: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _holiday_ordinals: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _working_days_before_holiday: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _last_working_day_ordinal: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weekdays = frozenset(self.working_weekdays)
        if not weekdays:
            raise ValueError("A working calendar needs at least one working weekday.")
        if not weekdays <= set(range(1, DAYS_IN_WEEK + 1)):
            raise ValueError(f"Working weekdays must be ISO weekdays 1..7, got {sorted(weekdays)}.")
        # Accept any iterable from callers but store frozensets, so the calendar stays hashable.
        set_field = object.__setattr__
        set_field(self, "working_weekdays", weekdays)
        set_field(self, "non_working_dates", frozenset(self.non_working_dates))

        offsets = tuple(weekday - 1 for weekday in sorted(weekdays))
        set_field(self, "_working_weekday_offsets", offsets)
        set_field(
            self,
            "_working_weekdays_before",
            tuple(sum(1 for offset in offsets if offset < cut) for cut in range(DAYS_IN_WEEK)),
        )
        # A non-working date on a weekday that is off anyway changes no count.
        holidays = sorted(
            day.toordinal() for day in self.non_working_dates if day.isoweekday() in weekdays
        )
        set_field(self, "_holiday_ordinals", tuple(holidays))
        # Working days (holidays excluded) before the j-th holiday: never decreasing, so
        # bisect over it finds how many holidays precede a given working-day ordinal.
        set_field(
            self,
            "_working_days_before_holiday",
            tuple(
                self._weekday_days_before(ordinal) - index for index, ordinal in enumerate(holidays)
            ),
        )
        set_field(
            self, "_last_working_day_ordinal", self._working_days_before(LAST_DATE_ORDINAL + 1) - 1
        )

    def _weekday_days_before(self, date_ordinal: int) -> int:
        """Days on a working weekday before `date_ordinal`, holidays included."""
        weeks, weekday_offset = divmod(date_ordinal - FIRST_DATE_ORDINAL, DAYS_IN_WEEK)
        return (
            weeks * len(self._working_weekday_offsets)
            + self._working_weekdays_before[weekday_offset]
        )

    def _working_days_before(self, date_ordinal: int) -> int:
        """Working days strictly before `date_ordinal` (a date.toordinal() value)."""
        return self._weekday_days_before(date_ordinal) - bisect_left(
            self._holiday_ordinals, date_ordinal
        )

    def is_working_day(self, day: date) -> bool:
        return day.isoweekday() in self.working_weekdays and day not in self.non_working_dates

    def working_day_ordinal(self, day: date) -> int:
        """The working-day ordinal of `day`, which must be a working day."""
        if not self.is_working_day(day):
            raise ValueError(f"{day.isoformat()} is not a working day.")
        return self._working_days_before(day.toordinal())

    def working_day_from_ordinal(self, ordinal: int) -> date:
        """The working day whose working-day ordinal is `ordinal` (inverse of the above)."""
        if not 0 <= ordinal <= self._last_working_day_ordinal:
            raise ScheduleOutOfRange(
                f"That working day falls outside the dates that can be represented "
                f"({date.min.isoformat()} to {date.max.isoformat()})."
            )
        holidays_before = bisect_right(self._working_days_before_holiday, ordinal)
        weeks, day_in_week = divmod(ordinal + holidays_before, len(self._working_weekday_offsets))
        return date.fromordinal(
            FIRST_DATE_ORDINAL + weeks * DAYS_IN_WEEK + self._working_weekday_offsets[day_in_week]
        )

    def last_working_day_on_or_before(self, day: date) -> date:
        return self.working_day_from_ordinal(self._working_days_before(day.toordinal() + 1) - 1)

    def first_working_day_on_or_after(self, day: date) -> date:
        return self.working_day_from_ordinal(self._working_days_before(day.toordinal()))

    def add_working_days(self, day: date, count: int) -> date:
        """The working day `count` working days after `day` (before it when negative)."""
        return self.working_day_from_ordinal(self.working_day_ordinal(day) + count)

    def working_days_between(self, start: date, end: date) -> int:
        """Signed count n with add_working_days(start, n) == end; both must be working days."""
        return self.working_day_ordinal(end) - self.working_day_ordinal(start)
