"""A community's member count is kept on its row (community/member_count.py): every write
of a membership, whoever makes it, shows in the count at once, and only active members
count."""

import pytest

from community.models import Community, CommunityMembership
from community.services import (
    community_join,
    community_leave,
    community_update,
    membership_approve,
    membership_decline,
)
from ecosystem.accounts.services import account_delete
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def count_of(community) -> int:
    return Community.objects.get(pk=community.pk).member_count


def counted(community) -> int:
    return CommunityMembership.objects.active().filter(community=community).count()


@pytest.fixture
def growers(moderator):
    return Community.objects.get(name="Apple growers")


@pytest.fixture
def private(staff, moderator):
    from community.services import community_create, moderator_appoint

    circle = community_create(
        by=staff, name="Seed savers", purpose="Keep old varieties", visibility="members_only"
    )
    moderator_appoint(community=circle, user=moderator, by=staff)
    return circle


def test_joining_and_leaving_a_public_community_count_at_once(growers):
    before = count_of(growers)
    person = UserFactory()
    community_join(community=growers, user=person)
    assert count_of(growers) == before + 1 == counted(growers)
    community_leave(community=growers, user=person)
    assert count_of(growers) == before == counted(growers)


def test_a_request_counts_once_approved_and_never_when_declined(private, moderator):
    before = count_of(private)
    asking, declined = UserFactory(), UserFactory()
    request = community_join(community=private, user=asking)
    refused = community_join(community=private, user=declined)
    assert count_of(private) == before  # waiting for approval: not a member yet
    membership_approve(membership=request, by=moderator)
    membership_decline(membership=refused, by=moderator)
    assert count_of(private) == before + 1 == counted(private)


def test_an_erased_account_leaves_the_count(growers, staff):
    person = UserFactory()
    community_join(community=growers, user=person)
    before = count_of(growers)
    account_delete(user=person, by=person)
    assert count_of(growers) == before - 1 == counted(growers)


def test_a_change_to_the_community_never_writes_back_an_old_count(growers, staff):
    stale = Community.objects.get(pk=growers.pk)  # read before someone joins
    community_join(community=growers, user=UserFactory())
    community_update(community=stale, by=staff, purpose="Grow better apples together")
    assert count_of(growers) == counted(growers)


def test_the_list_shows_the_new_count_at_once(client, growers):
    person = UserFactory()
    client.force_login(person)
    before = count_of(growers)
    client.get("/communities/")  # drawn and cached
    community_join(community=growers, user=person)
    cards = client.get("/communities/").content.decode().split('class="community-card')
    card = next(card for card in cards if "Apple growers" in card)
    assert f"{before + 1} member" in card and f">{before} member" not in card
