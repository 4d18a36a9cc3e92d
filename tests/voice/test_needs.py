"""Needs per stage: inherited by goals started from a playbook, asked once when a
milestone is done, answered in one tap (or skipped) on the goal page and through the API."""

import pytest
from django.test import Client

from goals.services import goal_create
from milestones.models import Milestone
from milestones.plans import playbook_start
from milestones.services import milestone_create, milestone_update
from tests.conftest import api_for, client_for
from tests.factories import UserFactory
from tests.voice.helpers import TARGET
from voice.models import Need, NeedAnswer

pytestmark = pytest.mark.django_db


def _started(playbook, customer):
    goal = playbook_start(playbook=playbook, by=customer, target_date=TARGET)
    return goal, Milestone.objects.filter(goal=goal).order_by("position").first()


def test_goal_milestones_inherit_the_playbooks_needs(playbook, customer):
    _goal, order = _started(playbook, customer)
    assert [n.title for n in Need.objects.of_milestone(order)] == ["Finance for fertiliser"]


def test_done_asks_once_and_the_plan_shows_the_question_to_the_owner_only(
    playbook, customer, other_customer
):
    goal, order = _started(playbook, customer)
    milestone_update(milestone=order, by=customer, status=Milestone.Status.DONE)
    milestone_update(milestone=order, by=customer, status=Milestone.Status.TODO)
    milestone_update(milestone=order, by=customer, status=Milestone.Status.DONE)
    assert NeedAnswer.objects.filter(milestone=order).count() == 1
    page = client_for(customer).get(goal.get_absolute_url())
    assert "How well were your needs met?" in page.content.decode()
    assert "Finance for fertiliser" in page.content.decode()


