"""The thread page keeps the reader's standing in its community between views
(community/standing.py, `kept`), and every change of it shows on the very next view:
joining, leaving, a suspension given and ending, an email verified. Writes and the rules
that guard them read it afresh, so a caller holding an old copy of a person's row is never
judged by an old standing. Against the real cache of the test (tests/conftest.py)."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone

from community.models import CommunityMembership, ModerationAction
from community.moderation import moderate
from community.services import (
    community_create,
    community_join,
    community_leave,
    post_create,
    thread_create,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CAN_REPLY = 'name="body"'  # the reply form's text area


@pytest.fixture
def thread(staff_user):
    community = community_create(by=staff_user, name="Apple growers", purpose="Grow apples")
    author = UserFactory()
    community_join(community=community, user=author)
    return thread_create(
        community=community, author=author, title="Thin?", kind="question", body="When?"
    )


def _page(reader, thread) -> str:
    client = Client()
    client.force_login(reader)
    return client.get(thread.get_absolute_url()).content.decode()


def test_joining_and_leaving_show_on_the_next_view(thread):
    reader = UserFactory()
    assert CAN_REPLY not in _page(reader, thread)
    assert CAN_REPLY not in _page(reader, thread)  # kept, and still right
    community_join(community=thread.community, user=reader)
    assert CAN_REPLY in _page(reader, thread)
    community_leave(community=thread.community, user=reader)  # the same copy of the row
    assert CAN_REPLY not in _page(reader, thread)


def test_a_suspension_shows_on_the_next_view_and_its_end_too(thread, staff_user, time_machine):
    reader = UserFactory()
    community_join(community=thread.community, user=reader)
    assert CAN_REPLY in _page(reader, thread)
    until = timezone.now() + timedelta(days=2)
    moderate(
        by=staff_user,
        action=ModerationAction.Action.SUSPEND,
        subject=reader,
        community=thread.community,
        until=until,
        reason="Cooling off",
    )
    page = _page(reader, thread)
    assert CAN_REPLY not in page and "Cooling off" in page
    time_machine.move_to(until + timedelta(minutes=1))
    assert CAN_REPLY in _page(reader, thread)


def test_an_email_verified_shows_on_the_next_view(thread):
    reader = UserFactory(verified=False)
    EmailAddress.objects.create(user=reader, email=reader.email, verified=False, primary=True)
    community_join(community=thread.community, user=reader)
    assert "Verify your email address" in _page(reader, thread)
    address = EmailAddress.objects.get(user=reader)
    address.verified = True
    address.save()
    assert CAN_REPLY in _page(reader, thread)


def test_a_rule_guarding_a_write_reads_the_standing_afresh(thread):
    reader = UserFactory()
    _page(reader, thread)  # not a member: kept so under the version of this copy
    # Joined by another copy of their row (a request, a task): this copy stays as it was.
    CommunityMembership.objects.create(community=thread.community, user_id=reader.pk)
    post = post_create(thread=thread, author=reader, body="Early December")
    assert post.author == reader
