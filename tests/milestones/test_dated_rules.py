"""A playbook's "finish 14 days before the target" stays relative to the target: moving the
target moves it. A date the person fixed by hand stays fixed, and a target earlier than it
is refused with a message naming that milestone and its date in the person's format. A
target in the past is refused with its own message, on the service, the settings page and
the API alike."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from goals.models import PlaybookMilestone
from goals.playbooks import playbook_create
from goals.services import goal_update
from milestones.plans import goal_repeat, goal_save_as_playbook, playbook_start
from milestones.services import milestone_update
from tests.conftest import api_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TARGET = date(2027, 3, 5)  # a Friday


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel("2026-12-01 09:00 +00:00", tick=False):
        yield


@pytest.fixture
def person():
    return UserFactory(time_zone="UTC")


@pytest.fixture
def season(person):
    playbook = playbook_create(
        by=person,
        title="Orchard season",
        milestones=[
            {"title": "Prune", "duration_days": 5},
            {"title": "Export documents", "duration_days": 2, "offset_days_before_target": 14},
        ],
        dependencies=[{"predecessor": 0, "successor": 1}],
    )
    return playbook_start(playbook=playbook, by=person, target_date=TARGET)


def export_of(goal):
    return goal.milestones.get(title="Export documents")


def test_a_rule_copied_from_a_playbook_keeps_its_offset(season):
    export = export_of(season)
    assert (export.finish_offset_days, export.must_finish_by) == (14, date(2027, 2, 19))
    assert season.milestones.get(title="Prune").finish_offset_days is None


def test_moving_the_target_moves_a_rule_that_follows_it_and_its_plan(season):
    before = export_of(season).latest_finish
    goal_update(goal=season, by=season.owner, target_date=date(2027, 4, 2))
    export = export_of(season)
    assert export.must_finish_by == date(2027, 3, 19)  # still 14 days before the target
    assert export.latest_finish > before


def test_an_earlier_target_moves_the_rule_earlier_instead_of_refusing(season):
    goal_update(goal=season, by=season.owner, target_date=date(2027, 2, 10))
    assert export_of(season).must_finish_by == date(2027, 1, 27)


def test_a_date_fixed_by_hand_stops_following_and_stays_when_the_target_moves(season):
    export = export_of(season)
    milestone_update(milestone=export, by=season.owner, must_finish_by=date(2027, 2, 26))
    export.refresh_from_db()
    assert export.finish_offset_days is None
    goal_update(goal=season, by=season.owner, target_date=date(2027, 4, 2))
    assert export_of(season).must_finish_by == date(2027, 2, 26)


def test_saving_a_milestone_with_its_date_unchanged_keeps_it_following(season):
    export = export_of(season)
    milestone_update(
        milestone=export,
        by=season.owner,
        title="Export papers",
        must_finish_by=export.must_finish_by,
    )
    export.refresh_from_db()
    assert export.finish_offset_days == 14


def test_a_target_before_a_fixed_date_is_refused_naming_it_in_the_persons_format(season):
    export = export_of(season)
    milestone_update(milestone=export, by=season.owner, must_finish_by=date(2027, 2, 26))
    with pytest.raises(ValidationError) as refused:
        goal_update(goal=season, by=season.owner, target_date=date(2027, 2, 22))
    message = refused.value.message_dict["target_date"][0]
    assert "“Export documents” must finish by Fri 26 Feb 2027" in message
    assert "2027-02-26" not in message
    season.refresh_from_db()
    assert season.target_date == TARGET


def test_a_target_in_the_past_has_its_own_message_not_a_milestones(season):
    with pytest.raises(ValidationError) as refused:
        goal_update(goal=season, by=season.owner, target_date=date(2026, 11, 1))
    message = refused.value.message_dict["target_date"][0]
    assert message.startswith("Sun 1 Nov 2026 is in the past")
    assert "Export documents" not in message


def test_an_unchanged_past_target_does_not_stop_other_settings(person):
    with time_machine.travel("2027-06-01 09:00 +00:00", tick=False):
        goal = playbook_start(
            playbook=playbook_create(by=person, title="Short"),
            by=person,
            target_date=date(2027, 6, 2),
        )
    goal = goal_update(goal=goal, by=person, title="Renamed", target_date=date(2027, 6, 2))
    assert goal.title == "Renamed"


def test_repeat_keeps_following_rules_following_and_fixed_ones_fixed(season):
    prune = season.milestones.get(title="Prune")
    milestone_update(milestone=prune, by=season.owner, must_finish_by=date(2027, 2, 5))
    new = goal_repeat(goal=season, by=season.owner, target_date=date(2028, 3, 3))
    export, prune = export_of(new), new.milestones.get(title="Prune")
    assert (export.finish_offset_days, export.must_finish_by) == (14, date(2028, 2, 18))
    assert (prune.finish_offset_days, prune.must_finish_by) == (
        None,
        date(2028, 2, 4),
    )  # 28 days before, as before


def test_repeat_into_the_past_is_refused(season):
    with pytest.raises(ValidationError) as refused:
        goal_repeat(goal=season, by=season.owner, target_date=date(2026, 3, 1))
    assert "is in the past" in refused.value.message_dict["target_date"][0]


def test_save_as_playbook_uses_the_offset_after_the_target_moved(season):
    goal_update(goal=season, by=season.owner, target_date=date(2027, 4, 2))
    playbook = goal_save_as_playbook(goal=season, by=season.owner)
    rule = PlaybookMilestone.objects.get(playbook=playbook, title="Export documents")
    assert rule.offset_days_before_target == 14
    assert playbook.working_weekdays == season.working_weekdays


def test_the_settings_page_refuses_a_past_target_on_its_field(client, season):
    client.force_login(season.owner)
    response = client.post(
        reverse("goals:edit", args=[season.pk]),
        {
            "title": season.title,
            "target_date": "2026-11-01",
            "status": "active",
            "working_weekdays": [str(day) for day in season.working_weekdays],
            "non_working_dates": "",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["target_date"]
    assert errors == [
        "Sun 1 Nov 2026 is in the past: choose today (Tue 1 Dec 2026) or a later date."
    ]


def test_the_settings_page_says_how_late_an_infeasible_target_is(client, season):
    client.force_login(season.owner)
    response = client.post(
        reverse("goals:edit", args=[season.pk]),
        {
            "title": season.title,
            "target_date": "2026-12-03",
            "status": "active",
            "working_weekdays": [str(day) for day in season.working_weekdays],
            "non_working_dates": "",
        },
        follow=True,
    )
    text = " ".join(str(message) for message in response.context["messages"])
    assert "The goal's settings were saved." in text
    assert "This target cannot be met: the earliest finish is" in text
    assert "working days short" in text


def test_the_api_refuses_a_past_target_with_400_naming_the_field(season):
    api = api_for(season.owner)
    url = f"/api/v1/goals/{season.pk}/"
    response = api.patch(url, {"target_date": "2026-11-01"}, format="json")
    assert response.status_code == 400
    assert "is in the past" in response.json()["fields"]["target_date"][0]
    response = api.post(
        "/api/v1/goals/", {"title": "Late", "target_date": "2026-11-30"}, format="json"
    )
    assert response.status_code == 400
    assert "is in the past" in response.json()["fields"]["target_date"][0]


def test_the_api_names_a_fixed_date_with_400_and_shows_offsets(season):
    export = export_of(season)
    api = api_for(season.owner)
    answer = api.get(f"/api/v1/milestones/{export.pk}/").json()
    assert answer["finish_offset_days"] == 14
    milestone_update(milestone=export, by=season.owner, must_finish_by=date(2027, 2, 26))
    response = api.patch(
        f"/api/v1/goals/{season.pk}/", {"target_date": "2027-02-22"}, format="json"
    )
    assert response.status_code == 400
    assert "Fri 26 Feb 2027" in response.json()["fields"]["target_date"][0]
