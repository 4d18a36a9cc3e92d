"""Query budgets for a person's own account pages (profile, delete) and a person's page as
another sees it: the same number of queries for a person with little and with a lot
(goals, notifications, threads, organisations), and with few and many regions to choose.

Budgets are the counts measured when the page was last changed; raise one only on
purpose."""

import pytest
from django.test import Client

from community.services import community_create, community_join, thread_create
from ecosystem.notifications.models import Kind
from ecosystem.notifications.services import notify
from goals.services import goal_create
from partners.services import organization_create
from tests.accounts.conftest import date_2031
from tests.factories import RegionFactory, UserFactory
from tests.query_counts import assert_flat

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def grower(person, staff_user):
    """`count` more of what a person has: goals, notifications, threads in a public
    community, organisations they belong to, and regions they may choose from."""
    growers = community_create(by=staff_user, name="Apple growers", purpose="Grow apples")
    community_join(community=growers, user=person)
    grown = {"n": 0}

    def grow(count):
        for _ in range(count):
            number = grown["n"] = grown["n"] + 1
            goal_create(by=person, title=f"Season {number}", target_date=date_2031())
            notify(
                recipients=[person],
                kind=Kind.MILESTONE_DONE,
                title=f"Step {number} is done",
                dedupe_key=f"test:done:{number}",
            )
            thread_create(
                community=growers, author=person, title=f"Thread {number}", kind="tip", body="A tip"
            )
            organization_create(by=person, name=f"Orchard {number}", kind="supplier")
            RegionFactory()

    return grow


@pytest.fixture
def person(db):
    return UserFactory(display_name="Aroha Grower", handle="aroha")


def test_the_profile_is_flat_in_what_the_person_has_and_regions(person, staff_user):
    assert_flat(browser(person), "/accounts/profile/", grower(person, staff_user), budget=4)


def test_deleting_an_account_is_flat_in_what_the_person_has(person, staff_user):
    # The page says what goes, in words: it lists nothing of the person's.
    grow = grower(person, staff_user)
    assert_flat(browser(person), "/accounts/delete/", grow, budget=3, shows_more=False)


def test_a_persons_page_is_flat_in_their_threads_and_organisations(person, staff_user):
    viewer = UserFactory(display_name="Tama Neighbour")
    grow = grower(person, staff_user)
    assert_flat(browser(viewer), f"/accounts/people/{person.handle}/", grow, budget=6)
