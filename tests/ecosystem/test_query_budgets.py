"""Query budget for the staff home: the same number of queries with few and with many
flagged posts, reports about people and organisations waiting for verification.

Budgets are the counts measured when the page was last changed; raise one only on
purpose."""

import pytest
from django.test import Client

from community.models import Flag
from community.moderation.flags import flag_create
from community.peers.services import person_report
from community.services import community_create, community_join, post_create, thread_create
from partners.services import organization_create
from tests.factories import UserFactory
from tests.query_counts import assert_flat

pytestmark = pytest.mark.django_db


def test_the_staff_home_is_flat_in_the_work_waiting(staff_user):
    growers = community_create(by=staff_user, name="Apple growers", purpose="Grow apples")
    author, flagger = UserFactory(), UserFactory()
    for person in (author, flagger):
        community_join(community=growers, user=person)
    thread = thread_create(
        community=growers, author=author, title="When to thin?", kind="question", body="When?"
    )
    grown = {"n": 0}

    def grow(count):
        for _ in range(count):
            number = grown["n"] = grown["n"] + 1
            reply = post_create(thread=thread, author=author, body=f"Buy from me {number}")
            flag_create(by=flagger, reason=Flag.Reason.SPAM, post=reply)
            person_report(by=UserFactory(), subject=author, reason="abuse")
            organization_create(by=UserFactory(), name=f"Supplier {number}", kind="supplier")

    client = Client()
    client.force_login(staff_user)
    # From five waiting items on, the page counts the rest (one query more than fewer do).
    assert_flat(client, "/staff/", grow, budget=7, few=5)
