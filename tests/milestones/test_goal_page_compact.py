"""The compact goal page (issue 20): milestones closed to one line, one open at a time
(?open=<id>, or the one a write concerned), one "add a milestone" form near the top with
an optional prerequisite and lag, dates in the one format, and labels that tell the truth."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from goals.models import Goal
from goals.services import goal_create
from milestones.models import Dependency, Milestone, Task
from milestones.services import (
    dependency_create,
    milestone_create,
    milestone_update,
    task_create,
)
from tests.conftest import assert_max_queries

pytestmark = pytest.mark.django_db

TARGET = date(2027, 9, 1)


def _plan(owner, size):
    goal = goal_create(by=owner, title=f"Plan of {size}", target_date=TARGET)
    previous = None
    for index in range(size):
        milestone = milestone_create(
            goal=goal, by=owner, title=f"Step {index}", duration_days=1 + index % 3
        )
        task_create(milestone=milestone, by=owner, title=f"Task {index}")
        if previous is not None and index % 2:
            dependency_create(goal=goal, by=owner, predecessor=previous, successor=milestone)
        previous = milestone
    return goal


def _page(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def _item(page: str, milestone) -> str:
    """The list item of a milestone, up to the next milestone or the end of the list."""
    rest = page.split(f'<li id="milestone-{milestone.pk}"', 1)[1]
    return rest.split("</ol>", 1)[0].split('<li id="milestone-', 1)[0]


def test_closed_milestones_are_one_line_and_the_open_one_has_everything(owner):
    goal = _plan(owner, 12)
    step = goal.milestones.get(title="Step 3")
    client = _page(owner)
    url = reverse("goals:detail", args=[goal.pk])

    closed = client.get(url).content.decode()
    assert "Mark done" not in closed and "Add a task" not in closed
    assert f'href="{url}?open={step.pk}#milestone-{step.pk}"' in closed
    assert f'hx-get="{url}?open={step.pk}"' in closed

    opened = client.get(f"{url}?open={step.pk}").content.decode()
    item = _item(opened, step)
    assert "Mark done" in item and "Add a task" in item and "Help for this step" in item
    assert "data-focus-after-swap" in item  # keyboard focus moves to the opened milestone
    assert opened.count("Mark done") == 1  # one open at a time


def test_opening_with_htmx_answers_the_region_with_that_milestone_open(owner):
    goal = _plan(owner, 3)
    step = goal.milestones.get(title="Step 1")
    url = reverse("goals:detail", args=[goal.pk])

    region = _page(owner).get(f"{url}?open={step.pk}", HTTP_HX_REQUEST="true").content.decode()

    assert "<html" not in region
    assert "Mark done" in _item(region, step)


def test_a_write_keeps_its_milestone_open(owner):
    goal = _plan(owner, 3)
    step = goal.milestones.get(title="Step 2")
    client = _page(owner)

    response = client.post(reverse("goals:milestone-status", args=[step.pk]), {"status": "doing"})

    assert response.status_code == 302
    assert response.url.endswith(f"?open={step.pk}#milestone-{step.pk}")
    region = client.post(
        reverse("goals:milestone-status", args=[step.pk]),
        {"status": "todo"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Mark done" in _item(region, step)


@pytest.mark.parametrize("size", [10, 40])
def test_the_page_costs_the_same_queries_at_two_sizes(owner, size):
    goal = _plan(owner, size)
    client = _page(owner)
    url = reverse("goals:detail", args=[goal.pk])
    with assert_max_queries(8):
        assert client.get(url).status_code == 200


def test_fifty_milestones_make_a_page_under_80_kb(owner):
    goal = _plan(owner, 50)

    page = _page(owner).get(reverse("goals:detail", args=[goal.pk])).content

    assert len(page) < 80 * 1024, len(page)


def test_one_add_form_near_the_top_adds_a_milestone_after_another(owner):
    goal = _plan(owner, 2)
    first = goal.milestones.get(title="Step 0")
    client = _page(owner)
    page = client.get(reverse("goals:detail", args=[goal.pk])).content.decode()
    assert page.count('id="milestone-add-heading"') == 1
    assert page.index('id="milestone-add-heading"') < page.index('id="milestones-heading"')
    assert 'id="dependency-add-heading"' not in page  # the separate form is gone

    response = client.post(
        reverse("goals:milestone-add", args=[goal.pk]),
        {
            "add-title": "Pack",
            "add-duration_days": "2",
            "add-status": "todo",
            "add-after": first.pk,
            "add-lag_days": 3,
        },
    )

    assert response.status_code == 302
    pack = goal.milestones.get(title="Pack")
    link = Dependency.objects.get(successor=pack)
    assert (link.predecessor, link.lag_days) == (first, 3)


def test_a_lag_without_a_milestone_to_wait_after_is_refused_on_its_field(owner):
    goal = _plan(owner, 1)

    response = _page(owner).post(
        reverse("goals:milestone-add", args=[goal.pk]),
        {
            "add-title": "Pack",
            "add-duration_days": "2",
            "add-status": "todo",
            "add-after": "",
            "add-lag_days": 3,
        },
    )

    assert response.status_code == 400
    assert "A lag needs a milestone to wait after." in response.content.decode()
    assert not goal.milestones.filter(title="Pack").exists()


def test_the_open_milestone_adds_more_prerequisites(owner):
    goal = _plan(owner, 3)
    first, last = goal.milestones.get(title="Step 0"), goal.milestones.get(title="Step 2")
    client = _page(owner)
    page = client.get(f"{reverse('goals:detail', args=[goal.pk])}?open={last.pk}")
    assert "Add prerequisite" in _item(page.content.decode(), last)

    client.post(
        reverse("goals:dependency-add", args=[goal.pk]),
        {
            "dependency-predecessor": first.pk,
            "dependency-successor": last.pk,
            "dependency-lag_days": 0,
        },
    )

    assert Dependency.objects.filter(predecessor=first, successor=last).exists()


def test_a_done_milestone_shows_its_open_tasks_and_closes_them(owner):
    goal = goal_create(by=owner, title="Harvest", target_date=TARGET)
    pick = milestone_create(goal=goal, by=owner, title="Pick", duration_days=2)
    for title in ("Bins", "Ladders"):
        task_create(milestone=pick, by=owner, title=title)
    milestone_update(milestone=pick, by=owner, status=Milestone.Status.DONE)
    client = _page(owner)
    url = reverse("goals:detail", args=[goal.pk])

    page = client.get(url).content.decode()
    assert "Done, 2 tasks still open" in page and "0 of 2 done" not in page
    opened = client.get(f"{url}?open={pick.pk}").content.decode()
    assert "Close 2 open tasks" in opened

    close = reverse("goals:tasks-close", args=[pick.pk])
    first = client.post(close, HTTP_HX_REQUEST="true").content.decode()
    again = client.post(close, HTTP_HX_REQUEST="true").content.decode()

    assert not Task.objects.filter(milestone=pick, done=False).exists()
    assert "2 tasks closed." in first
    assert "Every task was already done." in again
    assert "Close 2 open tasks" not in again and "Tasks: 2 of 2 done" in again


def test_closing_tasks_is_refused_to_a_viewer(client, shared_goal, stakeholder_view):
    prune = shared_goal.milestones.get(title="Prune")
    task_create(milestone=prune, by=shared_goal.owner, title="Sharpen")
    client.force_login(stakeholder_view)

    response = client.post(reverse("goals:tasks-close", args=[prune.pk]))

    assert response.status_code == 403
    assert Task.objects.filter(milestone=prune, done=False).exists()


def test_an_achieved_goal_never_reads_late(owner):
    # A target already past: every open milestone is late.
    goal = goal_create(by=owner, title="Done early", target_date=date(2020, 1, 10))
    milestone_create(goal=goal, by=owner, title="Still open", duration_days=2)
    client = _page(owner)
    url = reverse("goals:detail", args=[goal.pk])
    assert "badge-late" in client.get(url).content.decode()

    Goal.objects.filter(pk=goal.pk).update(status=Goal.Status.ACHIEVED)
    page = client.get(url).content.decode()

    assert "badge-late" not in page and "; late" not in page and "is-late" not in page
    assert 'data-health="achieved"' in page


def test_dates_on_the_goal_page_and_in_its_messages_are_in_the_one_format(owner):
    goal = goal_create(by=owner, title="Harvest", target_date=TARGET)
    milestone_create(goal=goal, by=owner, title="Pick", duration_days=2)
    client = _page(owner)

    page = client.get(reverse("goals:detail", args=[goal.pk])).content.decode()
    refused = client.post(
        reverse("goals:milestone-add", args=[goal.pk]),
        {
            "add-title": "Late",
            "add-duration_days": "1",
            "add-status": "todo",
            "add-must_finish_by": "2027-10-01",
        },
    ).content.decode()

    assert ">Wed 1 Sep 2027<" in page  # the target, as "D j M Y" (ecosystem/formats/en)
    assert "Sep. 1, 2027" not in page and ">2027-09-01<" not in page
    assert "Must finish by Fri 1 Oct 2027 is after the goal&#x27;s target date Wed 1 Sep 2027." in (
        refused
    )
