"""One person's world for "Download my data" and account deletion: a goal with a plan and
a stakeholder, a thread with a reply, an idea with another's vote, a notification."""

from datetime import date

import pytest

from community.services import community_create, community_join, post_create, thread_create
from ecosystem.notifications.models import Kind
from ecosystem.notifications.services import notify
from goals.models import CalendarFeed
from goals.services import goal_create
from milestones.services import dependency_create, milestone_create, task_create
from stakeholders.services import advice_post
from tests.conftest import grant_access
from tests.factories import UserFactory
from voice.services.ideas import idea_post, idea_vote


@pytest.fixture(autouse=True)
def _private_export_folder(settings, tmp_path):
    settings.DATA_EXPORT_DIR = tmp_path / "exports"


@pytest.fixture
def world(db, staff_user):
    person = UserFactory(display_name="Aroha Grower", email="aroha@example.org")
    other = UserFactory(display_name="Tama Neighbour")
    adviser = UserFactory(display_name="Ana Adviser", email="ana@example.org")

    goal = goal_create(by=person, title="Gala apples 2031", target_date=date_2031())
    prune = milestone_create(goal=goal, by=person, title="Prune the rows", duration_days=2)
    pick = milestone_create(goal=goal, by=person, title="Pick the Gala", duration_days=3)
    dependency_create(goal=goal, by=person, predecessor=prune, successor=pick)
    task_create(milestone=prune, by=person, title="Sharpen the loppers")
    grant_access(goal, adviser, access="comment")
    advice_post(milestone=prune, by=adviser, body="Prune before the sap rises.")
    CalendarFeed.objects.create(user=person)

    others_goal = goal_create(by=other, title="Tama's secret plan", target_date=date_2031())
    growers = community_create(by=staff_user, name="Apple growers", purpose="Grow apples")
    community_join(community=growers, user=person)
    community_join(community=growers, user=other)
    thread = thread_create(
        community=growers,
        author=person,
        title="When to thin Gala?",
        kind="question",
        body="Asking for my orchard in Hawke's Bay.",
    )
    post_create(thread=thread, author=other, body="Right after fruit set.")
    idea = idea_post(by=person, title="A frost alert on the dashboard")
    idea_vote(idea=idea, by=other)
    notify(
        recipients=[person],
        kind=Kind.MILESTONE_DONE,
        title="Prune is done",
        dedupe_key="test:done",
    )
    return {
        "person": person,
        "other": other,
        "adviser": adviser,
        "goal": goal,
        "others_goal": others_goal,
        "thread": thread,
        "idea": idea,
    }


def date_2031():
    return date(2031, 3, 1)
