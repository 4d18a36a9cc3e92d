"""Who sees and changes what around a goal, walked as a matrix (issue 5).

ONE goal world is built from the services (see `world` below): an owner's goal with four
milestones, two prerequisites, tasks, advice and stakeholders of every kind. The tables
below have one line per endpoint and method, with the status each role must get by the
foundation's rules: 401 anonymous, 404 what a role may not see, 403 what it sees but may
not do, 200/201/204 what it may do. Every write is rolled back after each request, so
each cell starts from the same world.

A new endpoint adds one line to API_MATRIX (a test fails when an /api/v1/ path that
takes a goal, milestone, prerequisite, task, stakeholder or advice id has none); a new
page adds one line to PAGE_MATRIX.

The world, by role (column order of the tables):
  owner       the goal's owner
  view        a person invited to the whole goal with view access
  comment     ... with comment access (author of advice on Prune)
  contribute  ... with contribute access
  scoped      a person with contribute access scoped to Prune only
  member      a plain member of Orchard Supplies, invited with comment access scoped to
              Order and Spray (author of hidden advice on Order)
  removed     a person invited, accepted, then removed
  lapsed      a person whose access ended yesterday (still "active": the sweep has not run)
  other       another customer, with a goal of their own
  partner     an admin of an organisation that was not invited
  staff       platform staff (they do not see customers' goals)
  anonymous   no one signed in

Milestones: Prune -> Order -> Spray (prerequisites ab and bc), and Pick on its own. Tasks
on Prune, Order and Pick.
"""

# The tables below keep one endpoint per line, aligned by role: wider than 100 columns.
# ruff: noqa: E501

