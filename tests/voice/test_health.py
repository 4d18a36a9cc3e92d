"""Ecosystem health: aggregated over at least 5 customers (a group of 4 shows nothing),
staff over everything, a partner over its own customers, constant queries."""

import pytest

from ecosystem.demo import load_demo
from goals.models import Goal
from goals.services import goal_update
from partners.services import organization_create
from stakeholders.services import stakeholder_invite
from tests.conftest import api_for, assert_max_queries, client_for
from tests.factories import UserFactory
from tests.voice.helpers import customer_answers
from voice.models import Idea, Leaving, NeedAnswer
from voice.services.leaving import leaving_answer

pytestmark = pytest.mark.django_db


def test_a_group_of_four_shows_nothing_five_shows_the_average(playbook, staff):
    for rating in (1, 2, 3, 4):
        customer_answers(playbook, rating=rating)
    body = api_for(staff).get("/api/v1/health/").json()
    assert body["stages"] == [] and body["gaps"] == [] and body["trend"] == []
    page = client_for(staff).get("/health/").content.decode()
    assert "Not enough answers yet" in page and "Finance for fertiliser" not in page
    customer_answers(playbook, rating=5)
    body = api_for(staff).get("/api/v1/health/").json()
    assert [(s["label"], s["customers"], s["average"]) for s in body["stages"]] == [
        ("Order fertiliser", 5, 3.0)
    ]
    assert body["gaps"][0]["label"] == "Finance for fertiliser"
    page = client_for(staff).get("/health/").content.decode()
    assert "<svg" in page and "Needs met per stage" in page


def test_a_partner_sees_only_customers_who_invited_it(playbook, staff):
    admin = UserFactory()
    organization = organization_create(by=admin, name="Fert Co", kind="supplier")
    invited = []
    for _ in range(5):
        _customer, goal = customer_answers(playbook, rating=4)
        invited.append(goal)
    for _ in range(5):
        customer_answers(playbook, rating=1)  # never invited Fert Co
    for goal in invited:
        stakeholder_invite(
            goal=goal, by=goal.owner, organization=organization, role="supplier", access="view"
        )
    body = api_for(admin).get(f"/api/v1/health/?organization={organization.slug}").json()
    assert [(s["customers"], s["average"]) for s in body["stages"]] == [(5, 4.0)]
    assert api_for(staff).get("/api/v1/health/").json()["stages"][0]["customers"] == 10
    assert client_for(admin).get(f"/partners/{organization.slug}/voice/").status_code == 200
    assert client_for(UserFactory()).get(f"/partners/{organization.slug}/voice/").status_code == 403
    assert api_for(admin).get("/api/v1/health/").status_code == 403
    assert api_for(admin).get("/api/v1/health/?organization=nope").status_code == 404
    assert client_for(admin).get("/health/").status_code == 403
    assert api_for(None).get("/api/v1/health/").status_code == 401


def test_reasons_for_leaving_are_counted_over_five_customers(playbook, staff):
    for index in range(5):
        customer, goal = customer_answers(playbook)
        goal_update(goal=goal, by=customer, status=Goal.Status.ABANDONED)
        reasons = ["no_time"] if index < 4 else ["no_time", "cost"]
        leaving_answer(
            leaving=Leaving.objects.get(goal=goal), by=customer, reasons=reasons, note="my secret"
        )
    body = api_for(staff).get("/api/v1/health/").json()["leaving"]
    assert body["customers"] == 5
    assert {r["label"]: r["customers"] for r in body["reasons"]} == {
        "Not enough time": 5,
        "Too costly": None,
    }
    page = client_for(staff).get("/health/").content.decode()
    assert "fewer than 5" in page and "my secret" not in page


@pytest.mark.parametrize("size", [5, 15])
def test_health_makes_a_constant_number_of_queries(playbook, staff, size):
    for rating in range(size):
        customer_answers(playbook, rating=rating % 5 + 1)
    client = client_for(staff)
    with assert_max_queries(10):
        assert client.get("/health/").status_code == 200
    api = api_for(staff)
    with assert_max_queries(8):
        assert api.get("/api/v1/health/").status_code == 200


def test_demo_data_shows_charts_and_loads_twice_the_same():
    first = load_demo()
    answers, ideas = NeedAnswer.objects.count(), Idea.objects.count()
    load_demo()
    assert (NeedAnswer.objects.count(), Idea.objects.count()) == (answers, ideas)
    page = client_for(first["staff"]).get("/health/").content.decode()
    assert page.count("<svg") >= 3 and "Why goals are abandoned" in page
