"""The dashboard's goals are drawn once per set of facts and reused from the cache
(ecosystem/views/dashboard_body.py): every write shows on the next view."""

import pytest
from django.urls import reverse

from goals import services
from milestones.models import Milestone
from milestones.services import milestone_update
from tests.factories import CategoryFactory
from tests.goals.test_dashboard import card_of, goal_in

pytestmark = pytest.mark.django_db


def dashboard(client) -> str:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def orchard(signed_in, customer):
    goal = goal_in(customer, title="Orchard", days_to_target=4, durations=[2, 1])
    assert "Orchard step 0" in dashboard(signed_in)  # drawn and cached
    return goal


def test_a_renamed_milestone_shows_at_once(signed_in, orchard):
    step = orchard.milestones.get(title="Orchard step 0")
    milestone_update(milestone=step, by=orchard.owner, title="Thin the fruit")
    html = dashboard(signed_in)
    assert "Thin the fruit" in html and "Orchard step 0" not in html


def test_a_finished_milestone_moves_progress_and_the_next_start_at_once(signed_in, orchard):
    step = orchard.milestones.get(title="Orchard step 0")
    milestone_update(milestone=step, by=orchard.owner, status=Milestone.Status.DONE)
    card = card_of(dashboard(signed_in), "Orchard")
    assert "Progress: 50% (1 of 2 milestones done)" in card
    assert "Next: start “Orchard step 1” by" in card


def test_a_renamed_goal_and_its_new_category_show_at_once(signed_in, orchard):
    category = CategoryFactory(name="Pipfruit")
    services.goal_update(goal=orchard, by=orchard.owner, title="Apples", category=category)
    html = dashboard(signed_in)
    assert "Pipfruit" in card_of(html, "Apples")
    category.name = "Apples and pears"
    category.save(update_fields=["name"])
    assert "Apples and pears" in card_of(dashboard(signed_in), "Apples")


def test_a_reader_of_another_language_gets_their_own_drawing(signed_in, customer, orchard):
    assert "Needs attention this week" in dashboard(signed_in)
    customer.language = "ru"
    customer.save(update_fields=["language"])
    html = dashboard(signed_in)
    assert "Требует внимания на этой неделе" in html
    assert "Needs attention this week" not in html


def test_another_customer_never_sees_my_goals_from_a_warm_cache(client, orchard, other_customer):
    goal_in(other_customer, title="Vineyard", days_to_target=4, durations=[2, 1])
    client.force_login(other_customer)
    html = dashboard(client)
    assert "Vineyard step 0" in html and "Orchard" not in html