import itertools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from goals.models import Goal
from goals.services import goal_create
from milestones.models import Dependency, Milestone, Task
from milestones.services import dependency_create, milestone_create, task_create
from partners.services import member_accept, member_invite, organization_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.models import Advice, Stakeholder
from stakeholders.services import (
    advice_moderate,
    advice_post,
    stakeholder_invite,
    stakeholder_remove,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = (
    "owner",
    "view",
    "comment",
    "contribute",
    "scoped",
    "member",
    "removed",
    "lapsed",
    "other",
    "partner",
    "staff",
    "anonymous",
)
SIGNED_IN = ROLES[:-1]


@dataclass(frozen=True)
class Line:
    method: str
    path: str  # under /api/v1 (or the site root for pages), with {names} of the world
    expected: dict[str, int]
    body: dict | None = None

    def __str__(self):
        return f"{self.method} {self.path}" + (f" {self.body}" if self.body else "")


def line(endpoint: str, statuses: str, body: dict | None = None) -> Line:
    """`endpoint` is "METHOD /path/"; `statuses` one code per role in ROLES order ("|"
    only groups them for the eye)."""
    method, path = endpoint.split()
    codes = [int(code) for code in statuses.replace("|", " ").split()]
    assert len(codes) == len(ROLES), endpoint
    return Line(method, path, dict(zip(ROLES, codes, strict=True)), body)


# fmt: off
#                                                          own vie com con sco mem | rem lap oth par sta | ano
API_MATRIX = [
    # --- Goals
    line("GET /goals/",                                   "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /goals/{goal}/",                            "200 200 200 200 200 200 | 404 404 404 404 404 | 401"),
    line("PATCH /goals/{goal}/",                          "200 403 403 403 403 403 | 404 404 404 404 404 | 401",
         {"title": "Renamed"}),
    line("DELETE /goals/{goal}/",                         "204 403 403 403 403 403 | 404 404 404 404 404 | 401"),
    line("POST /goals/{goal}/restore/",                   "200 403 403 403 403 403 | 404 404 404 404 404 | 401"),
    line("POST /goals/{goal}/repeat/",                    "201 403 403 403 403 403 | 404 404 404 404 404 | 401",
         {"target_date": "2031-03-01"}),
    line("POST /goals/{goal}/save-as-playbook/",          "201 403 403 403 403 403 | 404 404 404 404 404 | 401",
         {}),
    # --- Milestones (scoped sees Prune; member sees Order and Spray)
    line("GET /goals/{goal}/milestones/",                 "200 200 200 200 200 200 | 404 404 404 404 404 | 401"),
    line("POST /goals/{goal}/milestones/",                "201 403 403 403 403 403 | 404 404 404 404 404 | 401",
         {"title": "Net the trees", "duration_days": 1}),
    line("GET /milestones/{prune}/",                      "200 200 200 200 200 404 | 404 404 404 404 404 | 401"),
    line("GET /milestones/{order}/",                      "200 200 200 200 404 200 | 404 404 404 404 404 | 401"),
    line("GET /milestones/{pick}/",                       "200 200 200 200 404 404 | 404 404 404 404 404 | 401"),
    line("PATCH /milestones/{prune}/",                    "200 403 403 200 200 404 | 404 404 404 404 404 | 401",
         {"title": "Prune hard"}),
    line("PATCH /milestones/{order}/",                    "200 403 403 200 404 403 | 404 404 404 404 404 | 401",
         {"status": "doing"}),
    line("PATCH /milestones/{pick}/",                     "200 403 403 200 404 404 | 404 404 404 404 404 | 401",
         {"duration_days": 3}),
    line("DELETE /milestones/{prune}/",                   "204 403 403 403 403 404 | 404 404 404 404 404 | 401"),
    line("DELETE /milestones/{order}/",                   "204 403 403 403 404 403 | 404 404 404 404 404 | 401"),
    # --- Prerequisites: seen only when both ends are (member sees bc, not ab)
    line("GET /goals/{goal}/dependencies/",               "200 200 200 200 200 200 | 404 404 404 404 404 | 401"),
    line("POST /goals/{goal}/dependencies/",              "201 403 403 403 403 403 | 404 404 404 404 404 | 401",
         {"predecessor": "{spray}", "successor": "{pick}"}),
    line("GET /dependencies/{ab}/",                       "200 200 200 200 404 404 | 404 404 404 404 404 | 401"),
    line("GET /dependencies/{bc}/",                       "200 200 200 200 404 200 | 404 404 404 404 404 | 401"),
    line("DELETE /dependencies/{ab}/",                    "204 403 403 403 404 404 | 404 404 404 404 404 | 401"),
    line("DELETE /dependencies/{bc}/",                    "204 403 403 403 404 403 | 404 404 404 404 404 | 401"),
    # --- Tasks: contribute access ticks the tasks of milestones in scope
    line("GET /milestones/{prune}/tasks/",                "200 200 200 200 200 404 | 404 404 404 404 404 | 401"),
    line("GET /milestones/{order}/tasks/",                "200 200 200 200 404 200 | 404 404 404 404 404 | 401"),
    line("POST /milestones/{prune}/tasks/",               "201 403 403 201 201 404 | 404 404 404 404 404 | 401",
         {"title": "Oil the saw"}),
    line("POST /milestones/{order}/tasks/",               "201 403 403 201 404 403 | 404 404 404 404 404 | 401",
         {"title": "Compare prices"}),
    line("GET /tasks/{prune_task}/",                      "200 200 200 200 200 404 | 404 404 404 404 404 | 401"),
    line("GET /tasks/{order_task}/",                      "200 200 200 200 404 200 | 404 404 404 404 404 | 401"),
    line("GET /tasks/{pick_task}/",                       "200 200 200 200 404 404 | 404 404 404 404 404 | 401"),
    line("PATCH /tasks/{prune_task}/",                    "200 403 403 200 200 404 | 404 404 404 404 404 | 401",
         {"done": True}),
    line("PATCH /tasks/{order_task}/",                    "200 403 403 200 404 403 | 404 404 404 404 404 | 401",
         {"done": True}),
    line("DELETE /tasks/{prune_task}/",                   "204 403 403 204 204 404 | 404 404 404 404 404 | 401"),
    line("DELETE /tasks/{order_task}/",                   "204 403 403 204 404 403 | 404 404 404 404 404 | 401"),
    # --- The schedule (its milestones are checked against the details below)
    line("GET /goals/{goal}/schedule/",                   "200 200 200 200 200 200 | 404 404 404 404 404 | 401"),
    # --- Stakeholders: the owner sees every row, a stakeholder their own
    line("GET /goals/{goal}/stakeholders/",               "200 200 200 200 200 200 | 404 404 404 404 404 | 401"),
    line("POST /goals/{goal}/stakeholders/",              "201 403 403 403 403 403 | 404 404 404 404 404 | 401",
         {"email": "new@example.org", "role": "advisor"}),
    line("GET /stakeholders/{view_row}/",                 "200 200 404 404 404 404 | 404 404 404 404 404 | 401"),
    line("GET /stakeholders/{member_row}/",               "200 404 404 404 404 200 | 404 404 404 404 404 | 401"),
    line("GET /stakeholders/{removed_row}/",              "200 404 404 404 404 404 | 404 404 404 404 404 | 401"),
    line("GET /stakeholders/{lapsed_row}/",               "200 404 404 404 404 404 | 404 404 404 404 404 | 401"),
    line("PATCH /stakeholders/{view_row}/",               "200 403 404 404 404 404 | 404 404 404 404 404 | 401",
         {"access": "comment"}),
    line("PATCH /stakeholders/{member_row}/",             "200 404 404 404 404 403 | 404 404 404 404 404 | 401",
         {"milestones": ["{order}"]}),
    line("DELETE /stakeholders/{view_row}/",              "204 403 404 404 404 404 | 404 404 404 404 404 | 401"),
    line("DELETE /stakeholders/{member_row}/",            "204 404 404 404 404 403 | 404 404 404 404 404 | 401"),
    # --- Advice: posting needs comment access; hidden advice is the owner's and author's
    line("GET /milestones/{prune}/advice/",               "200 200 200 200 200 404 | 404 404 404 404 404 | 401"),
    line("GET /milestones/{order}/advice/",               "200 200 200 200 404 200 | 404 404 404 404 404 | 401"),
    line("POST /milestones/{prune}/advice/",              "201 403 201 201 201 404 | 404 404 404 404 404 | 401",
         {"body": "Prune on a dry day."}),
    line("POST /milestones/{order}/advice/",              "201 403 201 201 404 201 | 404 404 404 404 404 | 401",
         {"body": "Order before the price rise."}),
    line("GET /advice/{prune_advice}/",                   "200 200 200 200 200 404 | 404 404 404 404 404 | 401"),
    line("GET /advice/{hidden_advice}/",                  "200 404 404 404 404 200 | 404 404 404 404 404 | 401"),
    line("PATCH /advice/{prune_advice}/",                 "403 403 200 403 403 404 | 404 404 404 404 404 | 401",
         {"body": "Prune on a dry, still day."}),
    line("PATCH /advice/{prune_advice}/",                 "200 403 403 403 403 404 | 404 404 404 404 404 | 401",
         {"helpful": True}),
    line("PATCH /advice/{hidden_advice}/",                "200 404 404 404 404 403 | 404 404 404 404 404 | 401",
         {"hidden": False}),
    line("DELETE /advice/{prune_advice}/",                "204 403 204 403 403 404 | 404 404 404 404 404 | 401"),
    line("DELETE /advice/{hidden_advice}/",               "204 404 404 404 404 204 | 404 404 404 404 404 | 401"),
    # --- Help for a milestone: partners' resources and the community's tips
    line("GET /milestones/{prune}/resources/",            "200 200 200 200 200 404 | 404 404 404 404 404 | 401"),
    line("GET /milestones/{pick}/resources/",             "200 200 200 200 404 404 | 404 404 404 404 404 | 401"),
    line("GET /milestones/{order}/community-tips/",       "200 200 200 200 404 200 | 404 404 404 404 404 | 401"),
    line("GET /milestones/{pick}/community-tips/",        "200 200 200 200 404 404 | 404 404 404 404 404 | 401"),
    # --- Invitations (a bearer link: anyone signed in may read what it shares; only the
    #     address invited answers it) and the partner dashboard (filtered, never 404)
    line("GET /invitations/{invitation}/",                "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /invitations/{invitation}/accept/",        "403 403 403 403 403 403 | 403 403 403 403 403 | 401"),
    line("POST /invitations/{invitation}/decline/",       "403 403 403 403 403 403 | 403 403 403 403 403 | 401"),
    line("GET /partner-dashboard/",                       "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
]

# --- PAGES -------------------------------------------------------------------------------
# Pages answer anonymous people with a redirect to the login page (302), else as the API.
# A write that succeeds answers a redirect back to the goal (302), as does anonymous.
#                                                          own vie com con sco mem | rem lap oth par sta | ano
PAGE_MATRIX: list[Line] = [
    # The invitation page, like its API, shows any holder of the link what it shares; signed
    # out too, with "Create an account" and "Sign in" (answering it needs an account).
    line("GET /invitations/{invitation}/",                "200 200 200 200 200 200 | 200 200 200 200 200 | 200"),
    line("GET /goals/{goal}/",                            "200 200 200 200 200 200 | 404 404 404 404 404 | 302"),
    line("GET /goals/{goal}/edit/",                       "200 403 403 403 403 403 | 404 404 404 404 404 | 302"),
    line("GET /goals/{goal}/stakeholders/",               "200 403 403 403 403 403 | 404 404 404 404 404 | 302"),
    line("GET /goals/{goal}/ecosystem/",                  "200 200 200 200 200 200 | 404 404 404 404 404 | 302"),
    line("GET /milestones/{prune}/edit/",                 "200 403 403 200 200 404 | 404 404 404 404 404 | 302"),
    line("GET /milestones/{prune}/help/",                 "200 200 200 200 200 404 | 404 404 404 404 404 | 302"),
    line("GET /milestones/{order}/help/",                 "200 200 200 200 404 200 | 404 404 404 404 404 | 302"),
    line("POST /milestones/{order}/status/",              "302 403 403 302 404 403 | 404 404 404 404 404 | 302",
         {"status": "doing"}),
    line("POST /goals/{goal}/milestones/add/",            "302 403 403 403 403 403 | 404 404 404 404 404 | 302",
         {"add-title": "Net the trees", "add-duration_days": "1", "add-status": "todo"}),
    line("POST /milestones/{prune}/delete/",              "302 403 403 403 403 404 | 404 404 404 404 404 | 302",
         {"confirm": "yes"}),
    line("POST /goals/{goal}/dependencies/add/",          "302 403 403 403 403 403 | 404 404 404 404 404 | 302",
         {"dependency-predecessor": "{pick}", "dependency-successor": "{prune}",
          "dependency-lag_days": "0"}),
    line("POST /dependencies/{bc}/delete/",               "302 403 403 403 404 403 | 404 404 404 404 404 | 302"),
    line("POST /milestones/{prune}/tasks/add/",           "302 403 403 302 302 404 | 404 404 404 404 404 | 302",
         {"task-{prune}-title": "Sharpen the loppers"}),
    line("POST /tasks/{order_task}/toggle/",              "302 403 403 302 404 403 | 404 404 404 404 404 | 302",
         {"done": "1"}),
    line("POST /tasks/{prune_task}/delete/",              "302 403 403 302 302 404 | 404 404 404 404 404 | 302"),
    line("POST /stakeholders/{pending_row}/resend/",      "302 404 404 404 404 404 | 404 404 404 404 404 | 302"),
    line("GET /milestones/{prune}/advice/",               "200 200 200 200 200 404 | 404 404 404 404 404 | 302"),
    line("POST /milestones/{order}/advice/",              "302 403 302 302 404 302 | 404 404 404 404 404 | 302",
         {"advice-{order}-body": "Order **early** this year."}),
]
# fmt: on


# --- The world ---------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, object]
    names: dict[str, int | str]
    clients: dict[str, APIClient] = field(default_factory=dict)
    browsers: dict[str, Client] = field(default_factory=dict)

    def __post_init__(self):
        for role in ROLES:
            self.clients[role], self.browsers[role] = APIClient(), Client()
            if self.users.get(role) is not None:
                self.clients[role].force_authenticate(self.users[role])
                self.browsers[role].force_login(self.users[role])

    def resolve(self, value):
        """`"{order}"` is the id of Order; paths get every `{name}` replaced."""
        if isinstance(value, str):
            exact = re.fullmatch(r"\{(\w+)\}", value)
            return self.names[exact.group(1)] if exact else value.format(**self.names)
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if isinstance(value, dict):
            return {self.resolve(key): self.resolve(item) for key, item in value.items()}
        return value

    def call(self, role: str, method: str, url: str, body=None, *, page=False):
        """One request as `role`, rolled back afterwards so the world stays as built."""
        client = self.browsers[role] if page else self.clients[role]
        with transaction.atomic():
            if method == "GET":
                response = client.get(url)
            else:
                response = getattr(client, method.lower())(url, self.resolve(body), format="json")
            transaction.set_rollback(True)
        return response

    def api(self, role: str, method: str, path: str, body=None):
        return self.call(role, method, "/api/v1" + self.resolve(path), body)


def _accepted(goal, owner, invitee, **options):
    stakeholder = stakeholder_invite(
        goal=goal, by=owner, email=invitee.email, role=options.pop("role", "advisor"), **options
    )
    return stakeholder_answer(token=invitation_token(stakeholder), user=invitee, accept=True)


@pytest.fixture
def world(db) -> World:
    today = timezone.localdate()
    owner = UserFactory(display_name="Olive Owner")
    goal = goal_create(owner=owner, title="Gala apples", target_date=date(2030, 3, 1))
    prune = milestone_create(goal=goal, by=goal.owner, title="Prune", duration_days=2)
    order = milestone_create(goal=goal, by=goal.owner, title="Order fertiliser", duration_days=1)
    spray = milestone_create(goal=goal, by=goal.owner, title="Spray", duration_days=1)
    pick = milestone_create(goal=goal, by=goal.owner, title="Pick", duration_days=1)
    ab = dependency_create(goal=goal, by=goal.owner, predecessor=prune, successor=order)
    bc = dependency_create(goal=goal, by=goal.owner, predecessor=order, successor=spray)
    prune_task = task_create(milestone=prune, by=prune.goal.owner, title="Sharpen shears")
    order_task = task_create(milestone=order, by=order.goal.owner, title="Get quotes")
    pick_task = task_create(milestone=pick, by=pick.goal.owner, title="Hire pickers")

    users = {"owner": owner, "anonymous": None}
    rows = {}
    for role, options in [
        ("view", {}),
        ("comment", {"access": "comment"}),
        ("contribute", {"access": "contribute"}),
        ("scoped", {"access": "contribute", "milestones": [prune]}),
        ("removed", {"access": "contribute"}),
        ("lapsed", {"access": "contribute", "ends_on": today}),
    ]:
        users[role] = UserFactory(display_name=role.title())
        rows[role] = _accepted(goal, owner, users[role], **options)
    stakeholder_remove(stakeholder=rows["removed"], by=owner)
    Stakeholder.objects.filter(pk=rows["lapsed"].pk).update(ends_on=today - timedelta(days=1))

    supplier_admin = UserFactory(display_name="Supplier Admin")
    supplier = organization_create(by=supplier_admin, name="Orchard Supplies", kind="supplier")
    users["member"] = UserFactory(display_name="Member")
    member_accept(
        membership=member_invite(
            organization=supplier, by=supplier_admin, email=users["member"].email
        ),
        by=users["member"],
    )
    invitation = stakeholder_invite(
        goal=goal,
        by=owner,
        organization=supplier,
        role="supplier",
        access="comment",
        milestones=[order, spray],
    )
    rows["member"] = stakeholder_answer(
        token=invitation_token(invitation), user=supplier_admin, accept=True
    )
    pending = stakeholder_invite(goal=goal, by=owner, email="pending@example.org", role="peer")

    users["other"] = UserFactory(display_name="Other Customer")
    other_goal = goal_create(owner=users["other"], title="Theirs", target_date=date(2030, 5, 1))
    other_milestone = milestone_create(
        goal=other_goal, by=other_goal.owner, title="Their step", duration_days=1
    )
    users["partner"] = UserFactory(display_name="Uninvited Partner")
    organization_create(by=users["partner"], name="Not Invited Tutors", kind="tutor")
    users["staff"] = UserFactory(is_staff=True, display_name="Staff")

    prune_advice = advice_post(milestone=prune, by=users["comment"], body="Prune in winter.")
    hidden_advice = advice_post(milestone=order, by=users["member"], body="Buy from us.")
    advice_moderate(advice=hidden_advice, by=owner, hidden=True)

    names = {
        "goal": goal.pk,
        "prune": prune.pk,
        "order": order.pk,
        "spray": spray.pk,
        "pick": pick.pk,
        "ab": ab.pk,
        "bc": bc.pk,
        "prune_task": prune_task.pk,
        "order_task": order_task.pk,
        "pick_task": pick_task.pk,
        "view_row": rows["view"].pk,
        "member_row": rows["member"].pk,
        "removed_row": rows["removed"].pk,
        "lapsed_row": rows["lapsed"].pk,
        "pending_row": pending.pk,
        "prune_advice": prune_advice.pk,
        "hidden_advice": hidden_advice.pk,
        "invitation": invitation_token(pending),
        "other_goal": other_goal.pk,
        "other_milestone": other_milestone.pk,
    }
    return World(users=users, names=names)


# --- The matrix --------------------------------------------------------------------------


@pytest.mark.parametrize("entry", API_MATRIX, ids=str)
def test_each_role_gets_the_status_the_rules_give(world, entry):
    answered = {role: world.api(role, entry.method, entry.path, entry.body) for role in ROLES}
    statuses = {role: response.status_code for role, response in answered.items()}
    assert statuses == entry.expected, {
        role: (statuses[role], answered[role].content[:200])
        for role in ROLES
        if statuses[role] != entry.expected[role]
    }


@pytest.mark.parametrize("entry", PAGE_MATRIX, ids=str)
def test_each_role_gets_the_page_status_the_rules_give(world, entry):
    answered = {
        role: world.call(role, entry.method, world.resolve(entry.path), entry.body, page=True)
        for role in ROLES
    }
    statuses = {role: response.status_code for role, response in answered.items()}
    assert statuses == entry.expected
    if statuses["anonymous"] == 302:
        assert "/accounts/login/" in answered["anonymous"]["Location"]


def test_the_world_is_as_described(world):
    """Guards the matrix: if the services change what a grant gives, this says so first."""
    names = world.names
    milestones_seen = {
        role: set(
            Milestone.objects.visible_to(world.users[role] or _anonymous())
            .filter(goal_id=names["goal"])
            .values_list("pk", flat=True)
        )
        for role in ROLES
    }
    every = {names[key] for key in ("prune", "order", "spray", "pick")}
    assert milestones_seen == {
        "owner": every,
        "view": every,
        "comment": every,
        "contribute": every,
        "scoped": {names["prune"]},
        "member": {names["order"], names["spray"]},
        "removed": set(),
        "lapsed": set(),
        "other": set(),
        "partner": set(),
        "staff": set(),
        "anonymous": set(),
    }


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


# --- Lists show exactly what details answer 200 -------------------------------------------


def _listed(world, role, path) -> set[int]:
    response = world.api(role, "GET", path)
    if response.status_code == 404:
        return set()
    assert response.status_code == 200, (path, response.content)
    body = response.json()
    assert body["next"] is None, "the world fits on one page"
    return {row["id"] for row in body["results"]}


def _answering_200(world, role, template, ids) -> set[int]:
    return {pk for pk in ids if world.api(role, "GET", template.format(id=pk)).status_code == 200}


@pytest.mark.parametrize("role", SIGNED_IN)
def test_every_list_shows_exactly_the_ids_whose_detail_answers_200(world, role):
    goal = world.names["goal"]
    milestones = set(Milestone.objects.values_list("pk", flat=True))
    milestones_here = set(Milestone.objects.filter(goal_id=goal).values_list("pk", flat=True))

    goals_seen = _answering_200(
        world, role, "/goals/{id}/", Goal.objects.values_list("pk", flat=True)
    )
    assert _listed(world, role, "/goals/") == goals_seen

    milestones_seen = _answering_200(world, role, "/milestones/{id}/", milestones)
    assert _listed(world, role, f"/goals/{goal}/milestones/") == milestones_seen & milestones_here
    schedule = world.api(role, "GET", f"/goals/{goal}/schedule/")
    scheduled = (
        {row["id"] for row in schedule.json()["milestones"]}
        if schedule.status_code == 200
        else set()
    )
    assert scheduled == milestones_seen & milestones_here

    dependencies = Dependency.objects.values_list("pk", flat=True)
    assert _listed(world, role, f"/goals/{goal}/dependencies/") == _answering_200(
        world, role, "/dependencies/{id}/", dependencies
    )

    tasks_listed = set().union(
        *(_listed(world, role, f"/milestones/{pk}/tasks/") for pk in milestones)
    )
    assert tasks_listed == _answering_200(
        world, role, "/tasks/{id}/", Task.objects.values_list("pk", flat=True)
    )

    assert _listed(world, role, f"/goals/{goal}/stakeholders/") == _answering_200(
        world, role, "/stakeholders/{id}/", Stakeholder.objects.values_list("pk", flat=True)
    )

    advice_listed = set().union(
        *(_listed(world, role, f"/milestones/{pk}/advice/") for pk in milestones)
    )
    assert advice_listed == _answering_200(
        world, role, "/advice/{id}/", Advice.objects.values_list("pk", flat=True)
    )

    dashboard = world.api(role, "GET", "/partner-dashboard/").json()
    assert {row["milestone"] for row in dashboard["results"]} <= milestones_seen
    assert {entry["id"] for entry in dashboard["goals"]} <= goals_seen


def test_what_each_list_shows_each_role(world):
    """The same lists, spelled out for the roles whose scope is the point."""
    names = world.names
    goal = names["goal"]

    def listed(role, path):
        return _listed(world, role, path)

    assert listed("scoped", f"/goals/{goal}/milestones/") == {names["prune"]}
    assert listed("member", f"/goals/{goal}/milestones/") == {names["order"], names["spray"]}
    assert listed("scoped", f"/goals/{goal}/dependencies/") == set()
    assert listed("member", f"/goals/{goal}/dependencies/") == {names["bc"]}
    assert listed("view", f"/goals/{goal}/dependencies/") == {names["ab"], names["bc"]}
    assert listed("view", f"/goals/{goal}/stakeholders/") == {names["view_row"]}
    assert listed("member", f"/goals/{goal}/stakeholders/") == {names["member_row"]}
    assert len(listed("owner", f"/goals/{goal}/stakeholders/")) == 8  # pending, removed too
    assert listed("view", f"/milestones/{names['order']}/advice/") == set()
    assert listed("member", f"/milestones/{names['order']}/advice/") == {names["hidden_advice"]}
    for role in ("removed", "lapsed", "other", "partner", "staff"):
        assert goal not in listed(role, "/goals/"), role
    schedule = world.api("scoped", "GET", f"/goals/{goal}/schedule/").json()
    assert [row["title"] for row in schedule["milestones"]] == ["Prune"]
    dashboard = world.api("member", "GET", "/partner-dashboard/").json()
    assert {row["milestone"] for row in dashboard["results"]} == {names["order"], names["spray"]}
    assert [entry["id"] for entry in dashboard["goals"]] == [goal]
    for role in ("view", "partner", "removed"):
        assert world.api(role, "GET", "/partner-dashboard/").json()["goals"] == [], role


# --- Writable relations: naming someone else's goal or milestone is refused --------------


def _counts():
    return (Dependency.objects.count(), Stakeholder.objects.count(), Milestone.objects.count())


@pytest.mark.parametrize(
    "role, path, body, field",
    [
        # The owner links their milestone to another customer's (invisible to them).
        (
            "owner",
            "/goals/{goal}/dependencies/",
            {"predecessor": "{other_milestone}", "successor": "{order}"},
            "predecessor",
        ),
        (
            "owner",
            "/goals/{goal}/dependencies/",
            {"predecessor": "{order}", "successor": "{other_milestone}"},
            "successor",
        ),
        # The other customer names our milestones in their own goal.
        (
            "other",
            "/goals/{other_goal}/dependencies/",
            {"predecessor": "{other_milestone}", "successor": "{order}"},
            "successor",
        ),
        # A stakeholder who sees our milestones names them in a goal of their own.
        (
            "contribute",
            "/goals/{contributor_goal}/dependencies/",
            {"predecessor": "{contributor_milestone}", "successor": "{order}"},
            "successor",
        ),
        (
            "contribute",
            "/goals/{contributor_goal}/dependencies/",
            {"predecessor": "{prune}", "successor": "{contributor_milestone}"},
            "successor",
        ),
        # Stakeholders' scope: only milestones of this goal.
        (
            "owner",
            "/goals/{goal}/stakeholders/",
            {"email": "x@example.org", "role": "peer", "milestones": ["{other_milestone}"]},
            "milestones",
        ),
        (
            "contribute",
            "/goals/{contributor_goal}/stakeholders/",
            {"email": "x@example.org", "role": "peer", "milestones": ["{order}"]},
            "milestones",
        ),
    ],
)
def test_a_write_naming_someone_elses_goal_or_milestone_is_refused(world, role, path, body, field):
    own_goal = goal_create(
        owner=world.users["contribute"], title="Mine", target_date=date(2030, 4, 1)
    )
    world.names["contributor_goal"] = own_goal.pk
    world.names["contributor_milestone"] = milestone_create(
        goal=own_goal, by=own_goal.owner, title="My step", duration_days=1
    ).pk
    before = _counts()

    response = world.api(role, "POST", path, body)

    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert _counts() == before


def test_changing_a_scope_to_another_customers_milestone_is_refused(world):
    response = world.api(
        "owner", "PATCH", "/stakeholders/{member_row}/", {"milestones": ["{other_milestone}"]}
    )
    assert response.status_code == 400
    assert "milestones" in response.json()["fields"]
    scope = Stakeholder.objects.get(pk=world.names["member_row"]).milestones
    assert set(scope.values_list("pk", flat=True)) == {world.names["order"], world.names["spray"]}


@pytest.mark.parametrize(
    "path, body, model, name, field, home",
    [
        ("/milestones/{order}/", {"goal": "{other_goal}"}, Milestone, "order", "goal_id", "goal"),
        (
            "/tasks/{order_task}/",
            {"milestone": "{other_milestone}"},
            Task,
            "order_task",
            "milestone_id",
            "order",
        ),
    ],
)
def test_read_only_relations_never_move_a_row_elsewhere(
    world, path, body, model, name, field, home
):
    """`goal` of a milestone and `milestone` of a task are answered, never written: sent
    anyway, the row stays where it is."""
    client = world.clients["owner"]
    response = client.patch("/api/v1" + world.resolve(path), world.resolve(body), format="json")
    assert response.status_code in (200, 400)
    assert getattr(model.objects.get(pk=world.names[name]), field) == world.names[home]


# --- Every API path that takes an id of goal data has a line ------------------------------

ID_COLLECTIONS = {"goals", "milestones", "dependencies", "tasks", "stakeholders", "advice"}


def _schema_path(path: str) -> str:
    return "/api/v1" + re.sub(r"\{\w+\}", lambda match: _schema_name(match.group(0)), path)


def _schema_name(placeholder: str) -> str:
    return "{token}" if placeholder == "{invitation}" else "{id}"


def test_every_api_path_taking_an_id_of_goal_data_has_a_line_in_the_matrix():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    in_table = {(entry.method.lower(), _schema_path(entry.path)) for entry in API_MATRIX}
    missing = []
    for path, operations in schema["paths"].items():
        segments = path.strip("/").split("/")
        takes_id = any(
            collection in ID_COLLECTIONS and segment == "{id}"
            for collection, segment in itertools.pairwise(segments)
        )
        for method in operations:
            operation = method in {"get", "post", "put", "patch", "delete"}
            if operation and takes_id and (method, path) not in in_table:
                missing.append(f"{method.upper()} {path}")
    assert missing == [], "add a line to API_MATRIX for each"
    offered = {
        (method, path) for path, operations in schema["paths"].items() for method in operations
    }
    assert in_table - offered == set(), "lines for paths the API does not have"
