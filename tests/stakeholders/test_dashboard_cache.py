"""The partner dashboard's body is drawn once per set of facts and reused from the cache
(stakeholders/views/dashboard.py): every write shows on the next view."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.services import goal_trash, goal_update
from milestones.services import milestone_create, milestone_delete, milestone_update
from partners.services import member_remove
from stakeholders.dashboard import grant_facts, partner_grant_facts, partner_grants_for
from stakeholders.models import Stakeholder
from stakeholders.services import stakeholder_remove, stakeholder_update
from tests.stakeholders.test_views import SupplierWorld

pytestmark = pytest.mark.django_db


def dashboard(client) -> str:
    response = client.get(reverse("stakeholders:partner-dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def coming(html: str) -> str:
    """The list of coming milestones (not the goals table, which names the scope)."""
    return html[html.index('id="coming-heading"') : html.index('id="calendar-heading"')]


@pytest.fixture
def world():
    return SupplierWorld(2, milestones_each=1)


@pytest.fixture
def member(world):
    client = Client()
    client.force_login(world.member)
    assert "Order fertiliser 0.0" in dashboard(client)  # drawn and cached
    return client


def test_a_longer_milestone_moves_on_the_calendar_at_once(world, member):
    milestone = world.goals[0].milestones.get(title="Order fertiliser 0.0")
    before = milestone.latest_start
    milestone_update(milestone=milestone, by=world.goals[0].owner, duration_days=30)
    milestone.refresh_from_db()
    assert milestone.latest_start != before
    assert milestone.latest_start.strftime("%Y-%m-%d") in dashboard(member)


def test_a_renamed_milestone_shows_at_once(world, member):
    milestone = world.goals[0].milestones.get(title="Order fertiliser 0.0")
    milestone_update(milestone=milestone, by=world.goals[0].owner, title="Order lime 0.0")
    html = dashboard(member)
    assert "Order lime 0.0" in html and "Order fertiliser 0.0" not in html


def test_a_finished_milestone_leaves_the_coming_list_at_once(world, member):
    milestone = world.goals[0].milestones.get(title="Order fertiliser 0.0")
    html = dashboard(member)
    assert "Order fertiliser 0.0" in coming(html)
    milestone_update(milestone=milestone, by=world.goals[0].owner, status="done")
    assert "Order fertiliser 0.0" not in coming(dashboard(member))


def test_a_renamed_customer_shows_at_once(world, member):
    owner = world.goals[1].owner
    owner.display_name = "Hine of the hills"
    owner.save(update_fields=["display_name"])
    assert "Hine of the hills" in dashboard(member)


def test_a_removed_grant_leaves_at_once(world, member):
    grant = Stakeholder.objects.get(goal=world.goals[0], organization=world.organization)
    stakeholder_remove(stakeholder=grant, by=world.goals[0].owner)
    html = dashboard(member)
    assert "Apples 0" not in html and "Apples 1" in html


def test_each_partner_sees_only_their_own_goals_from_a_warm_cache(world, member):
    other = SupplierWorld(1, milestones_each=1, name="Hawke's Bay Lime")
    client = Client()
    client.force_login(other.member)
    html = dashboard(client)
    assert "Hawke&#x27;s Bay Lime" in html and "Orchard Supplies" not in html


# The milestones come from the cache while the granted goals' plans keep their versions
# (milestones/plan_version.py): each write below raises one and shows on the next view.


@pytest.fixture
def whole_goal(world, member):
    """The first customer now shares their whole goal with the organisation."""
    goal = world.goals[0]
    grant = Stakeholder.objects.get(goal=goal, organization=world.organization)
    stakeholder_update(stakeholder=grant, by=goal.owner, milestones=[])
    assert "Private step 0" in coming(dashboard(member))
    return goal


def test_a_milestone_added_to_a_whole_goal_shows_at_once(whole_goal, member):
    milestone_create(goal=whole_goal, by=whole_goal.owner, title="Prune the rows", duration_days=2)
    assert "Prune the rows" in coming(dashboard(member))


def test_a_deleted_milestone_leaves_at_once(whole_goal, member):
    milestone = whole_goal.milestones.get(title="Private step 0")
    milestone_delete(milestone=milestone, by=whole_goal.owner)
    assert "Private step 0" not in dashboard(member)


def test_a_new_target_moves_the_dates_at_once(whole_goal, member):
    milestone = whole_goal.milestones.get(title="Private step 0")
    goal_update(goal=whole_goal, by=whole_goal.owner, target_date=date(2027, 2, 22))  # still first
    milestone.refresh_from_db()
    html = coming(dashboard(member))
    assert f'datetime="{milestone.latest_start:%Y-%m-%d}"' in html


def test_a_trashed_goal_leaves_at_once(world, member):
    goal_trash(goal=world.goals[0], by=world.goals[0].owner)
    html = dashboard(member)
    assert "Order fertiliser 0.0" not in html and "Order fertiliser 1.0" in html


def test_a_milestone_added_to_the_scope_shows_at_once(world, member):
    goal = world.goals[0]
    grant = Stakeholder.objects.get(goal=goal, organization=world.organization)
    private = goal.milestones.get(title="Private step 0")
    assert "Private step 0" not in dashboard(member)
    stakeholder_update(
        stakeholder=grant, by=goal.owner, milestones=[*grant.milestones.all(), private]
    )
    assert "Private step 0" in coming(dashboard(member))


def test_an_unchanged_dashboard_is_the_same_page_whether_drawn_or_kept(world, member):
    kept = dashboard(member)
    world.goals[0].milestones.first().save()  # a save with no change: a new version
    drawn = dashboard(member)
    assert "Order fertiliser 0.0" in coming(kept)
    # What is new in each answer: the form token (in forms and htmx's headers), the nonce.
    theirs = re.compile(r'(name="csrfmiddlewaretoken" value="|nonce="|CSRFToken": ")[^"]+"')
    assert theirs.sub("", kept) == theirs.sub("", drawn)


def test_the_facts_read_as_values_are_the_facts_of_the_grants_read_as_rows(world, whole_goal):
    """The page keys its cached body on the grants' facts read as plain values, and keeps
    a drawing under the facts of the grants it drew: the two must agree, or every view
    would draw afresh (and a test of kept bodies above would fail)."""
    whose = {
        "user": world.member,
        "today": world.member.today(),
        "organizations": [world.organization],
    }
    scoped = Stakeholder.objects.get(goal=world.goals[1], organization=world.organization)
    widened = list(world.goals[1].milestones.order_by("-pk"))
    stakeholder_update(stakeholder=scoped, by=world.goals[1].owner, milestones=widened)
    assert len(widened) > 1
    facts = partner_grant_facts(**whose)
    assert facts == grant_facts(partner_grants_for(**whose))
    scopes = {row[0]: row[-1] for row in facts}
    assert scopes[scoped.pk] == tuple(sorted(milestone.pk for milestone in widened))
    assert len(facts) == 2 and () in scopes.values()  # the first goal's grant: whole


def test_a_new_release_draws_afresh(world, member, monkeypatch):
    """A deploy that changes the body's template or code never serves the old drawing."""
    with CaptureQueriesContext(connection) as kept:
        dashboard(member)
    monkeypatch.setattr("stakeholders.views.dashboard.code_version", lambda: "next-release")
    with CaptureQueriesContext(connection) as drawn:
        dashboard(member)
    milestone_reads = [query for query in drawn if "milestones_milestone" in query["sql"]]
    assert len(drawn) > len(kept) and len(milestone_reads) >= 2


def test_the_organisations_grants_are_the_grants_of_the_rule_that_name_them(world):
    """The dashboard reads its grants through `granting_through_organizations`: the rows of
    `granting` that name one of the person's organisations, and never an organisation's
    they are not an active member of, even when asked for it by id."""
    member, today = world.member, world.member.today()
    named_directly = Stakeholder.objects.filter(organization__isnull=True)
    through = Stakeholder.objects.granting_through_organizations(member, today=today)
    granting = Stakeholder.objects.granting(member, today=today).exclude(
        pk__in=named_directly.values("pk")
    )
    assert set(through) == set(granting) and len(set(through)) == 2
    other = SupplierWorld(1, milestones_each=1, name="Hawke's Bay Lime")
    asked = Stakeholder.objects.granting_through_organizations(
        member, today=today, organization_ids=[other.organization.pk, world.organization.pk]
    )
    assert {grant.organization_id for grant in asked} == {world.organization.pk}
    membership = world.organization.memberships.get(user=member)
    member_remove(membership=membership, by=world.admin)
    assert not Stakeholder.objects.granting_through_organizations(member, today=today).exists()
