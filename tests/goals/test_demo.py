"""Demo data: the orchard season and the certificate, as playbooks and as the demo goals."""

from datetime import date

import pytest
import time_machine
from django.apps import apps

from ecosystem.demo import DEMO_EMAIL, STAFF_EMAIL, load_demo
from goals.models import Goal, Playbook, PlaybookDependency
from milestones.demo import (
    CERTIFICATE_GOAL_TITLE,
    CERTIFICATE_PLAYBOOK,
    ORCHARD_GOAL_TITLE,
    ORCHARD_PLAYBOOK,
    next_first_of_march,
)
from milestones.models import Milestone

pytestmark = pytest.mark.django_db


def _row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def _prerequisites(playbook):
    return {
        (link.predecessor.title, link.successor.title, link.lag_days)
        for link in PlaybookDependency.objects.filter(
            predecessor__playbook=playbook
        ).select_related("predecessor", "successor")
    }


def test_the_orchard_season_playbook_has_its_milestones_and_prerequisites():
    load_demo()
    playbook = Playbook.objects.get(title=ORCHARD_PLAYBOOK["title"], author__email=STAFF_EMAIL)
    assert playbook.public
    assert playbook.category.slug == "pipfruit"
    titles = list(playbook.milestones.values_list("title", flat=True))
    for needed in (
        "Winter pruning",
        "Order fertiliser",
        "Fruit thinning",
        "Pest and disease monitoring",
        "Picking",
        "Packhouse intake booking",
        "Export documents",
    ):
        assert needed in titles
    prerequisites = _prerequisites(playbook)
    assert ("Order fertiliser", "Spread fertiliser", 5) in prerequisites
    assert ("Winter pruning", "Fruit thinning", 60) in prerequisites
    assert ("Maturity test", "Picking", 0) in prerequisites
    export = playbook.milestones.get(title="Export documents")
    assert export.offset_days_before_target == 14
    assert playbook.milestones.get(title="Winter pruning").tasks.count() == 3


def test_the_certificate_playbook_has_its_milestones_and_prerequisites():
    load_demo()
    playbook = Playbook.objects.get(title=CERTIFICATE_PLAYBOOK["title"], author__email=STAFF_EMAIL)
    assert playbook.public
    assert playbook.category.slug == "data-analytics"
    titles = list(playbook.milestones.values_list("title", flat=True))
    assert titles[0] == "Choose a provider and enrol"
    assert "Prerequisite course: spreadsheets and statistics" in titles
    assert "Capstone project" in titles
    assert "Final exam" in titles
    assert titles[-1] == "Job applications"
    prerequisites = _prerequisites(playbook)
    assert (
        "Choose a provider and enrol",
        "Prerequisite course: spreadsheets and statistics",
        0,
    ) in prerequisites
    assert ("Portfolio and CV", "Job applications", 0) in prerequisites
    assert playbook.milestones.get(title="Final exam").duration_days == 0


@time_machine.travel("2026-11-23 09:00 +13:00", tick=False)
def test_the_demo_customer_has_a_scheduled_goal_from_each_playbook():
    load_demo()
    goals = {goal.title: goal for goal in Goal.objects.filter(owner__email=DEMO_EMAIL)}
    assert set(goals) == {ORCHARD_GOAL_TITLE, CERTIFICATE_GOAL_TITLE}

    orchard = goals[ORCHARD_GOAL_TITLE]
    assert orchard.target_date == date(2027, 3, 1)
    assert orchard.working_weekdays == [1, 2, 3, 4, 5, 6]
    assert orchard.playbook.title == ORCHARD_PLAYBOOK["title"]
    assert orchard.region.slug == "hawkes-bay"
    certificate = goals[CERTIFICATE_GOAL_TITLE]
    assert certificate.working_weekdays == [1, 2, 3, 4, 5]
    assert 250 <= (certificate.target_date - date(2026, 11, 23)).days <= 290
    assert certificate.playbook.title == CERTIFICATE_PLAYBOOK["title"]

    for goal in (orchard, certificate):
        milestones = list(goal.milestones.all())
        assert len(milestones) == len(goal.playbook.milestones.all())
        assert (
            goal.dependencies.count()
            == PlaybookDependency.objects.filter(predecessor__playbook=goal.playbook).count()
        )
        for milestone in milestones:
            assert milestone.latest_start <= milestone.latest_finish <= goal.target_date
    export = orchard.milestones.get(title="Export documents")
    assert export.must_finish_by == date(2027, 2, 15)
    assert export.latest_finish <= date(2027, 2, 15)


@time_machine.travel("2026-11-23 09:00 +13:00", tick=False)
def test_the_demo_goals_show_some_progress_but_are_not_finished():
    load_demo()
    for goal in Goal.objects.filter(owner__email=DEMO_EMAIL):
        statuses = list(goal.milestones.values_list("status", flat=True))
        assert statuses.count(Milestone.Status.DONE) >= 2
        assert statuses.count(Milestone.Status.DOING) == 1
        assert Milestone.Status.TODO in statuses
    certificate = Goal.objects.get(owner__email=DEMO_EMAIL, title=CERTIFICATE_GOAL_TITLE)
    enrolment = certificate.milestones.get(title="Choose a provider and enrol")
    assert enrolment.status == Milestone.Status.DONE
    assert enrolment.completed_on is not None
    assert not enrolment.tasks.filter(done=False).exists()


def test_loading_the_demo_twice_changes_no_row_counts():
    load_demo()
    first = _row_counts()
    with time_machine.travel("2027-06-01 09:00 +12:00", tick=False):
        load_demo()
    assert _row_counts() == first
    assert Goal.objects.filter(owner__email=DEMO_EMAIL).count() == 2
    assert Playbook.objects.filter(author__email=STAFF_EMAIL).count() == 2


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 23), date(2027, 3, 1)),
        (date(2027, 2, 28), date(2027, 3, 1)),
        (date(2027, 3, 1), date(2028, 3, 1)),
        (date(2027, 3, 2), date(2028, 3, 1)),
    ],
)
def test_the_orchard_target_is_the_next_first_of_march(today, expected):
    assert next_first_of_march(today) == expected
