"""The goals of bench/generate.py: each demo playbook cut to 50 milestones and scheduled
once by the real work-back scheduler."""

from datetime import date

MILESTONES_PER_GOAL = 50


def goal_shapes(playbooks) -> list[dict]:
    """Each demo playbook cut to 50 milestones: its steps repeated season after season
    (each season's first steps after the last season's last), with its prerequisites and
    tasks; latest dates scheduled once against a reference target, as offsets in days."""
    from goals.calendar_days import WorkingCalendar
    from goals.scheduling import DependencyInput, MilestoneInput, compute_latest

    reference = date(2030, 1, 1)
    shapes = []
    for playbook in playbooks:
        steps = list(playbook.milestones.order_by("position", "id").prefetch_related("tasks"))
        if not steps:
            continue
        index_of = {step.pk: index for index, step in enumerate(steps)}
        links = [
            (index_of[link.predecessor_id], index_of[link.successor_id], link.lag_days)
            for step in steps
            for link in step.successor_links.all()
        ]
        milestones, dependencies = [], []
        for number in range(MILESTONES_PER_GOAL):
            season, step = divmod(number, len(steps))
            milestones.append(
                {
                    "title": f"{steps[step].title} (season {season + 1})",
                    "duration_days": steps[step].duration_days,
                    "source_id": steps[step].pk,
                    "tasks": [task.title for task in steps[step].tasks.all()] or ["Check it"],
                }
            )
        for number in range(MILESTONES_PER_GOAL):
            season, step = divmod(number, len(steps))
            base = season * len(steps)
            for first, second, lag in links:
                if first == step and base + second < MILESTONES_PER_GOAL:
                    dependencies.append((number, base + second, lag))
            # Seasons follow each other: this season's last step before the next's first.
            if step == len(steps) - 1 and number + 1 < MILESTONES_PER_GOAL:
                dependencies.append((number, number + 1, 0))
        latest = compute_latest(
            target_date=reference,
            calendar=WorkingCalendar(
                working_weekdays=frozenset(range(1, 8)), non_working_dates=frozenset()
            ),
            milestones=[
                MilestoneInput(id=i, duration_days=m["duration_days"], position=i)
                for i, m in enumerate(milestones)
            ],
            dependencies=[DependencyInput(a, b, lag) for a, b, lag in dependencies],
        )
        for index, milestone in enumerate(milestones):
            milestone["start_offset"] = (latest[index].latest_start - reference).days
            milestone["finish_offset"] = (latest[index].latest_finish - reference).days
        shapes.append(
            {"playbook": playbook, "milestones": milestones, "dependencies": dependencies}
        )
    return shapes
