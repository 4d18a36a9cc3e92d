"""Milestones' part of "Download my data": the plan of each of the person's goals. (Their
deletion follows the goals': the database cascades.)"""

from ecosystem.accounts.hooks import personal_data

from .models import Dependency, Milestone, Task


def personal_rows(*, user) -> dict:
    return {
        "milestones": Milestone.objects.filter(goal__owner=user).values(
            "id",
            "goal_id",
            "title",
            "description",
            "duration_days",
            "must_finish_by",
            "status",
            "completed_on",
            "position",
            "latest_start",
            "latest_finish",
            "created_at",
        ),
        "dependencies": Dependency.objects.filter(goal__owner=user).values(
            "id", "goal_id", "predecessor_id", "successor_id", "lag_days"
        ),
        "tasks": Task.objects.filter(milestone__goal__owner=user).values(
            "id", "milestone_id", "title", "done", "position", "created_at"
        ),
    }


def connect() -> None:
    personal_data.register("milestones", personal_rows)
