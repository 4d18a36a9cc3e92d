"""The API of milestones, prerequisites, tasks and the schedule (issue 3's API table)."""

import itertools
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from goals.services import goal_create, goal_trash
from milestones.models import Dependency, Milestone, Task
from milestones.services import (
    dependency_create,
    milestone_create,
    schedule_recompute,
    task_create,
)

pytestmark = pytest.mark.django_db

MON_TO_FRI = [1, 2, 3, 4, 5]


@pytest.fixture
def goal(customer):
    return goal_create(
        by=customer,
        title="Certificate",
        target_date=date(2027, 3, 5),
        working_weekdays=MON_TO_FRI,
    )


@pytest.fixture
def plan(goal):
    """A -> B, and C on its own; one task on A."""
    first = milestone_create(goal=goal, by=goal.owner, title="A", duration_days=2)
    second = milestone_create(goal=goal, by=goal.owner, title="B", duration_days=1)
    alone = milestone_create(goal=goal, by=goal.owner, title="C", duration_days=1)
    link = dependency_create(goal=goal, by=goal.owner, predecessor=first, successor=second)
    task = task_create(milestone=first, by=first.goal.owner, title="Enrol")
    return {"goal": goal, "a": first, "b": second, "c": alone, "dependency": link, "task": task}


def build_plan(owner, count: int):
    """A goal with `count` milestones in a chain, each with two tasks, in a few queries."""
    goal = goal_create(
        by=owner,
        title=f"{count} steps",
        target_date=date(2030, 6, 28),
        working_weekdays=MON_TO_FRI,
    )
    milestones = Milestone.objects.bulk_create(
        Milestone(goal=goal, title=f"Step {index}", duration_days=1 + index % 3, position=index)
        for index in range(count)
    )
    Dependency.objects.bulk_create(
        Dependency(goal=goal, predecessor=before, successor=after)
        for before, after in itertools.pairwise(milestones)
    )
    Task.objects.bulk_create(
        Task(milestone=milestone, title=f"Task {number}", position=number, done=number == 0)
        for milestone in milestones
        for number in range(2)
    )
    with transaction.atomic():
        schedule_recompute(goal=goal)
    return goal


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


# --- The worked example of the issue, through the API ---------------------------------


def test_the_worked_example_of_the_issue(customer_api):
    response = customer_api.post(
        "/api/v1/goals/",
        {"title": "Worked example", "target_date": "2027-03-05", "working_weekdays": MON_TO_FRI},
    )
    assert response.status_code == 201, response.content
    goal_id = response.json()["id"]
    ids = {}
    for title, duration in [("A", 2), ("C", 0), ("B", 1)]:
        response = customer_api.post(
            f"/api/v1/goals/{goal_id}/milestones/", {"title": title, "duration_days": duration}
        )
        assert response.status_code == 201, response.content
        ids[title] = response.json()["id"]
    for before, after in [("A", "C"), ("C", "B")]:
        response = customer_api.post(
            f"/api/v1/goals/{goal_id}/dependencies/",
            {"predecessor": ids[before], "successor": ids[after]},
        )
        assert response.status_code == 201, response.content

    response = customer_api.get(f"/api/v1/goals/{goal_id}/schedule/?as_of=2027-03-01")

    assert response.status_code == 200
    assert response.json() == {
        "target_date": "2027-03-05",
        "as_of": "2027-03-01",
        "projected_finish": "2027-03-04",
        "feasible": True,
        "float_days": 1,
        "milestones": [
            {
                "id": ids["A"],
                "title": "A",
                "status": "todo",
                "latest_start": "2027-03-02",
                "latest_finish": "2027-03-03",
                "earliest_start": "2027-03-01",
                "earliest_finish": "2027-03-02",
                "slack_days": 1,
                "is_critical": True,
                "is_late": False,
            },
            {
                "id": ids["C"],
                "title": "C",
                "status": "todo",
                "latest_start": "2027-03-04",
                "latest_finish": "2027-03-04",
                "earliest_start": "2027-03-03",
                "earliest_finish": "2027-03-03",
                "slack_days": 1,
                "is_critical": True,
                "is_late": False,
            },
            {
                "id": ids["B"],
                "title": "B",
                "status": "todo",
                "latest_start": "2027-03-05",
                "latest_finish": "2027-03-05",
                "earliest_start": "2027-03-04",
                "earliest_finish": "2027-03-04",
                "slack_days": 1,
                "is_critical": True,
                "is_late": False,
            },
        ],
    }
    # The stored latest dates answer the milestone endpoints too, in the schedule's order.
    listed = customer_api.get(f"/api/v1/goals/{goal_id}/milestones/").json()["results"]
    assert [(row["title"], row["latest_start"], row["latest_finish"]) for row in listed] == [
        ("A", "2027-03-02", "2027-03-03"),
        ("C", "2027-03-04", "2027-03-04"),
        ("B", "2027-03-05", "2027-03-05"),
    ]


