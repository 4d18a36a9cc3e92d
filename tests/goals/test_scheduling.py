"""Unit and property tests of the pure work-back scheduler (no Django, no database)."""

import pickle
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goals.calendar_days import WorkingCalendar
from goals.scheduling import (
    CycleError,
    DependencyInput,
    MilestoneInput,
    ScheduleOutOfRange,
    compute_latest,
    compute_schedule,
    find_cycle,
    path_that_would_close_cycle,
)

MONDAY_TO_FRIDAY = WorkingCalendar(working_weekdays=frozenset({1, 2, 3, 4, 5}))


def schedule_of(milestones, dependencies=(), *, target_date, as_of, calendar=MONDAY_TO_FRIDAY):
    return compute_schedule(
        target_date=target_date,
        as_of=as_of,
        calendar=calendar,
        milestones=milestones,
        dependencies=dependencies,
    )


def by_id(schedule):
    return {milestone.id: milestone for milestone in schedule.milestones}


# --- the worked example of the specification -------------------------------------------------


def test_worked_example_from_the_specification():
    a, c, b = 1, 2, 3
    schedule = schedule_of(
        [
            MilestoneInput(id=a, duration_days=2),
            MilestoneInput(id=c, duration_days=0),
            MilestoneInput(id=b, duration_days=1),
        ],
        [DependencyInput(a, c), DependencyInput(c, b)],
        target_date=date(2027, 3, 5),  # a Friday
        as_of=date(2027, 3, 1),  # a Monday
    )
    milestones = by_id(schedule)

    assert (milestones[b].latest_start, milestones[b].latest_finish) == (
        date(2027, 3, 5),
        date(2027, 3, 5),
    )
    assert (milestones[c].latest_start, milestones[c].latest_finish) == (
        date(2027, 3, 4),
        date(2027, 3, 4),
    )
    assert (milestones[a].latest_start, milestones[a].latest_finish) == (
        date(2027, 3, 2),
        date(2027, 3, 3),
    )
    assert (milestones[a].earliest_start, milestones[a].earliest_finish) == (
        date(2027, 3, 1),
        date(2027, 3, 2),
    )
    assert milestones[c].earliest_start == milestones[c].earliest_finish == date(2027, 3, 3)
    assert milestones[b].earliest_start == milestones[b].earliest_finish == date(2027, 3, 4)
    assert all(milestone.slack_days == 1 for milestone in schedule.milestones)
    assert all(milestone.is_critical for milestone in schedule.milestones)
    assert not any(milestone.is_late for milestone in schedule.milestones)
    assert schedule.feasible
    assert schedule.projected_finish == date(2027, 3, 4)
    assert schedule.float_days == 1
    assert [milestone.id for milestone in schedule.milestones] == [a, c, b]


# --- the calendar -----------------------------------------------------------------------------


def test_weekend_days_are_not_working_days():
    assert MONDAY_TO_FRIDAY.is_working_day(date(2027, 3, 5))  # Friday
    assert not MONDAY_TO_FRIDAY.is_working_day(date(2027, 3, 6))  # Saturday
    assert not MONDAY_TO_FRIDAY.is_working_day(date(2027, 3, 7))  # Sunday


def test_moving_across_a_weekend_skips_it():
    friday, monday = date(2027, 3, 5), date(2027, 3, 8)
    assert MONDAY_TO_FRIDAY.add_working_days(friday, 1) == monday
    assert MONDAY_TO_FRIDAY.add_working_days(monday, -1) == friday
    assert MONDAY_TO_FRIDAY.add_working_days(friday, 0) == friday
    assert MONDAY_TO_FRIDAY.add_working_days(friday, 10) == date(2027, 3, 19)
    assert MONDAY_TO_FRIDAY.add_working_days(friday, -10) == date(2027, 2, 19)


def test_holidays_are_skipped_in_both_directions():
    calendar = WorkingCalendar(
        working_weekdays=frozenset({1, 2, 3, 4, 5}),
        non_working_dates=frozenset({date(2027, 3, 8), date(2027, 3, 9), date(2027, 3, 13)}),
    )
    friday = date(2027, 3, 5)
    assert not calendar.is_working_day(date(2027, 3, 8))
    assert calendar.add_working_days(friday, 1) == date(2027, 3, 10)
    assert calendar.add_working_days(date(2027, 3, 10), -1) == friday
    assert calendar.working_days_between(friday, date(2027, 3, 10)) == 1
    assert calendar.working_days_between(date(2027, 3, 10), friday) == -1


