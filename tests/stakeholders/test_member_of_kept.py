"""The partner dashboard keeps which organisations its reader is a member of under their
roles version (partners.selectors.member_organizations): each kind of write of a
membership shows on the very next view, and an organisation's new name at once."""

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import Membership
from partners.services import member_accept, member_invite, member_remove, organization_update
from tests.factories import UserFactory
from tests.stakeholders.test_views import SupplierWorld, organization_with_admin

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("stakeholders:partner-dashboard")


def dashboard_of(person) -> str:
    page = Client()
    page.force_login(person)
    return page.get(DASHBOARD).content.decode()


def test_joining_and_leaving_an_organisation_shows_on_the_next_view():
    world = SupplierWorld(1, milestones_each=1)
    newcomer = UserFactory(display_name="Nia Newcomer")
    page = Client()
    page.force_login(newcomer)
    assert "Apples 0" not in page.get(DASHBOARD).content.decode()  # none kept

    invitation = member_invite(
        organization=world.organization, by=world.admin, email=newcomer.email
    )
    assert "Apples 0" not in page.get(DASHBOARD).content.decode()  # invited, not a member
    member_accept(membership=invitation, by=newcomer)
    html = page.get(DASHBOARD).content.decode()
    assert "Apples 0" in html and "Orchard Supplies" in html

    member_remove(membership=Membership.objects.get(pk=invitation.pk), by=world.admin)
    assert "Apples 0" not in page.get(DASHBOARD).content.decode()


def test_a_second_organisation_and_a_new_name_show_on_the_next_view():
    world = SupplierWorld(1, milestones_each=1)
    page = Client()
    page.force_login(world.member)
    assert "Orchard Supplies" in page.get(DASHBOARD).content.decode()

    organization_update(organization=world.organization, by=world.admin, name="Orchard Co-op")
    html = page.get(DASHBOARD).content.decode()
    assert "Orchard Co-op" in html and "Orchard Supplies" not in html

    other, admin = organization_with_admin("Hill Nursery")
    member_accept(
        membership=member_invite(organization=other, by=admin, email=world.member.email),
        by=world.member,
    )
    html = page.get(DASHBOARD).content.decode()
    assert "Hill Nursery" in html and "Orchard Co-op" in html


def test_a_membership_deleted_by_hand_leaves_the_dashboard_at_once():
    world = SupplierWorld(1, milestones_each=1)
    assert "Apples 0" in dashboard_of(world.member)
    Membership.objects.filter(user=world.member).delete()  # the admin, a cascade: signals
    assert "Apples 0" not in dashboard_of(world.member)


def test_a_renamed_organisation_shows_in_the_choice_of_organisations_at_once():
    """A member of two organisations chooses among them by name: a save of one raises
    its members' versions (partners/hooks.py), so the new name is in the very next view."""
    world = SupplierWorld(1, milestones_each=1)
    other, admin = organization_with_admin("Hill Nursery")
    member_accept(
        membership=member_invite(organization=other, by=admin, email=world.member.email),
        by=world.member,
    )
    page = Client()
    page.force_login(world.member)
    assert ">Hill Nursery</option>" in page.get(DASHBOARD).content.decode()

    organization_update(organization=other, by=admin, name="Hill Tree Nursery")
    html = page.get(DASHBOARD).content.decode()
    assert ">Hill Tree Nursery</option>" in html and ">Hill Nursery<" not in html
