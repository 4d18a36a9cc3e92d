"""The goal page: the plan worked back from the target, its timeline, and in-place editing."""

import itertools
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.services import goal_create
from milestones import services
from milestones.models import Dependency, Milestone, Task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TARGET = date(2027, 3, 5)  # a Friday
AS_OF = "2027-03-01"  # the Monday before
HTMX = {"HX-Request": "true"}


def make_goal(owner, **kwargs):
    kwargs.setdefault("title", "Export-grade Gala apples")
    kwargs.setdefault("target_date", TARGET)
    kwargs.setdefault("working_weekdays", [1, 2, 3, 4, 5])
    return goal_create(by=owner, **kwargs)


@pytest.fixture
def worked_example(customer):
    """A (2 days) -> C (checkpoint) -> B (1 day), Monday to Friday, target Fri 2027-03-05."""
    goal = make_goal(customer)
    a = services.milestone_create(
        goal=goal, by=goal.owner, title="Prune the orchard", duration_days=2
    )
    b = services.milestone_create(
        goal=goal, by=goal.owner, title="Pick the apples", duration_days=1
    )
    c = services.milestone_create(
        goal=goal, by=goal.owner, title="Orchard inspection", duration_days=0
    )
    services.dependency_create(goal=goal, by=goal.owner, predecessor=a, successor=c)
    services.dependency_create(goal=goal, by=goal.owner, predecessor=c, successor=b)
    return goal, a, b, c


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(client, customer):
    return signed_in(client, customer)


def page_url(goal, as_of=AS_OF):
    url = reverse("goals:detail", args=[goal.pk])
    return f"{url}?as_of={as_of}" if as_of else url


def table_rows(html: str) -> dict[str, list[str]]:
    """The timeline table: milestone title -> the datetime values in its row, in order."""
    table = html.split('<table class="timeline-table', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr class=\"[^\"]*\" data-milestone=\"\d+\">(.*?)</tr>", table, re.S):
        title = re.search(r'<th scope="row">\s*([^<]+?)\s*<', row).group(1)
        rows[title] = re.findall(r'datetime="(\d{4}-\d{2}-\d{2})"', row)
    return rows


def svg_of(html: str) -> str:
    return re.search(r"<svg class=\"timeline\".*?</svg>", html, re.S).group(0)


def bar_classes(html: str) -> dict[str, str]:
    """The timeline picture: milestone id -> the classes of its bar."""
    return {
        milestone_id: classes
        for classes, milestone_id in re.findall(
            r'<g class="(timeline-bar[^"]*)" data-milestone="(\d+)">', svg_of(html)
        )
    }


# --- Seeing the plan ---------------------------------------------------------------------


def test_owner_sees_the_worked_example_dates_with_the_critical_path_highlighted(
    owner_client, worked_example
):
    goal, a, b, c = worked_example
    response = owner_client.get(page_url(goal))
    assert response.status_code == 200
    html = response.content.decode()

    rows = table_rows(html)
    # latest start, latest finish, earliest start, earliest finish
    assert rows["Prune the orchard"] == ["2027-03-02", "2027-03-03", "2027-03-01", "2027-03-02"]
    assert rows["Orchard inspection"] == ["2027-03-04", "2027-03-04", "2027-03-03", "2027-03-03"]
    assert rows["Pick the apples"] == ["2027-03-05", "2027-03-05", "2027-03-04", "2027-03-04"]
    assert list(rows) == ["Prune the orchard", "Orchard inspection", "Pick the apples"]

    bars = bar_classes(html)
    assert all("is-critical" in bars[str(m.pk)] for m in (a, b, c))
    assert "is-checkpoint" in bars[str(c.pk)]
    assert html.count('class="badge badge-critical"') >= 3
    assert "On track" in html or "At risk" in html  # feasible
    assert 'datetime="2027-03-04"' in html.split("Projected finish", 1)[1].split("</dd>", 1)[0]


