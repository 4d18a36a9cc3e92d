"""Time the reminder sweep on a million milestones, 50,000 of them due, on PostgreSQL;
and, in the same run, one Celery task per reminder for the same work, with a real worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
    REDIS_URL=redis://127.0.0.1:6379/5 python bench/bench_reminders.py [--sample 5000] [--full]

It creates (and at the end drops) its own database, `<name of DATABASE_URL>_bench_reminders`
on the same server, migrates it, loads 20,000 owners in a dozen time zones, 20,000 goals
and 1,000,000 milestones with COPY, then runs ANALYZE (autovacuum may be off). Of the
milestones, 600,000 are done, 350,000 lie ahead and 50,000 are due now in their owner's
own day: a start-by, a due-soon or an overdue reminder each.

1. The sweep (`milestones.reminders.reminders_send_due`, what beat runs every 5 minutes)
   is timed creating all 50,000 notifications (budget: 15 s), then a second sweep with
   nothing left to do.
2. The per-reminder design: the due rows of a sample are made due again, one task per
   reminder is enqueued on Redis and a real worker (prefork, 2 processes) runs them; the
   time from the first enqueue to the last notification is measured and, unless --full,
   scaled to 50,000 (printed as an extrapolation).

Emails are not sent: the sweep's delivery tasks go to an in-memory broker, the worker's to
a queue nobody reads (deleted at the end). Exits non-zero when the sweep is over budget.
"""

import argparse
import os
import random
import subprocess
import sys
import time
import uuid
import zoneinfo
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20270301
OWNERS = 20_000
MILESTONES_PER_GOAL = 50  # 20,000 goals x 50 = 1,000,000 milestones
DUE = 50_000
DONE = 600_000
BUDGET_SECONDS = 15.0
LOG_FILE = Path(os.environ.get("TMPDIR", "/tmp")) / "bench_reminders_worker.log"  # noqa: S108
ZONES = [
    "Pacific/Auckland",
    "Australia/Sydney",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Europe/Moscow",
    "Europe/Berlin",
    "Europe/London",
    "UTC",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
]


def bench_database_url(base: str) -> tuple[str, str]:
    parsed = urlparse(base)
    name = f"{parsed.path.lstrip('/') or 'postgres'}_bench_reminders"
    return urlunparse(parsed._replace(path=f"/{name}")), name


def admin_execute(base: str, statement: str) -> None:
    import psycopg

    parsed = urlparse(base)
    with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(statement)


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from ecosystem.celery import app

    # The sweep's email tasks are enqueued for real, to a broker in this process only.
    app.conf.update(broker_url="memory://", result_backend="cache+memory://")


def copy_rows(model, rows) -> int:
    """COPY rows (dicts of attname -> value) into the model's table; the pk is generated."""
    from django.db import connection

    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    count = 0
    with connection.cursor() as cursor:
        copy_statement = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
        with cursor.cursor.copy(copy_statement) as copy:
            for row in rows:
                copy.write_row(
                    [
                        field.get_db_prep_save(
                            row[field.attname] if field.attname in row else field.get_default(),
                            connection,
                        )
                        for field in fields
                    ]
                )
                count += 1
    return count