def test_last_and_first_working_day_around_a_weekend_and_a_holiday():
    calendar = WorkingCalendar(
        working_weekdays=frozenset({1, 2, 3, 4, 5}),
        non_working_dates=frozenset({date(2027, 3, 5)}),
    )
    saturday = date(2027, 3, 6)
    assert calendar.last_working_day_on_or_before(saturday) == date(2027, 3, 4)
    assert calendar.first_working_day_on_or_after(saturday) == date(2027, 3, 8)
    assert calendar.last_working_day_on_or_before(date(2027, 3, 4)) == date(2027, 3, 4)
    assert calendar.first_working_day_on_or_after(date(2027, 3, 4)) == date(2027, 3, 4)


def test_a_holiday_on_a_day_off_changes_nothing():
    with_saturday_holiday = WorkingCalendar(
        working_weekdays=frozenset({1, 2, 3, 4, 5}),
        non_working_dates=frozenset({date(2027, 3, 6)}),
    )
    friday = date(2027, 3, 5)
    assert with_saturday_holiday.add_working_days(friday, 7) == MONDAY_TO_FRIDAY.add_working_days(
        friday, 7
    )


def test_working_days_between_is_the_inverse_of_add_working_days():
    start = date(2027, 3, 3)
    for count in range(-40, 41):
        end = MONDAY_TO_FRIDAY.add_working_days(start, count)
        assert MONDAY_TO_FRIDAY.working_days_between(start, end) == count


def test_add_working_days_rejects_a_day_off():
    with pytest.raises(ValueError, match="not a working day"):
        MONDAY_TO_FRIDAY.add_working_days(date(2027, 3, 6), 1)


def test_a_calendar_needs_a_working_weekday():
    with pytest.raises(ValueError, match="at least one working weekday"):
        WorkingCalendar(working_weekdays=frozenset())


def test_weekdays_must_be_iso_weekdays():
    with pytest.raises(ValueError, match=r"1\.\.7"):
        WorkingCalendar(working_weekdays=frozenset({0, 1}))


def test_calendars_with_the_same_days_are_equal_and_hashable():
    first = WorkingCalendar(frozenset({1, 2}), frozenset({date(2027, 1, 4)}))
    second = WorkingCalendar(frozenset({2, 1}), frozenset({date(2027, 1, 4)}))
    assert first == second
    assert hash(first) == hash(second)


def test_moving_past_the_last_representable_date_is_out_of_range():
    with pytest.raises(ScheduleOutOfRange):
        MONDAY_TO_FRIDAY.add_working_days(date(9999, 12, 31), 1)  # a Friday
    with pytest.raises(ScheduleOutOfRange):
        MONDAY_TO_FRIDAY.add_working_days(date(1, 1, 1), -1)  # a Monday
    sundays_only = WorkingCalendar(working_weekdays=frozenset({7}))
    with pytest.raises(ScheduleOutOfRange):
        sundays_only.last_working_day_on_or_before(date(1, 1, 3))


# --- the backward and forward passes ---------------------------------------------------------


def test_a_checkpoint_schedules_exactly_as_a_one_day_milestone():
    def dates_with(duration_days):
        schedule = schedule_of(
            [
                MilestoneInput(id=1, duration_days=3),
                MilestoneInput(id=2, duration_days=duration_days),
                MilestoneInput(id=3, duration_days=2),
            ],
            [DependencyInput(1, 2, lag_days=1), DependencyInput(2, 3)],
            target_date=date(2027, 3, 19),
            as_of=date(2027, 3, 1),
        )
        return [
            (m.latest_start, m.latest_finish, m.earliest_start, m.earliest_finish, m.slack_days)
            for m in schedule.milestones
        ]

    assert dates_with(0) == dates_with(1)


