"""One rule, one place: what the thread page offers a person, what the API says they may
do, and what the API then lets them do are the same, for every role, in an open and in a
locked thread (all three come from community/access.py).

Roles (see test_moderation.build_world): the author of the thread and its reply, a
member, the community's moderator, a moderator of another community (not a member),
staff, and a member suspended in the community.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from community import access
from community.moderation import person_suspend, thread_lock
from community.services import post_create
from tests.community.test_moderation import ROLES, build_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def page_of(user, url) -> str:
    client = Client()
    client.force_login(user)
    return client.get(url).content.decode()


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def offered(world, role) -> dict:
    """What the thread page offers `role`, read from its links and forms."""
    html = page_of(world[role], world.thread.get_absolute_url())
    return {
        "reply": f'action="{reverse("community:reply", args=[world.thread.pk])}"' in html,
        "moderate": 'class="moderator-tools"' in html,
        "flag_thread": reverse("community:flag-thread", args=[world.thread.pk]) in html,
        "flag_post": reverse("community:flag-post", args=[world.post.pk]) in html,
        "edit_post": reverse("community:post-edit", args=[world.post.pk]) in html,
        "delete_post": reverse("community:post-delete", args=[world.post.pk]) in html,
        "accept": reverse("community:accept", args=[world.thread.pk, world.post.pk]) in html,
        "helpful": f'action="{reverse("community:post-helpful", args=[world.post.pk])}"' in html,
    }


@pytest.mark.parametrize("locked", [False, True], ids=["open", "locked"])
@pytest.mark.parametrize("role", SIGNED_IN)
def test_the_page_offers_exactly_what_the_api_allows(role, locked):
    world = build_world()
    if locked:
        thread_lock(thread=world.thread, by=world["staff"])
    user, thread, post = world[role], world.thread, world.post
    offers = offered(world, role)

    permissions = api(user).get(f"/api/v1/threads/{thread.pk}/").json()["permissions"]
    assert permissions["reply"] == offers["reply"]
    assert permissions["moderate"] == offers["moderate"]
    assert permissions["flag"] == offers["flag_thread"]
    assert permissions["accept"] == offers["accept"]
    assert (permissions["reply_refusal"] == "") == offers["reply"]

    [_question, reply_post] = api(user).get(f"/api/v1/threads/{thread.pk}/posts/").json()["results"]
    assert reply_post["id"] == post.pk
    assert reply_post["permissions"] == {
        "edit": offers["edit_post"],
        "delete": offers["delete_post"],
        "flag": offers["flag_post"],
        "mark_helpful": offers["helpful"],
    }

    def allowed(response) -> bool:
        assert response.status_code in {200, 201, 204, 400, 403}, response.status_code
        return response.status_code < 300

    reply = api(user).post(f"/api/v1/threads/{thread.pk}/posts/", {"body": "Me too"})
    assert allowed(reply) == offers["reply"]
    flag = api(user).post(f"/api/v1/posts/{post.pk}/flags/", {"reason": "spam"})
    assert allowed(flag) == offers["flag_post"]
    edit = api(user).patch(f"/api/v1/posts/{post.pk}/", {"body": "Edited"}, format="json")
    assert allowed(edit) == offers["edit_post"]
    accept = api(user).post(f"/api/v1/threads/{thread.pk}/accept/", {"post": post.pk})
    assert allowed(accept) == offers["accept"]
    helpful = api(user).post(f"/api/v1/posts/{post.pk}/reactions/", {})
    assert allowed(helpful) == offers["helpful"]
    delete = api(user).delete(f"/api/v1/posts/{post.pk}/")
    assert allowed(delete) == offers["delete_post"]


def test_what_the_page_offers_each_role_in_an_open_thread():
    """The expectations behind the comparison above, spelled out once."""
    world = build_world()
    table = {role: offered(world, role) for role in SIGNED_IN}
    assert {role for role in SIGNED_IN if table[role]["reply"]} == {
        "author",
        "member",
        "moderator",
        "staff",
    }
    assert {role for role in SIGNED_IN if table[role]["moderate"]} == {"moderator", "staff"}
    assert {role for role in SIGNED_IN if table[role]["flag_post"]} == {
        "member",
        "moderator",
        "staff",
    }
    assert {role for role in SIGNED_IN if table[role]["edit_post"]} == {"author"}
    assert {role for role in SIGNED_IN if table[role]["delete_post"]} == {
        "author",
        "moderator",
        "staff",
    }
    assert {role for role in SIGNED_IN if table[role]["accept"]} == {"author", "moderator", "staff"}


def test_a_suspended_member_is_told_why_they_cannot_reply_on_the_page_and_by_the_api(world):
    html = page_of(world["suspended"], world.thread.get_absolute_url())
    permissions = (
        api(world["suspended"]).get(f"/api/v1/threads/{world.thread.pk}/").json()["permissions"]
    )

    assert "You are suspended in this community until" in permissions["reply_refusal"]
    assert permissions["reply_refusal"].split(" until ")[0] in html
    assert not permissions["reply"] and not permissions["flag"]


def test_a_standing_reads_the_database_once_per_fact(world, django_assert_num_queries):
    """A page asks many rules; each fact they share (membership, suspension, verified
    email) is read once, all three in one query, member or not, and a suspension in force
    in one more."""
    standing = access.standing_in(user=world["member"], community=world.growers)
    with django_assert_num_queries(1):
        for _ in range(5):
            access.post_refusal(standing)
            access.moderate_refusal(standing)
            access.flag_refusal(standing, world.post, already_flagged=False)
            access.edit_refusal(standing, world.post)
    assert access.post_refusal(standing) is None
    person_suspend(
        by=world["moderator"],
        subject=world["member"],
        community=world.growers,
        reason="Cool off",
        until=timezone.now() + timedelta(days=1),
    )
    standing = access.standing_in(user=world["member"], community=world.growers)
    with django_assert_num_queries(2):
        for _ in range(5):
            refusal = access.post_refusal(standing)
    assert "You are suspended in this community" in access.reason(refusal)
    # Someone who is not a member: the same one query tells all three.
    outsider = access.standing_in(user=UserFactory(verified=False), community=world.growers)
    with django_assert_num_queries(1):
        assert "Join this community" in access.reason(access.post_refusal(outsider))
        assert outsider.membership is None
        assert not outsider.email_verified and outsider.suspension is None
    # Nor a member, and suspended platform-wide: the suspension itself in one more.
    wanderer = UserFactory()
    person_suspend(
        by=world["staff"],
        subject=wanderer,
        community=None,
        reason="Spam",
        until=timezone.now() + timedelta(days=1),
    )
    outsider = access.standing_in(user=wanderer, community=world.growers)
    with django_assert_num_queries(2):
        assert outsider.membership is None and outsider.email_verified
        assert outsider.suspension.reason == "Spam"


@pytest.fixture
def world():
    return build_world()


# Budgets: the thread page and the API build the same data (selectors.thread_page) in a
# fixed number of queries, whatever the thread's length and whoever asks. The page's
# budget includes one for the main navigation's role links (ecosystem/views/navigation.py).
THREAD_PAGE_BUDGET = 18
THREAD_API_BUDGET = 9
POSTS_API_BUDGET = 10


@pytest.mark.parametrize("replies", [1, 60])
@pytest.mark.parametrize("role", ["member", "moderator", "author"])
def test_the_thread_page_and_api_stay_within_their_query_budgets(
    world, role, replies, django_assert_max_num_queries
):
    for number in range(replies):
        post_create(thread=world.thread, author=world["member"], body=f"Reply {number}")
    page = Client()
    page.force_login(world[role])
    client = api(world[role])

    with django_assert_max_num_queries(THREAD_PAGE_BUDGET):
        assert page.get(world.thread.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(THREAD_API_BUDGET):
        assert client.get(f"/api/v1/threads/{world.thread.pk}/").status_code == 200
    with django_assert_max_num_queries(POSTS_API_BUDGET):
        assert client.get(f"/api/v1/threads/{world.thread.pk}/posts/").status_code == 200
