"""How the reminder sweep's cost grows: 100,000, 300,000 and 1,000,000 milestones.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_sweep_growth.py

The data of bench/bench_reminders.py (owners in a dozen time zones, 50 milestones a goal,
5 % due now, 60 % done, loaded with COPY, then ANALYZE) at three sizes, in one database
of its own (`<name>_bench_sweep`, dropped at the end) emptied between sizes. Times the
sweep (`milestones.reminders.reminders_send_due`) creating every due reminder, then a
second sweep with nothing due, and prints the time per 1,000 reminders at each size.
Exits non-zero when the largest sweep misses reminders or takes over 15 s.
"""

import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse, urlunparse

# bench/ is not a package: its own folder is on the path when run as a script.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_reminders

SIZES = (100_000, 300_000, 1_000_000)  # milestones
DUE_SHARE = 0.05
DONE_SHARE = 0.60
BUDGET_SECONDS = bench_reminders.BUDGET_SECONDS


def empty_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        # Everything the sweep and the generator wrote hangs off the users.
        cursor.execute("TRUNCATE accounts_user RESTART IDENTITY CASCADE")


def main() -> int:
    import os

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL to a PostgreSQL server; see the docstring.", file=sys.stderr)
        return 2
    parsed = urlparse(base)
    name = f"{parsed.path.lstrip('/') or 'postgres'}_bench_sweep"
    database_url = urlunparse(parsed._replace(path=f"/{name}"))
    bench_reminders.admin_execute(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    bench_reminders.admin_execute(base, f'CREATE DATABASE "{name}"')
    results = []
    try:
        bench_reminders.setup_django(database_url)
        from django.core.management import call_command

        from ecosystem.notifications.models import Notification
        from milestones.reminders import reminders_send_due

        call_command("migrate", verbosity=0)
        for size in SIZES:
            empty_tables()
            bench_reminders.OWNERS = size // bench_reminders.MILESTONES_PER_GOAL
            bench_reminders.DUE = round(size * DUE_SHARE)
            bench_reminders.DONE = round(size * DONE_SHARE)
            bench_reminders.generate(random.Random(bench_reminders.SEED), datetime.now(UTC))
            started = time.perf_counter()
            reminders_send_due()
            seconds = time.perf_counter() - started
            created = Notification.objects.count()
            started = time.perf_counter()
            reminders_send_due()
            idle = time.perf_counter() - started
            results.append((size, bench_reminders.DUE, created, seconds, idle))
            print(
                f"{size:>9,} milestones: sweep {seconds:6.2f} s for {created:,} reminders, "
                f"a second sweep with nothing due {idle:5.2f} s"
            )
    finally:
        from django.db import connections

        connections.close_all()
        bench_reminders.admin_execute(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print("\n| milestones | due | sweep | per 1,000 reminders | nothing due |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size, due, created, seconds, idle in results:
        print(
            f"| {size:,} | {due:,} | {seconds:.2f} s | {seconds / created * 1000:.3f} s "
            f"| {idle:.2f} s |"
        )
    small, large = results[0], results[-1]
    growth = (large[3] / large[2]) / (small[3] / small[2])
    print(f"time per reminder, largest vs smallest: x{growth:.2f} (1.00 is linear)")
    if large[2] != large[1] or large[3] > BUDGET_SECONDS:
        print("the largest sweep missed reminders or is over budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
