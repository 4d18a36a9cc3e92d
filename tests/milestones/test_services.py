"""Milestone, prerequisite and task services: stored dates, validation, locking."""

import threading
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from goals.services import goal_create
from milestones.models import Dependency, Milestone
from milestones.services import (
    dependency_create,
    dependency_delete,
    milestone_create,
    milestone_delete,
    milestone_reorder,
    milestone_update,
    task_create,
    task_update,
)

pytestmark = pytest.mark.django_db

MON_FRI = [1, 2, 3, 4, 5]


@pytest.fixture
def goal(customer):
    return goal_create(
        by=customer, title="Certificate", target_date=date(2027, 3, 5), working_weekdays=MON_FRI
    )


@pytest.fixture
def worked_example(goal):
    a = milestone_create(goal=goal, by=goal.owner, title="A", duration_days=2)
    c = milestone_create(goal=goal, by=goal.owner, title="C", duration_days=0)
    b = milestone_create(goal=goal, by=goal.owner, title="B", duration_days=1)
    dependency_create(goal=goal, by=goal.owner, predecessor=a, successor=c)
    dependency_create(goal=goal, by=goal.owner, predecessor=c, successor=b)
    return a, c, b


def _stored(milestone):
    milestone.refresh_from_db()
    return milestone.latest_start.isoformat(), milestone.latest_finish.isoformat()


def test_the_worked_example_stores_the_latest_dates(worked_example):
    a, c, b = worked_example
    assert _stored(b) == ("2027-03-05", "2027-03-05")
    assert _stored(c) == ("2027-03-04", "2027-03-04")
    assert _stored(a) == ("2027-03-02", "2027-03-03")


def test_changing_a_duration_moves_the_stored_dates_of_its_predecessors(worked_example):
    a, c, b = worked_example
    milestone_update(milestone=b, by=b.goal.owner, duration_days=3)
    assert _stored(b) == ("2027-03-03", "2027-03-05")
    assert _stored(c) == ("2027-03-02", "2027-03-02")
    assert _stored(a) == ("2027-02-26", "2027-03-01")


def test_deleting_a_prerequisite_releases_the_predecessor(worked_example):
    _a, c, b = worked_example
    link = Dependency.objects.get(predecessor=c, successor=b)
    dependency_delete(dependency=link, by=link.goal.owner)
    assert _stored(c) == ("2027-03-05", "2027-03-05")


def test_deleting_a_milestone_recomputes_the_rest(worked_example):
    a, c, _b = worked_example
    milestone_delete(milestone=c, by=c.goal.owner)
    assert _stored(a) == ("2027-03-04", "2027-03-05")


def test_a_cycle_is_refused_naming_the_milestones_and_nothing_changes(worked_example, goal):
    a, _c, b = worked_example
    with pytest.raises(ValidationError) as refused:
        dependency_create(goal=goal, by=goal.owner, predecessor=b, successor=a)

    message = refused.value.message_dict["successor"][0]
    assert "cycle" in message and "A" in message and "B" in message and "C" in message
    assert Dependency.objects.filter(goal=goal).count() == 2


@pytest.mark.parametrize("case", ["self", "twice", "other_goal"])
def test_bad_prerequisites_are_refused_with_a_clear_message(worked_example, goal, customer, case):
    a, c, _b = worked_example
    if case == "self":
        predecessor, successor = a, a
    elif case == "twice":
        predecessor, successor = a, c
    else:
        other = goal_create(by=customer, title="Other", target_date=date(2027, 4, 1))
        predecessor, successor = (
            a,
            milestone_create(goal=other, by=other.owner, title="X", duration_days=1),
        )

    with pytest.raises(ValidationError) as refused:
        dependency_create(goal=goal, by=goal.owner, predecessor=predecessor, successor=successor)
    assert refused.value.message_dict["successor"]
    assert Dependency.objects.count() == 2