# --- Milestones ---------------------------------------------------------------------------


def test_create_a_milestone_answers_201_with_its_latest_dates(customer_api, goal):
    response = customer_api.post(
        f"/api/v1/goals/{goal.pk}/milestones/",
        {
            "title": "Export documents",
            "duration_days": 2,
            "must_finish_by": "2027-03-03",
            "description": "Phytosanitary certificate",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["goal"] == goal.pk
    assert body["latest_start"] == "2027-03-02"
    assert body["latest_finish"] == "2027-03-03"
    assert body["status"] == "todo"
    assert body["completed_on"] is None
    assert body["task_count"] == 0
    assert Milestone.objects.get(pk=body["id"]).description == "Phytosanitary certificate"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"duration_days": -1}, "duration_days"),
        ({"duration_days": 3651}, "duration_days"),
        ({"duration_days": "two"}, "duration_days"),
        ({"must_finish_by": "2027-03-06"}, "must_finish_by"),
        ({"must_finish_by": "2027-02-30"}, "must_finish_by"),
        ({"title": ""}, "title"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_milestone_input_answers_400_naming_the_field(customer_api, goal, changes, field):
    body = {"title": "Step", "duration_days": 1, **changes}

    response = customer_api.post(f"/api/v1/goals/{goal.pk}/milestones/", body)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not goal.milestones.exists()


def test_duration_is_required_on_create(customer_api, goal):
    response = customer_api.post(f"/api/v1/goals/{goal.pk}/milestones/", {"title": "Step"})

    assert response.status_code == 400
    assert "duration_days" in response.json()["fields"]


def test_milestone_list_is_paginated_in_the_schedule_order(customer_api, goal):
    late = milestone_create(goal=goal, by=goal.owner, title="Late", duration_days=1)
    early = milestone_create(
        goal=goal, by=goal.owner, title="Early", duration_days=1, must_finish_by=date(2027, 3, 1)
    )
    tie_second = milestone_create(
        goal=goal, by=goal.owner, title="Tie 2", duration_days=1, position=7
    )
    tie_first = milestone_create(
        goal=goal, by=goal.owner, title="Tie 1", duration_days=1, position=3
    )

    body = customer_api.get(f"/api/v1/goals/{goal.pk}/milestones/").json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 4
    assert [row["id"] for row in body["results"]] == [
        early.pk,  # its must_finish_by pulls its latest start first
        late.pk,  # the same latest start as the ties: position 0 comes first
        tie_first.pk,
        tie_second.pk,
    ]


def test_get_a_milestone(customer_api, plan):
    body = customer_api.get(f"/api/v1/milestones/{plan['a'].pk}/").json()

    assert body["title"] == "A"
    assert body["latest_start"] == "2027-03-03"
    assert body["latest_finish"] == "2027-03-04"
    assert body["task_count"] == 1
    assert body["tasks_done"] == 0


def test_patch_duration_recomputes_the_stored_dates(customer_api, plan):
    response = customer_api.patch(f"/api/v1/milestones/{plan['b'].pk}/", {"duration_days": 2})

    assert response.status_code == 200
    assert response.json()["latest_start"] == "2027-03-04"
    plan["a"].refresh_from_db()
    assert plan["a"].latest_finish == date(2027, 3, 3)


def test_done_sets_completed_on_to_the_owners_today_and_done_again_changes_nothing(
    customer_api, customer, plan
):
    customer.time_zone = "Pacific/Auckland"
    customer.save()
    url = f"/api/v1/milestones/{plan['a'].pk}/"

    # 20:00 in London is already the next morning in Auckland.
    with time_machine.travel(datetime(2027, 3, 1, 20, 0, tzinfo=UTC), tick=False):
        first = customer_api.patch(url, {"status": "done"})
    assert first.status_code == 200
    assert first.json()["completed_on"] == "2027-03-02"

    with time_machine.travel(datetime(2027, 3, 4, 9, 0, tzinfo=UTC), tick=False):
        again = customer_api.patch(url, {"status": "done"})
    assert again.status_code == 200
    assert again.json()["completed_on"] == "2027-03-02"

    reopened = customer_api.patch(url, {"status": "todo"})
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "todo"
    assert reopened.json()["completed_on"] is None


def test_completed_on_cannot_be_written(customer_api, plan):
    response = customer_api.patch(
        f"/api/v1/milestones/{plan['a'].pk}/", {"completed_on": "2020-01-01"}
    )
    plan["a"].refresh_from_db()
    assert plan["a"].completed_on is None
    assert response.status_code == 200  # read-only fields are ignored, as everywhere


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "Renamed", "duration_days": -3}, "duration_days"),
        ({"title": "Renamed", "duration_days": 4000}, "duration_days"),
        ({"title": "Renamed", "must_finish_by": "2027-04-01"}, "must_finish_by"),
        ({"title": "Renamed", "must_finish_by": "soon"}, "must_finish_by"),
        ({"title": "Renamed", "status": "finished"}, "status"),
        ({"title": "Renamed", "latest_start": "2027-01-01", "colour": "red"}, "colour"),
    ],
)
def test_a_refused_patch_loses_nothing(customer_api, plan, changes, field):
    milestone = plan["a"]
    before = Milestone.objects.values().get(pk=milestone.pk)

    response = customer_api.patch(f"/api/v1/milestones/{milestone.pk}/", changes)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert Milestone.objects.values().get(pk=milestone.pk) == before


