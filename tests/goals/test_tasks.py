"""The trash purge: goals left in the trash past 30 days go for good, daily."""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from ecosystem.celery import app
from goals.models import Goal
from goals.services import goal_create, goal_restore, goal_trash
from goals.tasks import purge_trash
from milestones.models import Milestone, Task
from milestones.services import milestone_create, task_create

pytestmark = pytest.mark.django_db


def _goal_with_plan(owner, title):
    goal = goal_create(by=owner, title=title, target_date=date(2027, 3, 5))
    milestone = milestone_create(
        goal=goal, by=goal.owner, title=f"{title}: first step", duration_days=2
    )
    task_create(milestone=milestone, by=milestone.goal.owner, title=f"{title}: first task")
    return goal


def _trash_days_ago(goal, days):
    with time_machine.travel(timezone.now() - timedelta(days=days), tick=False):
        return goal_trash(goal=goal, by=goal.owner)


@pytest.fixture
def trash(customer):
    """One goal trashed 31 days ago, one 29 days ago, and one live goal."""
    expired = _trash_days_ago(_goal_with_plan(customer, "Last season"), 31)
    recent = _trash_days_ago(_goal_with_plan(customer, "Deleted by mistake"), 29)
    live = _goal_with_plan(customer, "This season")
    return expired, recent, live


def test_a_goal_trashed_31_days_ago_is_purged_with_its_plan(trash):
    expired, _recent, _live = trash
    assert purge_trash.apply().get() == 1
    assert not Goal.objects.filter(pk=expired.pk).exists()
    assert not Milestone.objects.filter(goal_id=expired.pk).exists()
    assert not Task.objects.filter(title="Last season: first task").exists()


def test_a_goal_trashed_29_days_ago_is_kept_and_its_owner_can_restore_it(customer, trash):
    _expired, recent, _live = trash
    purge_trash.apply().get()
    restored = goal_restore(goal=Goal.objects.get(pk=recent.pk), by=customer)
    assert restored.deleted_at is None
    assert Goal.objects.visible_to(customer).filter(pk=recent.pk).exists()
    assert restored.milestones.count() == 1


def test_live_goals_are_untouched(customer, trash):
    _expired, _recent, live = trash
    purge_trash.apply().get()
    live.refresh_from_db()
    assert live.deleted_at is None
    assert Milestone.objects.filter(goal=live).count() == 1
    assert list(Goal.objects.visible_to(customer)) == [live]


def test_running_the_purge_twice_changes_nothing(trash):
    assert purge_trash.apply().get() == 1
    remaining = set(Goal.objects.values_list("pk", flat=True))
    milestones = Milestone.objects.count()
    assert purge_trash.apply().get() == 0
    assert set(Goal.objects.values_list("pk", flat=True)) == remaining
    assert Milestone.objects.count() == milestones


def test_the_recent_goal_is_purged_once_its_30_days_are_over(trash):
    _expired, recent, _live = trash
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        assert purge_trash.apply().get() == 2
    assert not Goal.objects.filter(pk=recent.pk).exists()


def test_the_beat_schedule_runs_the_purge_daily():
    entries = [
        entry for entry in app.conf.beat_schedule.values() if entry["task"] == purge_trash.name
    ]
    assert purge_trash.name == "goals.purge_trash"
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert schedule.hour == {3}
    assert schedule.minute == {15}
    assert schedule.day_of_week == set(range(7))


def test_the_purge_command_prints_how_many_goals_went(trash):
    out = StringIO()
    call_command("purge_trash", stdout=out)
    assert "Purged 1 goal" in out.getvalue()
    out = StringIO()
    call_command("purge_trash", stdout=out)
    assert "Purged 0 goal" in out.getvalue()
