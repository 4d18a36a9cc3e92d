"""Who sees and changes what around a goal, walked as a matrix (issues 5 and 19).

ONE goal world is built from the services (see `world` below): an owner's goal with four
milestones, two prerequisites, tasks, advice and stakeholders of every kind, and around
it a partner organisation's resource, a community thread and playbooks. The tables
below have one line per endpoint and method, with the status each role must get by the
foundation's rules: 401 anonymous, 404 what a role may not see, 403 what it sees but may
not do, 200/201/204 what it may do. Every write is rolled back after each request, so
each cell starts from the same world.

The world lives in a far time zone (everyone in Pacific/Auckland, the server in UTC) and
is walked at two instants around an access end date: ten minutes before midnight on the
day a stakeholder's access ends, and ten minutes after (still the day before in UTC).
The `ending` role (contribute access to the whole goal, ending that day) must answer as
`contribute` before midnight and as `lapsed` after; every other role the same at both.
The calendar feed, the customer dashboard, the partner dashboard and the ecosystem map
must show each role, at each instant, nothing their visible_to() does not.

Every /api/v1/ endpoint has a line in API_MATRIX (a test fails for one that has none);
a new page adds one line to PAGE_MATRIX.

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
  (ending     a person with contribute access ending today: `contribute`, then `lapsed`)
  other       another customer, with a goal of their own
  partner     an admin of an organisation that was not invited
  staff       platform staff (they do not see customers' goals)
  anonymous   no one signed in

Milestones: Prune -> Order -> Spray (prerequisites ab and bc), and Pick on its own. Tasks
on Prune, Order and Pick.
"""

