"""Load a realistic data set of a chosen size into a PostgreSQL database, with COPY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/generate.py [--scale 1]

At --scale 1 (the default): 10,000 customers with two goals each, every goal 50
milestones cut from the demo playbooks (1,000,000 milestones, about 1,000,000
prerequisites, 2,000,000 tasks), 200 partner organisations with 400 members and 4,000
resources, about 10,000 stakeholders (organisations and people), 100 communities with
20,000 memberships, 5,000 threads and 50,000 posts. `--scale 0.01` makes the same shape
a hundred times smaller in seconds.

The database named in DATABASE_URL is dropped and created again (its name must start
with "bench", so a slip cannot wipe a real one), migrated, given the demo data
(`load_demo`: reference tables, demo people, playbooks, partners, communities), then
the generated rows are streamed with psycopg 3's `cursor.copy`, each row with its id
given here (no read-back), the sequences moved past them, and `VACUUM (ANALYZE)` run at
the end (autovacuum is off on these machines: without statistics the planner picks slow
plans, and without a vacuum the first run after loading sets every row's hint bits as it
reads, writing while it is measured, and no index-only scan applies).

Latest starts and finishes come from the real work-back scheduler: each playbook shape is
scheduled once against a reference target date, and goals (all seven weekdays working)
shift those dates by their own target.

The people bench/bench_http.py signs in as are written to `var/bench-people-<database>.json`:
a customer with two 50-milestone goals, a partner member whose organisation was invited
to goals, and a thread of exactly 50 posts.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/ is not a package: the repository root for the apps, this folder for its helpers.
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from bench_db import (  # noqa: E402
    Copier,
    database_name,
    people_file_of,
    recreate_database,
    setup_django,
)
from generate_community import load_communities  # noqa: E402
from generate_plans import MILESTONES_PER_GOAL, goal_shapes  # noqa: E402

SEED = 20270301
CUSTOMERS = 10_000
GOALS_PER_CUSTOMER = 2
ORGANIZATIONS = 200
RESOURCES_PER_ORGANIZATION = 20
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench"
ZONES = ["Pacific/Auckland", "Australia/Sydney", "Europe/London", "America/New_York", "UTC"]
BODIES = [
    "Thinned to **one fruit per cluster** last week; the king fruit came off first.",
    "We booked the crew in June and still had to wait. Book early.",
    "Leaf tests came back low in *boron*: the extension officer suggested a foliar spray.",
    "Has anyone used the new bins from the co-op? Are they worth the deposit?",
    "The statistics module was the hardest for me; the practice sets helped a lot.",
    "Export documents took four days, not three: the phytosanitary check queued.",
    "A tip: keep a spreadsheet of every spray with the date and the block.",
    "Try the [extension service guide](https://example.org/guide) on maturity testing.",
]


def generate(scale: float, rng: random.Random) -> dict:
    from django.apps import apps
    from django.db import connection

    from ecosystem.demo import load_demo
    from ecosystem.markdown import render_markdown

    model = apps.get_model
    now = datetime.now(UTC)
    today = now.date()
    demo = load_demo()
    with connection.cursor() as cursor:
        # Foreign keys are right by construction; their per-row triggers would triple the
        # load time. (Superuser only; the setting lasts for this connection.)
        cursor.execute("SET session_replication_role = replica")
    regions = [region.pk for region in demo["regions"].values()]
    categories = [category.pk for category in demo["categories"].values()]
    shapes = goal_shapes(demo["playbooks"].values())
    customers = max(2, round(CUSTOMERS * scale))
    organizations = max(2, round(ORGANIZATIONS * scale))

    # People: customers, then two members per organisation.
    people = Copier(model("accounts", "User"), now)
    member_count = organizations * 2

    def person(index: int, kind: str) -> dict:
        return {
            "email": f"{kind}{index}@bench.example",
            "password": "!",
            "display_name": f"{kind.title()} {index}",
            "time_zone": ZONES[index % len(ZONES)],
            "region_id": rng.choice(regions),
            "date_joined": now - timedelta(days=rng.randrange(1, 900)),
            "handle": None,
        }

    customer_ids = people.copy(
        (person(i, "customer") for i in range(customers)), label="customers", total=customers
    )
    member_ids = people.copy(
        (person(i, "partner") for i in range(member_count)),
        label="partner members",
        total=member_count,
    )
    email_address = model("account", "EmailAddress")
    Copier(email_address, now).copy(
        (
            {"user_id": user_id, "email": email, "verified": True, "primary": True}
            for user_id, email in [
                *((pk, f"customer{i}@bench.example") for i, pk in enumerate(customer_ids)),
                *((pk, f"partner{i}@bench.example") for i, pk in enumerate(member_ids)),
            ]
        ),
        label="email addresses",
        total=customers + member_count,
    )

    # Goals: two per customer, each from a demo playbook's shape, 50 milestones.
    goal_plan = []  # (owner, shape, target_date)
    for owner in customer_ids:
        for _ in range(GOALS_PER_CUSTOMER):
            goal_plan.append((owner, rng.choice(shapes), today + timedelta(rng.randrange(60, 700))))
    goal_ids = Copier(model("goals", "Goal"), now).copy(
        (
            {
                "owner_id": owner,
                "title": f"{shape['playbook'].title} by {target:%B %Y}",
                "category_id": shape["playbook"].category_id,
                "region_id": rng.choice(regions),
                "target_date": target,
                "status": "active",
                "playbook_id": shape["playbook"].pk,
            }
            for owner, shape, target in goal_plan
        ),
        label="goals",
        total=len(goal_plan),
    )
    reference = date(2030, 1, 1)
    milestone_copier = Copier(model("milestones", "Milestone"), now)
    first_milestone = milestone_copier.next_id
    total_milestones = len(goal_plan) * MILESTONES_PER_GOAL

    def milestone_rows():
        for goal_id, (_owner, shape, target) in zip(goal_ids, goal_plan, strict=True):
            shift = (target - reference).days
            for position, step in enumerate(shape["milestones"]):
                start = reference + timedelta(days=step["start_offset"] + shift)
                finish = reference + timedelta(days=step["finish_offset"] + shift)
                done = finish < today and rng.random() < 0.9
                yield {
                    "goal_id": goal_id,
                    "title": step["title"],
                    "duration_days": step["duration_days"],
                    "status": "done" if done else ("doing" if start <= today else "todo"),
                    "completed_on": finish if done else None,
                    "position": position,
                    "source_id": step["source_id"],
                    "latest_start": start,
                    "latest_finish": finish,
                }

    milestone_copier.copy(milestone_rows(), label="milestones", total=total_milestones)

    def milestone_id(goal_index: int, position: int) -> int:
        return first_milestone + goal_index * MILESTONES_PER_GOAL + position

    dependency_total = sum(len(shape["dependencies"]) for _o, shape, _t in goal_plan)
    Copier(model("milestones", "Dependency"), now).copy(
        (
            {
                "goal_id": goal_id,
                "predecessor_id": milestone_id(index, first),
                "successor_id": milestone_id(index, second),
                "lag_days": lag,
            }
            for index, (goal_id, (_o, shape, _t)) in enumerate(
                zip(goal_ids, goal_plan, strict=True)
            )
            for first, second, lag in shape["dependencies"]
        ),
        label="dependencies",
        total=dependency_total,
    )
    task_total = sum(len(m["tasks"]) for _o, shape, _t in goal_plan for m in shape["milestones"])
    Copier(model("milestones", "Task"), now).copy(
        (
            {
                "milestone_id": milestone_id(index, position),
                "title": title,
                "done": rng.random() < 0.3,
                "position": number,
            }
            for index, (_o, shape, _t) in enumerate(goal_plan)
            for position, step in enumerate(shape["milestones"])
            for number, title in enumerate(step["tasks"])
        ),
        label="tasks",
        total=task_total,
    )

    # Partners: organisations, two members each (an admin and a member), resources.
    kinds = [choice for choice, _label in model("partners", "PartnerOrganization").Kind.choices]
    organization_ids = Copier(model("partners", "PartnerOrganization"), now).copy(
        (
            {
                "name": f"Bench partner {i}",
                "slug": f"bench-partner-{i}",
                "kind": kinds[i % len(kinds)],
                "description": "A generated partner organisation.",
                "verified": i % 3 != 0,
                "verified_at": now if i % 3 != 0 else None,
            }
            for i in range(organizations)
        ),
        label="organisations",
        total=organizations,
    )
    Copier(model("partners", "Membership"), now).copy(
        (
            {
                "organization_id": organization_ids[i // 2],
                "user_id": user_id,
                "email": f"partner{i}@bench.example",
                "role": "admin" if i % 2 == 0 else "member",
                "accepted_at": now,
            }
            for i, user_id in enumerate(member_ids)
        ),
        label="memberships",
        total=member_count,
    )
    resource_kinds = [choice for choice, _label in model("partners", "Resource").Kind.choices]
    resource_html = [render_markdown(body) for body in BODIES]
    resource_total = organizations * RESOURCES_PER_ORGANIZATION
    Copier(model("partners", "Resource"), now).copy(
        (
            {
                "organization_id": organization_ids[i % organizations],
                "author_id": member_ids[(i % organizations) * 2],
                "kind": resource_kinds[i % len(resource_kinds)],
                "title": f"Resource {i}",
                "summary": "Help for the step you are on.",
                "body": BODIES[i % len(BODIES)],
                "body_html": resource_html[i % len(BODIES)],
                "status": "published" if i % 5 else "draft",
                "published_at": now if i % 5 else None,
            }
            for i in range(resource_total)
        ),
        label="resources",
        total=resource_total,
    )

    # Stakeholders: one goal in four invites an organisation (active), one in five a
    # person (another customer; some still invited, some with an end date).
    stakeholder_rows = []
    for index, goal_id in enumerate(goal_ids):
        if index % 4 == 0:
            stakeholder_rows.append(
                {
                    "goal_id": goal_id,
                    "organization_id": organization_ids[(index // 4) % organizations],
                    "email": "",
                    "role": "supplier",
                    "access": "view",
                    "status": "active",
                    "invited_by_id": goal_plan[index][0],
                    "responded_at": now,
                }
            )
        if index % 5 == 0:
            other = rng.randrange(customers)
            if customer_ids[other] == goal_plan[index][0]:
                continue
            stakeholder_rows.append(
                {
                    "goal_id": goal_id,
                    "user_id": customer_ids[other],
                    "email": f"customer{other}@bench.example",
                    "role": rng.choice(["mentor", "peer", "advisor"]),
                    "access": rng.choice(["view", "comment", "contribute"]),
                    "status": "active" if index % 3 else "invited",
                    "ends_on": today + timedelta(days=200) if index % 2 else None,
                    "invited_by_id": goal_plan[index][0],
                }
            )
    Copier(model("stakeholders", "Stakeholder"), now).copy(
        stakeholder_rows, label="stakeholders", total=len(stakeholder_rows)
    )

    # Communities, memberships (two per customer), threads and posts.
    community = load_communities(
        scale=scale,
        rng=rng,
        now=now,
        customer_ids=customer_ids,
        categories=categories,
        regions=regions,
        bodies=[(body, render_markdown(body)) for body in BODIES],
    )

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM (ANALYZE)")
    print(f"  VACUUM (ANALYZE) in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    # Who bench/bench_http.py signs in as, and what it opens.
    partner_member = member_ids[0]
    return {
        "customer": customer_ids[0],
        "goal": goal_ids[0],
        "partner": partner_member,
        "thread": community["thread_ids"][1],
        "counts": {
            "customers": customers,
            "goals": len(goal_ids),
            "milestones": total_milestones,
            "dependencies": dependency_total,
            "tasks": task_total,
            "organisations": organizations,
            "resources": resource_total,
            "stakeholders": len(stakeholder_rows),
            **community["counts"],
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 10,000 customers")
    arguments = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        print("DATABASE_URL must name a PostgreSQL database (bench...)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    recreate_database(url)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"database {database_name(url)} migrated in {time.perf_counter() - started:.1f} s")
    people = generate(arguments.scale, random.Random(SEED))
    people_file = people_file_of(url)
    people_file.parent.mkdir(exist_ok=True)
    people_file.write_text(json.dumps(people | {"database": database_name(url)}, indent=2))
    counts = ", ".join(f"{value:,} {key}" for key, value in people["counts"].items())
    print(f"loaded {counts}")
    print(f"in {time.perf_counter() - started:.1f} s; people for the benchmark in {people_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