def test_lag_counts_working_days_between_finish_and_start():
    latest = compute_latest(
        target_date=date(2027, 3, 10),  # Wednesday
        calendar=MONDAY_TO_FRIDAY,
        milestones=[MilestoneInput(id=1, duration_days=1), MilestoneInput(id=2, duration_days=1)],
        dependencies=[DependencyInput(1, 2, lag_days=2)],
    )
    assert latest[2].latest_start == date(2027, 3, 10)
    # Two whole working days (Monday, Tuesday) between the finish and the start.
    assert latest[1].latest_finish == date(2027, 3, 5)

    schedule = schedule_of(
        [MilestoneInput(id=1, duration_days=1), MilestoneInput(id=2, duration_days=1)],
        [DependencyInput(1, 2, lag_days=2)],
        target_date=date(2027, 3, 10),
        as_of=date(2027, 3, 5),
    )
    assert by_id(schedule)[2].earliest_start == date(2027, 3, 10)


def test_must_finish_by_pulls_the_latest_finish_earlier():
    latest = compute_latest(
        target_date=date(2027, 3, 19),
        calendar=MONDAY_TO_FRIDAY,
        milestones=[
            MilestoneInput(id=1, duration_days=2, must_finish_by=date(2027, 3, 7)),  # Sunday
            MilestoneInput(id=2, duration_days=2),
        ],
        dependencies=[DependencyInput(1, 2)],
    )
    assert latest[1].latest_finish == date(2027, 3, 5)
    assert latest[1].latest_start == date(2027, 3, 4)
    assert latest[2].latest_finish == date(2027, 3, 19)


def test_a_must_finish_by_after_the_target_does_not_push_past_it():
    latest = compute_latest(
        target_date=date(2027, 3, 5),
        calendar=MONDAY_TO_FRIDAY,
        milestones=[MilestoneInput(id=1, duration_days=1, must_finish_by=date(2027, 4, 1))],
        dependencies=[],
    )
    assert latest[1].latest_finish == date(2027, 3, 5)


def test_a_target_on_a_weekend_means_the_friday_before():
    latest = compute_latest(
        target_date=date(2027, 3, 7),
        calendar=MONDAY_TO_FRIDAY,
        milestones=[MilestoneInput(id=1, duration_days=1)],
        dependencies=[],
    )
    assert latest[1].latest_finish == date(2027, 3, 5)


@pytest.mark.parametrize("status", ["done", "skipped"])
def test_a_finished_predecessor_holds_nothing_back(status):
    schedule = schedule_of(
        [
            MilestoneInput(id=1, duration_days=5, status=status),
            MilestoneInput(id=2, duration_days=1),
        ],
        [DependencyInput(1, 2, lag_days=3)],
        target_date=date(2027, 3, 19),
        as_of=date(2027, 3, 1),
    )
    assert by_id(schedule)[2].earliest_start == date(2027, 3, 1)


@pytest.mark.parametrize("status", ["done", "skipped"])
def test_finished_milestones_are_listed_without_earliest_dates_or_flags(status):
    schedule = schedule_of(
        [
            MilestoneInput(id=1, duration_days=2, status=status),
            MilestoneInput(id=2, duration_days=1),
        ],
        [DependencyInput(1, 2)],
        target_date=date(2027, 3, 5),
        as_of=date(2027, 3, 4),
    )
    finished = by_id(schedule)[1]
    assert finished.latest_start == date(2027, 3, 3)
    assert finished.latest_finish == date(2027, 3, 4)
    assert finished.earliest_start is None
    assert finished.earliest_finish is None
    assert finished.slack_days is None
    assert not finished.is_critical
    assert not finished.is_late


def test_a_finished_successor_still_bounds_its_predecessors_latest_dates():
    latest = compute_latest(
        target_date=date(2027, 3, 5),
        calendar=MONDAY_TO_FRIDAY,
        milestones=[
            MilestoneInput(id=1, duration_days=1),
            MilestoneInput(id=2, duration_days=3, status="done"),
        ],
        dependencies=[DependencyInput(1, 2)],
    )
    assert latest[1].latest_finish == date(2027, 3, 2)


