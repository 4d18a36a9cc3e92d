"""Goal and playbook services: create, change, trash, start, repeat, save as playbook."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from goals.models import Goal, PlaybookDependency, PlaybookMilestone
from goals.playbooks import playbook_create
from goals.services import goal_create, goal_restore, goal_trash, goal_update
from milestones.models import Dependency, Milestone
from milestones.plans import goal_repeat, goal_save_as_playbook, playbook_start
from milestones.services import dependency_create, milestone_create, milestone_update, task_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def season(customer):
    goal = goal_create(
        by=customer,
        title="Gala apples picked",
        target_date=date(2027, 3, 1),
        working_weekdays=[1, 2, 3, 4, 5, 6],
        non_working_dates=["2027-02-06"],
    )
    prune = milestone_create(goal=goal, by=goal.owner, title="Pruning", duration_days=10)
    export = milestone_create(
        goal=goal,
        by=goal.owner,
        title="Export documents",
        duration_days=2,
        must_finish_by=date(2027, 2, 15),
    )
    dependency_create(goal=goal, by=goal.owner, predecessor=prune, successor=export, lag_days=2)
    task_create(milestone=prune, by=prune.goal.owner, title="Book pruners")
    milestone_update(milestone=prune, by=prune.goal.owner, status="done")
    return goal


@pytest.mark.parametrize(
    "weekdays", [[], [0], [8], ["monday"], [1.5], "1,2"], ids=lambda value: repr(value)
)
def test_working_weekdays_must_be_iso_days_and_at_least_one(customer, weekdays):
    with pytest.raises(ValidationError) as refused:
        goal_create(by=customer, title="x", target_date=date(2027, 1, 1), working_weekdays=weekdays)
    assert "working_weekdays" in refused.value.message_dict
    assert not Goal.objects.exists()


def test_non_working_dates_must_be_dates(customer):
    with pytest.raises(ValidationError) as refused:
        goal_create(
            by=customer,
            title="x",
            target_date=date(2027, 1, 1),
            non_working_dates=["2027-02-30"],
        )
    assert "non_working_dates" in refused.value.message_dict


def test_moving_the_target_moves_the_stored_dates(season):
    export = season.milestones.get(title="Export documents")
    before = export.latest_finish
    goal_update(
        goal=season, by=season.owner, target_date=date(2027, 3, 1), working_weekdays=[1, 2, 3, 4, 5]
    )
    goal_update(goal=season, by=season.owner, non_working_dates=["2027-02-15"])
    export.refresh_from_db()
    assert export.latest_finish < before  # the 15th became a holiday


def test_a_target_before_a_dated_rule_is_refused_naming_the_milestone(season):
    with pytest.raises(ValidationError) as refused:
        goal_update(goal=season, by=season.owner, target_date=date(2027, 2, 1))
    assert "Export documents" in refused.value.message_dict["target_date"][0]
    season.refresh_from_db()
    assert season.target_date == date(2027, 3, 1)


def test_trash_hides_the_goal_and_restore_brings_it_back(season, customer):
    goal_trash(goal=season, by=season.owner)
    assert not Goal.objects.visible_to(customer).exists()
    assert Goal.objects.owned_by(customer).in_trash().get() == season

    goal_restore(goal=season, by=season.owner)
    assert Goal.objects.visible_to(customer).get() == season
    assert season.milestones.count() == 2


def test_repeat_reanchors_the_plan_keeps_rule_offsets_and_drops_holidays(season):
    new = goal_repeat(
        goal=season, by=season.owner, target_date=date(2028, 3, 1), title="Next season"
    )

    assert (new.title, new.repeats, new.non_working_dates) == ("Next season", season, [])
    assert new.working_weekdays == [1, 2, 3, 4, 5, 6]
    export = new.milestones.get(title="Export documents")
    # 14 days before the target, as before (2028 is a leap year, so the 16th).
    assert export.must_finish_by == date(2028, 2, 16)
    assert export.status == "todo"
    prune = new.milestones.get(title="Pruning")
    assert prune.status == "todo" and prune.completed_on is None
    assert [task.done for task in prune.tasks.all()] == [False]
    link = Dependency.objects.get(goal=new)
    assert (link.predecessor, link.successor, link.lag_days) == (prune, export, 2)
    assert export.latest_finish is not None


def test_save_as_playbook_then_start_copies_the_plan(season, other_customer):
    playbook = goal_save_as_playbook(goal=season, by=season.owner, public=True)
    export_rule = PlaybookMilestone.objects.get(playbook=playbook, title="Export documents")
    assert export_rule.offset_days_before_target == 14

    goal = playbook_start(playbook=playbook, by=other_customer, target_date=date(2027, 12, 1))

    assert goal.playbook == playbook and goal.owner == other_customer
    copied = goal.milestones.get(title="Export documents")
    assert copied.source == export_rule
    assert copied.must_finish_by == date(2027, 11, 17)
    assert Dependency.objects.filter(goal=goal).count() == 1
    assert copied.latest_finish <= date(2027, 11, 17)


def test_later_edits_of_a_playbook_never_change_existing_goals(customer):
    playbook = playbook_create(
        by=customer,
        title="Certificate",
        milestones=[{"title": "Enrol", "duration_days": 1}, {"title": "Exam", "duration_days": 0}],
        dependencies=[{"predecessor": 0, "successor": 1}],
    )
    goal = playbook_start(playbook=playbook, by=customer, target_date=date(2027, 6, 30))
    PlaybookMilestone.objects.filter(playbook=playbook).update(duration_days=30, title="Changed")

    assert sorted(goal.milestones.values_list("title", "duration_days")) == [
        ("Enrol", 1),
        ("Exam", 0),
    ]


def test_a_playbook_with_a_cycle_is_refused(customer):
    with pytest.raises(ValidationError):
        playbook_create(
            by=customer,
            title="Loop",
            milestones=[{"title": "A"}, {"title": "B"}],
            dependencies=[{"predecessor": 0, "successor": 1}, {"predecessor": 1, "successor": 0}],
        )
    assert not PlaybookDependency.objects.exists()
    assert not Milestone.objects.exists()
