"""Time the peer matcher on 10,000, 30,000 and 100,000 opted-in customers.

    python bench/bench_matching.py

Each customer has one goal on one of (customers / 200) public playbooks, spread over 20
categories, 16 regions and 3 languages, a random number of the playbook's 10 milestones
done, one in five finished last season, one in fifty a mentor; 2% of pairs already
connected or suggested. Prints the three times and the growth ratio per customer from the
smallest to the largest, and exits non-zero when 100,000 take longer than the budget.

The matcher looks only at the people on the same playbook (else category), never at all
pairs: with playbooks growing with the customers, the time grows about linearly.
"""

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

# bench/ is not a package: put the repository root on the path to import the app module.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from community.matching import Journey, match, pair

SEED = 20270301
SIZES = (10_000, 30_000, 100_000)
PER_PLAYBOOK = 200
BUDGET_SECONDS = 120.0
TODAY = date(2026, 6, 8)


def population(size: int, rng: random.Random) -> tuple[list[Journey], set[tuple[int, int]]]:
    playbooks = max(1, size // PER_PLAYBOOK)
    journeys = []
    for person in range(1, size + 1):
        playbook = rng.randrange(playbooks)
        finished = rng.random() < 0.2
        journeys.append(
            Journey(
                person_id=person,
                goal_id=person,
                target_date=TODAY
                + timedelta(days=rng.randrange(-400, 500) if finished else rng.randrange(30, 500)),
                playbook_id=playbook,
                category_id=playbook % 20,
                region_id=rng.randrange(16),
                language=rng.choice(("en", "mi", "en", "zh")),
                done=10 if finished else rng.randrange(11),
                total=10,
                finished=finished,
                mentor=finished and rng.random() < 0.1,
            )
        )
    excluded = {
        pair(rng.randrange(1, size + 1), rng.randrange(1, size + 1)) for _ in range(size // 50)
    }
    return journeys, excluded


def main() -> int:
    rng = random.Random(SEED)
    times = {}
    for size in SIZES:
        journeys, excluded = population(size, rng)
        capacity = {j.person_id: 3 for j in journeys if j.mentor}
        started = time.perf_counter()
        found = match(journeys, journeys, excluded=excluded, capacity=capacity)
        times[size] = time.perf_counter() - started
        print(f"{size:>7,} customers: {times[size]:6.2f} s, {len(found):,} suggestions")
    small, large = SIZES[0], SIZES[-1]
    ratio = (times[large] / large) / (times[small] / small)
    print(f"time per customer, {large:,} vs {small:,}: x{ratio:.2f} (1.00 is linear)")
    if times[large] > BUDGET_SECONDS:
        print(f"over the budget of {BUDGET_SECONDS:.0f} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
