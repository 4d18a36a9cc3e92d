"""Work-back scheduling of a goal's milestones over a calendar of working days.

Pure on purpose: no Django here. Services turn rows into the input dataclasses, call
`compute_latest` or `compute_schedule`, and store or render the dataclasses that come back.

Both passes run on *working-day ordinals* (goals/calendar_days.py): working days
numbered consecutively from the first one on or after date.min, so moving n working days
is one addition.
"""

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .calendar_days import ScheduleOutOfRange, WorkingCalendar

OPEN_STATUSES = frozenset({"todo", "doing"})
KNOWN_STATUSES = OPEN_STATUSES | {"done", "skipped"}


class CycleError(ValueError):
    """The dependencies loop back on themselves, so no order of work exists."""

    def __init__(self, milestone_ids: list[int]) -> None:
        self.milestone_ids = list(milestone_ids)
        loop = " -> ".join(
            str(milestone_id) for milestone_id in [*milestone_ids, *milestone_ids[:1]]
        )
        super().__init__(f"Milestone dependencies form a cycle: {loop}")

    def __reduce__(self):
        # Rebuild from the ids rather than the message, so the error survives pickling
        # (Celery ships exceptions between processes).
        return (type(self), (self.milestone_ids,))


@dataclass(frozen=True, slots=True)
class MilestoneInput:
    id: int
    duration_days: int
    status: str = "todo"  # todo | doing | done | skipped
    position: int = 0
    must_finish_by: date | None = None


@dataclass(frozen=True, slots=True)
class DependencyInput:
    predecessor_id: int
    successor_id: int
    lag_days: int = 0


@dataclass(frozen=True, slots=True)
class LatestDates:
    latest_start: date
    latest_finish: date


@dataclass(frozen=True, slots=True)
class ScheduledMilestone:
    id: int
    latest_start: date
    latest_finish: date
    earliest_start: date | None
    earliest_finish: date | None
    slack_days: int | None
    is_critical: bool
    is_late: bool


@dataclass(frozen=True, slots=True)
class Schedule:
    target_date: date
    as_of: date
    projected_finish: date | None
    feasible: bool
    float_days: int | None
    milestones: list[ScheduledMilestone]  # ordered by (latest_start, position, id)


@dataclass(slots=True)
class _Graph:
    """Milestones by index 0..n-1, with edges as (other index, lag) and a topological order."""

    milestones: list[MilestoneInput]
    # Working days from start to finish: a checkpoint (0 days) schedules as a 1-day milestone.
    extra_days: list[int]
    successors: list[list[tuple[int, int]]]
    predecessors: list[list[tuple[int, int]]]
    order: list[int]


def _topological_order(
    predecessors: list[list[tuple[int, int]]], successors: list[list[tuple[int, int]]]
) -> tuple[list[int], list[int] | None]:
    """Kahn's order of the indices, and the indices along one cycle when there is one."""
    remaining_predecessors = [len(edges) for edges in predecessors]
    ready = deque(index for index, count in enumerate(remaining_predecessors) if count == 0)
    order: list[int] = []
    while ready:
        index = ready.popleft()
        order.append(index)
        for successor, _lag in successors[index]:
            remaining_predecessors[successor] -= 1
            if remaining_predecessors[successor] == 0:
                ready.append(successor)
    if len(order) == len(predecessors):
        return order, None
    # Every index Kahn could not place still has an unplaced predecessor, so stepping from
    # one to an unplaced predecessor, again and again, must come back to an index seen.
    placed = [False] * len(predecessors)
    for index in order:
        placed[index] = True
    current = placed.index(False)
    position_in_walk: dict[int, int] = {}
    walk: list[int] = []
    while current not in position_in_walk:
        position_in_walk[current] = len(walk)
        walk.append(current)
        current = next(other for other, _lag in predecessors[current] if not placed[other])
    # The walk went against the dependencies; reverse it to read predecessor -> successor.
    return order, walk[position_in_walk[current] :][::-1]