def test_with_no_open_milestone_there_is_no_projection_and_the_goal_is_feasible():
    schedule = schedule_of(
        [
            MilestoneInput(id=1, duration_days=2, status="done"),
            MilestoneInput(id=2, duration_days=1, status="skipped"),
        ],
        target_date=date(2027, 3, 5),
        as_of=date(2027, 4, 1),
    )
    assert schedule.projected_finish is None
    assert schedule.float_days is None
    assert schedule.feasible
    assert len(schedule.milestones) == 2


def test_an_empty_goal_is_feasible():
    schedule = schedule_of([], target_date=date(2027, 3, 5), as_of=date(2027, 3, 1))
    assert schedule.milestones == []
    assert schedule.feasible
    assert schedule.projected_finish is None


def test_starting_after_the_latest_start_is_late():
    schedule = schedule_of(
        [
            MilestoneInput(id=1, duration_days=3, status="doing"),
            MilestoneInput(id=2, duration_days=1),
        ],
        [DependencyInput(1, 2)],
        target_date=date(2027, 3, 5),
        as_of=date(2027, 3, 4),
    )
    milestones = by_id(schedule)
    # 2 must run on Friday 03-05 at the latest, so 1 must run 03-02..03-04; starting on
    # 03-04 instead, 1 runs to Monday 03-08 and 2 slips to Tuesday 03-09.
    assert milestones[1].latest_start == date(2027, 3, 2)
    assert milestones[1].earliest_start == date(2027, 3, 4)
    assert milestones[1].slack_days == -2
    assert milestones[1].is_late
    assert milestones[2].earliest_start == date(2027, 3, 9)
    assert milestones[2].slack_days == -2
    assert not schedule.feasible
    assert schedule.float_days == -2
    assert schedule.projected_finish == date(2027, 3, 9)


def test_only_the_milestones_with_the_least_slack_are_critical():
    schedule = schedule_of(
        [
            MilestoneInput(id=1, duration_days=3),
            MilestoneInput(id=2, duration_days=1),
            MilestoneInput(id=3, duration_days=1),
        ],
        [DependencyInput(1, 3), DependencyInput(2, 3)],
        target_date=date(2027, 3, 5),
        as_of=date(2027, 3, 1),
    )
    milestones = by_id(schedule)
    assert [milestones[i].slack_days for i in (1, 2, 3)] == [1, 3, 1]
    assert [milestones[i].is_critical for i in (1, 2, 3)] == [True, False, True]


def test_milestones_are_ordered_by_latest_start_then_position_then_id():
    schedule = schedule_of(
        [
            MilestoneInput(id=5, duration_days=1, position=2),
            MilestoneInput(id=4, duration_days=1, position=1),
            MilestoneInput(id=3, duration_days=1, position=1),
            MilestoneInput(id=9, duration_days=5, position=7),
        ],
        target_date=date(2027, 3, 5),
        as_of=date(2027, 3, 1),
    )
    assert [milestone.id for milestone in schedule.milestones] == [9, 3, 4, 5]


def test_a_long_chain_of_long_milestones_is_computed_by_arithmetic():
    chain = [MilestoneInput(id=index, duration_days=3650) for index in range(300)]
    dependencies = [DependencyInput(index, index + 1, lag_days=5) for index in range(299)]
    target = date(9000, 1, 1)
    latest = compute_latest(
        target_date=target, calendar=MONDAY_TO_FRIDAY, milestones=chain, dependencies=dependencies
    )
    last_day = MONDAY_TO_FRIDAY.last_working_day_on_or_before(target)
    working_days = 300 * 3650 + 299 * 5 - 1
    assert latest[0].latest_start == MONDAY_TO_FRIDAY.add_working_days(last_day, -working_days)


def test_a_schedule_reaching_before_the_first_date_is_out_of_range():
    with pytest.raises(ScheduleOutOfRange, match="0001-01-01"):
        compute_latest(
            target_date=date(30, 1, 1),
            calendar=MONDAY_TO_FRIDAY,
            milestones=[MilestoneInput(id=index, duration_days=3650) for index in range(20)],
            dependencies=[DependencyInput(index, index + 1) for index in range(19)],
        )


def test_a_schedule_reaching_past_the_last_date_is_out_of_range():
    with pytest.raises(ScheduleOutOfRange, match="9999-12-31"):
        schedule_of(
            [MilestoneInput(id=1, duration_days=3650)],
            target_date=date(9999, 12, 31),
            as_of=date(9999, 1, 1),
        )


