"""The API of goals and playbooks (issue 3's API table), and the schema of all its paths."""

import itertools
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from goals.models import Goal, Playbook, PlaybookDependency, PlaybookMilestone, PlaybookTask
from goals.playbooks import playbook_create
from goals.services import goal_create, goal_trash
from milestones.models import Dependency, Milestone, Task
from milestones.services import dependency_create, milestone_create, schedule_recompute, task_create
from tests.factories import CategoryFactory, PlaybookFactory, RegionFactory

pytestmark = pytest.mark.django_db

MON_TO_FRI = [1, 2, 3, 4, 5]


@pytest.fixture
def goal(customer):
    return goal_create(
        by=customer,
        title="Orchard season",
        target_date=date(2027, 3, 5),
        working_weekdays=MON_TO_FRI,
        non_working_dates=["2027-03-03"],
    )


@pytest.fixture
def planned_goal(goal):
    """Pruning (2) -> Picking (1, must finish two days before the target), with tasks."""
    pruning = milestone_create(goal=goal, by=goal.owner, title="Pruning", duration_days=2)
    picking = milestone_create(
        goal=goal, by=goal.owner, title="Picking", duration_days=1, must_finish_by=date(2027, 3, 3)
    )
    dependency_create(goal=goal, by=goal.owner, predecessor=pruning, successor=picking, lag_days=1)
    task_create(milestone=pruning, by=pruning.goal.owner, title="Sharpen shears")
    task_create(milestone=picking, by=picking.goal.owner, title="Hire pickers")
    return goal


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
        Task(milestone=milestone, title=f"Task {number}", position=number)
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


# --- Goals --------------------------------------------------------------------------------


def test_create_a_goal_answers_201(customer_api, customer):
    CategoryFactory(slug="horticulture")
    RegionFactory(slug="hawkes-bay")

    response = customer_api.post(
        "/api/v1/goals/",
        {
            "title": "Export apples",
            "target_date": "2027-03-05",
            "working_weekdays": [5, 1, 2, 3, 4, 1],
            "non_working_dates": ["2027-03-03", "2027-02-01"],
            "category": "horticulture",
            "region": "hawkes-bay",
            "description": "First export season",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "title": "Export apples",
        "description": "First export season",
        "category": "horticulture",
        "region": "hawkes-bay",
        "target_date": "2027-03-05",
        "status": "active",
        "working_weekdays": [1, 2, 3, 4, 5],
        "non_working_dates": ["2027-02-01", "2027-03-03"],
        "playbook": None,
        "repeats": None,
        "milestone_count": 0,
        "milestones_closed": 0,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert Goal.objects.get(pk=body["id"]).owner == customer


def test_a_new_goal_works_every_day_in_the_owners_region_by_default(customer_api, customer):
    customer.region = RegionFactory(slug="otago")
    customer.save()

    body = customer_api.post(
        "/api/v1/goals/", {"title": "Certificate", "target_date": "2027-06-30"}
    ).json()

    assert body["working_weekdays"] == [1, 2, 3, 4, 5, 6, 7]
    assert body["non_working_dates"] == []
    assert body["region"] == "otago"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"target_date": "2027-02-30"}, "target_date"),
        ({"target_date": "next spring"}, "target_date"),
        ({"working_weekdays": []}, "working_weekdays"),
        ({"working_weekdays": [0, 1]}, "working_weekdays"),
        ({"working_weekdays": [1, 8]}, "working_weekdays"),
        ({"working_weekdays": "1,2"}, "working_weekdays"),
        ({"non_working_dates": ["2027-13-01"]}, "non_working_dates"),
        ({"category": "no-such-category"}, "category"),
        ({"region": "no-such-region"}, "region"),
        ({"status": "finished"}, "status"),
        ({"targetdate": "2027-03-05"}, "targetdate"),
        ({"owner": 1}, "owner"),
    ],
)
def test_bad_goal_input_answers_400_naming_the_field(customer_api, changes, field):
    body = {"title": "Goal", "target_date": "2027-03-05", **changes}

    response = customer_api.post("/api/v1/goals/", body)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Goal.objects.exists()


