"""Query budgets for the community's moderation pages and its API lists: each answers
within a pinned number of queries, the same for a small and a large community (threads,
posts, flags, moderation actions, members), so no list grows a query per row.

(The community list, a community's page, a thread, search and the members page have their
flat-count tests in test_views.py; the peers pages in test_peers_pages.py.)

Budgets are the counts measured when the page was last changed; raise one only on
purpose.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community.member_count import members_changed
from community.models import Community, CommunityMembership, Flag, Post, Thread
from community.moderation.actions import content_hide
from community.moderation.flags import flag_create
from community.services import community_join
from tests.conftest import api_for
from tests.factories import UserFactory
from tests.query_counts import warm_navigation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(moderator):
    """The moderator's public community, with a member who writes, one who flags, and a
    thread that collects a post per step."""
    growers = Community.objects.get(name="Apple growers")
    author, flagger = UserFactory(display_name="Ari Author"), UserFactory(display_name="Flo")
    for person in (author, flagger):
        community_join(community=growers, user=person)
    long_thread = Thread.objects.create(community=growers, author=author, title="Long one")
    return {
        "community": growers,
        "thread": long_thread,
        "moderator": moderator,
        "author": author,
        "flagger": flagger,
    }


def grow(world, count: int) -> None:
    """`count` more of everything: threads with a post each (each flagged, half hidden by
    the moderator), posts in the long thread, and members (half waiting for approval)."""
    community, author = world["community"], world["author"]
    start = Thread.objects.count()
    threads = Thread.objects.bulk_create(
        Thread(community=community, author=author, title=f"Thread {start + n}", post_count=1)
        for n in range(count)
    )
    posts = Post.objects.bulk_create(
        Post(thread=thread, author=author, body="A reply", body_html="<p>A reply</p>")
        for thread in [*threads, *[world["thread"]] * count]
    )
    for index, post in enumerate(posts[:count]):
        flag_create(by=world["flagger"], reason=Flag.Reason.choices[0][0], post=post)
        if index % 2:
            content_hide(by=world["moderator"], post=post, reason="Off topic")
    people = [UserFactory() for _ in range(count)]
    CommunityMembership.objects.bulk_create(
        CommunityMembership(
            community=community, user=person, status="pending" if n % 2 else "active"
        )
        for n, person in enumerate(people)
    )
    members_changed(community.pk)  # bulk_create sends no signal (community/member_count.py)


# (name, path, who asks, budget); pages through a signed-in browser, endpoints the API.
PAGES = [
    ("moderation queue", "/moderation/", "moderator", 8),
    ("moderation log", "/moderation/log/", "moderator", 7),
    ("my flags", "/moderation/my-flags/", "flagger", 6),
]
ENDPOINTS = [
    ("communities", "/api/v1/communities/", "author", 3),
    ("a community's members", "/api/v1/communities/{slug}/members/", "moderator", 5),
    ("a community's threads", "/api/v1/communities/{slug}/threads/", "author", 4),
    ("a thread's posts", "/api/v1/threads/{thread}/posts/", "author", 10),
    ("moderation queue", "/api/v1/moderation/queue/", "moderator", 4),
    ("moderation actions", "/api/v1/moderation/actions/", "moderator", 3),
    ("my flags", "/api/v1/moderation/my-flags/", "flagger", 2),
    ("notices of moderation", "/api/v1/moderation/notices/", "author", 2),
]


def count_queries(client, url: str) -> tuple[int, int]:
    """The queries a GET ran, and how much it showed (bytes of the answer)."""
    warm_navigation(client)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries), len(response.content)


@pytest.mark.parametrize("name, path, who, budget", PAGES + ENDPOINTS)
def test_each_list_keeps_its_budget_for_a_small_and_a_large_community(
    world, name, path, who, budget
):
    url = path.format(slug=world["community"].slug, thread=world["thread"].pk)
    if path.startswith("/api/"):
        client = api_for(world[who])
    else:
        client = Client()
        client.force_login(world[who])
    grow(world, 2)
    small, shown_small = count_queries(client, url)
    grow(world, 25)
    large, shown_large = count_queries(client, url)
    assert shown_large > shown_small, f"{name}: the larger community shows no more rows"
    assert large == small, f"{name}: {small} queries with little data, {large} with more"
    assert large <= budget, f"{name}: {large} queries, over the budget of {budget}"
