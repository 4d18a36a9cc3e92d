"""Goals' part of "Download my data" and of deleting an account (accounts' hooks)."""

from ecosystem.accounts.hooks import account_deleting, personal_data

from .models import CalendarFeed, Goal, Playbook


def personal_rows(*, user) -> dict:
    return {
        "goals": Goal.objects.filter(owner=user).values(
            "id",
            "title",
            "description",
            "category__slug",
            "region__slug",
            "target_date",
            "status",
            "working_weekdays",
            "non_working_dates",
            "playbook_id",
            "repeats_id",
            "deleted_at",
            "created_at",
            "updated_at",
        ),
        "playbooks": Playbook.objects.filter(author=user).values(
            "id", "title", "description", "category__slug", "public", "created_at"
        ),
    }


def _erase(sender, *, user, **kwargs) -> None:
    """Their goals go, with every milestone, task, dependency and stakeholder row of them
    (the database cascades), and the private calendar feed. Public playbooks they wrote
    stay for the people who use them, without their name."""
    Goal.objects.filter(owner=user).delete()
    CalendarFeed.objects.filter(user=user).delete()


def connect() -> None:
    personal_data.register("goals", personal_rows)
    account_deleting.connect(_erase, dispatch_uid="goals.erase")