# The tables below keep one endpoint per line, aligned by role: wider than 100 columns.
# ruff: noqa: E501

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from community.models import PeerSuggestion, week_of
from community.peers.services import (
    introduction_accept,
    introduction_request,
    message_post,
    peer_profile_update,
    person_block,
)
from community.services import community_create, community_join, thread_create
from ecosystem.accounts.data_export import data_export_build, export_link
from ecosystem.accounts.models import DataExport
from ecosystem.notifications.models import Notification
from goals.models import Goal
from goals.playbooks import playbook_create
from goals.services import goal_create
from milestones.calendar_feed import FEED_GOAL_STATUSES, calendar_feed_for
from milestones.models import Dependency, Milestone, Task
from milestones.services import dependency_create, milestone_create, task_create
from partners.services import (
    member_accept,
    member_invite,
    organization_create,
    resource_create,
    resource_publish,
)
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.models import Advice, Stakeholder
from stakeholders.services import (
    advice_moderate,
    advice_post,
    stakeholder_invite,
    stakeholder_remove,
)
from tests.factories import CategoryFactory, RegionFactory, UserFactory
from voice.models import NeedAnswer
from voice.services.ideas import idea_comment, idea_post
from voice.services.leaving import leaving_ask
from voice.services.needs import need_add, needs_ask
from webhooks.services import endpoint_create

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
    # --- Notifications: each person's own; another's answers 404 (the owner's is asked)
    line("GET /notifications/",                           "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /notifications/{owner_notification}/",      "200 404 404 404 404 404 | 404 404 404 404 404 | 401"),
    line("POST /notifications/{owner_notification}/read/", "200 404 404 404 404 404 | 404 404 404 404 404 | 401"),
    line("POST /notifications/read-all/",                 "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /notification-preferences/",                "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("PATCH /notification-preferences/",              "200 200 200 200 200 200 | 200 200 200 200 200 | 401",
         {"reminder_lead_days": 5, "channels": {"mention": "digest"}}),
    # --- Around the goal: reference data, me, playbooks, partners, resources, communities
    line("GET /categories/",                              "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /categories/{category}/",                   "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /regions/",                                 "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /regions/{region}/",                        "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /me/",                                      "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("PATCH /me/",                                    "200 200 200 200 200 200 | 200 200 200 200 200 | 401",
         {"display_name": "Renamed Person"}),
    line("POST /goals/",                                  "201 201 201 201 201 201 | 201 201 201 201 201 | 401",
         {"title": "A goal of my own", "target_date": "2031-01-01"}),
    line("GET /playbooks/",                               "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /playbooks/",                              "201 201 201 201 201 201 | 201 201 201 201 201 | 401",
         {"title": "My playbook"}),
    line("GET /playbooks/{playbook}/",                    "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /playbooks/{private_playbook}/",            "200 404 404 404 404 404 | 404 404 404 404 404 | 401"),
    line("PATCH /playbooks/{playbook}/",                  "200 403 403 403 403 403 | 403 403 403 403 403 | 401",
         {"title": "Renamed playbook"}),
    line("DELETE /playbooks/{playbook}/",                 "204 403 403 403 403 403 | 403 403 403 403 403 | 401"),
    line("POST /playbooks/{playbook}/start/",             "201 201 201 201 201 201 | 201 201 201 201 201 | 401",
         {"target_date": "2031-01-01"}),
    line("POST /playbooks/{private_playbook}/start/",     "201 404 404 404 404 404 | 404 404 404 404 404 | 401",
         {"target_date": "2031-01-01"}),
    line("GET /partners/",                                "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /partners/",                               "201 201 201 201 201 201 | 201 201 201 201 201 | 401",
         {"name": "A new co-op", "kind": "tutor"}),
    line("GET /partners/{supplier}/",                     "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("PATCH /partners/{supplier}/",                   "403 403 403 403 403 403 | 403 403 403 403 403 | 401",
         {"description": "Bins and fertiliser."}),
    line("GET /partners/{supplier}/members/",             "403 403 403 403 403 200 | 403 403 403 403 403 | 401"),
    line("POST /partners/{supplier}/members/",            "403 403 403 403 403 403 | 403 403 403 403 403 | 401",
         {"email": "new-member@example.org"}),
    # Invitations to join an organisation: only the person invited answers theirs.
    line("GET /partners/invitations/",                    "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /partners/invitations/{member_invitation}/accept/", "404 200 404 404 404 404 | 404 404 404 404 404 | 401"),
    line("DELETE /partners/{supplier}/members/{supplier_membership}/", "404 404 404 404 404 204 | 404 404 404 404 404 | 401"),
    # Partner webhooks: an organisation's admins only (the org is visible: others 403 on its
    # list, 404 on an endpoint). `partner` is the admin of Not Invited Tutors.
    line("GET /partners/{tutors}/webhooks/",              "403 403 403 403 403 403 | 403 403 403 200 403 | 401"),
    line("POST /partners/{tutors}/webhooks/",             "403 403 403 403 403 403 | 403 403 403 201 403 | 401",
         {"url": "https://hooks.example.org/new", "events": ["resource.used"]}),
    line("GET /partners/{supplier}/webhooks/",            "403 403 403 403 403 403 | 403 403 403 403 403 | 401"),
    line("GET /webhooks/{tutors_hook}/",                  "404 404 404 404 404 404 | 404 404 404 200 404 | 401"),
    line("PATCH /webhooks/{tutors_hook}/",                "404 404 404 404 404 404 | 404 404 404 200 404 | 401",
         {"description": "Our CRM"}),
    line("DELETE /webhooks/{tutors_hook}/",               "404 404 404 404 404 404 | 404 404 404 204 404 | 401"),
    line("POST /webhooks/{tutors_hook}/rotate-secret/",   "404 404 404 404 404 404 | 404 404 404 200 404 | 401"),
    line("POST /webhooks/{tutors_hook}/test/",            "404 404 404 404 404 404 | 404 404 404 202 404 | 401"),
    line("GET /webhooks/{tutors_hook}/deliveries/",       "404 404 404 404 404 404 | 404 404 404 200 404 | 401"),
    line("GET /resources/",                               "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /resources/",                              "403 403 403 403 403 403 | 403 403 403 201 403 | 401",
         {"organization": "{tutors}", "kind": "guide", "title": "Thinning guide"}),
    line("GET /resources/{resource}/",                    "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("PATCH /resources/{resource}/",                  "403 403 403 403 403 403 | 403 403 403 200 403 | 401",
         {"title": "Pruning guide, revised"}),
    line("DELETE /resources/{resource}/",                 "403 403 403 403 403 403 | 403 403 403 204 403 | 401"),
    line("GET /communities/",                             "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /communities/",                            "201 201 201 201 201 201 | 201 201 201 201 201 | 401",
         {"name": "Pear growers", "purpose": "Grow pears"}),
    line("GET /communities/{community}/",                 "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("PATCH /communities/{community}/",               "403 403 403 403 403 403 | 403 403 403 403 200 | 401",
         {"purpose": "Grow better apples"}),
    line("GET /communities/{community}/members/",         "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /communities/{community}/members/",        "201 201 400 201 201 201 | 201 201 201 201 201 | 401",
         {}),
    line("GET /communities/{community}/threads/",         "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /communities/{community}/threads/",        "403 403 201 403 403 403 | 403 403 403 403 201 | 401",
         {"title": "Bins?", "kind": "question", "body": "Which bins?"}),
    line("GET /threads/{thread}/",                        "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("PATCH /threads/{thread}/",                      "403 403 200 403 403 403 | 403 403 403 403 200 | 401",
         {"title": "When to thin apples?"}),
    line("POST /threads/{thread}/accept/",                "403 403 400 403 403 403 | 403 403 403 403 400 | 401",
         {"post": "{post}"}),
    line("POST /threads/{thread}/flags/",                 "403 403 400 403 403 403 | 403 403 403 403 201 | 401",
         {"reason": "spam"}),
    line("GET /threads/{thread}/posts/",                  "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /threads/{thread}/posts/",                 "403 403 201 403 403 403 | 403 403 403 403 201 | 401",
         {"body": "After the June drop."}),
    line("GET /posts/{post}/",                            "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("PATCH /posts/{post}/",                          "403 403 200 403 403 403 | 403 403 403 403 403 | 401",
         {"body": "After bloom, surely?"}),
    line("DELETE /posts/{post}/",                         "403 403 204 403 403 403 | 403 403 403 403 204 | 401"),
    line("POST /posts/{post}/flags/",                     "403 403 400 403 403 403 | 403 403 403 403 201 | 401",
         {"reason": "spam"}),
    line("POST /posts/{post}/reactions/",                 "201 201 400 201 201 201 | 201 201 201 201 201 | 401",
         {}),
    line("DELETE /posts/{post}/reactions/",               "400 400 400 400 400 400 | 400 400 400 400 400 | 401"),
    line("GET /moderation/actions/",                      "403 403 403 403 403 403 | 403 403 403 403 200 | 401"),
    line("POST /moderation/actions/",                     "403 403 403 403 403 403 | 403 403 403 403 201 | 401",
         {"action": "lock", "target": {"type": "thread", "id": "{thread}"}}),
    line("GET /moderation/my-flags/",                     "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /moderation/notices/",                      "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /moderation/queue/",                        "403 403 403 403 403 403 | 403 403 403 403 200 | 401"),
    # --- The customer's voice: needs (Prune's own), my answers, ideas, aggregated health
    line("GET /needs/",                                   "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /needs/",                                  "201 403 403 403 403 400 | 400 400 400 400 400 | 401",
         {"title": "Ladders", "milestone": "{prune}"}),
    line("GET /needs/{need}/",                            "200 200 200 200 200 404 | 404 404 404 404 404 | 401"),
    line("DELETE /needs/{need}/",                         "204 403 403 403 403 404 | 404 404 404 404 404 | 401"),
    line("GET /needs/answers/",                           "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /needs/answers/{need_answer}/",             "200 404 404 404 404 404 | 404 404 404 404 404 | 401"),
    line("PATCH /needs/answers/{need_answer}/",           "200 404 404 404 404 404 | 404 404 404 404 404 | 401",
         {"rating": 4, "met_by": "community"}),
    line("POST /needs/answers/{need_answer}/skip/",       "200 404 404 404 404 404 | 404 404 404 404 404 | 401"),
    line("GET /ideas/",                                   "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /ideas/",                                  "201 201 201 201 201 201 | 201 201 201 201 201 | 401",
         {"title": "Smaller fertiliser bags", "organization": "{supplier}"}),
    line("GET /ideas/{idea}/",                            "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /ideas/{idea}/vote/",                      "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("DELETE /ideas/{idea}/vote/",                    "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /ideas/{idea}/comments/",                   "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /ideas/{idea}/comments/",                  "201 201 201 201 201 201 | 201 201 201 201 201 | 401",
         {"body": "Yes please"}),
    line("POST /ideas/{idea}/status/",                    "403 403 403 403 403 200 | 403 403 403 403 403 | 401",
         {"status": "planned"}),
    line("POST /ideas/{idea}/merge/",                     "403 403 403 403 403 200 | 403 403 403 403 200 | 401",
         {"into": "{other_idea}"}),
    line("POST /ideas/{idea}/hide/",                      "403 403 403 403 403 403 | 403 403 403 403 200 | 401",
         {}),
    line("POST /ideas/{idea}/flag/",                      "400 201 201 201 201 201 | 201 201 201 201 201 | 401",
         {"reason": "spam"}),
    line("POST /ideas/comments/{idea_comment}/flag/",     "201 201 201 201 201 201 | 201 201 400 201 201 | 401",
         {"reason": "spam"}),
    line("GET /ideas/moderation/",                        "403 403 403 403 403 403 | 403 403 403 403 200 | 401"),
    line("POST /ideas/moderation/ideas/{idea}/",          "403 403 403 403 403 403 | 403 403 403 403 200 | 401",
         {"action": "hide", "reason": "Off-topic"}),
    line("POST /ideas/moderation/comments/{idea_comment}/", "403 403 403 403 403 403 | 403 403 403 403 200 | 401",
         {"action": "hide", "reason": "Off-topic"}),
    line("GET /health/",                                  "403 403 403 403 403 403 | 403 403 403 403 200 | 401"),
    # --- Peers (issue 12): owner and other are connected; comment asked owner for an
    # introduction; owner blocked removed; other finished the public playbook.
    line("GET /peers/profile/",                           "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("PATCH /peers/profile/",                         "200 200 200 200 200 200 | 200 200 200 200 200 | 401",
         {"paused": True}),
    line("GET /peers/suggestions/",                       "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /peers/suggestions/{suggestion}/dismiss/", "204 404 404 404 404 404 | 404 404 404 404 404 | 401"),
    line("GET /peers/introductions/",                     "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /peers/introductions/",                    "400 201 400 201 201 201 | 400 201 400 201 201 | 401",
         {"recipient": "{owner_id}", "note": "Hello from the same journey"}),
    line("POST /peers/introductions/{introduction}/accept/", "201 404 403 404 404 404 | 404 404 404 404 404 | 401"),
    line("POST /peers/introductions/{introduction}/decline/", "200 404 403 404 404 404 | 404 404 404 404 404 | 401"),
    line("GET /peers/connections/",                       "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("GET /peers/connections/{connection}/messages/", "200 404 404 404 404 404 | 404 404 200 404 404 | 401"),
    line("POST /peers/connections/{connection}/messages/", "201 404 404 404 404 404 | 404 404 201 404 404 | 401",
         {"body": "How did *thinning* go?"}),
    line("POST /peers/connections/{connection}/share-goal/", "201 404 404 404 404 404 | 404 404 400 404 404 | 401",
         {"goal": "{goal}"}),
    line("GET /peers/blocks/",                            "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /peers/blocks/",                           "201 201 201 201 201 201 | 201 201 201 400 201 | 401",
         {"person": "{partner_id}"}),
    line("DELETE /peers/blocks/{block}/",                 "204 404 404 404 404 404 | 404 404 404 404 404 | 401"),
    line("POST /peers/reports/",                          "201 201 201 201 201 201 | 201 201 400 201 201 | 401",
         {"person": "{other_id}", "reason": "spam"}),
    line("GET /peers/mentoring/",                         "200 200 200 200 200 200 | 200 200 200 200 200 | 401"),
    line("POST /peers/mentoring/",                        "400 400 400 400 400 400 | 400 400 201 400 400 | 401",
         {"playbook": "{playbook}", "monthly_capacity": 2}),
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
    line("GET /dashboard/",                               "200 200 200 200 200 200 | 200 200 200 200 200 | 302"),
    line("GET /partner-dashboard/",                       "200 200 200 200 200 200 | 200 200 200 200 200 | 302"),
    line("GET /calendar/",                                "200 200 200 200 200 200 | 200 200 200 200 200 | 302"),
    # The customer's voice
    line("GET /goals/{goal}/needs/",                      "200 200 200 200 200 200 | 404 404 404 404 404 | 302"),
    line("POST /goals/{goal}/needs/",                     "302 403 403 403 403 404 | 404 404 404 404 404 | 302",
         {"milestone": "{prune}", "title": "Ladders"}),
    line("GET /playbooks/{playbook}/needs/",              "200 200 200 200 200 200 | 200 200 200 200 200 | 302"),
    line("POST /needs/{need}/delete/",                    "302 403 403 403 403 404 | 404 404 404 404 404 | 302"),
    line("POST /needs/answers/{need_answer}/",            "302 404 404 404 404 404 | 404 404 404 404 404 | 302",
         {"rating": "4", "met_by": "nobody"}),
    line("POST /goals/{other_goal}/leaving/",             "404 404 404 404 404 404 | 404 404 302 404 404 | 302",
         {"skip": "1"}),
    line("GET /ideas/",                                   "200 200 200 200 200 200 | 200 200 200 200 200 | 302"),
    line("GET /ideas/{idea}/",                            "200 200 200 200 200 200 | 200 200 200 200 200 | 302"),
    line("POST /ideas/{idea}/",                           "302 302 302 302 302 302 | 302 302 302 302 302 | 302",
         {"action": "vote"}),
    line("GET /ideas/moderation/",                        "403 403 403 403 403 403 | 403 403 403 403 200 | 302"),
    line("POST /ideas/moderation/ideas/{idea}/act/",      "403 403 403 403 403 403 | 403 403 403 403 302 | 302",
         {"ideas-{idea}-action": "hide", "ideas-{idea}-reason": "Off-topic"}),
    line("GET /health/",                                  "403 403 403 403 403 403 | 403 403 403 403 200 | 302"),
    line("GET /partners/{supplier}/voice/",               "403 403 403 403 403 200 | 403 403 403 403 200 | 302"),
    line("GET /partners/{tutors}/webhooks/new/",          "403 403 403 403 403 403 | 403 403 403 200 403 | 302"),
    line("GET /partners/{tutors}/webhooks/{tutors_hook}/", "404 404 404 404 404 404 | 404 404 404 200 404 | 302"),
    line("POST /partners/{tutors}/webhooks/{tutors_hook}/test/", "404 404 404 404 404 404 | 404 404 404 302 404 | 302"),
    # The help panel's "Helpful": who sees Prune may mark a resource; this one does not fit it.
    line("POST /resources/{resource}/used/",              "400 400 400 400 400 404 | 404 404 404 404 404 | 302",
         {"milestone": "{prune}"}),
    line("GET /notifications/",                           "200 200 200 200 200 200 | 200 200 200 200 200 | 302"),
    line("POST /notifications/{owner_notification}/read/", "302 404 404 404 404 404 | 404 404 404 404 404 | 302"),
    line("POST /notifications/read-all/",                 "302 302 302 302 302 302 | 302 302 302 302 302 | 302"),
    line("GET /notifications/preferences/",               "200 200 200 200 200 200 | 200 200 200 200 200 | 302"),
    line("GET /peers/",                                   "200 200 200 200 200 200 | 200 200 200 200 200 | 302"),
    line("GET /peers/connections/{connection}/",          "200 404 404 404 404 404 | 404 404 200 404 404 | 302"),
    line("POST /peers/connections/{connection}/share/",   "302 404 404 404 404 404 | 404 404 302 404 404 | 302",
         {"goal": "{goal}"}),
    line("GET /peers/goals/{goal}/mentors/",              "200 404 404 404 404 404 | 404 404 404 404 404 | 302"),
    line("GET /peers/reports/",                           "403 403 403 403 403 403 | 403 403 403 403 200 | 302"),
    # Your data: everyone's own page; an export's signed link opens for its owner alone.
    line("GET /accounts/data/",                           "200 200 200 200 200 200 | 200 200 200 200 200 | 302"),
    line("GET /accounts/data/download/{owner_export}/",   "200 404 404 404 404 404 | 404 404 404 404 404 | 302"),
]
# fmt: on


