"""The acting person is checked before their input is read: someone who may see a goal
but not change its plan gets 403 whatever they send, through the page and the API; a
goal in the trash is as unseen to a stakeholder on the restore page as in the API."""

from datetime import date

import pytest
from django.test import Client

from goals.models import Goal
from goals.services import goal_create, goal_trash
from milestones.models import Dependency, Milestone, Task
from milestones.services import milestone_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.services import stakeholder_invite
from tests.conftest import api_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    owner = UserFactory()
    viewer = UserFactory()
    goal = goal_create(by=owner, title="Wool clip", target_date=date(2030, 11, 1))
    shear = milestone_create(goal=goal, by=owner, title="Shear", duration_days=2)
    press = milestone_create(goal=goal, by=owner, title="Press bales", duration_days=1)
    invitation = stakeholder_invite(goal=goal, by=owner, email=viewer.email, role="advisor")
    stakeholder_answer(token=invitation_token(invitation), user=viewer, accept=True)
    return goal, owner, viewer, shear, press


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _counts():
    return Milestone.objects.count(), Dependency.objects.count(), Task.objects.count()


@pytest.mark.parametrize(
    "body",
    [{"title": "Net", "duration_days": 1}, {"title": "", "duration_days": -4}, {"bogus": 1}],
    ids=["valid", "invalid", "unknown-field"],
)
def test_a_view_only_stakeholder_adding_a_milestone_is_refused_valid_or_not(plan, body):
    goal, _owner, viewer, _shear, _press = plan
    before = _counts()
    api = api_for(viewer).post(f"/api/v1/goals/{goal.pk}/milestones/", body, format="json")
    page = _page(viewer).post(
        f"/goals/{goal.pk}/milestones/add/", {f"add-{key}": value for key, value in body.items()}
    )
    assert (api.status_code, page.status_code) == (403, 403)
    assert _counts() == before


@pytest.mark.parametrize("valid", [True, False], ids=["valid", "invalid"])
def test_a_view_only_stakeholder_adding_a_prerequisite_is_refused_valid_or_not(plan, valid):
    goal, _owner, viewer, shear, press = plan
    ends = (shear.pk, press.pk) if valid else (shear.pk, shear.pk)
    before = _counts()
    api = api_for(viewer).post(
        f"/api/v1/goals/{goal.pk}/dependencies/",
        {"predecessor": ends[0], "successor": ends[1]},
        format="json",
    )
    page = _page(viewer).post(
        f"/goals/{goal.pk}/dependencies/add/",
        {"dependency-predecessor": ends[0], "dependency-successor": ends[1]},
    )
    assert (api.status_code, page.status_code) == (403, 403)
    assert _counts() == before


@pytest.mark.parametrize("valid", [True, False], ids=["valid", "invalid"])
def test_a_view_only_stakeholder_adding_a_task_is_refused_valid_or_not(plan, valid):
    _goal, _owner, viewer, shear, _press = plan
    title = "Sharpen combs" if valid else ""
    before = _counts()
    api = api_for(viewer).post(
        f"/api/v1/milestones/{shear.pk}/tasks/", {"title": title}, format="json"
    )
    page = _page(viewer).post(
        f"/milestones/{shear.pk}/tasks/add/", {f"task-{shear.pk}-title": title}
    )
    assert (api.status_code, page.status_code) == (403, 403)
    assert _counts() == before


def test_restoring_a_trashed_goal_answers_a_stakeholder_404_on_page_and_api(plan):
    goal, owner, viewer, _shear, _press = plan
    goal_trash(goal=goal, by=owner)
    api = api_for(viewer).post(f"/api/v1/goals/{goal.pk}/restore/", {}, format="json")
    page = _page(viewer).post(f"/goals/{goal.pk}/restore/")
    assert (api.status_code, page.status_code) == (404, 404)
    assert Goal.objects.get(pk=goal.pk).deleted_at is not None


def test_restoring_a_goal_not_in_the_trash_answers_a_stakeholder_403_on_page_and_api(plan):
    goal, _owner, viewer, _shear, _press = plan
    api = api_for(viewer).post(f"/api/v1/goals/{goal.pk}/restore/", {}, format="json")
    page = _page(viewer).post(f"/goals/{goal.pk}/restore/")
    assert (api.status_code, page.status_code) == (403, 403)


def test_the_owner_restores_from_the_trash_on_page_and_api(plan):
    goal, owner, _viewer, _shear, _press = plan
    goal_trash(goal=goal, by=owner)
    assert api_for(owner).post(f"/api/v1/goals/{goal.pk}/restore/").status_code == 200
    goal_trash(goal=Goal.objects.get(pk=goal.pk), by=owner)
    assert _page(owner).post(f"/goals/{goal.pk}/restore/").status_code == 302
    assert Goal.objects.get(pk=goal.pk).deleted_at is None