def test_delete_a_milestone_answers_204_and_recomputes(customer_api, plan):
    response = customer_api.delete(f"/api/v1/milestones/{plan['b'].pk}/")

    assert response.status_code == 204
    assert not Milestone.objects.filter(pk=plan["b"].pk).exists()
    plan["a"].refresh_from_db()
    assert plan["a"].latest_finish == date(2027, 3, 5)


def test_put_is_not_offered(customer_api, plan):
    response = customer_api.put(
        f"/api/v1/milestones/{plan['a'].pk}/", {"title": "X", "duration_days": 1}
    )
    assert response.status_code == 405


# --- Prerequisites ------------------------------------------------------------------------


def test_create_list_get_and_delete_a_dependency(customer_api, goal):
    first = milestone_create(goal=goal, by=goal.owner, title="First", duration_days=1)
    second = milestone_create(goal=goal, by=goal.owner, title="Second", duration_days=1)

    response = customer_api.post(
        f"/api/v1/goals/{goal.pk}/dependencies/",
        {"predecessor": first.pk, "successor": second.pk, "lag_days": 2},
    )
    assert response.status_code == 201
    created = response.json()
    assert created == {
        "id": created["id"],
        "goal": goal.pk,
        "predecessor": first.pk,
        "successor": second.pk,
        "lag_days": 2,
        "created_at": created["created_at"],
    }
    first.refresh_from_db()
    # Second's latest start is Friday 03-05: First finishes the third working day before.
    assert first.latest_finish == date(2027, 3, 2)

    listed = customer_api.get(f"/api/v1/goals/{goal.pk}/dependencies/").json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == created["id"]
    assert customer_api.get(f"/api/v1/dependencies/{created['id']}/").json() == created

    assert customer_api.delete(f"/api/v1/dependencies/{created['id']}/").status_code == 204
    assert not Dependency.objects.exists()
    first.refresh_from_db()
    assert first.latest_finish == date(2027, 3, 5)


def test_a_dependency_cannot_be_changed(customer_api, plan):
    url = f"/api/v1/dependencies/{plan['dependency'].pk}/"
    assert customer_api.patch(url, {"lag_days": 3}).status_code == 405


def test_a_dependency_across_goals_is_refused(customer_api, customer, plan):
    elsewhere = goal_create(by=customer, title="Other goal", target_date=date(2027, 5, 1))
    foreign = milestone_create(
        goal=elsewhere, by=elsewhere.owner, title="Elsewhere", duration_days=1
    )

    response = customer_api.post(
        f"/api/v1/goals/{plan['goal'].pk}/dependencies/",
        {"predecessor": plan["a"].pk, "successor": foreign.pk},
    )

    assert response.status_code == 400
    assert "successor" in response.json()["fields"]
    assert Dependency.objects.count() == 1


