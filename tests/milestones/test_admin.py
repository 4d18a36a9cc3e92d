"""The admin changes plans through the same actions as the pages and the API."""

from datetime import date

import pytest
from django.test import Client

from goals.models import Goal, Playbook
from goals.playbooks import playbook_create
from goals.services import goal_create
from milestones.models import Dependency, Milestone, Task
from milestones.services import dependency_create, milestone_create, task_create

pytestmark = pytest.mark.django_db

TARGET = date(2027, 3, 5)  # a Friday


@pytest.fixture
def admin_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def plan(customer):
    goal = goal_create(by=customer, title="Hay", target_date=TARGET)
    mow = milestone_create(goal=goal, by=customer, title="Mow", duration_days=2)
    bale = milestone_create(goal=goal, by=customer, title="Bale", duration_days=1)
    dependency_create(goal=goal, by=customer, predecessor=mow, successor=bale)
    return goal, mow, bale


def _milestone_form(milestone, **changes):
    fields = {
        "title": milestone.title,
        "description": milestone.description,
        "duration_days": milestone.duration_days,
        "must_finish_by": "",
        "status": milestone.status,
        "position": milestone.position,
    }
    return {**fields, **changes}


def test_a_duration_saved_in_the_admin_re_plans_the_goal(admin_client, plan):
    _goal, mow, _bale = plan
    mow.refresh_from_db()
    assert (mow.latest_start, mow.latest_finish) == (date(2027, 3, 3), date(2027, 3, 4))

    response = admin_client.post(
        f"/admin/milestones/milestone/{mow.pk}/change/", _milestone_form(mow, duration_days=5)
    )

    assert response.status_code == 302, response.content
    mow.refresh_from_db()
    assert mow.duration_days == 5
    assert (mow.latest_start, mow.latest_finish) == (date(2027, 2, 28), date(2027, 3, 4))


def test_a_date_rule_after_the_target_is_refused_in_the_admin(admin_client, plan):
    _goal, mow, _bale = plan
    response = admin_client.post(
        f"/admin/milestones/milestone/{mow.pk}/change/",
        _milestone_form(mow, must_finish_by="2027-04-01"),
    )
    assert response.status_code == 200
    assert "after the goal" in response.content.decode()
    mow.refresh_from_db()
    assert mow.must_finish_by is None


def test_a_prerequisite_closing_a_cycle_is_refused_in_the_admin(admin_client, plan):
    _goal, mow, bale = plan
    response = admin_client.post(
        "/admin/milestones/dependency/add/",
        {"predecessor": bale.pk, "successor": mow.pk, "lag_days": 0},
    )
    assert response.status_code == 200
    assert "would close a cycle" in response.content.decode()
    assert Dependency.objects.count() == 1


def test_a_prerequisite_added_in_the_admin_re_plans_the_goal(admin_client, customer, plan):
    goal, mow, _bale = plan
    spread = milestone_create(goal=goal, by=customer, title="Spread", duration_days=3)
    response = admin_client.post(
        "/admin/milestones/dependency/add/",
        {"predecessor": spread.pk, "successor": mow.pk, "lag_days": 0},
    )
    assert response.status_code == 302, response.content
    spread.refresh_from_db()
    assert spread.latest_finish == date(2027, 3, 2)  # before Mow starts on 3 March
    assert Dependency.objects.get(predecessor=spread).goal == goal


def test_a_milestone_added_in_the_admin_is_scheduled(admin_client, plan):
    goal, _mow, _bale = plan
    response = admin_client.post(
        "/admin/milestones/milestone/add/",
        {
            "goal": goal.pk,
            "title": "Cart",
            "description": "",
            "duration_days": 1,
            "must_finish_by": "",
            "status": "todo",
            "position": 5,
        },
    )
    assert response.status_code == 302, response.content
    assert Milestone.objects.get(title="Cart").latest_finish == TARGET


def test_a_task_ticked_in_the_admin_goes_through_the_action(admin_client, plan):
    _goal, mow, _bale = plan
    task = task_create(milestone=mow, by=mow.goal.owner, title="Sharpen the blades")
    response = admin_client.post(
        f"/admin/milestones/task/{task.pk}/change/",
        {"title": task.title, "done": "on", "position": task.position},
    )
    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).done is True


def test_a_target_date_saved_in_the_admin_re_plans_the_goal(admin_client, plan):
    goal, mow, _bale = plan
    response = admin_client.post(
        f"/admin/goals/goal/{goal.pk}/change/",
        {
            "title": goal.title,
            "description": "",
            "category": "",
            "region": "",
            "target_date": "2027-03-12",
            "status": goal.status,
            "working_weekdays": "[1, 2, 3, 4, 5, 6, 7]",
            "non_working_dates": "[]",
        },
    )
    assert response.status_code == 302, response.content
    mow.refresh_from_db()
    assert mow.latest_finish == date(2027, 3, 11)


def test_goals_are_never_deleted_from_the_admin(admin_client, plan):
    goal, _mow, _bale = plan
    assert admin_client.get(f"/admin/goals/goal/{goal.pk}/delete/").status_code == 403
    assert (
        admin_client.post(f"/admin/goals/goal/{goal.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_playbooks_are_read_only_in_the_admin(admin_client, customer):
    playbook = playbook_create(by=customer, title="Lambing", public=True)
    page = admin_client.get(f"/admin/goals/playbook/{playbook.pk}/change/")
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    refused = admin_client.post(
        f"/admin/goals/playbook/{playbook.pk}/change/", {"title": "Renamed", "public": "on"}
    )
    assert refused.status_code == 403
    assert Playbook.objects.get(pk=playbook.pk).title == "Lambing"
    assert admin_client.get("/admin/goals/playbook/add/").status_code == 403


def test_deleting_a_milestone_in_the_admin_re_plans_the_goal(admin_client, plan):
    _goal, mow, bale = plan
    response = admin_client.post(f"/admin/milestones/milestone/{bale.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    mow.refresh_from_db()
    assert mow.latest_finish == TARGET
