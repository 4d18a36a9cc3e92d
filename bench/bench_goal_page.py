"""Measure the goal page: bytes of HTML and milliseconds of template rendering at 10, 50
and 200 milestones, for the owner, through Django's test client.

    python bench/bench_goal_page.py [--sizes 10,50,200] [--repeats 15]

It creates (and at the end drops) its own test database (`DATABASE_URL`'s, or SQLite in
var/), builds one goal per size with a task on every milestone and a prerequisite on every
second one, then requests each goal page `--repeats` times and prints the page's size, its
queries and the median CPU time spent rendering templates (the outermost `render()`),
beside the whole request's median CPU time (CPU time, not wall time: the machines are
shared, and a busy neighbour would otherwise be measured too). Budgets at 50 milestones
(issue 20): under 80 KB and under 20 ms of rendering; exits non-zero when one is exceeded.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

BUDGET_BYTES = 80 * 1024
BUDGET_RENDER_MS = 20.0
BUDGET_SIZE = 50


class RenderTimer:
    """Adds up the time spent in the outermost template render of each request."""

    def __init__(self):
        self.depth = 0
        self.seconds = 0.0

    def install(self):
        from django.template.backends.django import Template

        original = Template.render
        timer = self

        def timed(template, context=None, request=None):
            timer.depth += 1
            started = time.process_time()
            try:
                return original(template, context, request)
            finally:
                timer.depth -= 1
                if timer.depth == 0:
                    timer.seconds += time.process_time() - started

        Template.render = timed


def build_goal(owner, size: int):
    from goals.services import goal_create
    from milestones.services import dependency_create, milestone_create, task_create

    today = owner.today()
    goal = goal_create(by=owner, title=f"Plan of {size}", target_date=today + timedelta(days=400))
    previous = None
    for index in range(size):
        milestone = milestone_create(
            goal=goal, by=owner, title=f"Step {index} of the plan", duration_days=1 + index % 5
        )
        task_create(milestone=milestone, by=owner, title=f"Task of step {index}")
        if previous is not None and index % 2:
            dependency_create(goal=goal, by=owner, predecessor=previous, successor=milestone)
        previous = milestone
    return goal


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,50,200")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--save", metavar="FOLDER", help="write each page's HTML there")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    # Not setup_test_environment(): its instrumented rendering copies every context for
    # the test client, which would be timed too. Only what the client needs is set.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if connection.vendor == "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(
            ROOT / "var" / "bench_goal_page.sqlite3"
        )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    timer = RenderTimer()
    timer.install()
    failed = False
    try:
        owner = UserFactory(display_name="Bench Owner")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = Client()
        client.force_login(owner)
        print(
            f"{'milestones':>10} {'bytes':>9} {'queries':>7} {'render ms':>9} "
            f"{'request ms':>10}  (CPU)"
        )
        for size in sizes:
            goal = build_goal(owner, size)
            url = f"/goals/{goal.pk}/"
            client.get(url)  # warm the template cache
            renders, requests = [], []
            for _ in range(arguments.repeats):
                timer.seconds = 0.0
                started = time.process_time()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                requests.append(time.process_time() - started)
                renders.append(timer.seconds)
            assert response.status_code == 200, response.status_code
            size_bytes = len(response.content)
            if arguments.save:
                Path(arguments.save).mkdir(parents=True, exist_ok=True)
                (Path(arguments.save) / f"goal_page_{size}.html").write_bytes(response.content)
            render_ms = 1000 * statistics.median(renders)
            print(
                f"{size:>10} {size_bytes:>9,} {len(queries.captured_queries):>7} "
                f"{render_ms:>9.1f} {1000 * statistics.median(requests):>10.1f}"
            )
            if size == BUDGET_SIZE and (size_bytes > BUDGET_BYTES or render_ms > BUDGET_RENDER_MS):
                print(
                    f"  over budget at {BUDGET_SIZE}: {BUDGET_BYTES:,} bytes, "
                    f"{BUDGET_RENDER_MS} ms of rendering"
                )
                failed = True
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