def test_one_tap_answers_and_the_question_goes_away(playbook, customer):
    goal, order = _started(playbook, customer)
    milestone_update(milestone=order, by=customer, status=Milestone.Status.DONE)
    answer = NeedAnswer.objects.get(milestone=order)
    client = client_for(customer)
    response = client.post(
        f"/needs/answers/{answer.pk}/",
        {"rating": "4", "met_by": "community"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    answer.refresh_from_db()
    assert (answer.rating, answer.met_by) == (4, "community")
    assert (
        "How well were your needs met?" not in client.get(goal.get_absolute_url()).content.decode()
    )


def test_skipping_is_fine_and_bad_input_names_the_field(playbook, customer, other_customer):
    _goal, order = _started(playbook, customer)
    milestone_update(milestone=order, by=customer, status=Milestone.Status.DONE)
    answer = NeedAnswer.objects.get(milestone=order)
    assert (
        client_for(other_customer).post(f"/needs/answers/{answer.pk}/", {"skip": "1"}).status_code
        == 404
    )
    bad = client_for(customer).post(
        f"/needs/answers/{answer.pk}/", {"rating": "9", "met_by": "x"}, HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 400
    response = client_for(customer).post(f"/needs/answers/{answer.pk}/", {"skip": "1"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.skipped_at is not None and answer.rating is None


def test_api_answers_and_refuses_a_rating_out_of_range(playbook, customer, other_customer):
    _goal, order = _started(playbook, customer)
    milestone_update(milestone=order, by=customer, status=Milestone.Status.DONE)
    answer = NeedAnswer.objects.get(milestone=order)
    api = api_for(customer)
    listed = api.get("/api/v1/needs/answers/?pending=1").json()
    assert [row["id"] for row in listed["results"]] == [answer.pk]
    bad = api.patch(f"/api/v1/needs/answers/{answer.pk}/", {"rating": 7, "met_by": "nobody"})
    assert bad.status_code == 400 and "rating" in bad.json()["fields"]
    assert (
        api_for(other_customer)
        .patch(f"/api/v1/needs/answers/{answer.pk}/", {"rating": 3, "met_by": "nobody"})
        .status_code
        == 404
    )
    ok = api.patch(f"/api/v1/needs/answers/{answer.pk}/", {"rating": 3, "met_by": "nobody"})
    assert ok.status_code == 200 and ok.json()["rating"] == 3
    assert api.post(f"/api/v1/needs/answers/{answer.pk}/skip/").status_code == 200
    assert api.get(f"/api/v1/needs/answers/{answer.pk}/").json()["rating"] == 3


def test_needs_api_adds_lists_and_removes_by_role(playbook, staff, customer, other_customer):
    goal = goal_create(by=customer, title="Mine", target_date=TARGET)
    milestone = milestone_create(goal=goal, by=customer, title="Module 3")
    api = api_for(customer)
    created = api.post(
        "/api/v1/needs/", {"title": "A tutor for module 3", "milestone": milestone.pk}
    )
    assert created.status_code == 201
    assert api.post("/api/v1/needs/", {"milestone": milestone.pk}).json()["fields"].keys() == {
        "title"
    }
    assert api.post("/api/v1/needs/", {"title": "x"}).json()["fields"].keys() == {"milestone"}
    assert api_for(other_customer).post(
        "/api/v1/needs/", {"title": "x", "milestone": milestone.pk}
    ).json()["fields"].keys() == {"milestone"}
    stage = playbook.milestones.first()
    assert (
        api.post("/api/v1/needs/", {"title": "x", "playbook_milestone": stage.pk}).status_code
        == 403
    )
    listed = api.get(f"/api/v1/needs/?milestone={milestone.pk}").json()["results"]
    assert [row["title"] for row in listed] == ["A tutor for module 3"]
    assert api.get("/api/v1/needs/?milestone=abc").status_code == 400
    need_id = created.json()["id"]
    assert api_for(other_customer).get(f"/api/v1/needs/{need_id}/").status_code == 404
    assert api.get(f"/api/v1/needs/{need_id}/").status_code == 200
    assert api.delete(f"/api/v1/needs/{need_id}/").status_code == 204
    assert api_for(None).get("/api/v1/needs/").status_code == 401


def test_needs_pages_for_a_goal_and_a_playbook(playbook, staff, customer, other_customer):
    goal, order = _started(playbook, customer)
    client = client_for(customer)
    page = client.get(f"/goals/{goal.pk}/needs/")
    assert page.status_code == 200 and "(from the playbook)" in page.content.decode()
    added = client.post(f"/goals/{goal.pk}/needs/", {"milestone": order.pk, "title": "Storage"})
    assert added.status_code == 302
    assert (
        client.post(f"/goals/{goal.pk}/needs/", {"milestone": order.pk, "title": ""}).status_code
        == 400
    )
    assert client_for(other_customer).get(f"/goals/{goal.pk}/needs/").status_code == 404
    need = Need.objects.get(title="Storage")
    assert client_for(other_customer).post(f"/needs/{need.pk}/delete/").status_code == 404
    assert client.post(f"/needs/{need.pk}/delete/").status_code == 302
    assert client_for(customer).get(f"/playbooks/{playbook.pk}/needs/").status_code == 200
    stage = playbook.milestones.first()
    assert (
        client_for(customer)
        .post(f"/playbooks/{playbook.pk}/needs/", {"playbook_milestone": stage.pk, "title": "x"})
        .status_code
        == 403
    )
    editor = client_for(staff)
    assert (
        editor.post(
            f"/playbooks/{playbook.pk}/needs/",
            {"playbook_milestone": stage.pk, "title": "Soil lab"},
            HTTP_HX_REQUEST="true",
        ).status_code
        == 200
    )
    assert Need.objects.filter(title="Soil lab", playbook_milestone=stage).exists()
    assert Client().get(f"/goals/{goal.pk}/needs/").status_code == 302


def test_a_need_of_another_customers_milestone_is_404(customer, other_customer):
    goal = goal_create(by=other_customer, title="Theirs", target_date=TARGET)
    milestone_create(goal=goal, by=other_customer, title="Secret")
    assert client_for(customer).get(f"/goals/{goal.pk}/needs/").status_code == 404
    assert UserFactory  # the factories are imported for the role fixtures
