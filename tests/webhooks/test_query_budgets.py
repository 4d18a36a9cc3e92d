"""Query budget for a new webhook endpoint's form: the same number of queries for an
organisation with few and with many endpoints (up to the ten allowed).

(The endpoint list and delivery log have theirs in test_pages_and_api.py.) Budgets are
the counts measured when the page was last changed; raise one only on purpose."""

import pytest
from django.test import Client

from tests.query_counts import assert_flat
from webhooks.models import SUBSCRIBABLE
from webhooks.services import endpoint_create

pytestmark = pytest.mark.django_db


def test_a_new_endpoints_form_is_flat_in_the_organisations_endpoints(partner_admin, supplier):
    grown = {"n": 0}

    def grow(count):
        for _ in range(count):
            number = grown["n"] = grown["n"] + 1
            endpoint_create(
                organization=supplier,
                by=partner_admin,
                url=f"http://127.0.0.1:9/hooks/{number}",
                events=[SUBSCRIBABLE[0]],
            )

    client = Client()
    client.force_login(partner_admin)
    # The form offers the events; it lists none of the endpoints already there. Ten is the
    # most an organisation may have.
    url = f"/partners/{supplier.slug}/webhooks/new/"
    assert_flat(client, url, grow, budget=7, shows_more=False, few=2, more=8)
