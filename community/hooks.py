"""What the community adds to lower apps' pages through their hooks (see
ecosystem/hooks.py)."""

from ecosystem.accounts.hooks import person_page
from milestones.hooks import milestone_help

from .models import Thread
from .selectors import community_tips_for_milestone

PERSON_THREADS = 10
HELP_TIPS = 5


def threads_of_person(*, person, viewer) -> dict:
    """The person's recent threads in communities the viewer may read."""
    return {
        "threads": (
            Thread.objects.visible_to(viewer)
            .filter(author=person)
            .select_related("community")
            .order_by("-created_at", "-id")[:PERSON_THREADS]
        )
    }


def tips_for_help(*, user, milestone) -> dict:
    return {"tips": list(community_tips_for_milestone(milestone=milestone)[:HELP_TIPS])}


def connect() -> None:
    person_page.register("community.threads", threads_of_person)
    milestone_help.register("community.tips", tips_for_help)