def test_goal_list_shows_only_my_goals_alive(customer_api, customer, other_customer, goal):
    later = goal_create(by=customer, title="Later", target_date=date(2028, 1, 1))
    trashed = goal_create(by=customer, title="Trashed", target_date=date(2027, 1, 1))
    goal_trash(goal=trashed, by=trashed.owner)
    goal_create(by=other_customer, title="Not mine", target_date=date(2027, 1, 1))

    body = customer_api.get("/api/v1/goals/").json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert [row["id"] for row in body["results"]] == [goal.pk, later.pk]


def test_goal_detail_counts_milestones(customer_api, planned_goal):
    picking = planned_goal.milestones.get(title="Picking")
    customer_api.patch(f"/api/v1/milestones/{picking.pk}/", {"status": "done"})

    body = customer_api.get(f"/api/v1/goals/{planned_goal.pk}/").json()

    assert (body["milestone_count"], body["milestones_closed"]) == (2, 1)


def test_patch_a_goal_recomputes_the_plan(customer_api, planned_goal):
    response = customer_api.patch(
        f"/api/v1/goals/{planned_goal.pk}/",
        {"title": "Season 2027", "non_working_dates": [], "status": "draft"},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["status"], body["non_working_dates"]) == (
        "Season 2027",
        "draft",
        [],
    )
    assert body["milestone_count"] == 2
    picking = planned_goal.milestones.get(title="Picking")
    assert picking.latest_finish == date(2027, 3, 3)  # no longer a holiday


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "Renamed", "working_weekdays": []}, "working_weekdays"),
        ({"title": "Renamed", "working_weekdays": [9]}, "working_weekdays"),
        ({"title": "Renamed", "target_date": "2027-03-32"}, "target_date"),
        # Picking must finish by 2027-03-03: the target cannot move before it.
        ({"title": "Renamed", "target_date": "2027-03-02"}, "target_date"),
        ({"title": "Renamed", "non_working_dates": ["someday"]}, "non_working_dates"),
        ({"title": "Renamed", "deleted_at": None}, "deleted_at"),
    ],
)
def test_a_refused_goal_patch_loses_nothing(customer_api, planned_goal, changes, field):
    goal_before = Goal.objects.values().get(pk=planned_goal.pk)
    milestones_before = list(planned_goal.milestones.order_by("id").values())

    response = customer_api.patch(f"/api/v1/goals/{planned_goal.pk}/", changes)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert Goal.objects.values().get(pk=planned_goal.pk) == goal_before
    assert list(planned_goal.milestones.order_by("id").values()) == milestones_before


def test_delete_moves_to_the_trash_and_restore_brings_it_back(customer_api, planned_goal):
    url = f"/api/v1/goals/{planned_goal.pk}/"

    assert customer_api.delete(url).status_code == 204
    planned_goal.refresh_from_db()
    assert planned_goal.in_trash
    assert customer_api.get(url).status_code == 404
    assert customer_api.patch(url, {"title": "X"}).status_code == 404
    assert customer_api.get("/api/v1/goals/").json()["count"] == 0

    response = customer_api.post(f"{url}restore/")

    assert response.status_code == 200
    assert response.json()["id"] == planned_goal.pk
    assert response.json()["milestone_count"] == 2
    assert customer_api.get(url).status_code == 200
    assert Milestone.objects.filter(goal=planned_goal).count() == 2


def test_restoring_a_goal_not_in_the_trash_changes_nothing(customer_api, goal):
    response = customer_api.post(f"/api/v1/goals/{goal.pk}/restore/")

    assert response.status_code == 200
    goal.refresh_from_db()
    assert not goal.in_trash


def test_restore_takes_no_fields(customer_api, goal):
    goal_trash(goal=goal, by=goal.owner)

    response = customer_api.post(f"/api/v1/goals/{goal.pk}/restore/", {"force": True})

    assert response.status_code == 400
    assert response.json()["fields"] == {"force": ["Unknown field."]}
    goal.refresh_from_db()
    assert goal.in_trash


