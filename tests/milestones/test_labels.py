"""The label rules of the goal page and the dashboard (milestones/labels.py)."""

from datetime import date, timedelta

import pytest

from milestones import labels

TODAY = date(2027, 3, 1)


def _attention(*, start_in, finish_in, is_late=False, is_open=True, goal_status="active"):
    return labels.attention_of(
        goal_status=goal_status,
        is_open=is_open,
        is_late=is_late,
        latest_start=TODAY + timedelta(days=start_in),
        latest_finish=TODAY + timedelta(days=finish_in),
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("start_in", "finish_in", "expected"),
    [
        (0, 3, labels.ATTENTION_THIS_WEEK),  # starts today
        (6, 9, labels.ATTENTION_THIS_WEEK),  # the 7th day, today counted
        (7, 9, None),  # the 8th day: next week
        (-20, 5, labels.ATTENTION_THIS_WEEK),  # under way, due to finish this week
        (-20, 20, None),  # start-by passed long ago but due in three weeks: not "this week"
        (30, 40, None),
    ],
)
def test_this_week_means_the_next_seven_days(start_in, finish_in, expected):
    assert _attention(start_in=start_in, finish_in=finish_in) == expected


def test_late_items_are_their_own_list_whatever_their_dates():
    assert _attention(start_in=60, finish_in=90, is_late=True) == labels.ATTENTION_LATE
    assert _attention(start_in=1, finish_in=2, is_late=True) == labels.ATTENTION_LATE


@pytest.mark.parametrize("status", ["achieved", "abandoned"])
def test_a_finished_goal_needs_no_attention_and_is_never_late(status):
    assert _attention(start_in=1, finish_in=2, is_late=True, goal_status=status) is None
    assert labels.goal_health(goal_status=status, schedule_health="late") == status


def test_an_active_goal_shows_its_schedule_health():
    assert labels.goal_health(goal_status="active", schedule_health="late") == "late"


def test_closed_milestones_need_no_attention():
    assert _attention(start_in=1, finish_in=2, is_late=True, is_open=False) is None


def test_a_done_milestone_names_its_open_tasks_instead_of_none_done():
    label = labels.tasks_label(milestone_status="done", done=0, total=2)
    assert label == "Done, 2 tasks still open"
    assert "0 of 2" not in label
    assert labels.close_tasks_label(2) == "Close 2 open tasks"
    assert labels.close_tasks_label(1) == "Close 1 open task"


def test_a_milestone_under_way_counts_its_tasks():
    assert labels.tasks_label(milestone_status="doing", done=1, total=3) == "Tasks: 1 of 3 done"
    assert labels.tasks_label(milestone_status="done", done=2, total=2) == "Tasks: 2 of 2 done"


def test_the_achieved_question_names_how_many_are_open():
    question = labels.achieved_question(open_count=11, total=12)
    assert question.startswith("11 of 12 milestones are still open")