# --- The world ---------------------------------------------------------------------------

FAR = "Pacific/Auckland"
END = date(2026, 6, 10)  # the `ending` role's last day (NZST: midnight is 12:00 UTC)
INSTANTS = {
    "before": datetime(2026, 6, 10, 23, 50, tzinfo=ZoneInfo(FAR)),
    "after": datetime(2026, 6, 11, 0, 10, tzinfo=ZoneInfo(FAR)),
}
ALL_ROLES = (*ROLES, "ending")


def expected_for(entry: Line, instant: str) -> dict[str, int]:
    """The table's statuses, and the `ending` role's: contribute's before its end, then
    lapsed's."""
    ending = entry.expected["contribute" if instant == "before" else "lapsed"]
    return {**entry.expected, "ending": ending}


@dataclass
class World:
    users: dict[str, object]
    names: dict[str, int | str]
    instant: str = "before"
    clients: dict[str, APIClient] = field(default_factory=dict)
    browsers: dict[str, Client] = field(default_factory=dict)

    def __post_init__(self):
        for role in ALL_ROLES:
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

    def page(self, role: str, path: str):
        return self.call(role, "GET", self.resolve(path), page=True)


def _accepted(goal, owner, invitee, **options):
    stakeholder = stakeholder_invite(
        goal=goal, by=owner, email=invitee.email, role=options.pop("role", "advisor"), **options
    )
    return stakeholder_answer(token=invitation_token(stakeholder), user=invitee, accept=True)