def test_repeat_re_anchors_the_whole_plan(customer_api, planned_goal):
    response = customer_api.post(
        f"/api/v1/goals/{planned_goal.pk}/repeat/", {"target_date": "2028-03-03"}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["id"] != planned_goal.pk
    assert body["title"] == "Orchard season"
    assert body["target_date"] == "2028-03-03"
    assert body["repeats"] == planned_goal.pk
    assert body["working_weekdays"] == MON_TO_FRI
    assert body["non_working_dates"] == []  # holidays belong to their season
    assert body["milestone_count"] == 2
    new_goal = Goal.objects.get(pk=body["id"])
    picking = new_goal.milestones.get(title="Picking")
    assert picking.must_finish_by == date(2028, 3, 1)  # two days before the target, as before
    assert picking.latest_finish == date(2028, 3, 1)
    assert new_goal.dependencies.get().lag_days == 1
    assert sorted(
        Task.objects.filter(milestone__goal=new_goal).values_list("title", flat=True)
    ) == [
        "Hire pickers",
        "Sharpen shears",
    ]


def test_repeat_takes_a_title(customer_api, goal):
    response = customer_api.post(
        f"/api/v1/goals/{goal.pk}/repeat/", {"target_date": "2028-03-03", "title": "Season 2028"}
    )
    assert response.json()["title"] == "Season 2028"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "target_date"),
        ({"target_date": "2028-02-30"}, "target_date"),
        ({"target_date": "2028-03-03", "title": ""}, "title"),
        ({"target_date": "2028-03-03", "holidays": []}, "holidays"),
    ],
)
def test_bad_repeat_input_answers_400(customer_api, goal, body, field):
    response = customer_api.post(f"/api/v1/goals/{goal.pk}/repeat/", body)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert Goal.objects.count() == 1


def test_save_as_playbook_then_start_a_goal_from_it(customer_api, customer, planned_goal):
    response = customer_api.post(
        f"/api/v1/goals/{planned_goal.pk}/save-as-playbook/",
        {"title": "Orchard playbook", "public": True},
    )

    assert response.status_code == 201
    playbook = response.json()
    assert playbook["title"] == "Orchard playbook"
    assert playbook["public"] is True
    assert playbook["author"] == customer.name
    assert playbook["is_author"] is True
    assert [
        (row["title"], row["duration_days"], row["offset_days_before_target"], row["tasks"])
        for row in playbook["milestones"]
    ] == [("Pruning", 2, None, ["Sharpen shears"]), ("Picking", 1, 2, ["Hire pickers"])]
    assert playbook["dependencies"] == [{"predecessor": 0, "successor": 1, "lag_days": 1}]

    started = customer_api.post(
        f"/api/v1/playbooks/{playbook['id']}/start/", {"target_date": "2029-03-02"}
    )

    assert started.status_code == 201
    goal = started.json()
    assert goal["title"] == "Orchard playbook"
    assert goal["playbook"] == playbook["id"]
    assert goal["milestone_count"] == 2
    milestones = customer_api.get(f"/api/v1/goals/{goal['id']}/milestones/").json()["results"]
    assert [(row["title"], row["task_count"]) for row in milestones] == [
        ("Pruning", 1),
        ("Picking", 1),
    ]
    assert milestones[1]["must_finish_by"] == "2029-02-28"
    dependencies = customer_api.get(f"/api/v1/goals/{goal['id']}/dependencies/").json()
    assert [
        (row["predecessor"], row["successor"], row["lag_days"]) for row in dependencies["results"]
    ] == [(milestones[0]["id"], milestones[1]["id"], 1)]


def test_save_as_playbook_is_private_by_default(customer_api, goal):
    response = customer_api.post(f"/api/v1/goals/{goal.pk}/save-as-playbook/", {})

    assert response.status_code == 201
    assert response.json()["public"] is False
    assert response.json()["title"] == goal.title


# --- Goals: who may do what ---------------------------------------------------------------

GOAL_ENDPOINTS = [
    ("get", "/api/v1/goals/{id}/", None),
    ("patch", "/api/v1/goals/{id}/", {"title": "Mine now"}),
    ("delete", "/api/v1/goals/{id}/", None),
    ("post", "/api/v1/goals/{id}/restore/", None),
    ("post", "/api/v1/goals/{id}/repeat/", {"target_date": "2028-03-03"}),
    ("post", "/api/v1/goals/{id}/save-as-playbook/", {"public": True}),
]


def _call(client, method, url, body):
    return getattr(client, method)(url, body) if body is not None else getattr(client, method)(url)


