"""Starting a goal from a playbook: the form says before saving when the target cannot be
met, with the earliest finish in the person's date format and the working days short, and
offers the earliest feasible date; the person may keep theirs. A target in the past has its
own message. Computed by the scheduler (goals.selectors.playbook_feasibility)."""

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from goals.feasibility import playbook_feasibility
from goals.models import Goal
from goals.playbooks import playbook_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)  # a Monday
WEEKDAYS = [1, 2, 3, 4, 5]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel("2027-03-01 09:00 +00:00", tick=False):
        yield


@pytest.fixture
def person():
    return UserFactory(time_zone="UTC")


@pytest.fixture
def playbook(person):
    # 20 + 10 working days in a chain: 30 working days from today at the earliest.
    return playbook_create(
        by=person,
        title="Orchard season",
        public=True,
        milestones=[
            {"title": "Prune", "duration_days": 20},
            {"title": "Thin", "duration_days": 10},
        ],
        dependencies=[{"predecessor": 0, "successor": 1}],
    )


def test_a_target_the_plan_can_meet_is_feasible(playbook):
    feasibility = playbook_feasibility(
        playbook, target_date=date(2027, 6, 1), today=TODAY, working_weekdays=WEEKDAYS
    )
    assert feasibility.feasible and feasibility.message == ""


def test_a_target_too_soon_says_the_earliest_finish_and_the_working_days_short(playbook):
    feasibility = playbook_feasibility(
        playbook, target_date=date(2027, 3, 19), today=TODAY, working_weekdays=WEEKDAYS
    )
    # Started Mon 1 Mar, 30 working days (Mon-Fri) end on Fri 9 Apr; the target, Fri 19 Mar,
    # is 15 working days short.
    assert feasibility.earliest_finish == date(2027, 4, 9)
    assert feasibility.short_by == 15
    assert feasibility.message == (
        "This target cannot be met: the earliest finish is Fri 9 Apr 2027: 15 working days short."
    )
    assert feasibility.earliest_target == date(2027, 4, 9)
    met = playbook_feasibility(
        playbook, target_date=feasibility.earliest_target, today=TODAY, working_weekdays=WEEKDAYS
    )
    assert met.feasible


def test_one_day_short_is_singular(playbook):
    feasibility = playbook_feasibility(
        playbook, target_date=date(2027, 4, 8), today=TODAY, working_weekdays=WEEKDAYS
    )
    assert feasibility.message.endswith("1 working day short.")


def start(client, playbook, **data):
    return client.post(reverse("goals:playbook-start", args=[playbook.pk]), data)


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_start_form_warns_before_saving_and_offers_the_earliest_date(person, playbook):
    client = signed_in(person)
    response = start(client, playbook, target_date="2027-03-19")
    html = response.content.decode()
    assert response.status_code == 200
    assert not Goal.objects.exists()
    # Every day works on this form (no working week asked): 30 days from Mon 1 Mar.
    assert "the earliest finish is Tue 30 Mar 2027: 11 working days short." in html
    assert 'name="use_earliest"' in html and 'name="keep_target"' in html


def test_the_person_may_take_the_earliest_date(person, playbook):
    client = signed_in(person)
    earliest = start(client, playbook, target_date="2027-03-19").context["start_form"]
    day = earliest.feasibility.earliest_target
    response = start(client, playbook, target_date="2027-03-19", use_earliest=day.isoformat())
    assert response.status_code == 302
    assert Goal.objects.get().target_date == day


def test_the_person_may_keep_their_date_and_is_told_again_once_saved(person, playbook):
    client = signed_in(person)
    response = start(client, playbook, target_date="2027-03-19", keep_target="1")
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.target_date == date(2027, 3, 19)
    [message] = [str(m) for m in client.get(goal.get_absolute_url()).context["messages"]]
    assert "This target cannot be met: the earliest finish is" in message


def test_a_target_in_the_past_has_its_own_message(person, playbook):
    response = start(signed_in(person), playbook, target_date="2027-02-20")
    html = response.content.decode()
    assert "Sat 20 Feb 2027 is in the past: choose today (Mon 1 Mar 2027) or a later date." in html
    assert "cannot be met" not in html
    assert not Goal.objects.exists()


def test_the_new_goal_form_warns_with_its_own_working_week(person, playbook):
    response = signed_in(person).post(
        reverse("goals:new"),
        {
            "title": "Season",
            "target_date": "2027-03-19",
            "playbook": playbook.pk,
            "working_weekdays": WEEKDAYS,
        },
    )
    assert response.status_code == 200
    assert "the earliest finish is Fri 9 Apr 2027: 15 working days short" in (
        response.content.decode()
    )
