"""What "visible to me" costs in PostgreSQL on a generated data set: EXPLAIN ANALYZE of
the visibility querysets every list is built on, for the people bench/generate.py wrote.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/bench_visibility.py

For each query it prints the median execution time PostgreSQL reports (of `--repeats`
runs, planning excluded) and the large tables it read in full (a "Seq Scan" on goals,
milestones, tasks or prerequisites): a visibility rule that the planner cannot answer
from an index reads every row of the table, and grows with everybody's data rather than
the person's own. Exits non-zero when such a full read is found (`--allow-scans` to only
report).
"""

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from bench_db import people_file_of, setup_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench"
LARGE_TABLES = {
    "goals_goal",
    "milestones_milestone",
    "milestones_task",
    "milestones_dependency",
    "stakeholders_stakeholder",
}


def queries_for(user):
    from goals.models import Goal
    from goals.selectors import goal_list_for, goals_shared_with
    from milestones.models import Dependency, Milestone, Task
    from stakeholders.models import Stakeholder

    return {
        "Goal.visible_to": Goal.objects.visible_to(user),
        "goal_list_for (dashboard)": goal_list_for(user),
        "goals_shared_with": goals_shared_with(user),
        "Milestone.visible_to": Milestone.objects.visible_to(user),
        "Milestone.granted_to contribute": Milestone.objects.granted_to(
            user, at_least="contribute"
        ),
        "Task.visible_to": Task.objects.visible_to(user),
        "Dependency.visible_to": Dependency.objects.visible_to(user),
        "Stakeholder.visible_to": Stakeholder.objects.visible_to(user),
    }


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def explain(queryset, repeats: int, timeout: float):
    """Median execution time in ms (None past `timeout` seconds), rows, tables read whole."""
    from django.db import connection, transaction
    from django.db.utils import OperationalError

    sql, params = queryset.query.sql_with_params()
    times, scans, rows = [], set(), 0
    with connection.cursor() as cursor:
        for _ in range(repeats):
            try:
                with transaction.atomic():
                    cursor.execute(f"SET LOCAL statement_timeout = {int(timeout * 1000)}")
                    cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            except OperationalError:
                # Its plan without running it, to name what it would read whole.
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
                result = cursor.fetchone()[0]
                result = json.loads(result) if isinstance(result, str) else result
                for node in plan_nodes(result[0]["Plan"]):
                    if node["Node Type"].endswith("Seq Scan") and (
                        node.get("Relation Name") in LARGE_TABLES
                    ):
                        scans.add(node["Relation Name"])
                return None, None, sorted(scans)
            result = cursor.fetchone()[0]
            result = json.loads(result) if isinstance(result, str) else result
            times.append(result[0]["Execution Time"])
            top = result[0]["Plan"]
            rows = top["Actual Rows"]
            for node in plan_nodes(top):
                if node["Node Type"].endswith("Seq Scan") and (
                    node.get("Relation Name") in LARGE_TABLES
                ):
                    scans.add(node["Relation Name"])
    return statistics.median(times), rows, sorted(scans)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--allow-scans", action="store_true")
    parser.add_argument(
        "--timeout", type=float, default=60, help="seconds before a query is given up"
    )
    args = parser.parse_args()

    import os

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    people = json.loads(people_file_of(url).read_text())
    setup_django(url)
    from django.contrib.auth import get_user_model

    User = get_user_model()

    found_scan = False
    print(
        f"database {people['database']}: {people['counts']['goals']:,} goals, "
        f"{people['counts']['milestones']:,} milestones"
    )
    print(f"{'who':<9} {'query':<33} {'ms':>8} {'rows':>6}  full reads")
    for role in ("customer", "partner"):
        user = User.objects.get(pk=people[role])
        for label, queryset in queries_for(user).items():
            ms, rows, scans = explain(queryset, args.repeats, args.timeout)
            found_scan = found_scan or bool(scans) or ms is None
            shown = f"{ms:8.2f} {rows:6}" if ms is not None else f"> {args.timeout:4.0f} s {'?':>6}"
            print(f"{role:<9} {label:<33} {shown}  {', '.join(scans) or '-'}", flush=True)
    return 1 if found_scan and not args.allow_scans else 0


if __name__ == "__main__":
    sys.exit(main())
