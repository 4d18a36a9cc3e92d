"""The goal page's timeline is drawn once per set of facts and reused from the cache
(goals/timeline_drawing.py): every write shows in it on the next view."""

import pytest
from django.urls import reverse

from goals import services
from milestones.services import dependency_create, milestone_create, milestone_update
from tests.goals.test_dashboard import goal_in

pytestmark = pytest.mark.django_db


def timeline_of(client, goal) -> str:
    """The timeline picture and its table, as the goal page shows them."""
    response = client.get(reverse("goals:detail", args=[goal.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<figure class="timeline-figure">') : html.index("</table>")]


@pytest.fixture
def orchard(signed_in, customer):
    # 5 days of work before a target 2 days away: the last step is late.
    goal = goal_in(customer, title="Orchard", days_to_target=2, durations=[2, 3])
    assert "Orchard step 0" in timeline_of(signed_in, goal)  # drawn and cached
    return goal


def test_a_renamed_milestone_shows_in_the_timeline_at_once(signed_in, orchard):
    step = orchard.milestones.get(title="Orchard step 0")
    milestone_update(milestone=step, by=orchard.owner, title="Thin the fruit")
    drawing = timeline_of(signed_in, orchard)
    assert "Thin the fruit" in drawing and "Orchard step 0" not in drawing


def test_a_finished_milestone_shows_done_in_the_timeline_at_once(signed_in, orchard):
    step = orchard.milestones.get(title="Orchard step 0")
    assert ">Done<" not in timeline_of(signed_in, orchard)
    milestone_update(milestone=step, by=orchard.owner, status="done")
    assert ">Done<" in timeline_of(signed_in, orchard)


def test_a_new_prerequisite_is_drawn_at_once(signed_in, customer):
    goal = goal_in(customer, title="Vines", days_to_target=30, durations=[2, 3])
    extra = goal.milestones.get(title="Vines step 0")
    links = timeline_of(signed_in, goal).count('marker-end="url(#timeline-arrow)"')
    third = milestone_create(goal=goal, by=goal.owner, title="Vines step 2", duration_days=1)
    dependency_create(goal=goal, by=goal.owner, predecessor=extra, successor=third)
    assert timeline_of(signed_in, goal).count('marker-end="url(#timeline-arrow)"') == links + 1


def test_an_achieved_goal_loses_its_late_marks_at_once(signed_in, orchard):
    assert "badge-late" in timeline_of(signed_in, orchard)
    services.goal_update(goal=orchard, by=orchard.owner, status="achieved")
    assert "badge-late" not in timeline_of(signed_in, orchard)


def test_a_reader_of_another_language_gets_their_own_drawing(signed_in, customer, orchard):
    assert "Timeline of the plan" in timeline_of(signed_in, orchard)
    customer.language = "ru"
    customer.save(update_fields=["language"])
    assert "Timeline of the plan" not in timeline_of(signed_in, orchard)