def _person(name, **fields):
    return UserFactory(display_name=name, time_zone=FAR, **fields)


@pytest.fixture(params=list(INSTANTS))
def instant(request):
    """Each test runs at both instants, the clock frozen (world built and walked then)."""
    with time_machine.travel(INSTANTS[request.param], tick=False):
        yield request.param


@pytest.fixture
def world(db, instant, settings, tmp_path) -> World:
    settings.DATA_EXPORT_DIR = tmp_path / "exports"
    owner = _person("Olive Owner")
    goal = goal_create(by=owner, title="Gala apples", target_date=date(2030, 3, 1))
    prune = milestone_create(goal=goal, by=owner, title="Prune", duration_days=2)
    order = milestone_create(goal=goal, by=owner, title="Order fertiliser", duration_days=1)
    spray = milestone_create(goal=goal, by=owner, title="Spray", duration_days=1)
    pick = milestone_create(goal=goal, by=owner, title="Pick", duration_days=1)
    ab = dependency_create(goal=goal, by=owner, predecessor=prune, successor=order)
    bc = dependency_create(goal=goal, by=owner, predecessor=order, successor=spray)
    prune_task = task_create(milestone=prune, by=owner, title="Sharpen shears")
    order_task = task_create(milestone=order, by=owner, title="Get quotes")
    pick_task = task_create(milestone=pick, by=owner, title="Hire pickers")

    users = {"owner": owner, "anonymous": None}
    rows = {}
    for role, options in [
        ("view", {}),
        ("comment", {"access": "comment"}),
        ("contribute", {"access": "contribute"}),
        ("scoped", {"access": "contribute", "milestones": [prune]}),
        ("removed", {"access": "contribute"}),
        ("lapsed", {"access": "contribute"}),
        ("ending", {"access": "contribute"}),
    ]:
        users[role] = _person(f"{role.title()} Person")
        rows[role] = _accepted(goal, owner, users[role], **options)
    stakeholder_remove(stakeholder=rows["removed"], by=owner)
    # End dates set after acceptance: at the later instant they are already past, which
    # the invitation form (rightly) refuses.
    Stakeholder.objects.filter(pk=rows["lapsed"].pk).update(ends_on=END - timedelta(days=1))
    Stakeholder.objects.filter(pk=rows["ending"].pk).update(ends_on=END)

    supplier_admin = _person("Supplier Admin")
    supplier = organization_create(by=supplier_admin, name="Orchard Supplies", kind="supplier")
    users["member"] = _person("Member")
    member_membership = member_accept(
        membership=member_invite(
            organization=supplier, by=supplier_admin, email=users["member"].email
        ),
        by=users["member"],
    )
    # Orchard Supplies invites the viewer to join it (pending: only they may accept).
    member_invitation = member_invite(
        organization=supplier, by=supplier_admin, email=users["view"].email
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

    users["other"] = _person("Other Customer")
    other_goal = goal_create(by=users["other"], title="Theirs", target_date=date(2030, 5, 1))
    other_milestone = milestone_create(
        goal=other_goal, by=users["other"], title="Their step", duration_days=1
    )
    users["partner"] = _person("Uninvited Partner")
    tutors = organization_create(by=users["partner"], name="Not Invited Tutors", kind="tutor")
    users["staff"] = _person("Staff", is_staff=True)

    prune_advice = advice_post(milestone=prune, by=users["comment"], body="Prune in winter.")
    hidden_advice = advice_post(milestone=order, by=users["member"], body="Buy from us.")
    advice_moderate(advice=hidden_advice, by=owner, hidden=True)

    # Around the goal: a published resource, a community thread, playbooks, reference data.
    resource = resource_create(
        by=users["partner"], organization=tutors, kind="guide", title="Pruning guide"
    )
    resource_publish(resource=resource, by=users["partner"])
    growers = community_create(by=users["staff"], name="Apple growers", purpose="Grow apples")
    community_join(community=growers, user=users["comment"])
    thread = thread_create(
        community=growers,
        author=users["comment"],
        title="When to thin?",
        kind="question",
        body="After bloom?",
    )
    tutors_hook, _secret = endpoint_create(
        organization=tutors,
        by=users["partner"],
        url="https://hooks.example.org/tutors",
        events=["resource.used"],
    )
    public_playbook = playbook_create(by=owner, title="Apple season", public=True)
    private_playbook = playbook_create(by=owner, title="My notes", public=False)
    category, region = CategoryFactory(), RegionFactory()
    # The customer's voice: a need of Prune's asked about, ideas for Orchard Supplies, and
    # the other customer asked why they left a goal.
    need = need_add(by=owner, title="Sharp shears", milestone=prune)
    needs_ask(milestone=prune)
    idea = idea_post(by=owner, title="Saturday delivery", organization=supplier)
    other_idea = idea_post(by=users["other"], title="Weekend delivery", organization=supplier)
    comment_on_idea = idea_comment(idea=idea, by=users["other"], body="Sundays too")
    leaving_ask(goal=other_goal)

    # Peers: owner and other opted in and connected, with a message; comment asks owner
    # for an introduction; owner blocked removed; other finished the public playbook.
    goal_create(
        by=users["other"],
        title="Last season",
        target_date=date(2026, 3, 1),
        playbook=public_playbook,
        status=Goal.Status.ACHIEVED,
    )
    for someone in (owner, users["other"]):
        peer_profile_update(by=someone, findable=True)
    connection = introduction_accept(
        introduction=introduction_request(by=users["other"], recipient=owner), by=owner
    )
    message_post(connection=connection, by=users["other"], body="Hello from Hawke's Bay")
    introduction = introduction_request(by=users["comment"], recipient=owner, note="Hi!")
    suggestion = PeerSuggestion.objects.create(
        person=owner, peer=users["other"], goal=goal, peer_goal=other_goal, week=week_of(END)
    )
    block = person_block(by=owner, subject=users["removed"])

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
        "ending_row": rows["ending"].pk,
        "pending_row": pending.pk,
        "prune_advice": prune_advice.pk,
        "hidden_advice": hidden_advice.pk,
        "invitation": invitation_token(pending),
        "other_goal": other_goal.pk,
        "other_milestone": other_milestone.pk,
        "supplier": supplier.slug,
        "supplier_membership": member_membership.pk,
        "member_invitation": member_invitation.pk,
        "tutors": tutors.slug,
        "tutors_hook": tutors_hook.pk,
        "resource": resource.pk,
        "community": growers.slug,
        "thread": thread.pk,
        "post": thread.posts.get().pk,
        "playbook": public_playbook.pk,
        "private_playbook": private_playbook.pk,
        "category": category.slug,
        "region": region.slug,
        "need": need.pk,
        "need_answer": NeedAnswer.objects.get(need=need).pk,
        "idea": idea.pk,
        "other_idea": other_idea.pk,
        "idea_comment": comment_on_idea.pk,
        # The owner heard of the advice on Prune (the services told them).
        "owner_notification": Notification.objects.get(
            recipient=owner, kind="advice_posted", target_id=prune_advice.pk
        ).pk,
        "owner_id": owner.pk,
        "other_id": users["other"].pk,
        "partner_id": users["partner"].pk,
        "connection": connection.pk,
        "introduction": introduction.pk,
        "suggestion": suggestion.pk,
        "block": block.pk,
        "owner_export": _built_export_token(owner),
    }
    return World(users=users, names=names, instant=instant)


