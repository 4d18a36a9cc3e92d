"""A new goal's working week and public holidays come from the playbook and the person's
region, shown on the form and changeable: the form refreshes them (htmx, or on submit
without script) while the person has not edited them, and the feasibility said before
saving is computed on the calendar the goal gets."""

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from goals.models import Goal
from goals.playbooks import playbook_create
from tests.conftest import api_for, assert_max_queries
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "goal-calendar"}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel("2027-03-01 09:00 +00:00", tick=False):  # a Monday
        yield


@pytest.fixture
def hawkes_bay():
    return RegionFactory(name="Hawke's Bay", country_code="NZ", subdivision_code="HKB")


@pytest.fixture
def person(hawkes_bay):
    return UserFactory(time_zone="UTC", region=hawkes_bay)


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


@pytest.fixture
def weekdays_playbook(person):
    """20 + 10 working days in a chain, Monday to Friday."""
    return playbook_create(
        by=person,
        title="Certificate",
        public=True,
        working_weekdays=[1, 2, 3, 4, 5],
        milestones=[
            {"title": "Course", "duration_days": 20},
            {"title": "Project", "duration_days": 10},
        ],
        dependencies=[{"predecessor": 0, "successor": 1}],
    )


def form_data(playbook, region, **overrides):
    data = {
        "title": "My certificate",
        "target_date": "2027-06-30",
        "playbook": str(playbook.pk),
        "region": str(region.pk),
        "category": "",
        "description": "",
        "working_weekdays": ["1", "2", "3", "4", "5", "6", "7"],
        "prefilled_weekdays": "1,2,3,4,5,6,7",
        "non_working_dates": "",
        "prefilled_dates": "",
    }
    data.update(overrides)
    return data


def checked_weekdays(html) -> list[str]:
    return re.findall(r'name="working_weekdays" value="(\d)"[^>]*checked', html)


def textarea_dates(html) -> list[str]:
    text = re.search(r'<textarea name="non_working_dates"[^>]*>(.*?)</textarea>', html, re.S)
    return text.group(1).split()


def test_the_blank_form_shows_the_playbooks_week_and_my_region(
    signed_in, weekdays_playbook, hawkes_bay
):
    html = signed_in.get(reverse("goals:new"), {"playbook": weekdays_playbook.pk}).content.decode()
    assert checked_weekdays(html) == ["1", "2", "3", "4", "5"]
    assert re.search(rf'<option value="{hawkes_bay.pk}" selected>', html)


def test_choosing_a_target_fills_in_the_regions_holidays_and_the_playbooks_week(
    signed_in, weekdays_playbook, hawkes_bay
):
    with assert_max_queries(8):
        response = signed_in.post(
            reverse("goals:new"),
            {**form_data(weekdays_playbook, hawkes_bay), "refresh": "calendar"},
            headers=HTMX,
        )
    html = response.content.decode()
    assert "<html" not in html and 'id="goal-calendar"' in html
    assert checked_weekdays(html) == ["1", "2", "3", "4", "5"]
    assert textarea_dates(html) == [
        "2027-03-26",  # Good Friday
        "2027-03-29",  # Easter Monday
        "2027-04-25",
        "2027-04-26",  # Anzac Day, observed on the Monday
        "2027-06-07",  # King's Birthday
        "2027-06-25",  # Matariki
    ]
    assert "The public holidays of Hawke&#x27;s Bay up to the target" in html
    assert 'name="prefilled_dates" value="2027-03-26,2027-03-29,' in html
    assert "This field is required" not in html


def test_dates_the_person_edited_are_kept_when_the_target_moves(
    signed_in, weekdays_playbook, hawkes_bay
):
    data = form_data(
        weekdays_playbook,
        hawkes_bay,
        non_working_dates="2027-04-01",
        prefilled_dates="2027-03-26",
        working_weekdays=["1", "2", "3"],
    )
    html = signed_in.post(
        reverse("goals:new"), {**data, "refresh": "calendar"}, headers=HTMX
    ).content.decode()
    assert textarea_dates(html) == ["2027-04-01"]
    assert checked_weekdays(html) == ["1", "2", "3"]