def test_a_dependency_on_an_unknown_milestone_is_a_programming_error():
    with pytest.raises(ValueError, match="not in the schedule"):
        compute_latest(
            target_date=date(2027, 3, 5),
            calendar=MONDAY_TO_FRIDAY,
            milestones=[MilestoneInput(id=1, duration_days=1)],
            dependencies=[DependencyInput(1, 2)],
        )


def test_a_milestone_listed_twice_is_a_programming_error():
    with pytest.raises(ValueError, match="listed twice"):
        schedule_of(
            [MilestoneInput(id=1, duration_days=1), MilestoneInput(id=1, duration_days=2)],
            target_date=date(2027, 3, 5),
            as_of=date(2027, 3, 1),
        )


# --- cycles -------------------------------------------------------------------------------


def assert_is_a_cycle(milestone_ids, dependencies):
    edges = {(dependency.predecessor_id, dependency.successor_id) for dependency in dependencies}
    assert len(set(milestone_ids)) == len(milestone_ids)
    for position, milestone_id in enumerate(milestone_ids):
        following = milestone_ids[(position + 1) % len(milestone_ids)]
        assert (milestone_id, following) in edges


def test_find_cycle_returns_none_for_a_dag():
    dependencies = [DependencyInput(1, 2), DependencyInput(1, 3), DependencyInput(2, 3)]
    assert find_cycle([1, 2, 3], dependencies) is None


def test_find_cycle_returns_the_ids_along_a_cycle_in_order():
    dependencies = [
        DependencyInput(1, 2),
        DependencyInput(2, 3),
        DependencyInput(3, 4),
        DependencyInput(4, 2),
        DependencyInput(4, 5),
    ]
    cycle = find_cycle([1, 2, 3, 4, 5], dependencies)
    assert sorted(cycle) == [2, 3, 4]
    assert_is_a_cycle(cycle, dependencies)


def test_find_cycle_sees_a_self_dependency():
    assert find_cycle([1, 2], [DependencyInput(1, 2), DependencyInput(2, 2)]) == [2]


def test_compute_raises_cycle_error_naming_the_cycle():
    dependencies = [DependencyInput(1, 2), DependencyInput(2, 3), DependencyInput(3, 1)]
    with pytest.raises(CycleError) as raised:
        schedule_of(
            [MilestoneInput(id=index, duration_days=1) for index in (1, 2, 3)],
            dependencies,
            target_date=date(2027, 3, 5),
            as_of=date(2027, 3, 1),
        )
    assert isinstance(raised.value, ValueError)
    assert sorted(raised.value.milestone_ids) == [1, 2, 3]
    assert_is_a_cycle(raised.value.milestone_ids, dependencies)


def test_cycle_error_survives_pickling():
    # Our own bytes, round-tripped in-process: nothing untrusted is unpickled.
    restored = pickle.loads(pickle.dumps(CycleError([3, 4])))  # noqa: S301
    assert restored.milestone_ids == [3, 4]
    assert str(restored) == str(CycleError([3, 4]))


def test_adding_an_edge_against_a_path_would_close_a_cycle():
    dependencies = [DependencyInput(1, 2), DependencyInput(2, 3), DependencyInput(3, 4)]
    assert path_that_would_close_cycle(dependencies, 4, 1) == [4, 1, 2, 3]
    assert path_that_would_close_cycle(dependencies, 3, 2) == [3, 2]


def test_the_shortest_closing_cycle_is_reported():
    dependencies = [
        DependencyInput(1, 2),
        DependencyInput(2, 3),
        DependencyInput(3, 4),
        DependencyInput(1, 4),
    ]
    assert path_that_would_close_cycle(dependencies, 4, 1) == [4, 1]


def test_adding_an_edge_along_the_flow_closes_no_cycle():
    dependencies = [DependencyInput(1, 2), DependencyInput(2, 3)]
    assert path_that_would_close_cycle(dependencies, 1, 3) is None
    assert path_that_would_close_cycle(dependencies, 3, 9) is None
    assert path_that_would_close_cycle([], 1, 2) is None


