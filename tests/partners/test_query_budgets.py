"""Query budgets for the partners' forms: a new organisation (its regions and categories to
choose) and a resource's delete page, the same number of queries with few and with many
regions, categories, resources and members.

(The directory, an organisation's page and the resource pages have theirs in
tests/stakeholders/test_query_budgets.py, the member lists in test_api.py.) Budgets are
the counts measured when the page was last changed; raise one only on purpose."""

import pytest

from partners.models import Membership, PartnerOrganization
from partners.services import resource_create
from tests.conftest import client_for
from tests.factories import CategoryFactory, RegionFactory, UserFactory
from tests.query_counts import assert_flat

pytestmark = pytest.mark.django_db


def grow_choices(count):
    for _ in range(count):
        RegionFactory()
        CategoryFactory()


def test_a_new_organisation_is_flat_in_regions_and_categories(customer):
    assert_flat(client_for(customer), "/partners/new/", grow_choices, budget=5)


def test_a_resources_delete_page_is_flat_in_its_organisations_resources(partner_admin):
    organization = PartnerOrganization.objects.get(name="Orchard Supplies")
    resource = resource_create(
        by=partner_admin, organization=organization, kind="guide", title="Thinning"
    )
    grown = {"n": 0}

    def grow(count):
        for _ in range(count):
            number = grown["n"] = grown["n"] + 1
            region, category = RegionFactory(), CategoryFactory()
            resource.regions.add(region)
            resource.categories.add(category)
            resource_create(
                by=partner_admin, organization=organization, kind="guide", title=f"Guide {number}"
            )
            member = UserFactory()
            Membership.objects.create(organization=organization, user=member, email=member.email)

    # The page names the one resource, whatever its organisation holds.
    url = f"/resources/{resource.pk}/delete/"
    assert_flat(client_for(partner_admin), url, grow, budget=9, shows_more=False)
