"""The community list's cards are drawn once per set of facts and reused from the cache
(community/views/community_cards.py): every write shows on the next view."""

import pytest
from django.test import Client
from django.urls import reverse

from community.services import community_create, community_join, community_leave, community_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def growers(staff_user):
    community = community_create(
        by=staff_user, name="Hawke's Bay apple growers", purpose="Grow better apples"
    )
    community_join(community=community, user=UserFactory())
    return community


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def card_of(client, community) -> str:
    html = client.get(reverse("community:list")).content.decode()
    start = html.index(f'href="{community.get_absolute_url()}"')
    return html[start : html.index("</li>", start)]


def test_joining_shows_on_the_card_and_in_the_count_at_once(growers):
    person = UserFactory()
    reader = signed_in(person)
    before = card_of(reader, growers)  # drawn and cached
    assert "Not joined" in before and "1 member" in before

    community_join(community=growers, user=person)

    after = card_of(reader, growers)
    assert "Not joined" not in after and "Joined" in after and "2 members" in after


def test_another_member_changes_the_count_for_everyone(growers):
    reader = signed_in(UserFactory())
    assert "1 member" in card_of(reader, growers)
    newcomer = UserFactory()
    community_join(community=growers, user=newcomer)
    assert "2 members" in card_of(reader, growers)
    community_leave(community=growers, user=newcomer)
    assert "1 member" in card_of(reader, growers)


def test_a_renamed_community_shows_at_once(growers, staff_user):
    reader = signed_in(UserFactory())
    assert "apple growers" in card_of(reader, growers)
    community_update(community=growers, by=staff_user, name="Orchardists of the Bay")
    card = card_of(reader, growers)
    assert "Orchardists of the Bay" in card and "apple growers" not in card


def test_readers_with_different_memberships_never_share_a_card(growers):
    member, outsider = UserFactory(), UserFactory()
    community_join(community=growers, user=member)
    assert "Not joined" in card_of(signed_in(outsider), growers)
    assert "Not joined" not in card_of(signed_in(member), growers)
    assert "Not joined" in card_of(signed_in(outsider), growers)
