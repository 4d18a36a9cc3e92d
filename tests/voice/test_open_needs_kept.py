"""The goal page keeps that none of the customer's voice questions are open under the
plan's version (voice/hooks.py `_open_needs`): a question asked shows on the very next
view, one answered goes, and a plan with none open asks nothing about them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milestones.models import Milestone
from milestones.plans import playbook_start
from milestones.services import milestone_update
from tests.conftest import client_for
from tests.voice.helpers import TARGET
from voice.models import NeedAnswer
from voice.services.needs import need_answer, needs_ask

pytestmark = pytest.mark.django_db

QUESTION = "How well were your needs met?"


@pytest.fixture
def plan(playbook, customer):
    goal = playbook_start(playbook=playbook, by=customer, target_date=TARGET)
    order, pick = Milestone.objects.filter(goal=goal).order_by("position")
    return {"goal": goal, "order": order, "pick": pick, "page": client_for(customer)}


def goal_page(plan) -> str:
    return plan["page"].get(plan["goal"].get_absolute_url()).content.decode()


def test_a_question_asked_shows_on_the_next_view_and_goes_once_answered(plan, customer):
    assert QUESTION not in goal_page(plan)  # none open: kept
    milestone_update(milestone=plan["order"], by=customer, status=Milestone.Status.DONE)
    assert "Finance for fertiliser" in goal_page(plan)

    need_answer(
        answer=NeedAnswer.objects.get(milestone=plan["order"]),
        by=customer,
        rating=4,
        met_by=NeedAnswer.MetBy.COMMUNITY,
    )
    assert QUESTION not in goal_page(plan)


def test_asking_raises_the_plans_version_whoever_asks(plan):
    assert QUESTION not in goal_page(plan)  # none open: kept
    Milestone.objects.filter(pk=plan["pick"].pk).update(status=Milestone.Status.DONE)
    needs_ask(milestone=plan["pick"])  # as the completion hook does, without the save
    assert "Pickers" in goal_page(plan)


def test_a_plan_with_none_open_asks_nothing_about_them(plan):
    goal_page(plan)  # that none are open is kept
    with CaptureQueriesContext(connection) as queries:
        assert QUESTION not in goal_page(plan)
    assert not [q for q in queries.captured_queries if "voice_needanswer" in q["sql"]]


def test_a_milestone_done_from_the_page_asks_in_the_region_it_answers_with(plan):
    """The region drawn after an htmx write keys on the plan's new version: the question
    the write asked shows in it, not on the next view only."""
    assert QUESTION not in goal_page(plan)  # none open: kept under the version before
    region = plan["page"].post(
        reverse("goals:milestone-status", args=[plan["order"].pk]),
        {"status": "done"},
        HTTP_HX_REQUEST="true",
    )
    assert region.status_code == 200
    assert QUESTION in region.content.decode()
    assert "Finance for fertiliser" in region.content.decode()