def test_a_dependency_on_itself_or_twice_is_refused(customer_api, plan):
    url = f"/api/v1/goals/{plan['goal'].pk}/dependencies/"

    on_itself = customer_api.post(url, {"predecessor": plan["a"].pk, "successor": plan["a"].pk})
    twice = customer_api.post(url, {"predecessor": plan["a"].pk, "successor": plan["b"].pk})

    assert on_itself.status_code == 400
    assert "successor" in on_itself.json()["fields"]
    assert twice.status_code == 400
    assert "already exists" in str(twice.json()["fields"]["successor"])
    assert Dependency.objects.count() == 1


def test_a_cycle_is_refused_naming_the_milestones_on_it(customer_api, plan):
    third = milestone_create(
        goal=plan["goal"], by=plan["goal"].owner, title="Exam", duration_days=1
    )
    dependency_create(
        goal=plan["goal"], by=plan["goal"].owner, predecessor=plan["b"], successor=third
    )
    before = list(Milestone.objects.order_by("id").values_list("latest_start", "latest_finish"))

    response = customer_api.post(
        f"/api/v1/goals/{plan['goal'].pk}/dependencies/",
        {"predecessor": third.pk, "successor": plan["a"].pk},
    )

    assert response.status_code == 400
    message = " ".join(response.json()["fields"]["successor"])
    assert "cycle" in message
    for title in ("A", "B", "Exam"):
        assert title in message
    assert Dependency.objects.count() == 2
    after = list(Milestone.objects.order_by("id").values_list("latest_start", "latest_finish"))
    assert after == before


@pytest.mark.parametrize(
    ("lag", "field"), [(-1, "lag_days"), (3651, "lag_days"), ("x", "lag_days")]
)
def test_a_bad_lag_is_refused(customer_api, goal, lag, field):
    first = milestone_create(goal=goal, by=goal.owner, title="First", duration_days=1)
    second = milestone_create(goal=goal, by=goal.owner, title="Second", duration_days=1)

    response = customer_api.post(
        f"/api/v1/goals/{goal.pk}/dependencies/",
        {"predecessor": first.pk, "successor": second.pk, "lag_days": lag},
    )

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Dependency.objects.exists()


def test_a_milestone_of_someone_else_cannot_be_named(customer_api, other_customer, plan):
    theirs = goal_create(by=other_customer, title="Theirs", target_date=date(2027, 3, 5))
    their_milestone = milestone_create(
        goal=theirs, by=theirs.owner, title="Theirs", duration_days=1
    )

    response = customer_api.post(
        f"/api/v1/goals/{plan['goal'].pk}/dependencies/",
        {"predecessor": their_milestone.pk, "successor": plan["b"].pk},
    )

    assert response.status_code == 400
    assert "predecessor" in response.json()["fields"]


def test_unknown_dependency_fields_are_named(customer_api, plan):
    response = customer_api.post(
        f"/api/v1/goals/{plan['goal'].pk}/dependencies/",
        {"predecessor": plan["b"].pk, "successor": plan["a"].pk, "lag": 2},
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"lag": ["Unknown field."]}


# --- Tasks --------------------------------------------------------------------------------


def test_tasks_crud(customer_api, plan):
    milestone = plan["a"]
    url = f"/api/v1/milestones/{milestone.pk}/tasks/"

    response = customer_api.post(url, {"title": "Pay the fee"})
    assert response.status_code == 201
    task = response.json()
    assert task["milestone"] == milestone.pk
    assert task["position"] == 1
    assert task["done"] is False

    listed = customer_api.get(url).json()
    assert [row["title"] for row in listed["results"]] == ["Enrol", "Pay the fee"]

    detail_url = f"/api/v1/tasks/{task['id']}/"
    assert customer_api.get(detail_url).json()["title"] == "Pay the fee"
    patched = customer_api.patch(detail_url, {"done": True, "title": "Pay the fees"})
    assert patched.status_code == 200
    assert patched.json()["done"] is True
    counts = customer_api.get(f"/api/v1/milestones/{milestone.pk}/").json()
    assert (counts["task_count"], counts["tasks_done"]) == (2, 1)

    assert customer_api.delete(detail_url).status_code == 204
    assert customer_api.get(detail_url).status_code == 404


