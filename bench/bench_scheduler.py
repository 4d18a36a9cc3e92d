"""Time the work-back scheduler on a large random goal.

    python bench/bench_scheduler.py

Builds a seeded random DAG of 10,000 milestones and 30,000 dependencies over a
Monday-Friday week with about twenty holidays, then times compute_latest and
compute_schedule (best of five), in CPU time of this process and in wall time. Exits
non-zero when the full schedule's CPU time is over the budget, so a scale regression
fails loudly rather than slowly. The budget is on CPU time because the machines are
shared: a busy neighbour stretches the wall time (printed beside it) but not the work the
scheduler does.
"""

import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# bench/ is not a package: put the repository root on the path to import the app module.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from goals.calendar_days import WorkingCalendar
from goals.scheduling import (
    DependencyInput,
    MilestoneInput,
    compute_latest,
    compute_schedule,
)

SEED = 20270301
MILESTONE_COUNT = 10_000
DEPENDENCY_COUNT = 30_000
# Successors are drawn a short way ahead in the order, so chains run long (hundreds of
# milestones) instead of the shallow graph uniform random pairs would give.
LONGEST_REACH = 40
REPEATS = 5
BUDGET_SECONDS = 0.5
TARGET_DATE = date(2040, 12, 31)
AS_OF = date(2027, 3, 1)
STATUSES = ["todo"] * 6 + ["doing"] * 2 + ["done", "skipped"]


def random_goal(generator: random.Random):
    holidays = frozenset(
        date(year, 1, 1) + timedelta(days=generator.randrange(365)) for year in range(2025, 2045)
    )
    calendar = WorkingCalendar(
        working_weekdays=frozenset({1, 2, 3, 4, 5}), non_working_dates=holidays
    )
    # Shuffled ids, so the dependency order owes nothing to the id order.
    ids = list(range(1, MILESTONE_COUNT + 1))
    generator.shuffle(ids)
    milestones = [
        MilestoneInput(
            id=milestone_id,
            duration_days=generator.randint(0, 30),
            status=generator.choice(STATUSES),
            position=generator.randrange(100),
            must_finish_by=(
                TARGET_DATE - timedelta(days=generator.randrange(3000))
                if generator.random() < 0.1
                else None
            ),
        )
        for milestone_id in ids
    ]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < DEPENDENCY_COUNT:
        first = generator.randrange(MILESTONE_COUNT - 1)
        second = min(first + generator.randint(1, LONGEST_REACH), MILESTONE_COUNT - 1)
        pairs.add((ids[first], ids[second]))
    dependencies = [
        DependencyInput(predecessor, successor, generator.randint(0, 5))
        for predecessor, successor in sorted(pairs)
    ]
    generator.shuffle(dependencies)
    generator.shuffle(milestones)
    return calendar, milestones, dependencies


@dataclass(frozen=True)
class Timing:
    cpu_seconds: float
    wall_seconds: float


def best_time[Result](function: Callable[[], Result]) -> tuple[Timing, Result]:
    """The best of REPEATS runs, CPU time (time.process_time) and wall time apart."""
    cpu, wall = [], []
    for _ in range(REPEATS):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        result = function()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
    return Timing(min(cpu), min(wall)), result


def main() -> int:
    calendar, milestones, dependencies = random_goal(random.Random(SEED))
    latest, _ = best_time(
        lambda: compute_latest(
            target_date=TARGET_DATE,
            calendar=calendar,
            milestones=milestones,
            dependencies=dependencies,
        )
    )
    schedule_timing, schedule = best_time(
        lambda: compute_schedule(
            target_date=TARGET_DATE,
            as_of=AS_OF,
            calendar=calendar,
            milestones=milestones,
            dependencies=dependencies,
        )
    )
    earliest_start = min(milestone.latest_start for milestone in schedule.milestones)
    print(f"{len(milestones)} milestones, {len(dependencies)} dependencies, best of {REPEATS}")
    print(f"{'':18}{'CPU ms':>8} {'wall ms':>8}")
    print(f"compute_latest:   {latest.cpu_seconds * 1000:8.1f} {latest.wall_seconds * 1000:8.1f}")
    print(
        f"compute_schedule: {schedule_timing.cpu_seconds * 1000:8.1f} "
        f"{schedule_timing.wall_seconds * 1000:8.1f} "
        f"(budget {BUDGET_SECONDS * 1000:.0f} ms of CPU)"
    )
    print(
        f"earliest latest start {earliest_start}, projected finish {schedule.projected_finish}, "
        f"float {schedule.float_days} working days"
    )
    if schedule_timing.cpu_seconds > BUDGET_SECONDS:
        print("compute_schedule is over budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