def _built_export_token(person) -> str:
    """The signed download token of a "Download my data" zip built for this person."""
    export = DataExport.objects.create(user=person)
    data_export_build(export_id=export.pk)
    return export_link(DataExport.objects.get(pk=export.pk)).rstrip("/").rsplit("/", 1)[-1]


# --- The matrix --------------------------------------------------------------------------


def _walk(world, table, *, page: bool) -> list[str]:
    """Every line of a table for every role: the lines that answered otherwise."""
    wrong = []
    for entry in table:
        expected = expected_for(entry, world.instant)
        answered = {}
        for role in ALL_ROLES:
            if page:
                url = world.resolve(entry.path)
                response = world.call(role, entry.method, url, entry.body, page=True)
                if role == "anonymous" and response.status_code == 302:
                    assert "/accounts/login/" in response["Location"], entry
            else:
                response = world.api(role, entry.method, entry.path, entry.body)
            answered[role] = response.status_code
        if answered != expected:
            wrong.append(
                f"{entry}: "
                + ", ".join(
                    f"{role} {answered[role]} (not {expected[role]})"
                    for role in ALL_ROLES
                    if answered[role] != expected[role]
                )
            )
    return wrong


def test_each_role_gets_the_status_the_rules_give(world):
    """API_MATRIX, every line for every role, at this instant (one world for all)."""
    assert _walk(world, API_MATRIX, page=False) == []


