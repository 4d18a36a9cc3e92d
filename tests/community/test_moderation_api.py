"""The moderation API, per role: flags, the queue, the log and its actions; what hidden posts
show; the limits on newcomers; bad input; query counts; the schema.

Roles: the author of the flagged post, a member, the community's moderator, a moderator of
another community, staff, a member suspended in the community, and anonymous.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from community.models import Flag, ModerationAction, Post, Suspension, Thread
from community.moderation import flag_create, moderate
from community.services import community_join, post_create
from ecosystem.accounts.models import User
from tests.community.test_moderation import ROLES, build_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Action = ModerationAction.Action
QUEUE = "/api/v1/moderation/queue/"
ACTIONS = "/api/v1/moderation/actions/"
MY_FLAGS = "/api/v1/moderation/my-flags/"
NOTICES = "/api/v1/moderation/notices/"


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def world():
    return build_world()


def statuses(world, method, url, data=None, roles=ROLES) -> dict:
    return {
        role: getattr(client_for(world[role]), method)(url, data, format="json").status_code
        for role in roles
    }


def flag_three_times(world, post):
    for role in ("member", "second", "third"):
        flag_create(by=world[role], post=post, reason=Flag.Reason.SPAM, note=f"From {role}")


# --- Flags ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["posts", "threads"])
def test_who_may_flag_a_post_or_thread_of_a_public_community(world, kind, settings):
    settings.MODERATION_FLAG_THRESHOLD = 10  # a hidden thread would vanish for the next roles
    target = world.post if kind == "posts" else world.thread
    url = f"/api/v1/{kind}/{target.pk}/flags/"

    assert statuses(world, "post", url, {"reason": "spam"}) == {
        "author": 400,  # one's own
        "member": 201,
        "moderator": 201,
        "other_moderator": 403,  # not a member here
        "staff": 201,
        "suspended": 403,
        "anonymous": 401,
    }


def test_a_members_only_communitys_posts_are_unknown_to_outsiders(world):
    url = f"/api/v1/posts/{world.secret_post.pk}/flags/"

    assert statuses(world, "post", url, {"reason": "abuse"}) == {
        "author": 400,
        "member": 201,
        "moderator": 201,
        "other_moderator": 404,
        "staff": 201,
        "suspended": 404,
        "anonymous": 401,
    }


def test_a_flag_answers_201_with_its_state_and_twice_answers_400(world):
    client = client_for(world["member"])
    url = f"/api/v1/posts/{world.post.pk}/flags/"

    response = client.post(url, {"reason": "spam", "note": "Selling pills"}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["target"] == {"type": "post", "id": world.post.pk}
    assert body["thread"] == {"id": world.thread.pk, "title": "When to thin?"}
    assert (body["reason"], body["note"], body["outcome"]) == ("spam", "Selling pills", "open")

    again = client.post(url, {"reason": "abuse"}, format="json")
    assert again.status_code == 400
    assert again.json()["fields"]["reason"] == ["You already flagged this."]
    assert Flag.objects.get().reason == "spam"


@pytest.mark.parametrize(
    ("data", "field"),
    [({"reason": "boring"}, "reason"), ({}, "reason"), ({"reason": "spam", "why": "x"}, "why")],
)
def test_a_flag_with_bad_input_names_the_field(world, data, field):
    response = client_for(world["member"]).post(
        f"/api/v1/posts/{world.post.pk}/flags/", data, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Flag.objects.exists()


def test_a_flagger_sees_the_outcome_of_their_flags(world):
    client = client_for(world["member"])
    client.post(f"/api/v1/posts/{world.post.pk}/flags/", {"reason": "spam"}, format="json")
    moderate(by=world["moderator"], action=Action.HIDE, post=world.post, reason="Advertising")

    flags = client.get(MY_FLAGS).json()

    assert flags["count"] == 1
    assert (flags["results"][0]["outcome"], flags["results"][0]["outcome_note"]) == (
        "upheld",
        "Advertising",
    )
    assert client_for(world["second"]).get(MY_FLAGS).json()["count"] == 0
    assert client_for(None).get(MY_FLAGS).status_code == 401


def test_people_are_told_what_moderators_did_about_them_and_why(world):
    moderate(by=world["moderator"], action=Action.DELETE, post=world.post, reason="Scam links")

    (notice,) = client_for(world["author"]).get(NOTICES).json()["results"]
    (suspension,) = client_for(world["suspended"]).get(NOTICES).json()["results"]

    assert (notice["action"], notice["reason"], notice["target"]) == (
        "delete",
        "Scam links",
        {"type": "post", "id": world.post.pk},
    )
    assert notice["thread"] == {"id": world.thread.pk, "title": "When to thin?"}
    assert "actor" not in notice  # who moderated is not said
    assert (suspension["action"], suspension["community"]) == ("suspend", world.growers.slug)
    assert suspension["until"] is not None
    assert client_for(world["member"]).get(NOTICES).json()["count"] == 0
    assert client_for(None).get(NOTICES).status_code == 401


# --- The queue --------------------------------------------------------------------------


def test_who_may_read_the_queue(world):
    assert statuses(world, "get", QUEUE) == {
        "author": 403,
        "member": 403,
        "moderator": 200,
        "other_moderator": 200,
        "staff": 200,
        "suspended": 403,
        "anonymous": 401,
    }
    growers = f"{QUEUE}?community={world.growers.slug}"
    assert statuses(world, "get", growers, roles=["moderator", "other_moderator", "staff"]) == {
        "moderator": 200,
        "other_moderator": 403,
        "staff": 200,
    }
    assert client_for(world["moderator"]).get(f"{QUEUE}?community=nowhere").status_code == 404


def test_a_moderator_of_another_community_sees_none_of_its_items(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM)

    assert client_for(world["other_moderator"]).get(QUEUE).json()["count"] == 0
    assert client_for(world["moderator"]).get(QUEUE).json()["count"] == 1
    assert client_for(world["staff"]).get(QUEUE).json()["count"] == 1


def test_the_queue_shows_each_item_oldest_first_with_its_context_and_flags(world):
    flag_create(by=world["member"], thread=world.thread, reason=Flag.Reason.OFF_TOPIC)
    flag_three_times(world, world.post)

    body = client_for(world["moderator"]).get(QUEUE).json()

    assert body["count"] == 2
    thread_item, post_item = body["results"]
    assert (thread_item["type"], thread_item["id"]) == ("thread", world.thread.pk)
    assert thread_item["body_html"] == "<p>When do you <strong>thin</strong> Gala?</p>\n"
    assert post_item["type"] == "post"
    assert post_item["community"] == {"slug": world.growers.slug, "name": world.growers.name}
    assert post_item["thread"] == {"id": world.thread.pk, "title": "When to thin?"}
    assert post_item["author"] == {"id": world["author"].pk, "name": "Ari Author"}
    assert post_item["body_html"] == "<p>Buy my pills at spam.example</p>\n"
    assert post_item["hidden"] is True
    assert "pending review" in post_item["hidden_reason"]
    assert [(flag["flagger"]["name"], flag["note"]) for flag in post_item["flags"]] == [
        ("Mere Member", "From member"),
        ("Tama Second", "From second"),
        ("Hine Third", "From third"),
    ]


# --- The log and its actions ------------------------------------------------------------


def test_who_may_read_the_log(world):
    assert statuses(world, "get", ACTIONS) == {
        "author": 403,
        "member": 403,
        "moderator": 200,
        "other_moderator": 200,
        "staff": 200,
        "suspended": 403,
        "anonymous": 401,
    }


def test_staff_filter_the_log_and_moderators_see_their_communities_only(world):
    moderate(by=world["moderator"], action=Action.WARN, post=world.post, reason="No ads")
    moderate(by=world["staff"], action=Action.LOCK, thread=world.thread, reason="Heated")
    staff = client_for(world["staff"])

    def reasons(client, query=""):
        return [entry["reason"] for entry in client.get(f"{ACTIONS}{query}").json()["results"]]

    assert reasons(staff) == ["Heated", "No ads", "Repeated insults"]
    assert reasons(staff, "?action=warn") == ["No ads"]
    assert reasons(staff, f"?actor={world['moderator'].pk}") == ["No ads"]
    assert reasons(staff, f"?community={world.analysts.slug}") == []
    assert reasons(client_for(world["moderator"])) == ["Heated", "No ads", "Repeated insults"]
    assert reasons(client_for(world["other_moderator"])) == []
    assert (
        client_for(world["other_moderator"])
        .get(f"{ACTIONS}?community={world.growers.slug}")
        .status_code
        == 403
    )
    assert staff.get(f"{ACTIONS}?action=burn").status_code == 400


def test_who_may_act_on_a_post(world):
    warn = {
        "action": "warn",
        "target": {"type": "post", "id": world.post.pk},
        "reason": "No advertising",
    }

    assert statuses(world, "post", ACTIONS, warn) == {
        "author": 403,
        "member": 403,
        "moderator": 201,
        "other_moderator": 403,  # sees the post, has no power here
        "staff": 201,
        "suspended": 403,
        "anonymous": 401,
    }
    secret = {**warn, "target": {"type": "post", "id": world.secret_post.pk}}
    assert statuses(world, "post", ACTIONS, secret, roles=["other_moderator", "moderator"]) == {
        "other_moderator": 404,
        "moderator": 201,
    }


def test_hiding_answers_the_log_entry(world):
    flag_three_times(world, world.post)

    response = client_for(world["moderator"]).post(
        ACTIONS,
        {"action": "hide", "target": {"type": "post", "id": world.post.pk}, "reason": "Spam"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    entry = response.json()
    assert entry["action"] == "hide"
    assert entry["actor"] == {"id": world["moderator"].pk, "name": "Moana Moderator"}
    assert entry["community"] == world.growers.slug
    assert entry["target"] == {"type": "post", "id": world.post.pk}
    assert entry["thread"] == {"id": world.thread.pk, "title": "When to thin?"}
    assert entry["subject"] == {"id": world["author"].pk, "name": "Ari Author"}
    assert entry["reason"] == "Spam"
    assert set(Flag.objects.values_list("outcome", flat=True)) == {"upheld"}


def test_a_community_suspension_by_its_moderator_and_a_platform_wide_one_by_staff(world):
    until = (timezone.now() + timedelta(days=2)).isoformat()
    here = {
        "action": "suspend",
        "target": {"type": "user", "id": world["member"].pk},
        "reason": "Insults",
        "until": until,
        "community": world.growers.slug,
    }
    everywhere = {key: value for key, value in here.items() if key != "community"}

    assert client_for(world["moderator"]).post(ACTIONS, here, format="json").status_code == 201
    refused = client_for(world["moderator"]).post(ACTIONS, everywhere, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only platform staff can do this."
    other = client_for(world["other_moderator"]).post(ACTIONS, here, format="json")
    assert other.status_code == 403
    response = client_for(world["staff"]).post(ACTIONS, everywhere, format="json")
    assert response.status_code == 201
    assert (response.json()["community"], response.json()["target"]["type"]) == (None, "user")
    assert Suspension.objects.filter(user=world["member"], community=None).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"action": "suspend", "until": "past"}, "until"),
        ({"action": "suspend", "target": "staff"}, "target"),
        ({"action": "hide", "target": "user"}, "target"),
        ({"action": "auto_hide"}, "action"),
        ({"action": "explode"}, "action"),
        ({"action": "warn", "community": "growers"}, "community"),
        ({"action": "hide", "until": "future"}, "until"),
        ({"action": "warn", "colour": "red"}, "colour"),
        ({"action": "move"}, "to_community"),
    ],
)
def test_bad_actions_answer_400_naming_the_field_and_change_nothing(world, data, field):
    data = dict(data)
    target = {"type": "post", "id": world.post.pk}
    if data.get("target") == "staff":
        target = {"type": "user", "id": world["staff"].pk}
    elif data.get("target") == "user":
        target = {"type": "user", "id": world["member"].pk}
    elif data.get("action") == "move":
        target = {"type": "thread", "id": world.thread.pk}
    data["target"] = target
    if data.get("until") == "past":
        data["until"] = (timezone.now() - timedelta(hours=1)).isoformat()
    elif data.get("until") == "future":
        data["until"] = (timezone.now() + timedelta(hours=1)).isoformat()
    if data.get("community") == "growers":
        data["community"] = world.growers.slug
    data.setdefault("reason", "Because")
    entries, suspensions = ModerationAction.objects.count(), Suspension.objects.count()

    response = client_for(world["staff"]).post(ACTIONS, data, format="json")

    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"], response.json()
    assert (ModerationAction.objects.count(), Suspension.objects.count()) == (entries, suspensions)


def test_acting_on_an_item_already_resolved_answers_400_with_a_clear_message(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM)
    dismiss = {"action": "dismiss", "target": {"type": "post", "id": world.post.pk}}
    assert client_for(world["moderator"]).post(ACTIONS, dismiss, format="json").status_code == 201

    again = client_for(world["staff"]).post(ACTIONS, dismiss, format="json")

    assert again.status_code == 400
    assert again.json()["detail"] == "There are no open flags on this: it was already resolved."


def test_an_unknown_target_answers_404(world):
    for target in ({"type": "post", "id": 999999}, {"type": "user", "id": 999999}):
        response = client_for(world["staff"]).post(
            ACTIONS, {"action": "warn", "target": target, "reason": "x"}, format="json"
        )
        assert response.status_code == 404


# --- What a hidden post shows in the community API --------------------------------------


def test_a_hidden_post_shows_why_to_its_author_and_moderators_and_nothing_to_others(world):
    flag_three_times(world, world.post)
    moderate(by=world["moderator"], action=Action.HIDE, post=world.post, reason="Advertising")

    def seen(role):
        post = client_for(world[role]).get(f"/api/v1/posts/{world.post.pk}/").json()
        return post["hidden"], post["hidden_reason"], bool(post["body_html"]), bool(post["body"])

    assert seen("author") == (True, "Advertising", True, True)
    assert seen("moderator") == (True, "Advertising", True, True)
    assert seen("staff") == (True, "Advertising", True, True)
    assert seen("member") == (True, "", False, False)
    assert seen("other_moderator") == (True, "", False, False)
    listed = client_for(world["member"]).get(f"/api/v1/threads/{world.thread.pk}/posts/").json()
    assert [post["body_html"] for post in listed["results"] if post["hidden"]] == [""]


def test_the_posts_of_a_hidden_thread_are_hidden_with_it(world):
    for role in ("member", "second", "third"):
        flag_create(by=world[role], thread=world.thread, reason=Flag.Reason.ABUSE)
    first_post = Post.objects.filter(thread=world.thread).earliest("created_at")

    assert {
        role: client_for(world[role]).get(f"/api/v1/posts/{first_post.pk}/").status_code
        for role in ("member", "other_moderator", "author", "moderator", "staff")
    } == {"member": 404, "other_moderator": 404, "author": 200, "moderator": 200, "staff": 200}


# --- Limits for newcomers ---------------------------------------------------------------


@pytest.fixture
def newcomer(world):
    person = UserFactory(display_name="Nina Newcomer", date_joined=timezone.now())
    community_join(community=world.growers, user=person)
    return person


def test_a_newcomers_fourth_thread_answers_429_with_retry_after(world, newcomer):
    client = client_for(newcomer)
    url = f"/api/v1/communities/{world.growers.slug}/threads/"
    for number in range(3):
        thread = {"title": f"Q{number}", "kind": "question", "body": "Why?"}
        assert client.post(url, thread, format="json").status_code == 201

    response = client.post(url, {"title": "Q4", "kind": "question", "body": "Why?"}, format="json")

    assert response.status_code == 429
    assert 23 * 3600 < int(response["Retry-After"]) <= 24 * 3600 + 1
    assert "at most 3 threads" in response.json()["detail"]
    assert Thread.objects.filter(author=newcomer).count() == 3


def test_a_newcomers_eleventh_reply_answers_429_with_retry_after(world, newcomer):
    client = client_for(newcomer)
    url = f"/api/v1/threads/{world.thread.pk}/posts/"
    for number in range(10):
        assert client.post(url, {"body": f"Reply {number}"}, format="json").status_code == 201

    response = client.post(url, {"body": "Reply 11"}, format="json")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "at most 10 replies" in response.json()["detail"]


def test_three_links_answer_400_naming_the_limit(world):
    body = "[a](https://a.example) [b](https://b.example) [c](https://c.example)"

    response = client_for(world["member"]).post(
        f"/api/v1/threads/{world.thread.pk}/posts/", {"body": body}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"]["body"] == [
        "A post can contain at most 2 links; this one has 3."
    ]


def test_an_unverified_email_cannot_post(world):
    person = UserFactory(verified=False)
    community_join(community=world.growers, user=person)

    response = client_for(person).post(
        f"/api/v1/threads/{world.thread.pk}/posts/", {"body": "Hello"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "Verify your email address before posting."


def test_a_suspended_member_is_told_until_when_and_why(world):
    response = client_for(world["suspended"]).post(
        f"/api/v1/threads/{world.thread.pk}/posts/", {"body": "Let me in"}, format="json"
    )

    assert response.status_code == 403
    assert "suspended in this community until" in response.json()["detail"]
    assert "Repeated insults" in response.json()["detail"]


# --- The whole flow ---------------------------------------------------------------------


def test_flagged_three_times_hidden_resolved_explained_and_logged(world):
    for role in ("member", "second", "third"):
        response = client_for(world[role]).post(
            f"/api/v1/posts/{world.post.pk}/flags/", {"reason": "spam"}, format="json"
        )
        assert response.status_code == 201
    moderator = client_for(world["moderator"])
    (item,) = moderator.get(QUEUE).json()["results"]
    assert (item["id"], item["hidden"]) == (world.post.pk, True)

    hide = {"action": "hide", "target": {"type": "post", "id": item["id"]}, "reason": "Spam"}
    assert moderator.post(ACTIONS, hide, format="json").status_code == 201

    assert moderator.get(QUEUE).json()["count"] == 0
    author_view = client_for(world["author"]).get(f"/api/v1/posts/{world.post.pk}/").json()
    assert author_view["hidden_reason"] == "Spam"
    log = client_for(world["staff"]).get(f"{ACTIONS}?community={world.growers.slug}").json()
    assert [entry["action"] for entry in log["results"][:2]] == ["hide", "auto_hide"]
    assert client_for(world["member"]).get(MY_FLAGS).json()["results"][0]["outcome"] == "upheld"


# --- Query counts at two data sizes -----------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


def add_flagged_posts(world, count: int, prefix: str, also=None):
    """`count` posts, each flagged by three new people (and by `also`), and as many
    warnings in the log."""
    flaggers = User.objects.bulk_create(
        User(email=f"{prefix}{index}@example.org", display_name=f"{prefix} {index}")
        for index in range(3)
    ) + ([also] if also is not None else [])
    for index in range(count):
        post = Post.objects.create(
            thread=world.thread, author=world["author"], body="x", body_html=f"<p>{index}</p>"
        )
        Flag.objects.bulk_create(
            Flag(community=world.growers, post=post, flagger=flagger, reason="spam")
            for flagger in flaggers
        )
        ModerationAction.objects.create(
            actor=world["moderator"],
            action=Action.WARN,
            community=world.growers,
            post=post,
            thread=world.thread,
            subject=world["author"],
            reason=f"Warning {index}",
        )


@pytest.mark.parametrize("url", [QUEUE, ACTIONS, MY_FLAGS, NOTICES])
@pytest.mark.parametrize("role", ["moderator", "staff"])
def test_lists_make_as_many_queries_for_few_and_many_items(world, url, role):
    client = client_for(world[role])
    add_flagged_posts(world, 2, "few", also=world[role])
    flag_create(by=world[role], thread=world.thread, reason=Flag.Reason.OTHER)
    few = count_queries(client, url)

    add_flagged_posts(world, 30, "many", also=world[role])
    many = count_queries(client, url)

    assert few == many


def test_a_post_in_the_queue_is_still_answered_after_more_replies(world):
    """The thread's other replies do not change what the queue loads for a post."""
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM)
    for number in range(5):
        post_create(thread=world.thread, author=world["member"], body=f"Reply {number}")

    assert client_for(world["staff"]).get(QUEUE).json()["count"] == 1


# --- The schema -------------------------------------------------------------------------


def test_the_schema_lists_every_moderation_endpoint_without_warnings(client):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    ours = [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        if "moderation_api.py" in message or "enum" in message
    ]

    assert ours == []
    expected = {
        "/api/v1/posts/{id}/flags/": {"post"},
        "/api/v1/threads/{id}/flags/": {"post"},
        "/api/v1/moderation/queue/": {"get"},
        "/api/v1/moderation/actions/": {"get", "post"},
        "/api/v1/moderation/my-flags/": {"get"},
        "/api/v1/moderation/notices/": {"get"},
    }
    for path, methods in expected.items():
        assert set(schema["paths"][path]) - {"parameters"} == methods, path