def generate(generator: random.Random, now: datetime) -> dict:
    from django.apps import apps
    from django.db import connection

    from goals.models import Goal
    from milestones.models import Milestone

    User = apps.get_model("accounts", "User")
    started = time.perf_counter()
    zones = [generator.choice(ZONES) for _ in range(OWNERS)]
    copy_rows(
        User,
        (
            {
                "email": f"owner{index}@bench.example",
                "password": "!",
                "display_name": f"Owner {index}",
                "time_zone": zones[index],
                "date_joined": now,
                "handle": None,
            }
            for index in range(OWNERS)
        ),
    )
    owner_ids = list(User.objects.order_by("id").values_list("id", flat=True))
    copy_rows(
        Goal,
        (
            {
                "owner_id": owner_id,
                "title": f"Season {index}",
                "target_date": (now + timedelta(days=400)).date(),
                "created_at": now,
                "updated_at": now,
            }
            for index, owner_id in enumerate(owner_ids)
        ),
    )
    goals = list(Goal.objects.order_by("id").values_list("id", "owner_id"))
    local_today = {
        owner_id: now.astimezone(zoneinfo.ZoneInfo(zones[index])).date()
        for index, owner_id in enumerate(owner_ids)
    }
    total = OWNERS * MILESTONES_PER_GOAL
    kinds = generator.sample(range(total), DUE)
    due = dict.fromkeys(kinds[: DUE // 3], "start") | dict.fromkeys(
        kinds[DUE // 3 : 2 * DUE // 3], "soon"
    )
    due |= dict.fromkeys(kinds[2 * DUE // 3 :], "late")
    done = set(generator.sample([i for i in range(total) if i not in due], DONE))

    def milestones():
        for index in range(total):
            goal_id, owner_id = goals[index // MILESTONES_PER_GOAL]
            today = local_today[owner_id]
            status, start, finish = "todo", None, None
            kind = due.get(index)
            if kind == "start":  # start by yesterday, finish in ten days
                start, finish = today - timedelta(days=1), today + timedelta(days=10)
            elif kind == "soon":  # started, due in two days (three days' warning)
                status, start, finish = (
                    "doing",
                    today - timedelta(days=5),
                    today + timedelta(days=2),
                )
            elif kind == "late":  # started, due two days ago
                status, start, finish = (
                    "doing",
                    today - timedelta(days=10),
                    today - timedelta(days=2),
                )
            elif index in done:
                finish = today - timedelta(days=generator.randrange(3, 365))
                status, start = "done", finish - timedelta(days=generator.randrange(0, 20))
            else:  # ahead: nothing due for weeks
                start = today + timedelta(days=generator.randrange(20, 400))
                status = "todo"
                finish = start + timedelta(days=generator.randrange(0, 30))
            yield {
                "goal_id": goal_id,
                "title": f"Step {index % MILESTONES_PER_GOAL}",
                "status": status,
                "position": index % MILESTONES_PER_GOAL,
                "latest_start": start,
                "latest_finish": finish,
                "completed_on": finish if status == "done" else None,
                "created_at": now,
                "updated_at": now,
            }

    copy_rows(Milestone, milestones())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"loaded {OWNERS:,} owners, {len(goals):,} goals, {total:,} milestones "
        f"({DUE:,} due, {DONE:,} done) with COPY + ANALYZE in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return {"due": due}


def show_plan() -> None:
    from milestones import reminders

    for rule in reminders.RULES:
        upper = datetime.now(UTC).date() + timedelta(days=4)
        plan = reminders.pending_rows(rule, upper=upper, after=None)[:2000].explain()
        first = plan.splitlines()[0:2]
        print(f"  plan ({rule.kind}): {' / '.join(line.strip() for line in first)}")


def time_sweep() -> tuple[float, int]:
    from ecosystem.notifications.models import Notification
    from milestones.reminders import reminders_send_due

    started = time.perf_counter()
    result = reminders_send_due()
    seconds = time.perf_counter() - started
    created = Notification.objects.count()
    print(
        f"sweep: {seconds:6.2f} s  examined {result.examined:,}, decided {result.decided:,}, "
        f"notifications created {created:,} (budget {BUDGET_SECONDS:.0f} s)"
    )
    started = time.perf_counter()
    again = reminders_send_due()
    print(
        f"second sweep, nothing due: {time.perf_counter() - started:6.2f} s "
        f"(examined {again.examined:,}, offered {again.offered:,})"
    )
    return seconds, created


def make_due_again(sample_size: int, generator: random.Random) -> list[tuple[int, str]]:
    """Undo the sweep for a sample of due milestones: their notifications and marks go."""
    from ecosystem.notifications.models import Notification
    from milestones import reminders
    from milestones.models import Milestone

    chosen = []
    for rule in reminders.RULES:
        ids = list(
            Notification.objects.filter(kind=rule.kind)
            .order_by("id")
            .values_list("target_id", flat=True)
        )
        for milestone_id in generator.sample(ids, min(len(ids), sample_size // 3 + 1)):
            chosen.append((milestone_id, rule.kind))
    chosen = chosen[:sample_size]
    for rule in reminders.RULES:
        ids = [milestone_id for milestone_id, kind in chosen if kind == rule.kind]
        Milestone.objects.filter(pk__in=ids).update(**{rule.mark_field: None})
        Notification.objects.filter(kind=rule.kind, target_id__in=ids).delete()
    return chosen


def time_one_task_per_reminder(database_url: str, redis_url: str, chosen) -> float:
    from celery import Celery

    from ecosystem.notifications.models import Notification

    queue = f"bench-reminders-{uuid.uuid4().hex[:8]}"
    discard = f"{queue}-emails-nobody-reads"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DJANGO_SETTINGS_MODULE")
    } | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": discard,
        "LOG_LEVEL": "WARNING",
    }
    log = open(LOG_FILE, "w")  # noqa: SIM115  (closed with the worker)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ecosystem",
            "worker",
            "-P",
            "prefork",
            "-c",
            "2",
            "-I",
            "bench.reminder_tasks",
            "--loglevel=WARNING",
            "--without-mingle",
            "--without-gossip",
            f"--queues={queue}",
            f"--hostname={queue}@bench",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    client = Celery(broker=redis_url, backend=redis_url)
    try:
        # Wait for the worker before the clock starts: its boot is not the task's cost.
        deadline = time.monotonic() + 60
        while not client.control.ping(destination=[f"{queue}@bench"], timeout=0.5):
            if time.monotonic() > deadline or worker.poll() is not None:
                raise RuntimeError(f"the benchmark worker did not start: see {LOG_FILE}")
        before = Notification.objects.count()
        started = time.perf_counter()
        for milestone_id, kind in chosen:
            client.send_task("bench.remind_one", args=[milestone_id, kind], queue=queue)
        enqueued = time.perf_counter() - started
        while Notification.objects.count() - before < len(chosen):
            if time.perf_counter() - started > 3600:
                raise RuntimeError("the per-reminder tasks did not finish within an hour")
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        print(
            f"one task per reminder: {len(chosen):,} tasks in {seconds:6.2f} s "
            f"({len(chosen) / seconds:,.0f}/s; enqueueing alone {enqueued:.2f} s), "
            "real worker on Redis, prefork x2"
        )
        return seconds
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()
        import redis

        redis.Redis.from_url(redis_url).delete(queue, discard)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=5_000, help="tasks to time (default 5000)")
    parser.add_argument("--full", action="store_true", help="time all 50,000 tasks")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    arguments = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not base.startswith(("postgres://", "postgresql://")) or not redis_url:
        print("Set DATABASE_URL (PostgreSQL) and REDIS_URL; see the docstring.", file=sys.stderr)
        return 2
    database_url, name = bench_database_url(base)
    admin_execute(base, f'DROP DATABASE IF EXISTS "{name}"')
    admin_execute(base, f'CREATE DATABASE "{name}"')
    try:
        setup_django(database_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        generator = random.Random(SEED)
        now = datetime.now(UTC)
        generate(generator, now)
        show_plan()
        sweep_seconds, created = time_sweep()
        sample = DUE if arguments.full else min(arguments.sample, DUE)
        chosen = make_due_again(sample, generator)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE milestones_milestone")
        tasks_seconds = time_one_task_per_reminder(database_url, redis_url, chosen)
        per_task = tasks_seconds / len(chosen)
        projected = per_task * created
        label = (
            "measured"
            if len(chosen) >= created
            else (f"extrapolated from {len(chosen):,} measured tasks")
        )
        print(f"one task per reminder for all {created:,}: {projected:8.1f} s ({label})")
        print(f"sweep vs one task per reminder: {projected / sweep_seconds:.1f}x faster")
        connection.close()
    finally:
        if not arguments.keep:
            from django.db import connections

            connections.close_all()
            admin_execute(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if sweep_seconds > BUDGET_SECONDS or created != DUE:
        print("the sweep is over budget or missed reminders", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
