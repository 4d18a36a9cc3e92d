"""The goal page's list of closed milestones is drawn once per set of facts and reused
from the cache (milestones/views/closed_list.py): every write shows on the next view."""

import re

import pytest
from django.urls import reverse

from goals import services as goal_services
from milestones.services import milestone_update, task_create, task_update
from tests.goals.test_dashboard import goal_in

pytestmark = pytest.mark.django_db


def line_of(client, goal, title) -> str:
    """The closed line of the milestone titled `title` on the goal page."""
    response = client.get(reverse("goals:detail", args=[goal.pk]))
    assert response.status_code == 200
    found = re.search(
        rf'<li id="milestone-\d+" class="plan-item[^"]*">(?:(?!</li>).)*?>{re.escape(title)}</a>'
        r"(?:(?!</li>).)*</li>",
        response.content.decode(),
        re.S,
    )
    assert found, f"no closed line for {title}"
    return found.group(0)


@pytest.fixture
def orchard(signed_in, customer):
    # 5 days of work before a target 2 days away: the last step is late.
    goal = goal_in(customer, title="Orchard", days_to_target=2, durations=[2, 3])
    assert "Orchard step 0" in line_of(signed_in, goal, "Orchard step 0")  # drawn and cached
    return goal


def test_a_renamed_milestone_shows_at_once(signed_in, orchard):
    step = orchard.milestones.get(title="Orchard step 0")
    milestone_update(milestone=step, by=orchard.owner, title="Thin the fruit")
    assert f'id="milestone-{step.pk}"' in line_of(signed_in, orchard, "Thin the fruit")


def test_a_finished_milestone_shows_done_at_once(signed_in, orchard):
    step = orchard.milestones.get(title="Orchard step 0")
    milestone_update(milestone=step, by=orchard.owner, status="done")
    line = line_of(signed_in, orchard, "Orchard step 0")
    assert ">Done<" in line and "is-closed" in line


def test_a_task_done_changes_the_count_at_once(signed_in, orchard):
    step = orchard.milestones.get(title="Orchard step 0")
    task = task_create(milestone=step, by=orchard.owner, title="Sharpen the loppers")
    task_create(milestone=step, by=orchard.owner, title="Oil the ladder")
    assert "Tasks: 0 of 2 done" in line_of(signed_in, orchard, "Orchard step 0")
    task_update(task=task, by=orchard.owner, done=True)
    assert "Tasks: 1 of 2 done" in line_of(signed_in, orchard, "Orchard step 0")


def test_an_achieved_goal_loses_its_late_marks_at_once(signed_in, orchard):
    assert "is-late" in line_of(signed_in, orchard, "Orchard step 1")
    goal_services.goal_update(goal=orchard, by=orchard.owner, status="achieved")
    assert "is-late" not in line_of(signed_in, orchard, "Orchard step 1")
