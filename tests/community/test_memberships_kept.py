"""The community list's badges come from every membership of the reader, kept under their
roles version (community.selectors.memberships_for(kept=True)): each kind of write of a
membership shows on the very next view of the list."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from community.models import Community, CommunityMembership
from community.services import (
    community_create,
    community_join,
    community_leave,
    membership_approve,
    moderator_appoint,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("community:list")


def badge_of(page, name: str) -> str:
    """The reader's badge on the card of the community called `name`."""
    html = page.get(LIST).content.decode()
    card = re.search(rf">{re.escape(name)}</a>.*?</li>", html, re.S)
    assert card, name
    badges = re.findall(r'<span class="badge [^"]*">([^<]*)</span>', card.group(0))
    return badges[1]  # after the visibility badge


@pytest.fixture
def world(staff_user):
    growers = community_create(by=staff_user, name="Growers", purpose="Apples and pears.")
    closed = community_create(
        by=staff_user,
        name="Closed circle",
        purpose="Members only.",
        visibility=Community.Visibility.MEMBERS_ONLY,
    )
    moderator = UserFactory(display_name="Mod")
    moderator_appoint(community=closed, user=moderator, by=staff_user)
    reader = UserFactory(display_name="Reader")
    page = Client()
    page.force_login(reader)
    return {
        "growers": growers,
        "closed": closed,
        "staff": staff_user,
        "reader": reader,
        "moderator": moderator,
        "page": page,
    }


def test_joining_asking_approval_appointment_and_leaving_show_on_the_next_view(world):
    page, reader = world["page"], world["reader"]
    assert badge_of(page, "Growers") == "Not joined"  # kept: no membership

    community_join(community=world["growers"], user=reader)
    assert badge_of(page, "Growers") == "Joined"

    request = community_join(community=world["closed"], user=reader)
    assert badge_of(page, "Closed circle") == "Request sent"
    membership_approve(membership=request, by=world["moderator"])
    assert badge_of(page, "Closed circle") == "Joined"

    moderator_appoint(community=world["growers"], user=reader, by=world["staff"])
    assert badge_of(page, "Growers") == "Joined · moderator"

    community_leave(community=world["growers"], user=reader)
    assert badge_of(page, "Growers") == "Not joined"


def test_a_membership_deleted_by_hand_shows_on_the_next_view(world):
    page, reader = world["page"], world["reader"]
    community_join(community=world["growers"], user=reader)
    assert badge_of(page, "Growers") == "Joined"
    CommunityMembership.objects.filter(user=reader).delete()  # the admin, a cascade
    assert badge_of(page, "Growers") == "Not joined"
