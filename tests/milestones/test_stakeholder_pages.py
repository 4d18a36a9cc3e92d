"""The goal page as stakeholders see it: what they were given, and only what they may do."""

from datetime import date

import pytest
from django.urls import reverse

from goals.services import goal_create
from milestones.services import milestone_create, task_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.services import stakeholder_invite
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(customer):
    goal = goal_create(by=customer, title="Gala apples", target_date=date(2027, 3, 1))
    order = milestone_create(goal=goal, by=goal.owner, title="Order fertiliser", duration_days=1)
    prune = milestone_create(goal=goal, by=goal.owner, title="Winter pruning", duration_days=5)
    task_create(milestone=order, by=order.goal.owner, title="Ring the supplier")
    return goal, order, prune


def _stakeholder(goal, owner, access, milestones=()):
    person = UserFactory()
    invitation = stakeholder_invite(
        goal=goal,
        by=owner,
        email=person.email,
        role="supplier",
        access=access,
        milestones=milestones,
    )
    stakeholder_answer(token=invitation_token(invitation), user=person, accept=True)
    return person


def test_a_view_stakeholder_sees_the_plan_without_controls_and_cannot_post(client, plan, customer):
    goal, order, _prune = plan
    viewer = _stakeholder(goal, customer, "view")
    client.force_login(viewer)

    page = client.get(reverse("goals:detail", args=[goal.pk])).content.decode()
    assert "Order fertiliser" in page and "Winter pruning" in page
    assert reverse("goals:milestone-add", args=[goal.pk]) not in page
    assert reverse("goals:milestone-status", args=[order.pk]) not in page
    assert reverse("goals:edit", args=[goal.pk]) not in page
    assert "Shared with you by" in page

    assert (
        client.post(
            reverse("goals:milestone-status", args=[order.pk]), {"status": "done"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("goals:milestone-add", args=[goal.pk]), {"add-title": "x"}).status_code
        == 403
    )
    order.refresh_from_db()
    assert order.status == "todo"


def test_a_contributor_scoped_to_one_milestone_sees_and_edits_only_that_one(client, plan, customer):
    goal, order, prune = plan
    supplier = _stakeholder(goal, customer, "contribute", milestones=[order])
    client.force_login(supplier)

    page = client.get(reverse("goals:detail", args=[goal.pk])).content.decode()
    assert "Order fertiliser" in page
    assert "Winter pruning" not in page
    assert (
        client.post(
            reverse("goals:milestone-status", args=[order.pk]), {"status": "done"}
        ).status_code
        == 302
    )
    order.refresh_from_db()
    assert order.status == "done"
    assert (
        client.post(
            reverse("goals:milestone-status", args=[prune.pk]), {"status": "done"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("goals:milestone-delete", args=[order.pk]), {"confirm": "yes"}
        ).status_code
        == 403
    )


def test_the_dashboard_lists_goals_shared_with_me_apart_from_my_own(client, plan, customer):
    goal, _order, _prune = plan
    viewer = _stakeholder(goal, customer, "view")
    client.force_login(viewer)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Goals shared with me" in page and "Gala apples" in page