def _snapshot():
    return (
        list(Goal.objects.order_by("id").values()),
        list(Milestone.objects.order_by("id").values()),
        Playbook.objects.count(),
    )


@pytest.mark.parametrize(("method", "template", "body"), GOAL_ENDPOINTS)
def test_the_owner_may(customer_api, planned_goal, method, template, body):
    response = _call(customer_api, method, template.format(id=planned_goal.pk), body)

    assert response.status_code in (200, 201, 204), response.content


@pytest.mark.parametrize("role", ["other_api", "staff_api"])
@pytest.mark.parametrize(("method", "template", "body"), GOAL_ENDPOINTS)
def test_someone_else_gets_404_and_changes_nothing(
    request, planned_goal, role, method, template, body
):
    client = request.getfixturevalue(role)
    before = _snapshot()

    response = _call(client, method, template.format(id=planned_goal.pk), body)

    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("role", ["other_api", "staff_api"])
def test_someone_else_cannot_restore_a_trashed_goal(request, goal, role):
    goal_trash(goal=goal, by=goal.owner)

    response = request.getfixturevalue(role).post(f"/api/v1/goals/{goal.pk}/restore/")

    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.in_trash


@pytest.mark.parametrize("role", ["other_api", "staff_api"])
def test_someone_else_lists_none_of_my_goals(request, goal, role):
    assert request.getfixturevalue(role).get("/api/v1/goals/").json()["count"] == 0


@pytest.mark.parametrize(
    ("method", "template", "body"),
    [*GOAL_ENDPOINTS, ("get", "/api/v1/goals/", None), ("post", "/api/v1/goals/", {})],
)
def test_anonymous_gets_401(api_client, goal, method, template, body):
    response = _call(api_client, method, template.format(id=goal.pk), body)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/goals/abc/",
        "/api/v1/goals/1.0/",
        "/api/v1/goals/-1/",
        "/api/v1/goals/99999999999999999999999/",
        "/api/v1/goals/99999999999999999999999/restore/",
        "/api/v1/goals/%00/repeat/",
        "/api/v1/playbooks/abc/",
        "/api/v1/playbooks/99999999999999999999999/start/",
    ],
)
def test_malformed_ids_answer_404(customer_api, goal, url):
    method = (
        customer_api.post if url.endswith(("restore/", "repeat/", "start/")) else customer_api.get
    )
    assert method(url).status_code == 404


# --- Playbooks ----------------------------------------------------------------------------


@pytest.fixture
def public_playbook(other_customer):
    return playbook_create(
        by=other_customer,
        title="Apple season",
        public=True,
        milestones=[
            {"title": "Prune", "duration_days": 5, "tasks": ["Sharpen", "Burn cuttings"]},
            {"title": "Export papers", "duration_days": 1, "offset_days_before_target": 14},
        ],
        dependencies=[{"predecessor": 0, "successor": 1, "lag_days": 2}],
    )


@pytest.fixture
def private_playbook(other_customer):
    return PlaybookFactory(author=other_customer, title="Secret recipe", public=False)


def test_playbook_list_shows_public_and_my_own(
    customer_api, customer, public_playbook, private_playbook
):
    mine = PlaybookFactory(author=customer, title="My private one", public=False)

    body = customer_api.get("/api/v1/playbooks/").json()

    assert set(body) == {"count", "next", "previous", "results"}
    by_id = {row["id"]: row for row in body["results"]}
    assert set(by_id) == {public_playbook.pk, mine.pk}
    assert by_id[public_playbook.pk]["milestone_count"] == 2
    assert by_id[public_playbook.pk]["is_author"] is False
    assert by_id[mine.pk]["is_author"] is True


def test_playbook_list_filters_by_category_and_words(customer_api, other_customer):
    fruit = CategoryFactory(slug="fruit")
    apples = PlaybookFactory(title="Apples", category=fruit, author=other_customer)
    PlaybookFactory(title="Welding certificate", author=other_customer)

    by_category = customer_api.get("/api/v1/playbooks/?category=fruit").json()
    by_words = customer_api.get("/api/v1/playbooks/?search=weld").json()
    unknown = customer_api.get("/api/v1/playbooks/?category=nope")

    assert [row["id"] for row in by_category["results"]] == [apples.pk]
    assert [row["title"] for row in by_words["results"]] == ["Welding certificate"]
    assert unknown.status_code == 400
    assert "category" in unknown.json()["fields"]