def test_a_self_dependency_would_close_a_cycle_of_one():
    assert path_that_would_close_cycle([], 7, 7) == [7]


# --- properties -----------------------------------------------------------------------------

BASE_DAY = date(2027, 1, 4)
DAY_OFFSETS = st.integers(min_value=-500, max_value=120)

calendars = st.builds(
    WorkingCalendar,
    working_weekdays=st.frozensets(st.integers(min_value=1, max_value=7), min_size=1),
    non_working_dates=st.frozensets(
        DAY_OFFSETS.map(lambda offset: BASE_DAY + timedelta(days=offset)), max_size=60
    ),
)


def naive_add_working_days(calendar, day, count):
    """Reference: walk day by day."""
    step = timedelta(days=1 if count > 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def naive_last_working_day_on_or_before(calendar, day):
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def naive_first_working_day_on_or_after(calendar, day):
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


@settings(deadline=None, max_examples=300)
@given(
    calendar=calendars,
    offset=DAY_OFFSETS,
    count=st.integers(min_value=-80, max_value=80),
)
def test_calendar_agrees_with_a_day_by_day_walk(calendar, offset, count):
    day = BASE_DAY + timedelta(days=offset)
    before = calendar.last_working_day_on_or_before(day)
    after = calendar.first_working_day_on_or_after(day)
    assert before == naive_last_working_day_on_or_before(calendar, day)
    assert after == naive_first_working_day_on_or_after(calendar, day)

    moved = calendar.add_working_days(before, count)
    assert moved == naive_add_working_days(calendar, before, count)
    assert calendar.is_working_day(moved)
    assert calendar.working_days_between(before, moved) == count
    assert calendar.working_days_between(moved, before) == -count
    assert calendar.working_day_from_ordinal(calendar.working_day_ordinal(moved)) == moved


@st.composite
def goals(draw):
    """A random DAG: edges only go from an earlier to a later index, so it cannot loop."""
    count = draw(st.integers(min_value=0, max_value=25))
    ids = draw(st.permutations(range(1, count + 1)))  # ids unrelated to the dependency order
    milestones = [
        MilestoneInput(
            id=milestone_id,
            duration_days=draw(st.integers(min_value=0, max_value=12)),
            status=draw(st.sampled_from(["todo", "doing", "done", "skipped"])),
            position=draw(st.integers(min_value=0, max_value=3)),
            must_finish_by=draw(
                st.none() | DAY_OFFSETS.map(lambda offset: BASE_DAY + timedelta(days=offset))
            ),
        )
        for milestone_id in ids
    ]
    pairs = (
        draw(
            st.lists(
                st.tuples(
                    st.integers(min_value=0, max_value=count - 1),
                    st.integers(min_value=0, max_value=count - 1),
                    st.integers(min_value=0, max_value=5),
                ),
                max_size=3 * count,
            )
        )
        if count > 1
        else []
    )
    dependencies = [
        DependencyInput(ids[min(first, second)], ids[max(first, second)], lag)
        for first, second, lag in pairs
        if first != second
    ]
    return draw(st.permutations(milestones)), dependencies


@settings(deadline=None, max_examples=200)
@given(
    goal=goals(),
    calendar=calendars,
    target_offset=st.integers(min_value=0, max_value=120),
    as_of_offset=DAY_OFFSETS,
)
def test_schedule_properties(goal, calendar, target_offset, as_of_offset):
    milestones, dependencies = goal
    target_date = BASE_DAY + timedelta(days=target_offset)
    as_of = BASE_DAY + timedelta(days=as_of_offset)
    schedule = compute_schedule(
        target_date=target_date,
        as_of=as_of,
        calendar=calendar,
        milestones=milestones,
        dependencies=dependencies,
    )
    latest_only = compute_latest(
        target_date=target_date, calendar=calendar, milestones=milestones, dependencies=dependencies
    )
    inputs = {milestone.id: milestone for milestone in milestones}
    result = by_id(schedule)
    assert len(result) == len(schedule.milestones) == len(milestones)
    assert {key: (m.latest_start, m.latest_finish) for key, m in result.items()} == {
        key: (dates.latest_start, dates.latest_finish) for key, dates in latest_only.items()
    }
    last_day_for_target = calendar.last_working_day_on_or_before(target_date)
    first_day_from_as_of = calendar.first_working_day_on_or_after(as_of)

    # Backward pass: every date a working day, durations spanned, every bound kept, and
    # each latest finish is one of its bounds (as late as allowed, no later).
    finish_bounds = {
        key: [last_day_for_target]
        + (
            [calendar.last_working_day_on_or_before(inputs[key].must_finish_by)]
            if inputs[key].must_finish_by
            else []
        )
        for key in inputs
    }
    for dependency in dependencies:
        successor = result[dependency.successor_id]
        finish_bounds[dependency.predecessor_id].append(
            calendar.add_working_days(successor.latest_start, -dependency.lag_days - 1)
        )
        predecessor = result[dependency.predecessor_id]
        assert successor.latest_start >= calendar.add_working_days(
            predecessor.latest_finish, dependency.lag_days + 1
        )
    for key, scheduled in result.items():
        span = max(inputs[key].duration_days, 1) - 1
        assert calendar.is_working_day(scheduled.latest_start)
        assert calendar.is_working_day(scheduled.latest_finish)
        assert (
            calendar.working_days_between(scheduled.latest_start, scheduled.latest_finish) == span
        )
        assert scheduled.latest_finish == min(finish_bounds[key])

    # Forward pass over open milestones, with only open predecessors holding them back.
    open_ids = {key for key, milestone in inputs.items() if milestone.status in {"todo", "doing"}}
    start_bounds = {key: [first_day_from_as_of] for key in open_ids}
    for dependency in dependencies:
        if dependency.predecessor_id in open_ids and dependency.successor_id in open_ids:
            predecessor = result[dependency.predecessor_id]
            start_bounds[dependency.successor_id].append(
                calendar.add_working_days(predecessor.earliest_finish, dependency.lag_days + 1)
            )
    for key, scheduled in result.items():
        if key not in open_ids:
            assert scheduled.earliest_start is None
            assert scheduled.earliest_finish is None
            assert scheduled.slack_days is None
            assert not scheduled.is_late
            assert not scheduled.is_critical
            continue
        span = max(inputs[key].duration_days, 1) - 1
        assert calendar.is_working_day(scheduled.earliest_start)
        assert scheduled.earliest_start == max(start_bounds[key])
        assert (
            calendar.working_days_between(scheduled.earliest_start, scheduled.earliest_finish)
            == span
        )
        assert scheduled.slack_days == calendar.working_days_between(
            scheduled.earliest_start, scheduled.latest_start
        )
        assert scheduled.is_late == (scheduled.slack_days < 0)

    # The goal as a whole.
    open_milestones = [result[key] for key in open_ids]
    if open_milestones:
        least_slack = min(milestone.slack_days for milestone in open_milestones)
        assert schedule.float_days == least_slack
        assert schedule.feasible == (least_slack >= 0)
        assert schedule.projected_finish == max(m.earliest_finish for m in open_milestones)
        for milestone in open_milestones:
            assert milestone.is_critical == (milestone.slack_days == least_slack)
    else:
        assert schedule.float_days is None
        assert schedule.projected_finish is None
        assert schedule.feasible

    order = [(m.latest_start, inputs[m.id].position, m.id) for m in schedule.milestones]
    assert order == sorted(order)


@settings(deadline=None, max_examples=100)
@given(goal=goals(), data=st.data())
def test_find_cycle_sees_any_edge_added_against_a_path(goal, data):
    milestones, dependencies = goal
    ids = [milestone.id for milestone in milestones]
    assert find_cycle(ids, dependencies) is None
    if not dependencies:
        return
    closing = data.draw(st.sampled_from(dependencies))
    backwards = DependencyInput(closing.successor_id, closing.predecessor_id)
    path = path_that_would_close_cycle(
        dependencies, backwards.predecessor_id, backwards.successor_id
    )
    assert path is not None
    assert path[:2] == [backwards.predecessor_id, backwards.successor_id]
    assert_is_a_cycle(path, [*dependencies, backwards])
    cycle = find_cycle(ids, [*dependencies, backwards])
    assert cycle is not None
    assert_is_a_cycle(cycle, [*dependencies, backwards])
