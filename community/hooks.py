"""What the community adds to lower apps' pages through their hooks (see
ecosystem/hooks.py)."""

from django.urls import reverse

from ecosystem.accounts.hooks import person_page
from ecosystem.accounts.roles import connect_role_rows
from ecosystem.hooks import PageSections
from goals.hooks import goal_settings
from goals.models import Goal
from milestones.hooks import milestone_help

from . import drawn_versions, member_count, personal_data
from .models import Community, CommunityMembership, Suspension, Thread
from .peers import kept as peers_kept
from .peers.selectors import mentors_for_goal
from .selectors import community_tips_for_milestone

# The moderation queue page (views.moderation.queue): apps above the community add what
# waits for review there (the ideas board's flagged ideas and comments). Sections are
# called with `user` and return {"queue_sections": [{"template": ..., ...}]}.
moderation_queue = PageSections("moderation queue")

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


def mentors_before_abandoning(*, user, goal) -> dict:
    """On an active goal's settings (where it is abandoned): a link to people who finished
    its playbook and offer to mentor, when there are any."""
    if goal.status != Goal.Status.ACTIVE or goal.playbook_id is None:
        return {}
    if not mentors_for_goal(goal=goal, user=user, limit=1):
        return {}
    return {"abandon_help_url": reverse("community:peers-mentors", args=[goal.pk])}


def connect() -> None:
    personal_data.connect()
    member_count.connect()
    drawn_versions.connect()
    peers_kept.connect()  # whether a person has suggestions to show
    connect_role_rows(CommunityMembership)  # an active moderator moderates (a role)
    connect_role_rows(Suspension)  # kept in their standing (community/standing.py)
    connect_role_rows(Community, "created_by")  # their proposals (selectors.proposals_listed)
    goal_settings.register("community.mentors", mentors_before_abandoning)
    person_page.register("community.threads", threads_of_person)
    milestone_help.register("community.tips", tips_for_help)