def test_a_public_playbook_is_readable_but_only_its_author_writes(
    customer_api, other_api, public_playbook
):
    url = f"/api/v1/playbooks/{public_playbook.pk}/"

    read = customer_api.get(url)
    assert read.status_code == 200
    assert read.json()["milestones"][0]["tasks"] == ["Sharpen", "Burn cuttings"]
    assert read.json()["dependencies"] == [{"predecessor": 0, "successor": 1, "lag_days": 2}]
    assert customer_api.patch(url, {"title": "Mine now"}).status_code == 403
    assert customer_api.delete(url).status_code == 403
    public_playbook.refresh_from_db()
    assert public_playbook.title == "Apple season"

    patched = other_api.patch(url, {"title": "Apple season 2027", "public": False})
    assert patched.status_code == 200
    assert patched.json()["title"] == "Apple season 2027"
    assert patched.json()["milestones"][1]["offset_days_before_target"] == 14
    assert customer_api.get(url).status_code == 404  # private now

    assert other_api.delete(url).status_code == 204
    assert not Playbook.objects.filter(pk=public_playbook.pk).exists()


@pytest.mark.parametrize("role", ["customer_api", "staff_api"])
def test_a_private_playbook_of_someone_else_is_404(request, private_playbook, role):
    client = request.getfixturevalue(role)
    url = f"/api/v1/playbooks/{private_playbook.pk}/"

    assert client.get(url).status_code == 404
    assert client.patch(url, {"title": "X"}).status_code == 404
    assert client.delete(url).status_code == 404
    assert client.post(f"{url}start/", {"target_date": "2027-06-01"}).status_code == 404
    private_playbook.refresh_from_db()
    assert private_playbook.title == "Secret recipe"
    assert not Goal.objects.exists()


def test_staff_are_not_authors(staff_api, public_playbook):
    url = f"/api/v1/playbooks/{public_playbook.pk}/"
    assert staff_api.get(url).status_code == 200
    assert staff_api.patch(url, {"title": "X"}).status_code == 403


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("patch", "{id}/", {"title": "X"}),
        ("get", "{id}/", None),
        ("delete", "{id}/", None),
        ("post", "", {"title": "X"}),
        ("post", "{id}/start/", {"target_date": "2027-06-01"}),
    ],
)
def test_anonymous_gets_401_on_playbooks(api_client, public_playbook, method, suffix, body):
    url = "/api/v1/playbooks/" + suffix.format(id=public_playbook.pk)

    assert _call(api_client, method, url, body).status_code == 401