def test_submitting_without_script_saves_the_calendar_the_goal_gets(
    signed_in, weekdays_playbook, hawkes_bay
):
    response = signed_in.post(reverse("goals:new"), form_data(weekdays_playbook, hawkes_bay))
    goal = Goal.objects.get()
    assert response.url == goal.get_absolute_url()
    assert goal.working_weekdays == [1, 2, 3, 4, 5]
    assert "2027-03-26" in goal.non_working_dates and "2027-06-25" in goal.non_working_dates
    assert "2027-07-01" not in goal.non_working_dates


def test_a_calendar_the_person_typed_is_saved_as_typed(signed_in, weekdays_playbook, hawkes_bay):
    signed_in.post(
        reverse("goals:new"),
        form_data(
            weekdays_playbook,
            hawkes_bay,
            working_weekdays=["1", "2", "3", "4", "5", "6"],
            non_working_dates="2027-05-03",
        ),
    )
    goal = Goal.objects.get()
    assert goal.working_weekdays == [1, 2, 3, 4, 5, 6]
    assert goal.non_working_dates == ["2027-05-03"]


def test_the_start_form_says_how_late_on_the_calendar_the_goal_gets(signed_in, weekdays_playbook):
    # 30 working days Monday to Friday from today end on Fri 9 Apr 2027, but Good Friday
    # and Easter Monday are holidays in Hawke's Bay: the plan ends on Tue 13 Apr.
    url = reverse("goals:playbook-start", args=[weekdays_playbook.pk])
    response = signed_in.post(url, {"target_date": "2027-04-09"})
    assert response.status_code == 200
    assert response.context["start_form"].errors["target_date"] == [
        "This target cannot be met: the earliest finish is Tue 13 Apr 2027: 2 working days short."
    ]
    assert not Goal.objects.exists()
    signed_in.post(url, {"target_date": "2027-04-13"})
    goal = Goal.objects.get()
    assert goal.working_weekdays == [1, 2, 3, 4, 5]
    assert goal.non_working_dates[:2] == ["2027-03-26", "2027-03-29"]
    assert goal.milestones.get(title="Project").latest_finish == date(2027, 4, 13)


def test_the_playbook_page_says_which_week_and_holidays_the_goal_gets(signed_in, weekdays_playbook):
    html = signed_in.get(weekdays_playbook.get_absolute_url()).content.decode()
    assert "Your goal works Monday to Friday, as this playbook does" in html
    assert "skips the public holidays of Hawke&#x27;s Bay" in html


def test_the_playbook_api_carries_the_working_week(person):
    api = api_for(person)
    created = api.post(
        "/api/v1/playbooks/",
        {"title": "Weekdays", "working_weekdays": [5, 1, 2, 3, 4]},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["working_weekdays"] == [1, 2, 3, 4, 5]
    pk = created.json()["id"]
    changed = api.patch(f"/api/v1/playbooks/{pk}/", {"working_weekdays": [6, 7]}, format="json")
    assert changed.json()["working_weekdays"] == [6, 7]
    listed = api.get("/api/v1/playbooks/").json()["results"]
    assert [row["working_weekdays"] for row in listed if row["id"] == pk] == [[6, 7]]


@pytest.mark.parametrize("weekdays", [[], [0], [8], "1,2"])
def test_a_bad_working_week_answers_400_naming_the_field(person, weekdays):
    api = api_for(person)
    response = api.post(
        "/api/v1/playbooks/", {"title": "Bad", "working_weekdays": weekdays}, format="json"
    )
    assert response.status_code == 400
    assert "working_weekdays" in response.json()["fields"]


def test_a_goal_created_by_the_api_gets_its_regions_holidays(person):
    response = api_for(person).post(
        "/api/v1/goals/", {"title": "Harvest", "target_date": "2027-04-30"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["non_working_dates"] == [
        "2027-03-26",
        "2027-03-29",
        "2027-04-25",
        "2027-04-26",
    ]
    assert response.json()["working_weekdays"] == [1, 2, 3, 4, 5, 6, 7]