@pytest.mark.parametrize("duration", [-1, 3651])
def test_durations_out_of_range_are_refused(goal, duration):
    with pytest.raises(ValidationError) as refused:
        milestone_create(goal=goal, by=goal.owner, title="Bad", duration_days=duration)
    assert "duration_days" in refused.value.message_dict
    assert not Milestone.objects.filter(goal=goal).exists()


def test_must_finish_by_after_the_target_is_refused(goal):
    with pytest.raises(ValidationError) as refused:
        milestone_create(
            goal=goal, by=goal.owner, title="Late", duration_days=1, must_finish_by=date(2027, 3, 6)
        )
    assert "must_finish_by" in refused.value.message_dict


def test_must_finish_by_pulls_the_latest_finish_earlier(goal):
    milestone = milestone_create(
        goal=goal, by=goal.owner, title="Order", duration_days=1, must_finish_by=date(2027, 2, 27)
    )
    # 27 Feb 2027 is a Saturday: the last working day on or before it is Friday the 26th.
    assert _stored(milestone) == ("2027-02-26", "2027-02-26")


def test_done_sets_completed_on_to_the_owners_today_and_done_again_changes_nothing(goal, customer):
    customer.time_zone = "Pacific/Auckland"
    customer.save()
    milestone = milestone_create(goal=goal, by=goal.owner, title="Prune", duration_days=2)
    with time_machine.travel("2027-03-01 20:00:00+00:00", tick=False):
        milestone_update(milestone=milestone, by=milestone.goal.owner, status="done")
    milestone.refresh_from_db()
    assert milestone.completed_on == date(2027, 3, 2)  # already Tuesday in Auckland

    with time_machine.travel("2027-03-04 20:00:00+00:00", tick=False):
        milestone_update(milestone=milestone, by=milestone.goal.owner, status="done")
    milestone.refresh_from_db()
    assert milestone.completed_on == date(2027, 3, 2)

    milestone_update(milestone=milestone, by=milestone.goal.owner, status="todo")
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_reorder_sets_positions_in_the_given_order(worked_example, goal):
    a, c, b = worked_example
    milestone_reorder(goal=goal, by=goal.owner, ordered_ids=[b.pk, a.pk, c.pk])
    positions = dict(Milestone.objects.filter(goal=goal).values_list("title", "position"))
    assert positions == {"B": 0, "A": 1, "C": 2}


def test_reorder_must_name_every_milestone_once(worked_example, goal):
    a, _c, b = worked_example
    with pytest.raises(ValidationError):
        milestone_reorder(goal=goal, by=goal.owner, ordered_ids=[a.pk, a.pk, b.pk])


def test_tasks_are_added_in_order_and_ticked(worked_example):
    a, _c, _b = worked_example
    first = task_create(milestone=a, by=a.goal.owner, title="Book the pruners")
    second = task_create(milestone=a, by=a.goal.owner, title="Sharpen tools")
    task_update(task=first, by=first.milestone.goal.owner, done=True)

    assert [task.title for task in a.tasks.all()] == ["Book the pruners", "Sharpen tools"]
    assert second.position == first.position + 1
    first.refresh_from_db()
    assert first.done


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_prerequisites_cannot_close_a_cycle_together(customer):
    """Each request alone is fine; together they would loop. The goal row lock serialises
    them, so the second sees the first and is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises whole transactions")
    goal = goal_create(by=customer, title="Race", target_date=date(2027, 3, 5))
    x = milestone_create(goal=goal, by=goal.owner, title="X", duration_days=1)
    y = milestone_create(goal=goal, by=goal.owner, title="Y", duration_days=1)
    barrier = threading.Barrier(2)
    outcomes = []

    def add(predecessor, successor):
        barrier.wait()
        try:
            dependency_create(
                goal=goal, by=goal.owner, predecessor=predecessor, successor=successor
            )
            outcomes.append("created")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=pair) for pair in [(x, y), (y, x)]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["created", "refused"]
    assert Dependency.objects.filter(goal=goal).count() == 1