def test_create_a_playbook_with_its_content(customer_api, customer):
    CategoryFactory(slug="education")

    response = customer_api.post(
        "/api/v1/playbooks/",
        {
            "title": "Certificate",
            "description": "Level 4",
            "category": "education",
            "public": True,
            "milestones": [
                {"title": "Enrol", "duration_days": 1, "tasks": ["Send the form"]},
                {"title": "Course", "duration_days": 40},
                {"title": "Exam", "duration_days": 0, "offset_days_before_target": 7},
            ],
            "dependencies": [
                {"predecessor": 0, "successor": 1},
                {"predecessor": 1, "successor": 2, "lag_days": 5},
            ],
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["category"] == "education"
    assert body["author"] == customer.name
    assert [(row["title"], row["tasks"]) for row in body["milestones"]] == [
        ("Enrol", ["Send the form"]),
        ("Course", []),
        ("Exam", []),
    ]
    assert body["dependencies"] == [
        {"predecessor": 0, "successor": 1, "lag_days": 0},
        {"predecessor": 1, "successor": 2, "lag_days": 5},
    ]

    started = customer_api.post(
        f"/api/v1/playbooks/{body['id']}/start/",
        {"target_date": "2027-12-10", "title": "My certificate"},
    )
    assert started.status_code == 201
    assert started.json()["title"] == "My certificate"
    assert started.json()["category"] == "education"
    goal = Goal.objects.get(pk=started.json()["id"])
    assert goal.owner == customer
    assert goal.dependencies.count() == 2
    assert Task.objects.filter(milestone__goal=goal).count() == 1
    assert goal.milestones.get(title="Exam").must_finish_by == date(2027, 12, 3)


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ({"milestones": [{"title": "A", "duration_days": -1}]}, "milestones"),
        ({"milestones": [{"title": "A", "duration_days": 3651}]}, "milestones"),
        ({"milestones": [{"title": "A", "offset_days_before_target": -2}]}, "milestones"),
        ({"milestones": [{"title": "A", "colour": "red"}]}, "milestones"),
        ({"milestones": [{"duration_days": 1}]}, "milestones"),
        ({"dependencies": [{"predecessor": 0, "successor": 5}]}, "dependencies"),
        ({"dependencies": [{"predecessor": -1, "successor": 0}]}, "dependencies"),
        ({"dependencies": [{"predecessor": 0, "successor": 0}]}, "dependencies"),
        ({"dependencies": [{"predecessor": 0, "successor": 1, "lag_days": -1}]}, "dependencies"),
        ({"dependencies": [{"predecessor": 0, "successor": 1, "lag_days": 3651}]}, "dependencies"),
        (
            {
                "dependencies": [
                    {"predecessor": 0, "successor": 1},
                    {"predecessor": 1, "successor": 0},
                ]
            },
            "dependencies",
        ),
        (
            {
                "dependencies": [
                    {"predecessor": 0, "successor": 1},
                    {"predecessor": 0, "successor": 1},
                ]
            },
            "dependencies",
        ),
        ({"title": ""}, "title"),
        ({"category": "none-such"}, "category"),
        ({"author": 1}, "author"),
    ],
)
def test_bad_playbook_content_answers_400_and_creates_nothing(customer_api, content, field):
    body = {
        "title": "Plan",
        "milestones": [{"title": "A", "duration_days": 1}, {"title": "B", "duration_days": 1}],
        **content,
    }

    response = customer_api.post("/api/v1/playbooks/", body)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Playbook.objects.exists()
    assert not PlaybookMilestone.objects.exists()


def test_the_content_of_a_playbook_is_not_patched(customer_api, customer):
    playbook = PlaybookFactory(author=customer, title="Mine")

    response = customer_api.patch(
        f"/api/v1/playbooks/{playbook.pk}/", {"title": "Renamed", "milestones": []}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"milestones": ["Unknown field."]}
    playbook.refresh_from_db()
    assert playbook.title == "Mine"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "target_date"),
        ({"target_date": "2027-02-29"}, "target_date"),
        ({"target_date": "2027-06-01", "working": [1]}, "working"),
    ],
)
def test_bad_start_input_answers_400(customer_api, public_playbook, body, field):
    response = customer_api.post(f"/api/v1/playbooks/{public_playbook.pk}/start/", body)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Goal.objects.exists()


def test_starting_copies_so_later_edits_of_the_playbook_change_nothing(
    customer_api, other_api, public_playbook
):
    goal_id = customer_api.post(
        f"/api/v1/playbooks/{public_playbook.pk}/start/", {"target_date": "2027-06-01"}
    ).json()["id"]

    other_api.patch(f"/api/v1/playbooks/{public_playbook.pk}/", {"title": "Changed"})
    PlaybookMilestone.objects.filter(playbook=public_playbook).update(title="Changed")

    goal = Goal.objects.get(pk=goal_id)
    assert goal.title == "Apple season"
    assert sorted(goal.milestones.values_list("title", flat=True)) == ["Export papers", "Prune"]
    assert all(milestone.source_id for milestone in goal.milestones.all())


# --- Queries do not grow with the data ----------------------------------------------------


def test_goal_detail_queries_do_not_grow_with_the_milestones(customer, customer_api):
    counts = [
        count_queries(customer_api, f"/api/v1/goals/{build_plan(customer, size).pk}/")
        for size in (5, 200)
    ]

    assert counts[0] == counts[1]


def test_goal_list_queries_do_not_grow_with_the_goals(customer, customer_api):
    build_plan(customer, 5)
    few = count_queries(customer_api, "/api/v1/goals/")
    for size in (3, 30, 60):
        build_plan(customer, size)
    many = count_queries(customer_api, "/api/v1/goals/")

    assert few == many