def test_each_role_gets_the_page_status_the_rules_give(world):
    assert _walk(world, PAGE_MATRIX, page=True) == []


def test_the_world_is_as_described(world):
    """Guards the matrix: if the services change what a grant gives, this says so first."""
    names = world.names
    milestones_seen = {
        role: set(
            Milestone.objects.visible_to(world.users[role] or _anonymous())
            .filter(goal_id=names["goal"])
            .values_list("pk", flat=True)
        )
        for role in ALL_ROLES
    }
    every = {names[key] for key in ("prune", "order", "spray", "pick")}
    assert milestones_seen == {
        "ending": every if world.instant == "before" else set(),
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


# --- Feed, dashboards and map show nothing visible_to() does not ----------------------------

ANCHOR = re.compile(r"#milestone-(\d+)")
FEED_UID = re.compile(r"UID:(milestone|goal)-(\d+)-")
STAKEHOLDER_NAMES = {
    role: f"{role.title()} Person"
    for role in ("view", "comment", "contribute", "scoped", "removed", "lapsed", "ending")
}


@pytest.mark.parametrize("role", [*SIGNED_IN, "ending"])
def test_feed_dashboards_and_map_show_each_role_only_what_it_sees(world, role):
    user = world.users[role]
    names = world.names
    goals_seen = set(Goal.objects.visible_to(user).values_list("pk", flat=True))
    milestones_seen = set(Milestone.objects.visible_to(user).values_list("pk", flat=True))
    open_seen = set(Milestone.objects.visible_to(user).open().values_list("pk", flat=True))

    # The private calendar feed (by token, no session): the role's own today.
    feed = world.call(
        "anonymous", "GET", f"/calendar/{calendar_feed_for(user).token}.ics", page=True
    )
    assert feed.status_code == 200
    events = FEED_UID.findall(feed.content.decode())
    assert {int(pk) for kind, pk in events if kind == "milestone"} == open_seen
    # Goals finished with (achieved, abandoned) have no more dates in the feed.
    assert {int(pk) for kind, pk in events if kind == "goal"} == set(
        Goal.objects.visible_to(user)
        .filter(status__in=FEED_GOAL_STATUSES)
        .values_list("pk", flat=True)
    )

    # The customer dashboard: own goals as cards, shared goals listed, nothing else.
    dashboard = world.page(role, "/dashboard/").content.decode()
    for pk in Goal.objects.values_list("pk", flat=True):
        assert (f'href="/goals/{pk}/"' in dashboard) is (pk in goals_seen), pk
    assert {int(pk) for pk in ANCHOR.findall(dashboard)} <= milestones_seen

    # The partner dashboard, page and API: milestones in the organisation's scope only.
    partner_page = world.page(role, "/partner-dashboard/").content.decode()
    listed = {int(pk) for pk in ANCHOR.findall(partner_page)}
    api = world.api(role, "GET", "/partner-dashboard/").json()
    assert listed <= milestones_seen
    assert {row["milestone"] for row in api["results"]} == listed
    expected = {names["order"], names["spray"]} if role == "member" else set()
    assert listed == expected

    # The ecosystem map: the owner sees everyone; a stakeholder the owner and themselves.
    map_page = world.page(role, f"/goals/{names['goal']}/ecosystem/")
    assert map_page.status_code == (200 if names["goal"] in goals_seen else 404)
    if map_page.status_code == 200:
        text = map_page.content.decode()
        assert {int(pk) for pk in ANCHOR.findall(text)} <= milestones_seen
        for other, name in STAKEHOLDER_NAMES.items():
            shown = (role == "owner" and other not in ("removed",)) or other == role
            assert (name in text) is shown, (other, name)


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


@pytest.mark.parametrize("role", [*SIGNED_IN, "ending"])
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
    assert len(listed("owner", f"/goals/{goal}/stakeholders/")) == 9  # pending, removed too
    assert (goal in listed("ending", "/goals/")) is (world.instant == "before")
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
    own_goal = goal_create(by=world.users["contribute"], title="Mine", target_date=date(2030, 4, 1))
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


# --- Every API endpoint has a line -------------------------------------------------------

PLACEHOLDERS = {
    "invitation": "{token}",
    **dict.fromkeys(("supplier", "tutors", "community", "category", "region"), "{slug}"),
}


def _schema_path(path: str) -> str:
    return "/api/v1" + re.sub(
        r"\{(\w+)\}", lambda match: PLACEHOLDERS.get(match.group(1), "{id}"), path
    )


def test_every_api_endpoint_has_a_line_in_the_matrix():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    in_table = {(entry.method.lower(), _schema_path(entry.path)) for entry in API_MATRIX}
    offered = {
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert sorted(offered - in_table) == [], "add a line to API_MATRIX for each"
    assert sorted(in_table - offered) == [], "lines for endpoints the API does not have"
