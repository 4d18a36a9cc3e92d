"""What one reader left on a thread (`selectors.reader_marks`, one query) and the authors'
badges (`selectors.badges_for`, one query): each reader sees their own marks on this
thread only, and the page shows them."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community.models import ThreadReadMark
from community.moderation import flag_create
from community.selectors import badges_for, reader_marks
from community.services import (
    community_create,
    community_join,
    moderator_appoint,
    post_create,
    post_delete,
    reaction_add,
    thread_create,
    thread_mark_read,
)
from partners.services import organization_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff_user):
    reader, other, author = UserFactory(), UserFactory(), UserFactory(display_name="Ari Author")
    growers = community_create(by=staff_user, name="Apple growers", purpose="Grow apples")
    for person in (reader, other, author):
        community_join(community=growers, user=person)
    thread = thread_create(
        community=growers, author=author, title="When to thin?", kind="question", body="When?"
    )
    elsewhere = thread_create(
        community=growers, author=author, title="Frost", kind="discussion", body="Frost?"
    )
    replies = [post_create(thread=thread, author=author, body=f"Reply {n}") for n in range(3)]
    far = post_create(thread=elsewhere, author=author, body="Elsewhere")
    return {
        "staff": staff_user,
        "growers": growers,
        "reader": reader,
        "other": other,
        "author": author,
        "thread": thread,
        "elsewhere": elsewhere,
        "replies": replies,
        "far": far,
    }


def test_a_reader_gets_their_own_marks_on_this_thread_only(world):
    reader, other, thread, replies = (
        world["reader"],
        world["other"],
        world["thread"],
        world["replies"],
    )
    reaction_add(post=replies[0], user=reader)
    reaction_add(post=replies[1], user=other)  # someone else's
    reaction_add(post=world["far"], user=reader)  # another thread's
    flag_create(by=reader, reason="spam", post=replies[2])
    flag_create(by=other, reason="spam", post=replies[0])
    flag_create(by=reader, reason="off_topic", post=world["far"])
    thread_mark_read(thread=thread, user=reader, post_id=replies[1].pk)
    thread_mark_read(thread=thread, user=other, post_id=replies[2].pk)

    with CaptureQueriesContext(connection) as captured:
        marks = reader_marks(user=reader, thread=thread)
    assert len(captured) == 1
    assert marks.helpful == {replies[0].pk}
    assert marks.flagged == {replies[2].pk}
    assert not marks.flagged_thread
    assert marks.opened and marks.last_read_post_id == replies[1].pk
    assert marks.first_unread_post_id == replies[2].pk and marks.wrote == frozenset()
    post_delete(post=replies[2], by=world["author"])  # a deleted post is not unread
    assert reader_marks(user=reader, thread=thread).first_unread_post_id is None
    mine = post_create(thread=thread, author=reader, body="Mine")
    assert reader_marks(user=reader, thread=thread).wrote == {mine.pk}

    flag_create(by=reader, reason="off_topic", thread=thread)
    assert reader_marks(user=reader, thread=thread).flagged_thread
    assert not reader_marks(user=reader, thread=world["elsewhere"]).flagged_thread
    fresh = reader_marks(user=UserFactory(), thread=thread)
    assert (fresh.helpful, fresh.flagged, fresh.opened) == (frozenset(), frozenset(), False)


def test_the_page_shows_the_readers_marks_and_moves_the_read_mark_forward(world):
    reader, thread, replies = world["reader"], world["thread"], world["replies"]
    reaction_add(post=replies[0], user=reader)
    flag_create(by=reader, reason="spam", post=replies[2])
    thread_mark_read(thread=thread, user=reader, post_id=replies[0].pk)
    client = Client()
    client.force_login(reader)
    page = client.get(thread.get_absolute_url())
    posts = {post.pk: post for post in page.context["replies"]}
    assert posts[replies[0].pk].marked_helpful and not posts[replies[1].pk].marked_helpful
    assert not posts[replies[2].pk].can_flag and posts[replies[1].pk].can_flag
    assert page.context["unread_marker_id"] == replies[1].pk
    mark = ThreadReadMark.objects.get(thread=thread, user=reader)
    assert mark.last_read_post_id == replies[2].pk
    # Read to the end: the next view finds nothing new, and the mark stays where it is.
    again = client.get(thread.get_absolute_url())
    assert again.context["unread_marker_id"] is None
    assert ThreadReadMark.objects.get(pk=mark.pk).updated_at == mark.updated_at


def test_badges_name_moderators_and_organisations_in_one_query(world):
    author, other, reader = world["author"], world["other"], world["reader"]
    moderator_appoint(community=world["growers"], user=author, by=world["staff"])
    organization_create(by=author, name="Zest Orchards", kind="supplier")
    organization_create(by=author, name="apple Advice", kind="extension_service")
    organization_create(by=other, name="Other Co", kind="supplier")
    with CaptureQueriesContext(connection) as captured:
        badges = badges_for(authors=[author, reader, None], community=world["growers"])
    assert len(captured) == 1
    assert badges[author.pk].moderator
    assert [name for name, _verified, _slug in badges[author.pk].organizations] == [
        "apple Advice",
        "Zest Orchards",
    ]
    assert not badges[reader.pk].moderator and badges[reader.pk].organizations == []
    assert other.pk not in badges