def _big_playbook(author, size: int) -> Playbook:
    return playbook_create(
        by=author,
        title=f"{size} steps",
        public=True,
        milestones=[
            {"title": f"Step {index}", "duration_days": 1, "tasks": ["One", "Two"]}
            for index in range(size)
        ],
        dependencies=[{"predecessor": index, "successor": index + 1} for index in range(size - 1)],
    )


def test_playbook_queries_do_not_grow_with_the_content(customer, customer_api):
    small, big = _big_playbook(customer, 5), _big_playbook(customer, 200)

    assert count_queries(customer_api, f"/api/v1/playbooks/{small.pk}/") == count_queries(
        customer_api, f"/api/v1/playbooks/{big.pk}/"
    )
    assert len(customer_api.get(f"/api/v1/playbooks/{big.pk}/").json()["dependencies"]) == 199
    few = count_queries(customer_api, "/api/v1/playbooks/")
    for _ in range(5):
        _big_playbook(customer, 3)
    assert count_queries(customer_api, "/api/v1/playbooks/") == few
    assert PlaybookTask.objects.count() == 2 * (5 + 200 + 15)
    assert PlaybookDependency.objects.count() == 4 + 199 + 10


# --- The schema ---------------------------------------------------------------------------

API_PATHS = {
    "/api/v1/goals/": {"get", "post"},
    "/api/v1/goals/{id}/": {"get", "patch", "delete"},
    "/api/v1/goals/{id}/restore/": {"post"},
    "/api/v1/goals/{id}/milestones/": {"get", "post"},
    "/api/v1/milestones/{id}/": {"get", "patch", "delete"},
    "/api/v1/goals/{id}/dependencies/": {"get", "post"},
    "/api/v1/dependencies/{id}/": {"get", "delete"},
    "/api/v1/milestones/{id}/tasks/": {"get", "post"},
    "/api/v1/tasks/{id}/": {"get", "patch", "delete"},
    "/api/v1/goals/{id}/schedule/": {"get"},
    "/api/v1/goals/{id}/repeat/": {"post"},
    "/api/v1/goals/{id}/save-as-playbook/": {"post"},
    "/api/v1/playbooks/": {"get", "post"},
    "/api/v1/playbooks/{id}/": {"get", "patch", "delete"},
    "/api/v1/playbooks/{id}/start/": {"post"},
}


def test_the_schema_has_every_path_of_the_contract_without_warnings():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    ours = [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        if "goals/api.py" in message or "milestones/api.py" in message or "enum" in message
    ]

    assert ours == []
    for path, methods in API_PATHS.items():
        assert path in schema["paths"], path
        offered = set(schema["paths"][path]) - {"parameters"}
        assert offered == methods, path
    schedule = schema["paths"]["/api/v1/goals/{id}/schedule/"]["get"]
    assert "as_of" in {parameter["name"] for parameter in schedule["parameters"]}
    assert "201" in schema["paths"]["/api/v1/goals/{id}/repeat/"]["post"]["responses"]
    assert "204" in schema["paths"]["/api/v1/goals/{id}/"]["delete"]["responses"]


def test_the_served_schema_names_the_paths(client):
    content = client.get("/api/schema/").content.decode()
    for path in API_PATHS:
        assert path in content


def test_trash_keeps_the_goal_for_its_owner_only(customer, customer_api, goal):
    goal_trash(goal=goal, by=goal.owner)
    Goal.objects.filter(pk=goal.pk).update(deleted_at=timezone.now() - timedelta(days=2))

    assert customer_api.post(f"/api/v1/goals/{goal.pk}/restore/").status_code == 200
    assert customer_api.get(f"/api/v1/goals/{goal.pk}/").status_code == 200


def test_a_partner_member_publishes_a_playbook_under_the_organisation(api_client):
    from partners.services import organization_create
    from tests.factories import UserFactory

    partner, outsider = UserFactory(), UserFactory()
    organization = organization_create(by=partner, name="Fruit Extension", kind="extension_service")
    api_client.force_authenticate(partner)
    response = api_client.post(
        "/api/v1/playbooks/",
        {"title": "Thinning", "organization": organization.slug},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["organization"] == organization.slug

    api_client.force_authenticate(outsider)
    refused = api_client.post(
        "/api/v1/playbooks/",
        {"title": "Not mine", "organization": organization.slug},
        format="json",
    )
    assert refused.status_code == 403