def _build_graph(
    milestones: Iterable[MilestoneInput], dependencies: Iterable[DependencyInput]
) -> _Graph:
    milestone_list = list(milestones)
    index_by_id: dict[int, int] = {}
    for index, milestone in enumerate(milestone_list):
        if milestone.id in index_by_id:
            raise ValueError(f"Milestone {milestone.id} is listed twice.")
        if milestone.duration_days < 0:
            raise ValueError(f"Milestone {milestone.id} has a negative duration.")
        if milestone.status not in KNOWN_STATUSES:
            raise ValueError(f"Milestone {milestone.id} has unknown status {milestone.status!r}.")
        index_by_id[milestone.id] = index
    successors: list[list[tuple[int, int]]] = [[] for _ in milestone_list]
    predecessors: list[list[tuple[int, int]]] = [[] for _ in milestone_list]
    for dependency in dependencies:
        predecessor = index_by_id.get(dependency.predecessor_id)
        successor = index_by_id.get(dependency.successor_id)
        lag = dependency.lag_days
        if predecessor is None or successor is None or lag < 0:
            problem = "has a negative lag" if lag < 0 else "names a milestone not in the schedule"
            raise ValueError(
                f"Dependency {dependency.predecessor_id} -> {dependency.successor_id} {problem}."
            )
        successors[predecessor].append((successor, lag))
        predecessors[successor].append((predecessor, lag))
    order, cycle = _topological_order(predecessors, successors)
    if cycle is not None:
        raise CycleError([milestone_list[index].id for index in cycle])
    extra_days = [max(milestone.duration_days, 1) - 1 for milestone in milestone_list]
    return _Graph(milestone_list, extra_days, successors, predecessors, order)


def _latest_ordinals(
    graph: _Graph, target_date: date, calendar: WorkingCalendar
) -> tuple[list[int], list[int]]:
    """Backward pass over every milestone: (latest starts, latest finishes) as ordinals."""
    # Bound once: this loop is the hot path. working_days_before(day + 1) - 1 is the ordinal
    # of the last working day on or before day.
    working_days_before = calendar._working_days_before
    target_bound = working_days_before(target_date.toordinal() + 1) - 1
    latest_start = [0] * len(graph.milestones)
    latest_finish = [0] * len(graph.milestones)
    for index in reversed(graph.order):
        milestone = graph.milestones[index]
        finish = target_bound
        if milestone.must_finish_by is not None:
            finish = min(finish, working_days_before(milestone.must_finish_by.toordinal() + 1) - 1)
        for successor, lag in graph.successors[index]:
            # The successor may start on the (lag + 1)-th working day after this finish.
            bound = latest_start[successor] - lag - 1
            if bound < finish:
                finish = bound
        start = finish - graph.extra_days[index]
        if start < 0:
            raise ScheduleOutOfRange(
                f"Milestone {milestone.id} would have to start before {date.min.isoformat()}, "
                f"the earliest date that can be represented."
            )
        latest_start[index] = start
        latest_finish[index] = finish
    return latest_start, latest_finish


def compute_latest(
    *,
    target_date: date,
    calendar: WorkingCalendar,
    milestones: Iterable[MilestoneInput],
    dependencies: Iterable[DependencyInput],
) -> dict[int, LatestDates]:
    """The latest start and finish of every milestone, whatever its status, by id.

    Raises CycleError on cyclic dependencies, ValueError on a dependency naming an unknown
    milestone, and ScheduleOutOfRange when a date would fall before date.min.
    """
    graph = _build_graph(milestones, dependencies)
    latest_start, latest_finish = _latest_ordinals(graph, target_date, calendar)
    dates = _dates_by_ordinal(calendar, latest_start, latest_finish)
    return {
        milestone.id: LatestDates(dates[latest_start[index]], dates[latest_finish[index]])
        for index, milestone in enumerate(graph.milestones)
    }


def _dates_by_ordinal(calendar: WorkingCalendar, *ordinal_lists: list[int]) -> dict[int, date]:
    """Each distinct working-day ordinal as a date: milestones often share dates."""
    distinct = {ordinal for ordinals in ordinal_lists for ordinal in ordinals}
    return {ordinal: calendar.working_day_from_ordinal(ordinal) for ordinal in distinct}