def test_bad_task_input_is_refused(customer_api, plan):
    url = f"/api/v1/milestones/{plan['a'].pk}/tasks/"
    assert "title" in customer_api.post(url, {"title": ""}).json()["fields"]
    assert "position" in customer_api.post(url, {"title": "T", "position": 3}).json()["fields"]

    task = plan["task"]
    response = customer_api.patch(f"/api/v1/tasks/{task.pk}/", {"title": "x" * 201, "done": True})
    assert response.status_code == 400
    assert "title" in response.json()["fields"]
    task.refresh_from_db()
    assert (task.title, task.done) == ("Enrol", False)


# --- The schedule -------------------------------------------------------------------------


def test_schedule_as_of_defaults_to_the_owners_today(customer_api, customer, plan):
    customer.time_zone = "Pacific/Auckland"
    customer.save()

    with time_machine.travel(datetime(2027, 2, 28, 20, 0, tzinfo=UTC), tick=False):
        body = customer_api.get(f"/api/v1/goals/{plan['goal'].pk}/schedule/").json()

    assert body["as_of"] == "2027-03-01"
    assert body["float_days"] == 2


def test_schedule_lists_done_milestones_without_earliest_dates(customer_api, plan):
    customer_api.patch(f"/api/v1/milestones/{plan['a'].pk}/", {"status": "done"})

    body = customer_api.get(f"/api/v1/goals/{plan['goal'].pk}/schedule/?as_of=2027-03-01").json()

    done = next(row for row in body["milestones"] if row["id"] == plan["a"].pk)
    assert done["status"] == "done"
    assert done["earliest_start"] is None
    assert done["slack_days"] is None
    assert done["is_critical"] is False
    assert body["projected_finish"] == "2027-03-01"


def test_a_late_plan_is_not_feasible(customer_api, plan):
    body = customer_api.get(f"/api/v1/goals/{plan['goal'].pk}/schedule/?as_of=2027-03-05").json()

    assert body["feasible"] is False
    assert body["float_days"] == -2
    late = {row["title"]: row["is_late"] for row in body["milestones"]}
    assert late == {"A": True, "B": True, "C": False}


def test_the_schedule_answers_exactly_what_its_documented_serializer_gives(
    customer_api, customer, plan
):
    # The answer is built in one pass for speed; the schema documents ScheduleSerializer.
    # A done milestone (no earliest dates) covers the None case.
    from milestones.api.schedule import ScheduleSerializer
    from milestones.selectors import goal_plan

    customer_api.patch(f"/api/v1/milestones/{plan['a'].pk}/", {"status": "done"})
    body = customer_api.get(f"/api/v1/goals/{plan['goal'].pk}/schedule/?as_of=2027-03-05").json()

    expected = goal_plan(goal=plan["goal"], viewer=customer, as_of=date(2027, 3, 5))
    schedule = expected.schedule
    documented = ScheduleSerializer(
        {
            "target_date": schedule.target_date,
            "as_of": schedule.as_of,
            "projected_finish": schedule.projected_finish,
            "feasible": schedule.feasible,
            "float_days": schedule.float_days,
            "milestones": expected.rows,
        }
    ).data
    assert body == documented
    assert [row["earliest_start"] is None for row in body["milestones"]].count(True) == 1


