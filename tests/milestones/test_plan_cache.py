"""The owner's goal page draws its plan once per plan version and serves it from the cache
without reading the plan again (milestones/views/plan_body.py): every kind of write shows
on the very next view, and nobody is served a drawing that is not theirs."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from goals import services as goal_services
from milestones import services
from milestones.models import Dependency, Milestone
from milestones.plans import copy_plan
from tests.goals.test_dashboard import card_of, goal_in
from tests.milestones.test_stakeholder_pages import _stakeholder

pytestmark = pytest.mark.django_db


def page_of(client, goal) -> str:
    response = client.get(reverse("goals:detail", args=[goal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def plan_queries(client, goal) -> list[str]:
    """The SQL of one view of the goal page that reads the plan: milestones, prerequisites
    (a question of the customer's voice joining a milestone is not the plan)."""
    with CaptureQueriesContext(connection) as queries:
        page_of(client, goal)
    tables = (Milestone._meta.db_table, Dependency._meta.db_table)
    return [query["sql"] for query in queries if any(f'FROM "{t}"' in query["sql"] for t in tables)]


@pytest.fixture
def orchard(signed_in, customer):
    # Three steps in a chain, 10 working days before a target 30 days away.
    goal = goal_in(customer, title="Orchard", days_to_target=30, durations=[2, 3, 5])
    page_of(signed_in, goal)  # drawn and cached
    assert plan_queries(signed_in, goal) == []  # ... and served without reading the plan
    return goal


def step(goal, index) -> Milestone:
    return goal.milestones.get(title=f"Orchard step {index}")


def finish_by(page, milestone) -> str:
    """The closed line's "finish by" date of a milestone."""
    line = re.search(rf'<li id="milestone-{milestone.pk}".*?</li>', page, re.S).group(0)
    return re.search(r'<time datetime="([\d-]+)"', line).group(1)


def test_an_unchanged_plan_is_the_same_page_whether_drawn_or_cached(signed_in, orchard):
    cached = page_of(signed_in, orchard)
    orchard.milestones.first().save()  # a save with no change still makes a new version
    drawn = page_of(signed_in, orchard)
    # What is new in each answer: the form token (in forms and htmx's headers), the nonce.
    theirs = re.compile(r'(name="csrfmiddlewaretoken" value="|nonce="|CSRFToken": ")[^"]+"')
    assert theirs.sub("", cached) == theirs.sub("", drawn)


def test_a_new_milestone_shows_at_once(signed_in, orchard):
    services.milestone_create(goal=orchard, by=orchard.owner, title="Order the netting")
    assert "Order the netting" in page_of(signed_in, orchard)


def test_an_edited_milestone_shows_at_once(signed_in, orchard):
    services.milestone_update(milestone=step(orchard, 0), by=orchard.owner, title="Thin the fruit")
    services.milestone_update(milestone=step(orchard, 2), by=orchard.owner, status="done")
    page = page_of(signed_in, orchard)
    assert "Thin the fruit" in page and "1 of 3" in page


def test_a_longer_milestone_moves_the_dates_of_those_before_it(signed_in, orchard):
    first = step(orchard, 0)
    before = finish_by(page_of(signed_in, orchard), first)
    services.milestone_update(milestone=step(orchard, 2), by=orchard.owner, duration_days=9)
    assert finish_by(page_of(signed_in, orchard), first) < before


def test_a_deleted_milestone_goes_at_once(signed_in, orchard):
    services.milestone_delete(milestone=step(orchard, 1), by=orchard.owner)
    assert "Orchard step 1" not in page_of(signed_in, orchard)


def test_a_new_order_shows_at_once(signed_in, orchard):
    ids = list(orchard.milestones.order_by("-position").values_list("pk", flat=True))
    services.milestone_reorder(goal=orchard, by=orchard.owner, ordered_ids=ids)
    page = page_of(signed_in, orchard)
    assert page.index("Orchard step 2") < page.index("Orchard step 0")


def test_prerequisites_and_their_lag_move_the_dates_at_once(signed_in, orchard):
    first, last = step(orchard, 0), step(orchard, 2)
    link = Dependency.objects.get(successor=last)  # step 1 before step 2
    before = finish_by(page_of(signed_in, orchard), first)
    services.dependency_update(dependency=link, by=orchard.owner, lag_days=4)
    lagged = finish_by(page_of(signed_in, orchard), first)
    assert lagged < before
    services.dependency_delete(dependency=link, by=orchard.owner)
    unlinked = finish_by(page_of(signed_in, orchard), first)
    assert unlinked > lagged
    services.dependency_create(goal=orchard, by=orchard.owner, predecessor=first, successor=last)
    assert finish_by(page_of(signed_in, orchard), first) < unlinked


def test_every_task_write_changes_the_count_at_once(signed_in, orchard):
    milestone = step(orchard, 0)
    task = services.task_create(milestone=milestone, by=orchard.owner, title="Sharpen")
    other = services.task_create(milestone=milestone, by=orchard.owner, title="Oil the ladder")
    assert "Tasks: 0 of 2 done" in page_of(signed_in, orchard)
    services.task_update(task=task, by=orchard.owner, done=True)
    assert "Tasks: 1 of 2 done" in page_of(signed_in, orchard)
    services.task_delete(task=other, by=orchard.owner)
    assert "Tasks: 1 of 1 done" in page_of(signed_in, orchard)
    services.task_create(milestone=milestone, by=orchard.owner, title="Count the crates")
    services.milestone_update(milestone=milestone, by=orchard.owner, status="done")
    assert "Done, 1 task still open" in page_of(signed_in, orchard)
    assert services.milestone_close_tasks(milestone=milestone, by=orchard.owner) == 1
    assert "Tasks: 2 of 2 done" in page_of(signed_in, orchard)


def test_a_new_target_and_calendar_move_the_plan_at_once(signed_in, orchard):
    first = step(orchard, 0)
    before = finish_by(page_of(signed_in, orchard), first)
    goal_services.goal_update(
        goal=orchard, by=orchard.owner, target_date=orchard.target_date + timedelta(days=7)
    )
    later = finish_by(page_of(signed_in, orchard), first)
    assert later > before
    goal_services.goal_update(goal=orchard, by=orchard.owner, working_weekdays=[1, 2, 3])
    assert finish_by(page_of(signed_in, orchard), first) != later


def test_a_copied_plan_shows_on_its_goal_at_once(signed_in, orchard, customer):
    empty = goal_in(customer, title="Pears", days_to_target=30, durations=[])
    assert "No milestones yet" in page_of(signed_in, empty)
    milestones = list(orchard.milestones.all())
    copy_plan(
        goal=empty,
        milestones=milestones,
        dependencies=list(orchard.dependencies.all()),
        tasks=[],
        rule_for=lambda old: (None, False),
    )
    assert "Orchard step 2" in page_of(signed_in, empty)


def test_tomorrow_the_plan_is_drawn_for_tomorrow(signed_in, customer):
    goal = goal_in(customer, title="Orchard", days_to_target=3, durations=[2])
    page_of(signed_in, goal)
    # Days later, with nothing written, the step is late: nothing is served from before.
    with time_machine.travel(datetime.now(UTC) + timedelta(days=5), tick=False):
        assert "is-late" in page_of(signed_in, goal)


def test_a_stakeholder_is_never_served_the_owners_plan(client, orchard, customer):
    viewer = _stakeholder(orchard, customer, "view")
    client.force_login(viewer)
    page = page_of(client, orchard)
    assert "Orchard step 2" in page
    assert reverse("goals:milestone-add", args=[orchard.pk]) not in page
    assert len(plan_queries(client, orchard)) >= 2  # read for them each time


def test_the_form_token_in_a_cached_plan_is_the_readers_own(orchard, customer):
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(customer)
    page = page_of(reader, orchard)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = reader.post(
        reverse("goals:milestone-add", args=[orchard.pk]),
        {
            "csrfmiddlewaretoken": token,
            "add-title": "Hire pickers",
            "add-duration_days": "1",
            "add-status": "todo",
        },
    )
    assert response.status_code == 302
    assert "Hire pickers" in page_of(reader, orchard)


# --- The schedule API keeps the owner's answer under the same version -------------------


def schedule_of(api, goal, query="") -> dict:
    response = api.get(f"/api/v1/goals/{goal.pk}/schedule/{query}")
    assert response.status_code == 200, response.content
    return {row["title"]: row for row in response.json()["milestones"]}


def test_the_schedule_api_answers_from_the_cache_and_follows_every_write(customer_api, orchard):
    before = schedule_of(customer_api, orchard)
    with CaptureQueriesContext(connection) as queries:
        assert schedule_of(customer_api, orchard) == before
    assert not [query for query in queries if 'FROM "milestones_milestone"' in query["sql"]]

    services.milestone_update(milestone=step(orchard, 2), by=orchard.owner, duration_days=9)
    after = schedule_of(customer_api, orchard)
    assert after["Orchard step 0"]["latest_finish"] < before["Orchard step 0"]["latest_finish"]
    services.milestone_update(milestone=step(orchard, 0), by=orchard.owner, status="done")
    assert schedule_of(customer_api, orchard)["Orchard step 0"]["status"] == "done"
    # Another day is another answer, worked out for that day.
    later = (orchard.target_date - timedelta(days=2)).isoformat()
    assert schedule_of(customer_api, orchard, f"?as_of={later}")["Orchard step 1"]["is_late"]


def test_a_stakeholder_is_never_answered_with_the_owners_schedule(customer_api, orchard, customer):
    schedule_of(customer_api, orchard)  # the owner's answer, kept
    scoped = _stakeholder(orchard, customer, "view", milestones=[step(orchard, 0)])
    api = APIClient()
    api.force_authenticate(scoped)
    assert list(schedule_of(api, orchard)) == ["Orchard step 0"]


# --- The dashboard keeps each goal's summary under the same version ----------------------


def card(client, title) -> str:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return card_of(response.content.decode(), title)


def test_the_dashboards_card_follows_every_write_of_the_plan(signed_in, orchard):
    assert "(0 of 3 milestones done)" in card(signed_in, "Orchard")
    with CaptureQueriesContext(connection) as queries:
        card(signed_in, "Orchard")
    assert not [query for query in queries if query["sql"].startswith('SELECT "milestones_')]

    services.milestone_update(milestone=step(orchard, 0), by=orchard.owner, status="done")
    assert "(1 of 3 milestones done)" in card(signed_in, "Orchard")
    assert "Next: start “Orchard step 1”" in card(signed_in, "Orchard")
    services.milestone_delete(milestone=step(orchard, 1), by=orchard.owner)
    assert "Next: start “Orchard step 2”" in card(signed_in, "Orchard")
    with time_machine.travel(datetime.now(UTC) + timedelta(days=60), tick=False):
        signed_in.force_login(orchard.owner)  # the session of 60 days ago has expired
        assert "1 milestone is late." in card(signed_in, "Orchard")


# --- The version is raised before the row is written ------------------------------------


WRITE = re.compile(r'^(?:UPDATE|INSERT INTO|DELETE FROM) "([a-z_]+)"')


def first_write(queries, table) -> int:
    """The position of the first statement writing `table`."""
    return next(
        index
        for index, query in enumerate(queries)
        if (found := WRITE.match(query["sql"])) and found.group(1) == table
    )


@pytest.mark.parametrize("write", ["task created", "task ticked", "all ticked", "task deleted"])
def test_a_plan_write_takes_the_goal_row_before_its_own(orchard, write):
    """The goal row first, as the services that lock the goal do: two writes to one plan
    then wait for each other rather than each holding a row the other needs."""
    milestone = step(orchard, 0)
    task = services.task_create(milestone=milestone, by=orchard.owner, title="Sharpen")
    with CaptureQueriesContext(connection) as captured:
        if write == "task created":
            services.task_create(milestone=milestone, by=orchard.owner, title="Oil")
        elif write == "task ticked":
            services.task_update(task=task, by=orchard.owner, done=True)
        elif write == "all ticked":
            services.milestone_close_tasks(milestone=milestone, by=orchard.owner)
        else:
            services.task_delete(task=task, by=orchard.owner)
    queries = captured.captured_queries
    assert first_write(queries, "goals_goal") < first_write(queries, "milestones_task")