def test_a_late_milestone_is_highlighted_and_the_goal_is_late(owner_client, customer):
    goal = make_goal(customer)
    long_one = services.milestone_create(
        goal=goal, by=goal.owner, title="Plant the block", duration_days=10
    )
    html = owner_client.get(page_url(goal)).content.decode()
    assert "is-late" in bar_classes(html)[str(long_one.pk)]
    assert '<span class="badge badge-late">Late</span>' in html
    assert "No: some milestones are late" in html


@pytest.mark.parametrize("who", ["other_customer", "staff_user"])
def test_people_who_do_not_own_the_goal_get_not_found(client, worked_example, who, request):
    goal, a, _b, _c = worked_example
    client.force_login(request.getfixturevalue(who))
    assert client.get(page_url(goal)).status_code == 404
    assert client.post(
        reverse("goals:milestone-status", args=[a.pk]), {"status": "done"}
    ).status_code == (404)
    assert client.post(
        reverse("goals:milestone-add", args=[goal.pk]), {"add-title": "Sneaky"}
    ).status_code == (404)
    a.refresh_from_db()
    assert a.status == Milestone.Status.TODO
    assert not Milestone.objects.filter(title="Sneaky").exists()


def test_a_goal_in_the_trash_is_not_found(owner_client, worked_example):
    goal, *_ = worked_example
    goal.deleted_at = goal.created_at
    goal.save()
    assert owner_client.get(page_url(goal)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, worked_example):
    goal, *_ = worked_example
    response = client.get(page_url(goal))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_unreadable_as_of_says_so_and_shows_the_plan_as_of_today(
    client, customer, worked_example, time_machine
):
    time_machine.move_to("2027-02-22 09:00Z")
    owner_client = signed_in(client, customer)
    goal, *_ = worked_example
    response = owner_client.get(page_url(goal, as_of="2027-02-31"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "“2027-02-31” is not a date (YYYY-MM-DD)" in html
    assert 'id="plan-as-of" name="as_of" value="2027-02-22"' in html


def test_the_timeline_picture_is_accessible_and_has_a_bar_per_milestone(
    owner_client, worked_example
):
    goal, _a, _b, _c = worked_example
    svg = svg_of(owner_client.get(page_url(goal)).content.decode())
    assert 'role="img"' in svg
    assert re.search(r"<title id=\"timeline-title\">[^<]+</title>", svg)
    assert re.search(r"<desc id=\"timeline-desc\">\s*3 milestones", svg)
    assert svg.count('<g class="timeline-bar') == 3
    assert svg.count('class="timeline-today"') == 1
    assert svg.count('class="timeline-target"') == 1
    # Dates in the one format of the person's language (ecosystem/formats).
    assert "Today Mon 1 Mar 2027" in svg and "Target Fri 5 Mar 2027" in svg
    # The prerequisites are drawn as arrows: A -> C and C -> B.
    assert svg.count('marker-end="url(#timeline-arrow)"') == 2
    assert " style=" not in svg


def test_the_table_lists_every_milestone_with_its_dates_and_prerequisites(
    owner_client, worked_example
):
    goal, *_ = worked_example
    html = owner_client.get(page_url(goal)).content.decode()
    rows = table_rows(html)
    assert set(rows) == {"Prune the orchard", "Orchard inspection", "Pick the apples"}
    assert all(len(dates) == 4 for dates in rows.values())
    table = html.split('<table class="timeline-table', 1)[1]
    assert '<th scope="col">Latest start</th>' in table
    # No column is hidden: on a phone each cell is labelled by its column instead.
    assert table.count('<td data-label="Latest start">') == 3
    pick_row = table.split("Pick the apples", 1)[1].split("</tr>", 1)[0]
    assert "Orchard inspection" in pick_row  # its prerequisite


def test_the_page_uses_no_inline_styles_and_labels_every_field(owner_client, worked_example):
    goal, *_ = worked_example
    html = owner_client.get(page_url(goal)).content.decode()
    assert " style=" not in html
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', html):
        if field_id.startswith("task-"):
            assert f'<label for="{field_id}">' in html
        else:
            assert f'for="{field_id}"' in html, field_id


def test_the_goal_page_makes_the_same_number_of_queries_for_5_and_200_milestones(
    client, django_assert_max_num_queries
):
    counts = []
    for size in (5, 200):
        owner = UserFactory()
        goal = make_goal(owner)
        milestones = Milestone.objects.bulk_create(
            Milestone(goal=goal, title=f"Step {index}", duration_days=1 + index % 3, position=index)
            for index in range(size)
        )
        Dependency.objects.bulk_create(
            Dependency(goal=goal, predecessor=before, successor=after)
            for before, after in itertools.pairwise(milestones)
        )
        Task.objects.bulk_create(
            Task(milestone=milestone, title=f"Task {index}", position=index, done=index % 2 == 0)
            for milestone in milestones
            for index in range(2)
        )
        services.schedule_recompute(goal=goal)
        client.force_login(owner)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page_url(goal, as_of="2020-01-06"))
        assert response.status_code == 200
        assert response.content.decode().count('<g class="timeline-bar') == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Adding and editing milestones --------------------------------------------------------


def test_adding_a_milestone_with_htmx_answers_the_plan_with_it_and_its_dates(
    owner_client, worked_example
):
    goal, *_ = worked_example
    response = owner_client.post(
        reverse("goals:milestone-add", args=[goal.pk]),
        {
            "add-title": "Book the packhouse",
            "add-duration_days": "3",
            "add-status": "todo",
            "as_of": AS_OF,
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # the region only, swapped in place
    assert "Milestone “Book the packhouse” added." in html
    # 3 working days ending on the target: Wed 3 to Fri 5 March.
    assert table_rows(html)["Book the packhouse"][:2] == ["2027-03-03", "2027-03-05"]
    assert html.count('<g class="timeline-bar') == 4
    milestone = Milestone.objects.get(title="Book the packhouse")
    assert milestone.latest_start == date(2027, 3, 3)
    assert f'id="milestone-{milestone.pk}"' in html


def test_adding_a_milestone_without_javascript_redirects_back_with_a_message(
    owner_client, worked_example
):
    goal, *_ = worked_example
    response = owner_client.post(
        reverse("goals:milestone-add", args=[goal.pk]),
        {"add-title": "Book the packhouse", "add-duration_days": "3", "add-status": "todo"},
        follow=True,
    )
    assert response.redirect_chain[0][0].startswith(reverse("goals:detail", args=[goal.pk]))
    assert "Milestone “Book the packhouse” added." in response.content.decode()


@pytest.mark.parametrize("duration", ["-1", "4000", "soon"])
def test_a_duration_out_of_range_shows_a_field_error_and_creates_nothing(
    owner_client, worked_example, duration
):
    goal, *_ = worked_example
    for headers, expected_status in ((HTMX, 200), ({}, 400)):
        response = owner_client.post(
            reverse("goals:milestone-add", args=[goal.pk]),
            {"add-title": "Bad", "add-duration_days": duration, "add-status": "todo"},
            headers=headers,
        )
        assert response.status_code == expected_status
        html = response.content.decode()
        assert 'id="id_add-duration_days_error"' in html
        assert 'aria-invalid="true"' in html
    assert not Milestone.objects.filter(title="Bad").exists()
    assert goal.milestones.count() == 3


def test_must_finish_by_after_the_target_shows_the_error_on_that_field(
    owner_client, worked_example
):
    goal, *_ = worked_example
    response = owner_client.post(
        reverse("goals:milestone-add", args=[goal.pk]),
        {
            "add-title": "Too late",
            "add-duration_days": "1",
            "add-must_finish_by": "2027-03-08",
            "add-status": "todo",
        },
        headers=HTMX,
    )
    html = response.content.decode()
    error = re.search(r'id="id_add-must_finish_by_error".*?</ul>', html, re.S).group(0)
    assert "after the goal&#x27;s target date Fri 5 Mar 2027" in error
    assert not Milestone.objects.filter(title="Too late").exists()


def test_editing_a_milestone_with_htmx_first_shows_its_form_in_place(owner_client, worked_example):
    _goal, a, *_ = worked_example
    response = owner_client.get(reverse("goals:milestone-edit", args=[a.pk]), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<li" not in html and "<html" not in html  # the inside of the milestone's item
    assert f'name="edit-{a.pk}-title"' in html and 'value="Prune the orchard"' in html


def test_editing_without_javascript_opens_the_form_on_the_page(owner_client, worked_example):
    _goal, a, *_ = worked_example
    response = owner_client.get(reverse("goals:milestone-edit", args=[a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and f'name="edit-{a.pk}-title"' in html


def test_changing_a_duration_moves_the_dates_at_once(owner_client, worked_example):
    _goal, a, *_ = worked_example
    response = owner_client.post(
        reverse("goals:milestone-edit", args=[a.pk]),
        {
            f"edit-{a.pk}-title": "Prune the orchard",
            f"edit-{a.pk}-duration_days": "3",
            f"edit-{a.pk}-status": "todo",
            "as_of": AS_OF,
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert table_rows(html)["Prune the orchard"][:2] == ["2027-03-01", "2027-03-03"]
    a.refresh_from_db()
    assert (a.duration_days, a.latest_start) == (3, date(2027, 3, 1))


def test_a_bad_edit_keeps_the_form_open_with_the_error_and_saves_nothing(
    owner_client, worked_example
):
    _goal, a, *_ = worked_example
    response = owner_client.post(
        reverse("goals:milestone-edit", args=[a.pk]),
        {
            f"edit-{a.pk}-title": "",
            f"edit-{a.pk}-duration_days": "3651",
            f"edit-{a.pk}-status": "todo",
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert f'id="id_edit-{a.pk}-duration_days_error"' in html
    assert f'id="id_edit-{a.pk}-title_error"' in html
    a.refresh_from_db()
    assert (a.title, a.duration_days) == ("Prune the orchard", 2)


# --- Prerequisites --------------------------------------------------------------------------


def test_a_prerequisite_that_closes_a_cycle_names_the_milestones_and_creates_nothing(
    owner_client, worked_example
):
    goal, a, b, _c = worked_example
    response = owner_client.post(
        reverse("goals:dependency-add", args=[goal.pk]),
        {"dependency-predecessor": b.pk, "dependency-successor": a.pk, "dependency-lag_days": 0},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'id="id_dependency-successor_error".*?</ul>', html, re.S).group(0)
    assert "cycle" in error
    for title in ("Pick the apples", "Prune the orchard", "Orchard inspection"):
        assert title in error
    assert Dependency.objects.filter(goal=goal).count() == 2


def test_adding_a_prerequisite_works_the_predecessor_back_before_its_successor(
    owner_client, customer
):
    goal = make_goal(customer)
    first = services.milestone_create(
        goal=goal, by=goal.owner, title="Order fertiliser", duration_days=1
    )
    then = services.milestone_create(
        goal=goal, by=goal.owner, title="Spread fertiliser", duration_days=2
    )
    response = owner_client.post(
        reverse("goals:dependency-add", args=[goal.pk]),
        {
            "dependency-predecessor": first.pk,
            "dependency-successor": then.pk,
            "dependency-lag_days": 1,
            "as_of": AS_OF,
        },
        headers=HTMX,
    )
    html = response.content.decode()
    # Spread: Thu 4 to Fri 5; one working day of lag (Wed 3); order by Tue 2.
    assert table_rows(html)["Order fertiliser"][:2] == ["2027-03-02", "2027-03-02"]
    assert Dependency.objects.get(goal=goal).lag_days == 1
    assert "(+1 working day)" in html


@pytest.mark.parametrize("lag", ["-1", "3651"])
def test_a_lag_out_of_range_shows_a_field_error(owner_client, worked_example, lag):
    goal, a, b, _c = worked_example
    html = owner_client.post(
        reverse("goals:dependency-add", args=[goal.pk]),
        {"dependency-predecessor": a.pk, "dependency-successor": b.pk, "dependency-lag_days": lag},
        headers=HTMX,
    ).content.decode()
    assert 'id="id_dependency-lag_days_error"' in html
    assert Dependency.objects.filter(goal=goal).count() == 2


def test_a_milestone_of_another_goal_cannot_be_chosen_as_a_prerequisite(
    owner_client, customer, worked_example
):
    goal, a, *_ = worked_example
    other_goal = make_goal(customer)
    elsewhere = services.milestone_create(goal=other_goal, by=customer, title="Elsewhere")
    html = owner_client.post(
        reverse("goals:dependency-add", args=[goal.pk]),
        {"dependency-predecessor": elsewhere.pk, "dependency-successor": a.pk},
        headers=HTMX,
    ).content.decode()
    assert 'id="id_dependency-predecessor_error"' in html
    assert Dependency.objects.filter(goal=goal).count() == 2
    assert not Dependency.objects.filter(predecessor=elsewhere).exists()


def test_removing_a_prerequisite_frees_the_plan(owner_client, worked_example):
    _goal, a, _b, c = worked_example
    link = Dependency.objects.get(predecessor=a, successor=c)
    response = owner_client.post(
        reverse("goals:dependency-delete", args=[link.pk]), {"as_of": AS_OF}, headers=HTMX
    )
    assert response.status_code == 200
    assert not Dependency.objects.filter(pk=link.pk).exists()
    # Without the link A may finish on the target.
    assert table_rows(response.content.decode())["Prune the orchard"][:2] == [
        "2027-03-04",
        "2027-03-05",
    ]


# --- Status, tasks, order, deletion --------------------------------------------------------


def test_marking_done_sets_completed_on_and_takes_it_off_the_critical_path(
    client, customer, worked_example, time_machine
):
    time_machine.move_to("2027-03-01 09:00Z")
    owner_client = signed_in(client, customer)
    _goal, a, *_ = worked_example
    response = owner_client.post(
        reverse("goals:milestone-status", args=[a.pk]),
        {"status": "done", "as_of": AS_OF},
        headers=HTMX,
    )
    html = response.content.decode()
    a.refresh_from_db()
    assert (a.status, a.completed_on) == ("done", date(2027, 3, 1))
    classes = bar_classes(html)[str(a.pk)]
    assert "is-done" in classes and "is-critical" not in classes
    # Done: no earliest dates any more.
    assert len(table_rows(html)["Prune the orchard"]) == 2
    assert "Milestone “Prune the orchard” marked done." in html


def test_reopening_a_done_milestone_clears_completed_on(owner_client, worked_example):
    _goal, a, *_ = worked_example
    services.milestone_update(milestone=a, by=a.goal.owner, status="done")
    response = owner_client.post(reverse("goals:milestone-status", args=[a.pk]), {"status": "todo"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.completed_on) == ("todo", None)


def test_an_unknown_status_changes_nothing(owner_client, worked_example):
    _goal, a, *_ = worked_example
    response = owner_client.post(reverse("goals:milestone-status", args=[a.pk]), {"status": "x"})
    assert response.status_code == 400
    a.refresh_from_db()
    assert a.status == "todo"


def test_ticking_a_task_marks_it_done_and_unticking_undoes_it(owner_client, worked_example):
    _goal, a, *_ = worked_example
    task = services.task_create(milestone=a, by=a.goal.owner, title="Sharpen the loppers")
    url = reverse("goals:task-toggle", args=[task.pk])

    html = owner_client.post(url, {"done": "1"}, headers=HTMX).content.decode()
    task.refresh_from_db()
    assert task.done
    assert f'id="task-{task.pk}" name="done" value="1" checked' in html
    assert "Tasks: 1 of 1 done" in html

    owner_client.post(url, {}, headers=HTMX)
    task.refresh_from_db()
    assert not task.done


def test_adding_a_task_shows_it_under_its_milestone(owner_client, worked_example):
    _goal, a, *_ = worked_example
    html = owner_client.post(
        reverse("goals:task-add", args=[a.pk]),
        {f"task-{a.pk}-title": "Hire pruners"},
        headers=HTMX,
    ).content.decode()
    task = Task.objects.get(milestone=a)
    assert task.title == "Hire pruners"
    item = html.split(f'id="milestone-{a.pk}"', 1)[1].split("</li>\n", 1)[0]
    assert f'<label for="task-{task.pk}">Hire pruners</label>' in html
    assert "Hire pruners" in item


def test_an_empty_task_title_shows_the_error_and_creates_nothing(owner_client, worked_example):
    _goal, a, *_ = worked_example
    html = owner_client.post(
        reverse("goals:task-add", args=[a.pk]), {f"task-{a.pk}-title": ""}, headers=HTMX
    ).content.decode()
    assert f'id="id_task-{a.pk}-title_error"' in html
    assert not Task.objects.exists()


def test_removing_a_task(owner_client, worked_example):
    _goal, a, *_ = worked_example
    task = services.task_create(milestone=a, by=a.goal.owner, title="Sharpen the loppers")
    response = owner_client.post(reverse("goals:task-delete", args=[task.pk]), follow=True)
    assert not Task.objects.filter(pk=task.pk).exists()
    assert "Task “Sharpen the loppers” removed." in response.content.decode()


def test_another_customer_cannot_tick_or_remove_my_tasks(client, other_customer, worked_example):
    _goal, a, *_ = worked_example
    task = services.task_create(milestone=a, by=a.goal.owner, title="Sharpen the loppers")
    client.force_login(other_customer)
    assert client.post(reverse("goals:task-toggle", args=[task.pk]), {"done": "1"}).status_code == (
        404
    )
    assert client.post(reverse("goals:task-delete", args=[task.pk])).status_code == 404
    task.refresh_from_db()
    assert not task.done


def test_moving_a_milestone_up_swaps_it_with_the_one_above(owner_client, worked_example):
    goal, a, b, c = worked_example
    html = owner_client.post(
        reverse("goals:milestone-move", args=[c.pk]), {"direction": "up"}, headers=HTMX
    ).content.decode()
    order = [int(pk) for pk in re.findall(r'<li id="milestone-(\d+)"', html)]
    assert order == [a.pk, c.pk, b.pk]
    assert list(goal.milestones.order_by("position").values_list("pk", flat=True)) == order


def test_moving_the_first_milestone_up_changes_nothing(owner_client, worked_example):
    goal, a, b, c = worked_example
    html = owner_client.post(
        reverse("goals:milestone-move", args=[a.pk]), {"direction": "up"}, headers=HTMX
    ).content.decode()
    assert "is already first" in html
    assert list(goal.milestones.order_by("position").values_list("pk", flat=True)) == [
        a.pk,
        b.pk,
        c.pk,
    ]


def test_deleting_a_milestone_asks_for_confirmation_first(owner_client, worked_example):
    _goal, a, *_ = worked_example
    url = reverse("goals:milestone-delete", args=[a.pk])
    for headers in (HTMX, {}):
        response = owner_client.post(url, headers=headers)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Delete “Prune the orchard”?" in html
        assert 'name="confirm" value="yes"' in html
    assert Milestone.objects.filter(pk=a.pk).exists()

    response = owner_client.post(url, {"confirm": "yes", "as_of": AS_OF}, headers=HTMX)
    html = response.content.decode()
    assert not Milestone.objects.filter(pk=a.pk).exists()
    assert "Prune the orchard" not in table_rows(html)
    assert html.count('<g class="timeline-bar') == 2


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("goals:milestone-add", "goal"),
        ("goals:dependency-add", "goal"),
        ("goals:milestone-status", "milestone"),
        ("goals:milestone-move", "milestone"),
        ("goals:milestone-delete", "milestone"),
        ("goals:task-add", "milestone"),
        ("goals:task-toggle", "task"),
        ("goals:task-delete", "task"),
        ("goals:dependency-delete", "dependency"),
    ],
)
def test_write_addresses_refuse_get_and_change_nothing(owner_client, worked_example, name, target):
    goal, a, _b, _c = worked_example
    task = services.task_create(milestone=a, by=a.goal.owner, title="Sharpen the loppers")
    objects = {
        "goal": goal,
        "milestone": a,
        "task": task,
        "dependency": Dependency.objects.filter(goal=goal).first(),
    }
    assert owner_client.get(reverse(name, args=[objects[target].pk])).status_code == 405
    assert Milestone.objects.filter(goal=goal).count() == 3
    assert Dependency.objects.filter(goal=goal).count() == 2
    assert Task.objects.filter(pk=task.pk, done=False).exists()


def test_a_goal_without_milestones_shows_an_empty_plan_ready_for_the_first(owner_client, customer):
    goal = make_goal(customer)
    response = owner_client.get(page_url(goal))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No milestones yet" in html
    assert html.count('<g class="timeline-bar') == 0
    assert "Nothing left to do" in html
    assert 'name="add-title"' in html


def test_without_javascript_the_delete_confirmation_says_where_to_confirm(
    owner_client, worked_example
):
    _goal, a, *_ = worked_example
    html = owner_client.post(reverse("goals:milestone-delete", args=[a.pk])).content.decode()
    assert "Confirm below that “Prune the orchard” should be deleted." in html
    assert "<html" in html


def test_after_an_htmx_change_focus_goes_to_what_changed(owner_client, worked_example):
    goal, a, *_ = worked_example
    html = owner_client.post(
        reverse("goals:milestone-status", args=[a.pk]), {"status": "doing"}, headers=HTMX
    ).content.decode()
    assert html.count("data-focus-after-swap") == 1
    assert f'id="milestone-{a.pk}-title" tabindex="-1" data-focus-after-swap' in html
    # The live region outside the plan is updated out of band, for screen readers.
    assert 'id="plan-announcer"' in html and 'hx-swap-oob="true"' in html

    html = owner_client.post(
        reverse("goals:milestone-add", args=[goal.pk]),
        {"add-title": "Next", "add-duration_days": "1", "add-status": "todo"},
        headers=HTMX,
    ).content.decode()
    assert html.count("data-focus-after-swap") == 1
    assert re.search(r'<input[^>]*name="add-title"[^>]*data-focus-after-swap', html)

    html = owner_client.post(
        reverse("goals:milestone-add", args=[goal.pk]),
        {"add-title": "Bad", "add-duration_days": "-1", "add-status": "todo"},
        headers=HTMX,
    ).content.decode()
    assert html.count("data-focus-after-swap") == 1
    assert re.search(r'<input[^>]*name="add-duration_days"[^>]*data-focus-after-swap', html)


def test_the_plan_seen_from_another_day_keeps_that_day_after_a_change(owner_client, worked_example):
    _goal, a, *_ = worked_example
    response = owner_client.post(
        reverse("goals:milestone-status", args=[a.pk]), {"status": "doing", "as_of": AS_OF}
    )
    assert response.status_code == 302
    # ...with the milestone concerned open.
    assert f"?as_of={AS_OF}&open={a.pk}#milestone-{a.pk}" in response.url