@pytest.mark.parametrize(
    "query", ["as_of=2027-02-30", "as_of=yesterday", "as_of=", "asof=2027-03-01"]
)
def test_a_bad_schedule_query_answers_400_naming_it(customer_api, plan, query):
    response = customer_api.get(f"/api/v1/goals/{plan['goal'].pk}/schedule/?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["fields"]


def test_a_schedule_past_the_last_date_answers_400(customer_api, plan):
    response = customer_api.get(f"/api/v1/goals/{plan['goal'].pk}/schedule/?as_of=9999-12-31")

    assert response.status_code == 400
    assert "as_of" in response.json()["fields"]


def test_a_trashed_goal_has_no_plan_to_show(customer_api, plan):
    goal_trash(goal=plan["goal"], by=plan["goal"].owner)
    goal_id = plan["goal"].pk

    assert customer_api.get(f"/api/v1/goals/{goal_id}/schedule/").status_code == 404
    assert customer_api.get(f"/api/v1/goals/{goal_id}/milestones/").status_code == 404
    assert customer_api.get(f"/api/v1/milestones/{plan['a'].pk}/").status_code == 404
    assert customer_api.get(f"/api/v1/tasks/{plan['task'].pk}/").status_code == 404


# --- Who may do what ----------------------------------------------------------------------

ENDPOINTS = [
    ("get", "/api/v1/goals/{goal}/milestones/", None),
    ("post", "/api/v1/goals/{goal}/milestones/", {"title": "X", "duration_days": 1}),
    ("get", "/api/v1/milestones/{a}/", None),
    ("patch", "/api/v1/milestones/{a}/", {"status": "done"}),
    ("delete", "/api/v1/milestones/{a}/", None),
    ("get", "/api/v1/goals/{goal}/dependencies/", None),
    ("post", "/api/v1/goals/{goal}/dependencies/", {"predecessor": "{b}", "successor": "{c}"}),
    ("get", "/api/v1/dependencies/{dependency}/", None),
    ("delete", "/api/v1/dependencies/{dependency}/", None),
    ("get", "/api/v1/milestones/{a}/tasks/", None),
    ("post", "/api/v1/milestones/{a}/tasks/", {"title": "X"}),
    ("get", "/api/v1/tasks/{task}/", None),
    ("patch", "/api/v1/tasks/{task}/", {"done": True}),
    ("delete", "/api/v1/tasks/{task}/", None),
    ("get", "/api/v1/goals/{goal}/schedule/", None),
]


def _call(client, plan, method, template, body):
    ids = {name: obj.pk for name, obj in plan.items()}
    url = template.format(**ids)
    if body is not None:
        body = {
            key: (int(value.format(**ids)) if isinstance(value, str) and "{" in value else value)
            for key, value in body.items()
        }
    return getattr(client, method)(url, body) if body is not None else getattr(client, method)(url)


def _unchanged_snapshot():
    return (
        list(Milestone.objects.order_by("id").values()),
        list(Dependency.objects.order_by("id").values()),
        list(Task.objects.order_by("id").values()),
    )


@pytest.mark.parametrize(("method", "template", "body"), ENDPOINTS)
def test_the_owner_may(customer_api, plan, method, template, body):
    response = _call(customer_api, plan, method, template, body)

    assert response.status_code in (200, 201, 204), response.content


@pytest.mark.parametrize("role", ["other_api", "staff_api"])
@pytest.mark.parametrize(("method", "template", "body"), ENDPOINTS)
def test_someone_else_gets_404_and_changes_nothing(request, plan, role, method, template, body):
    client = request.getfixturevalue(role)
    before = _unchanged_snapshot()

    response = _call(client, plan, method, template, body)

    assert response.status_code == 404
    assert response.json()["status"] == 404
    assert _unchanged_snapshot() == before


@pytest.mark.parametrize(("method", "template", "body"), ENDPOINTS)
def test_anonymous_gets_401(api_client, plan, method, template, body):
    response = _call(api_client, plan, method, template, body)

    assert response.status_code == 401


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/milestones/abc/",
        "/api/v1/milestones/1.0/",
        "/api/v1/milestones/99999999999999999999999/",
        "/api/v1/dependencies/-1/",
        "/api/v1/tasks/%00/",
        "/api/v1/goals/x/milestones/",
        "/api/v1/goals/99999999999999999999999/schedule/",
        "/api/v1/milestones/9x/tasks/",
    ],
)
def test_malformed_ids_answer_404(customer_api, plan, url):
    assert customer_api.get(url).status_code == 404


# --- Queries do not grow with the plan ----------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/goals/{goal}/milestones/?page_size=200",
        "/api/v1/goals/{goal}/schedule/?as_of=2030-01-07",
        "/api/v1/goals/{goal}/dependencies/?page_size=200",
        "/api/v1/milestones/{milestone}/tasks/",
    ],
)
def test_queries_do_not_grow_with_the_number_of_milestones(customer, customer_api, url):
    counts = []
    for size in (5, 200):
        goal = build_plan(customer, size)
        milestone = goal.milestones.first()
        counts.append(count_queries(customer_api, url.format(goal=goal.pk, milestone=milestone.pk)))

    assert counts[0] == counts[1]


def test_the_big_plan_lists_every_milestone(customer, customer_api):
    goal = build_plan(customer, 200)

    body = customer_api.get(f"/api/v1/goals/{goal.pk}/milestones/?page_size=200").json()
    schedule = customer_api.get(f"/api/v1/goals/{goal.pk}/schedule/?as_of=2029-01-01").json()

    assert body["count"] == 200 and len(body["results"]) == 200
    assert all(row["task_count"] == 2 and row["tasks_done"] == 1 for row in body["results"])
    assert len(schedule["milestones"]) == 200
    assert [row["id"] for row in body["results"]] == [row["id"] for row in schedule["milestones"]]
