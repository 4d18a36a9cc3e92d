"""The community list shows a person the communities they proposed; that they proposed
none is kept under their roles version (community.selectors.proposals_listed), which
every write of a community they made raises: a proposal shows on the very next view, and
someone who proposed none is asked nothing about it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Community
from community.services import community_create, community_review
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("community:list")


@pytest.fixture
def proposer():
    return UserFactory(display_name="Proposer")


def page_for(user) -> Client:
    page = Client()
    page.force_login(user)
    return page


def test_a_proposal_shows_on_the_next_view_and_stays_once_declined(proposer, staff_user):
    page = page_for(proposer)
    assert "Cider makers" not in page.get(LIST).content.decode()  # none: kept
    cider = community_create(by=proposer, name="Cider makers", purpose="Pressing apples.")
    assert "Cider makers" in page.get(LIST).content.decode()

    community_review(community=cider, by=staff_user, approve=False)
    html = page.get(LIST).content.decode()
    assert "Cider makers" in html and "Declined" in html


def test_a_proposal_made_in_the_admin_shows_too(proposer):
    page = page_for(proposer)
    page.get(LIST)  # none: kept
    Community.objects.create(
        name="Perry",
        slug="perry",
        purpose="Pears.",
        created_by=proposer,
        status=Community.Status.PROPOSED,
    )
    assert "Perry" in page.get(LIST).content.decode()


def test_someone_who_proposed_none_is_asked_nothing_about_it(proposer, staff_user):
    community_create(by=staff_user, name="Growers", purpose="Apples and pears.")
    page = page_for(proposer)
    page.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        assert "Growers" in page.get(LIST).content.decode()
    assert len([q for q in queries.captured_queries if "community_community" in q["sql"]]) == 1


def test_staff_see_every_proposal_waiting(proposer, staff_user):
    community_create(by=proposer, name="Cider makers", purpose="Pressing apples.")
    assert "Cider makers" in page_for(staff_user).get(LIST).content.decode()
    assert "Cider makers" not in page_for(UserFactory()).get(LIST).content.decode()
