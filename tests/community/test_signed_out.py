"""Reading signed out: a public community's list entry, page and threads are open to
anyone; taking part (posting, replying, flagging, marking helpful, joining) needs an
account and the page says so with a sign-in link. Members-only communities and hidden
threads are not there for someone signed out (404), exactly as for a stranger.

The API keeps its stance: every /api/v1/ call needs a token or a session, so an anonymous
API read of a public community is 401 (the pages are the way in for a visitor).

Roles from test_moderation.build_world.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from community import access
from community.models import Community, ModerationAction, Thread
from community.moderation import moderate
from tests.community.test_moderation import ROLES, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_a_public_thread_reads_for_every_role_signed_out_included(world, role):
    response = client_for(world[role]).get(world.thread.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "When do you <strong>thin</strong> Gala?" in html
    assert "Buy my pills at spam.example" in html
    if role == "anonymous":
        login = reverse("account_login") + "?next=" + quote(world.thread.get_absolute_url())
        assert login in html
        assert "an account lets you reply, mark posts helpful and flag them" in html
        assert f'action="{reverse("community:reply", args=[world.thread.pk])}"' not in html
        assert reverse("community:post-helpful", args=[world.post.pk]) not in html
        assert reverse("community:flag-post", args=[world.post.pk]) not in html
        assert reverse("community:flag-thread", args=[world.thread.pk]) not in html


@pytest.mark.parametrize(
    "role, status",
    [
        ("author", 200),
        ("member", 200),
        ("moderator", 200),
        ("other_moderator", 404),
        ("staff", 200),
        ("suspended", 404),
        ("anonymous", 404),
    ],
)
def test_members_only_stays_members_only(world, role, status):
    client = client_for(world[role])
    assert client.get(world.secret_thread.get_absolute_url()).status_code == status
    community_page = client.get(world.circle.get_absolute_url())
    # Signed in, a members-only community shows its name and purpose; signed out, nothing.
    assert community_page.status_code == (404 if role == "anonymous" else 200)


def test_a_public_community_page_lists_its_threads_signed_out_and_says_how_to_take_part(world):
    response = Client().get(world.growers.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert [thread.pk for thread in response.context["page"].object_list] == [world.thread.pk]
    assert "Sign in to join" in html
    assert reverse("community:thread-create", args=[world.growers.slug]) not in html
    assert reverse("community:members", args=[world.growers.slug]) not in html
    assert reverse("community:join", args=[world.growers.slug]) not in html


def test_a_hidden_thread_is_not_there_signed_out(world):
    moderate(
        by=world["staff"],
        action=ModerationAction.Action.HIDE,
        thread=world.thread,
        reason="Spam",
    )
    assert Client().get(world.thread.get_absolute_url()).status_code == 404
    assert world.thread.title not in Client().get(world.growers.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "name, args",
    [
        ("community:reply", "thread"),
        ("community:flag-thread", "thread"),
        ("community:flag-post", "post"),
        ("community:post-helpful", "post"),
        ("community:join", "growers"),
        ("community:thread-create", "growers"),
        ("community:members", "growers"),
    ],
)
def test_taking_part_signed_out_sends_to_sign_in_and_changes_nothing(world, name, args):
    target = getattr(world, args)
    url = reverse(name, args=[target.slug if isinstance(target, Community) else target.pk])
    posts_before = world.thread.posts.count()
    response = Client().post(url, {"body": "Hello", "reason": "spam", "action": "add"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert world.thread.posts.count() == posts_before


def test_the_rules_tell_someone_signed_out_to_sign_in(world):
    from django.contrib.auth.models import AnonymousUser

    standing = access.standing_in(user=AnonymousUser(), community=world.growers)
    assert access.read_refusal(standing) is None
    assert access.reason(access.post_refusal(standing)) == "Sign in to post in this community."
    assert access.reason(access.helpful_refusal(standing, world.post)) == (
        "Sign in to mark posts helpful."
    )
    assert (
        access.reason(access.flag_refusal(standing, world.post, already_flagged=False))
        == "Sign in to flag posts for moderators."
    )
    assert access.reason(access.join_refusal(standing)) == "Sign in to join this community."
    circle = access.standing_in(user=AnonymousUser(), community=world.circle)
    assert access.read_refusal(circle) is not None


def test_the_api_still_answers_401_signed_out_even_for_a_public_community(world):
    client = APIClient()
    assert client.get("/api/v1/communities/").status_code == 401
    assert client.get(f"/api/v1/threads/{world.thread.pk}/").status_code == 401
    assert client.get(f"/api/v1/threads/{world.thread.pk}/posts/").status_code == 401


def test_signed_out_readers_see_the_same_public_threads_as_the_models_say(world):
    from django.contrib.auth.models import AnonymousUser

    assert set(Thread.objects.visible_to(AnonymousUser())) == {world.thread}
    assert set(Community.objects.visible_to(AnonymousUser())) == {world.growers, world.analysts}
