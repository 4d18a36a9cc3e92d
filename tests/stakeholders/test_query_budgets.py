"""Query budgets for the partners' and the goal's ecosystem pages and endpoints: each
answers within a pinned number of queries, the same at two data sizes (organisations,
resources, stakeholders and advice), so a list never grows a query per row.

Budgets are the counts measured when the page was last changed; raise one only on
purpose. Every signed-in page pays one query for the navigation's role links.
"""

import pytest
from django.test import Client

from milestones.services import milestone_create
from partners.models import PartnerOrganization, Resource
from partners.services import organization_create, resource_create, resource_publish
from stakeholders.lifecycle import invitation_token
from stakeholders.services import advice_post, stakeholder_invite
from tests.conftest import api_for, assert_max_queries, grant_access
from tests.factories import UserFactory
from tests.query_counts import assert_flat

pytestmark = pytest.mark.django_db


def _world(owner, goal, partner_admin, size: int):
    """`size` organisations, each with a published resource tied to nothing, `size`
    stakeholders of the goal (half people who accepted, half pending invitations) and
    `size` pieces of advice on its first milestone."""
    milestone = goal.milestones.order_by("position").first()
    organization = PartnerOrganization.objects.get(name="Orchard Supplies")
    for index in range(size):
        other = organization_create(
            by=UserFactory(), name=f"Supplier {size}-{index}", kind="supplier"
        )
        resource = resource_create(
            by=partner_admin, organization=organization, kind="guide", title=f"Guide {index}"
        )
        resource_publish(resource=resource, by=partner_admin)
        person = UserFactory()
        if index % 2:
            grant_access(goal, person, access="comment")
            advice_post(milestone=milestone, by=person, body=f"Tip {index}")
        else:
            stakeholder_invite(
                goal=goal, by=owner, organization=other, role="supplier", access="view"
            )
    grant_access(goal, partner_admin, access="contribute")
    return {
        "goal": goal.pk,
        "milestone": milestone.pk,
        "org": organization.slug,
        "resource": Resource.objects.filter(organization=organization).first().pk,
    }


# (name, path, who asks, budget)
PAGES = [
    ("partner directory", "/partners/", "owner", 10),
    ("organisation page", "/partners/{org}/", "partner_admin", 15),  # +1: its webhooks
    ("organisation edit", "/partners/{org}/edit/", "partner_admin", 10),
    ("new resource", "/partners/{org}/resources/new/", "partner_admin", 11),
    ("resource page", "/resources/{resource}/", "owner", 8),
    ("resource edit", "/resources/{resource}/edit/", "partner_admin", 12),
    ("stakeholders page", "/goals/{goal}/stakeholders/", "owner", 8),
    ("ecosystem map", "/goals/{goal}/ecosystem/", "owner", 6),
    ("partner dashboard", "/partner-dashboard/", "partner_admin", 7),
]
ENDPOINTS = [
    ("organisations", "/api/v1/partners/", "owner", 4),
    ("an organisation", "/api/v1/partners/{org}/", "owner", 3),
    ("resources", "/api/v1/resources/", "owner", 5),
    ("a resource", "/api/v1/resources/{resource}/", "owner", 4),
    ("help for a milestone", "/api/v1/milestones/{milestone}/resources/", "owner", 2),
    ("stakeholders", "/api/v1/goals/{goal}/stakeholders/", "owner", 4),
    ("advice", "/api/v1/milestones/{milestone}/advice/", "owner", 3),
    ("partner dashboard", "/api/v1/partner-dashboard/", "partner_admin", 2),
]


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("name, path, who, budget", PAGES + ENDPOINTS)
def test_each_page_and_endpoint_keeps_its_budget_at_two_sizes(
    owner, shared_goal, partner_admin, size, name, path, who, budget
):
    ids = _world(owner, shared_goal, partner_admin, size)
    user = {"owner": owner, "partner_admin": partner_admin}[who]
    url = path.format(**ids)
    if url.startswith("/api/"):
        client = api_for(user)
    else:
        client = Client()
        client.force_login(user)
    with assert_max_queries(budget):
        response = client.get(url)
    assert response.status_code == 200, (name, response.status_code)


# --- Flat at two sizes: a milestone's advice page, and an invitation opened signed out ---


def test_a_milestones_advice_page_is_flat_in_advice(owner, shared_goal):
    milestone = shared_goal.milestones.order_by("position").first()

    def grow(count):
        for index in range(count):
            person = UserFactory()
            grant_access(shared_goal, person, access="comment")
            advice_post(milestone=milestone, by=person, body=f"Tip {index}")

    client = Client()
    client.force_login(owner)
    assert_flat(client, f"/milestones/{milestone.pk}/advice/", grow, budget=5)


def test_an_invitation_is_flat_in_the_milestones_it_shares(owner, shared_goal):
    invitation = stakeholder_invite(
        goal=shared_goal, by=owner, email="ana@example.org", role="advisor", access="comment"
    )
    grown = {"n": 0}

    def grow(count):
        for _ in range(count):
            number = grown["n"] = grown["n"] + 1
            step = milestone_create(goal=shared_goal, by=owner, title=f"Step {number}")
            invitation.milestones.add(step)

    # Opened signed out, as the link in the email is.
    url = f"/invitations/{invitation_token(invitation)}/"
    assert_flat(Client(), url, grow, budget=6)
