"""One clock: a person's "today" is the date where they live, for pages and API alike.

A stakeholder's access ends with the day of its end date *in the stakeholder's own time
zone*. The page (session, whose middleware activates their zone) and the API called with
a token (no middleware activates anything) must agree at every instant.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from goals.services import goal_create
from milestones.services import milestone_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.services import stakeholder_invite
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AUCKLAND = ZoneInfo("Pacific/Auckland")
ENDS_ON = date(2026, 6, 10)  # NZST, UTC+12: Auckland midnight is 12:00 UTC


def _at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 6, day, hour, minute, tzinfo=AUCKLAND)


@pytest.fixture
def shared_goal():
    owner = UserFactory(time_zone="UTC")
    stakeholder = UserFactory(time_zone="Pacific/Auckland")
    with time_machine.travel(_at(1, 9, 0), tick=False):
        goal = goal_create(by=owner, title="Kiwifruit harvest", target_date=date(2026, 9, 1))
        milestone_create(goal=goal, by=goal.owner, title="Hire pickers", duration_days=2)
        invitation = stakeholder_invite(
            goal=goal,
            by=owner,
            email=stakeholder.email,
            role="advisor",
            ends_on=ENDS_ON,
        )
        stakeholder_answer(token=invitation_token(invitation), user=stakeholder, accept=True)
    return goal, stakeholder


def _answers(goal, stakeholder) -> dict[str, object]:
    page = Client()
    page.force_login(stakeholder)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=stakeholder).key}")
    listed = api.get("/api/v1/goals/").json()["results"]
    answers = {
        "page": page.get(f"/goals/{goal.pk}/").status_code,
        "api_detail": api.get(f"/api/v1/goals/{goal.pk}/").status_code,
        "api_listed": goal.pk in {row["id"] for row in listed},
        "api_schedule": api.get(f"/api/v1/goals/{goal.pk}/schedule/").status_code,
    }
    Token.objects.filter(user=stakeholder).delete()
    return answers


def test_just_before_midnight_on_the_end_date_page_and_api_both_show_the_goal(shared_goal):
    goal, stakeholder = shared_goal
    with time_machine.travel(_at(10, 23, 55), tick=False):
        assert _answers(goal, stakeholder) == {
            "page": 200,
            "api_detail": 200,
            "api_listed": True,
            "api_schedule": 200,
        }


def test_half_past_midnight_after_the_end_date_page_and_api_both_hide_the_goal(shared_goal):
    goal, stakeholder = shared_goal
    # 00:30 on 11 June in Auckland is still 10 June on the server (UTC).
    with time_machine.travel(_at(11, 0, 30), tick=False):
        assert _answers(goal, stakeholder) == {
            "page": 404,
            "api_detail": 404,
            "api_listed": False,
            "api_schedule": 404,
        }
