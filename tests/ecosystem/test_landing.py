"""Each role lands where it works, and the navigation shows role links only to those who
hold the role and highlights the section a page belongs to.

The rule (ecosystem/views/navigation.py): signing in and / lead someone who owns a goal
to their dashboard; otherwise staff to the staff home, an active member of a partner
organisation to the partner dashboard, everyone else to the dashboard."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.moderation import flag_create
from community.services import community_leave, moderator_appoint
from ecosystem.notifications.models import Kind
from ecosystem.notifications.services import notification_mark_all_read, notify
from ecosystem.views.navigation import roles_of
from goals.services import goal_create
from partners.models import Membership
from partners.services import member_accept, member_invite, member_remove, organization_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.services import stakeholder_invite
from tests.community.test_moderation import build_world
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")
PARTNER_DASHBOARD = reverse("stakeholders:partner-dashboard")
STAFF_HOME = reverse("staff-home")


def sign_in(email) -> tuple[Client, str]:
    """Sign in through the form; answers the client and where the person landed."""
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": email, "password": PASSWORD}, follow=True
    )
    return client, response.redirect_chain[-1][0]


def nav(page: str) -> str:
    return re.search(r'<nav class="nav".*?</nav>', page, re.S).group(0)


def current(page: str) -> list[str]:
    """The labels of the navigation links marked as the current section."""
    return re.findall(r'aria-current="page">([^<]+)</a>', nav(page))


@pytest.fixture
def partner(db):
    return UserFactory(email="pat@orchard.example", display_name="Pat Partner")


@pytest.fixture
def supplier(partner):
    return organization_create(by=partner, name="Orchard Supplies", kind="supplier")


# --- Customers --------------------------------------------------------------------------


def test_a_new_customer_lands_on_the_dashboard_without_role_links(customer):
    client, landed = sign_in(customer.email)

    assert landed == DASHBOARD
    page = client.get(DASHBOARD).text
    assert "Set your first goal" in page
    for label in ("Partner dashboard", "Staff home", "Moderation queue"):
        assert label not in nav(page)
    assert current(page) == ["Dashboard"]


def test_the_start_page_sends_a_signed_in_person_where_they_land(customer, partner, supplier):
    for person, landing in ((customer, DASHBOARD), (partner, PARTNER_DASHBOARD)):
        client = Client()
        client.force_login(person)
        assert client.get(reverse("home")).url == landing


# --- Partners ---------------------------------------------------------------------------


def test_a_partner_lands_on_the_partner_dashboard_with_post_a_resource_and_invited_goals(
    partner, supplier, customer
):
    goal = goal_create(by=customer, title="Gala apples", target_date=date(2027, 3, 1))
    invitation = stakeholder_invite(goal=goal, by=customer, organization=supplier, role="supplier")
    stakeholder_answer(token=invitation_token(invitation), user=partner, accept=True)

    client, landed = sign_in(partner.email)

    assert landed == PARTNER_DASHBOARD
    page = client.get(PARTNER_DASHBOARD).text
    create = reverse("partners:resource-create", args=[supplier.slug])
    assert f'<a class="button" href="{create}">Post a resource</a>' in page
    assert "Gala apples" in page and "Casey Customer" in page
    assert "Partner dashboard" in nav(page)
    assert current(page) == ["Partner dashboard"]


def test_a_member_of_several_organisations_chooses_which_one_posts(partner, supplier):
    tutors = organization_create(by=partner, name="Tui Tutors", kind="tutor")
    client = Client()
    client.force_login(partner)

    page = client.get(PARTNER_DASHBOARD).text

    chooser = re.search(r'<details class="resource-chooser">.*?</details>', page, re.S).group(0)
    assert '<summary class="button">Post a resource</summary>' in chooser
    for organization in (supplier, tutors):
        link = reverse("partners:resource-create", args=[organization.slug])
        assert f'href="{link}">for {organization.name}</a>' in chooser
    # Narrowed to one organisation, the button posts for that one.
    page = client.get(PARTNER_DASHBOARD, {"organization": tutors.slug}).text
    link = reverse("partners:resource-create", args=[tutors.slug])
    assert f'<a class="button" href="{link}">Post a resource</a>' in page


def test_a_partner_who_also_plans_goals_lands_on_their_goals_with_the_partner_link(
    partner, supplier
):
    goal_create(by=partner, title="Own orchard", target_date=date(2027, 3, 1))

    client, landed = sign_in(partner.email)

    assert landed == DASHBOARD
    page = client.get(DASHBOARD).text
    assert "Own orchard" in page
    assert f'href="{PARTNER_DASHBOARD}"' in nav(page)


def test_an_invited_member_is_not_a_partner_until_they_accept(partner, supplier):
    invitee = UserFactory(email="new@orchard.example")
    member_invite(organization=supplier, by=partner, email=invitee.email)

    client, landed = sign_in(invitee.email)

    assert landed == DASHBOARD
    assert "Partner dashboard" not in nav(client.get(DASHBOARD).text)


# --- Staff and moderators ---------------------------------------------------------------


def test_staff_land_on_the_staff_home_with_the_moderation_queue_and_its_count():
    world = build_world()
    staff = world.people["staff"]
    flag_create(by=world.people["member"], reason="spam", post=world.post)
    flag_create(by=world.people["second"], reason="spam", post=world.post)  # same item
    flag_create(by=world.people["member"], reason="off_topic", thread=world.thread)

    client, landed = sign_in(staff.email)

    assert landed == STAFF_HOME
    page = client.get(STAFF_HOME).text
    heading = re.search(r'<h2 id="queue-heading">.*?</h2>', page, re.S).group(0)
    assert '<span class="badge badge-count">2</span>' in heading  # items, not flags
    assert "a post in “When to thin?”" in page
    assert f'href="{reverse("community:moderation-queue")}"' in page
    assert current(page) == ["Staff home"]
    assert "Moderation queue" not in nav(page)  # staff reach it from their home


def test_the_staff_home_is_for_staff_only(customer, client):
    assert client.get(STAFF_HOME).url.startswith(reverse("account_login"))
    client.force_login(customer)
    assert client.get(STAFF_HOME).status_code == 403


def test_a_community_moderator_has_the_moderation_queue_in_the_navigation():
    world = build_world()
    client = Client()
    client.force_login(world.people["moderator"])

    page = client.get(reverse("community:list")).text
    assert f'href="{reverse("community:moderation-queue")}"' in nav(page)
    assert "Staff home" not in nav(page)

    page = client.get(reverse("community:moderation-queue")).text
    assert current(page) == ["Moderation queue"]

    member = Client()
    member.force_login(world.people["member"])
    assert "Moderation queue" not in nav(member.get(reverse("community:list")).text)


# --- Which section is highlighted -------------------------------------------------------


def test_a_goals_stakeholder_pages_highlight_the_dashboard_not_partners(customer, partner):
    goal = goal_create(by=customer, title="Gala apples", target_date=date(2027, 3, 1))
    client = Client()
    client.force_login(customer)

    for url in (
        reverse("stakeholders:list", args=[goal.pk]),
        reverse("stakeholders:ecosystem-map", args=[goal.pk]),
        reverse("goals:detail", args=[goal.pk]),
    ):
        assert current(client.get(url).text) == ["Dashboard"], url
    assert current(client.get(reverse("partners:directory")).text) == ["Partners"]
    assert current(client.get(reverse("goals:playbook-list")).text) == ["Playbooks"]
    assert current(client.get(reverse("community:list")).text) == ["Communities"]


def test_the_roles_are_read_once_until_a_membership_changes_and_none_signed_out(partner, supplier):
    partner.refresh_from_db()  # as a request loads the person: after joining
    with CaptureQueriesContext(connection) as queries:
        roles = roles_of(partner)
    assert (roles.partner, roles.moderator, roles.staff) == (True, False, False)
    assert len(queries) == 1  # is a partner, moderates, the unread count

    partner.refresh_from_db()  # the next request: nothing changed, nothing read
    with CaptureQueriesContext(connection) as queries:
        assert roles_of(partner).partner
    assert len(queries) == 0

    # A notification for them: the count alone is read again, and then kept.
    notify(recipients=[partner], kind=Kind.MENTION, title="Hello", dedupe_key="landing:1")
    partner.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        roles = roles_of(partner)
    assert roles.partner and roles.unread_notifications == 1
    assert ["notifications_notification" in query["sql"] for query in queries] == [True]
    notification_mark_all_read(by=partner)
    partner.refresh_from_db()
    assert roles_of(partner).unread_notifications == 0

    client = Client()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    assert not [query for query in queries if "partners_" in query["sql"]]


def test_the_partner_link_follows_joining_and_leaving_at_once(partner, supplier):
    invitee = UserFactory(email="new@orchard.example")
    membership = member_invite(organization=supplier, by=partner, email=invitee.email)
    client = Client()
    client.force_login(invitee)
    assert "Partner dashboard" not in nav(client.get(DASHBOARD).text)  # read and kept

    member_accept(membership=membership, by=invitee)
    assert "Partner dashboard" in nav(client.get(DASHBOARD).text)

    member_remove(membership=Membership.objects.get(pk=membership.pk), by=partner)
    assert "Partner dashboard" not in nav(client.get(DASHBOARD).text)


def test_the_moderation_link_follows_appointing_and_leaving_at_once():
    world = build_world()
    person, community = world.people["member"], world.thread.community
    client = Client()
    client.force_login(person)
    assert "Moderation queue" not in nav(client.get(DASHBOARD).text)  # read and kept

    moderator_appoint(community=community, user=person, by=world.people["staff"])
    assert "Moderation queue" in nav(client.get(DASHBOARD).text)

    community_leave(community=community, user=person)
    assert "Moderation queue" not in nav(client.get(DASHBOARD).text)


def test_a_change_made_in_the_admin_moves_the_navigation_too(partner, supplier):
    """Not only the services: any save or delete of a membership (the admin, a cascade)."""
    client = Client()
    client.force_login(partner)
    assert "Partner dashboard" in nav(client.get(DASHBOARD).text)

    supplier.delete()  # its memberships go with it
    assert "Partner dashboard" not in nav(client.get(DASHBOARD).text)