def compute_schedule(
    *,
    target_date: date,
    as_of: date,
    calendar: WorkingCalendar,
    milestones: Iterable[MilestoneInput],
    dependencies: Iterable[DependencyInput],
) -> Schedule:
    """Latest dates for every milestone, earliest dates from `as_of` for the open ones.

    Done and skipped milestones hold nothing back in the forward pass and come back with no
    earliest dates or slack. Raises as compute_latest does, and ScheduleOutOfRange when an
    earliest finish would pass date.max.
    """
    graph = _build_graph(milestones, dependencies)
    latest_start, latest_finish = _latest_ordinals(graph, target_date, calendar)

    count = len(graph.milestones)
    is_open = [milestone.status in OPEN_STATUSES for milestone in graph.milestones]
    open_indices = [index for index in graph.order if is_open[index]]
    earliest_start = [0] * count  # meaningful for open milestones only
    earliest_finish = [0] * count
    start_bound = calendar._working_days_before(as_of.toordinal())
    for index in open_indices:
        start = start_bound
        for predecessor, lag in graph.predecessors[index]:
            if is_open[predecessor]:
                bound = earliest_finish[predecessor] + lag + 1
                if bound > start:
                    start = bound
        finish = start + graph.extra_days[index]
        if finish > calendar._last_working_day_ordinal:
            raise ScheduleOutOfRange(
                f"Milestone {graph.milestones[index].id} would finish after "
                f"{date.max.isoformat()}, the last date that can be represented."
            )
        earliest_start[index] = start
        earliest_finish[index] = finish

    least_slack = min(
        (latest_start[index] - earliest_start[index] for index in open_indices), default=None
    )
    dates = _dates_by_ordinal(
        calendar,
        latest_start,
        latest_finish,
        [earliest_start[index] for index in open_indices],
        [earliest_finish[index] for index in open_indices],
    )
    sort_keys = [
        (latest_start[index], milestone.position, milestone.id)
        for index, milestone in enumerate(graph.milestones)
    ]
    scheduled = []
    for index in sorted(range(count), key=sort_keys.__getitem__):
        slack = latest_start[index] - earliest_start[index] if is_open[index] else None
        scheduled.append(
            ScheduledMilestone(
                id=graph.milestones[index].id,
                latest_start=dates[latest_start[index]],
                latest_finish=dates[latest_finish[index]],
                earliest_start=None if slack is None else dates[earliest_start[index]],
                earliest_finish=None if slack is None else dates[earliest_finish[index]],
                slack_days=slack,
                is_critical=slack is not None and slack == least_slack,
                is_late=slack is not None and slack < 0,
            )
        )
    return Schedule(
        target_date=target_date,
        as_of=as_of,
        projected_finish=(
            dates[max(earliest_finish[index] for index in open_indices)] if open_indices else None
        ),
        feasible=least_slack is None or least_slack >= 0,
        float_days=least_slack,
        milestones=scheduled,
    )


def find_cycle(
    milestone_ids: Iterable[int], dependencies: Iterable[DependencyInput]
) -> list[int] | None:
    """The ids along one cycle, each a predecessor of the next and the last of the first."""
    try:
        _build_graph(
            # dict.fromkeys: a caller listing an id twice still means one milestone.
            (
                MilestoneInput(id=milestone_id, duration_days=0)
                for milestone_id in dict.fromkeys(milestone_ids)
            ),
            dependencies,
        )
    except CycleError as error:
        return error.milestone_ids
    return None


def path_that_would_close_cycle(
    dependencies: Iterable[DependencyInput], predecessor_id: int, successor_id: int
) -> list[int] | None:
    """The cycle that adding predecessor -> successor would close, or None if it closes none.

    Read as [predecessor, successor, ..., last], each id a predecessor of the next and the
    last a predecessor of `predecessor_id`: the shortest such loop. A self-dependency
    gives [predecessor_id].
    """
    if predecessor_id == successor_id:
        return [predecessor_id]
    successors_by_id: dict[int, list[int]] = {}
    for dependency in dependencies:
        successors_by_id.setdefault(dependency.predecessor_id, []).append(dependency.successor_id)
    # Breadth-first from the successor: the first path back to the predecessor is shortest.
    reached_from: dict[int, int | None] = {successor_id: None}
    frontier = deque([successor_id])
    while frontier:
        current = frontier.popleft()
        for following in successors_by_id.get(current, ()):
            if following in reached_from:
                continue
            reached_from[following] = current
            if following == predecessor_id:
                path_back: list[int] = []  # from `current` back to the successor
                step: int | None = current
                while step is not None:
                    path_back.append(step)
                    step = reached_from[step]
                return [predecessor_id, *reversed(path_back)]
            frontier.append(following)
    return None
