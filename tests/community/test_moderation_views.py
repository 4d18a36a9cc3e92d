"""The moderation pages, per role: flagging, the queue and its actions, the log, one's flags;
what the thread page shows of hidden and deleted posts and to whom; what a suspended person
and a newcomer are told; bad input; query counts; strict CSP.

Roles: the author of the flagged post, a member, the community's moderator, a moderator of
another community, staff, a member suspended in the community, and anonymous.
"""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import Flag, ModerationAction, Post, Suspension, Thread
from community.moderation import flag_create, moderate
from community.services import community_join, post_create
from ecosystem.accounts.models import User
from tests.community.test_moderation import ROLES, build_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Action = ModerationAction.Action
QUEUE = reverse("community:moderation-queue")
LOG = reverse("community:moderation-log")
MY_FLAGS = reverse("community:my-flags")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    return build_world()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def status_of(response) -> int | str:
    """The status; a redirect to the login page reads "login"."""
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return response.status_code


def statuses(world, method, url, data=None, roles=ROLES) -> dict:
    answers = {}
    for role in roles:
        client = client_for(world[role])
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        answers[role] = status_of(response)
    return answers


def act_url(target) -> str:
    kind = "posts" if isinstance(target, Post) else "threads"
    return reverse("community:moderation-act", args=[kind, target.pk])


def act(client, target, action, *, follow=False, **fields):
    prefix = f"{'post' if isinstance(target, Post) else 'thread'}-{target.pk}"
    data = {f"{prefix}-action": action, "next": QUEUE}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return client.post(act_url(target), data, follow=follow)


def flag_three_times(world, post):
    for role in ("member", "second", "third"):
        flag_create(by=world[role], post=post, reason=Flag.Reason.SPAM, note=f"Note of {role}")


class Page(HTMLParser):
    """What a page offers: inline styles and scripts, labels and the fields they name."""

    def __init__(self, html: str):
        super().__init__()
        self.style_attributes, self.scripts_without_nonce = 0, 0
        self.label_targets, self.field_ids = set(), set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes or tag == "style":
            self.style_attributes += 1
        if tag == "script" and "nonce" not in attributes:
            self.scripts_without_nonce += 1
        if tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        if tag in {"input", "select", "textarea"} and attributes.get("type") != "hidden":
            self.field_ids.add(attributes.get("id"))


def assert_strict_page(response):
    page = Page(response.content.decode())
    assert (page.style_attributes, page.scripts_without_nonce) == (0, 0)
    unlabelled = {field for field in page.field_ids if field not in page.label_targets}
    assert unlabelled <= {None}, unlabelled  # every field has its label
    return page


# --- Flagging -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["post", "thread"])
def test_who_may_flag_from_the_page(world, kind, settings):
    settings.MODERATION_FLAG_THRESHOLD = 10
    target = world.post if kind == "post" else world.thread
    url = reverse(f"community:flag-{kind}", args=[target.pk])

    assert statuses(world, "get", url) == {
        "author": 200,  # told they cannot flag their own
        "member": 200,
        "moderator": 200,
        "other_moderator": 403,
        "staff": 200,
        "suspended": 403,
        "anonymous": "login",
    }
    assert statuses(world, "post", url, {"reason": "spam"}) == {
        "author": 400,
        "member": 302,
        "moderator": 302,
        "other_moderator": 403,
        "staff": 302,
        "suspended": 403,
        "anonymous": "login",
    }
    assert Flag.objects.count() == 3


def test_a_members_only_post_is_not_found_by_outsiders(world):
    url = reverse("community:flag-post", args=[world.secret_post.pk])

    assert statuses(world, "get", url, roles=["other_moderator", "member"]) == {
        "other_moderator": 404,
        "member": 200,
    }


def test_a_member_flags_a_post_with_a_note_and_is_thanked(world):
    client = client_for(world["member"])
    url = reverse("community:flag-post", args=[world.post.pk])
    page = assert_strict_page(client.get(url))
    assert {"id_reason_0", "id_note"} <= page.label_targets

    response = client.post(url, {"reason": "spam", "note": "Selling pills"}, follow=True)

    assert "the moderators will review it" in response.content.decode()
    assert Flag.objects.get().note == "Selling pills"


def test_flagging_twice_says_so_and_loses_nothing(world):
    client = client_for(world["member"])
    url = reverse("community:flag-post", args=[world.post.pk])
    client.post(url, {"reason": "spam", "note": "First"})

    response = client.post(url, {"reason": "abuse", "note": "Second"})

    assert response.status_code == 400
    assert "You already flagged this." in response.content.decode()
    assert list(Flag.objects.values_list("reason", "note")) == [("spam", "First")]


def test_a_flag_without_a_reason_keeps_the_note(world):
    response = client_for(world["member"]).post(
        reverse("community:flag-post", args=[world.post.pk]), {"note": "Look at the links"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert "Look at the links" in html


def test_the_thread_page_offers_flag_links_but_not_on_ones_own_posts(world):
    member_page = client_for(world["member"]).get(world.thread.get_absolute_url()).content.decode()
    author_page = client_for(world["author"]).get(world.thread.get_absolute_url()).content.decode()

    assert reverse("community:flag-post", args=[world.post.pk]) in member_page
    assert reverse("community:flag-thread", args=[world.thread.pk]) in member_page
    assert reverse("community:flag-post", args=[world.post.pk]) not in author_page


# --- What the thread page shows of hidden and deleted posts -------------------------------


def test_a_hidden_post_shows_why_to_its_author_moderators_and_staff_only(world):
    flag_three_times(world, world.post)
    moderate(by=world["moderator"], action=Action.HIDE, post=world.post, reason="Advertising")

    def shown(role):
        html = client_for(world[role]).get(world.thread.get_absolute_url()).content.decode()
        return (
            "Hidden: Advertising" in html,
            "This post is hidden pending review." in html,
            "spam.example" in html,
        )

    assert [shown(role) for role in ("author", "moderator", "staff")] == [(True, False, True)] * 3
    assert shown("member") == (False, True, False)
    assert shown("other_moderator") == (False, True, False)


def test_a_post_deleted_by_a_moderator_tells_its_author_why(world):
    moderate(by=world["moderator"], action=Action.DELETE, post=world.post, reason="Scam links")

    author = client_for(world["author"]).get(world.thread.get_absolute_url()).content.decode()
    member = client_for(world["member"]).get(world.thread.get_absolute_url()).content.decode()

    assert "Deleted by a moderator: Scam links" in author
    assert "This post was deleted." in member
    assert "Scam links" not in member


def test_a_hidden_thread_tells_its_author_and_is_not_found_by_others(world):
    for role in ("member", "second", "third"):
        flag_create(by=world[role], thread=world.thread, reason=Flag.Reason.OFF_TOPIC)

    author = client_for(world["author"]).get(world.thread.get_absolute_url())

    assert "This thread is hidden: Hidden after 3 members flagged it" in author.content.decode()
    assert client_for(world["member"]).get(world.thread.get_absolute_url()).status_code == 404
    listing = client_for(world["member"]).get(world.growers.get_absolute_url()).content.decode()
    assert "When to thin?" not in listing


# --- The queue ----------------------------------------------------------------------------


def test_who_may_open_the_queue(world):
    assert statuses(world, "get", QUEUE) == {
        "author": 403,
        "member": 403,
        "moderator": 200,
        "other_moderator": 200,
        "staff": 200,
        "suspended": 403,
        "anonymous": "login",
    }
    scoped = f"{QUEUE}?community={world.growers.slug}"
    assert statuses(world, "get", scoped, roles=["moderator", "other_moderator", "staff"]) == {
        "moderator": 200,
        "other_moderator": 403,
        "staff": 200,
    }


def test_the_queue_shows_the_context_the_flaggers_notes_and_the_actions(world):
    flag_three_times(world, world.post)
    flag_create(by=world["member"], thread=world.thread, reason=Flag.Reason.OFF_TOPIC)

    response = client_for(world["moderator"]).get(QUEUE)

    html = response.content.decode()
    # Oldest first: the post was flagged before the thread.
    assert html.index(f'id="item-post-{world.post.pk}"') < html.index(
        f'id="item-thread-{world.thread.pk}"'
    )
    for text in (
        "A post in “When to thin?”",
        "Hawke&#x27;s Bay apple growers",
        "by Ari Author",
        "Buy my pills at spam.example",
        "Note of second",
        "Hine Third",
        "Hidden after 3 members flagged it",
        "Dismiss the flags",
        "Suspend the author",
        "Lock the thread",
        "Move the thread",
    ):
        assert text in html, text
    page = assert_strict_page(response)
    assert f"id_post-{world.post.pk}-reason" in page.label_targets


def test_other_communities_items_are_not_in_a_moderators_queue(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM)

    html = client_for(world["other_moderator"]).get(QUEUE).content.decode()

    assert "Nothing is waiting for review." in html


def test_who_may_act_from_the_queue(world):
    url = act_url(world.post)
    warn = {f"post-{world.post.pk}-action": "warn", f"post-{world.post.pk}-reason": "No ads"}

    assert statuses(world, "post", url, warn) == {
        "author": 403,
        "member": 403,
        "moderator": 302,
        "other_moderator": 403,
        "staff": 302,
        "suspended": 403,
        "anonymous": "login",
    }
    secret = act_url(world.secret_post)
    secret_warn = {f"post-{world.secret_post.pk}-action": "warn"}
    assert statuses(world, "post", secret, secret_warn, roles=["other_moderator"]) == {
        "other_moderator": 404
    }


def test_a_moderator_hides_a_flagged_post_with_a_reason_from_the_queue(world):
    flag_three_times(world, world.post)

    response = act(
        client_for(world["moderator"]), world.post, "hide", reason="Advertising", follow=True
    )

    assert "It is hidden; its author sees why." in response.content.decode()
    assert "Nothing is waiting for review." in response.content.decode()
    post = Post.objects.get(pk=world.post.pk)
    assert post.hidden_reason == "Advertising"
    assert ModerationAction.objects.filter(action="hide", actor=world["moderator"]).exists()


def test_hiding_without_a_reason_comes_back_with_the_error_on_the_field(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM)

    response = act(client_for(world["moderator"]), world.post, "hide", reason="")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why, so the author understands." in html
    assert f'aria-describedby="id_post-{world.post.pk}-reason_helptext' in html
    assert f"id_post-{world.post.pk}-reason_error" in html
    assert Post.objects.get(pk=world.post.pk).hidden_at is None


def test_a_suspension_ending_in_the_past_is_refused_and_the_reason_kept(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.ABUSE)
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = act(
        client_for(world["moderator"]), world.post, "suspend", reason="Insults", until=past
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "A suspension must end in the future." in html
    assert 'value="Insults"' in html
    assert not Suspension.objects.filter(user=world["author"]).exists()


def test_a_suspension_from_the_queue_applies_in_the_community(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.ABUSE)
    until = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")

    response = act(
        client_for(world["moderator"]), world.post, "suspend", reason="Insults", until=until
    )

    assert response.status_code == 302
    suspension = Suspension.objects.get(user=world["author"])
    assert (suspension.community, suspension.reason) == (world.growers, "Insults")


def test_staff_suspend_platform_wide_and_staff_cannot_be_suspended(world):
    other_staff = UserFactory(is_staff=True, display_name="Stella Staff")
    staff_post = post_create(thread=world.thread, author=other_staff, body="Staff here")
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.ABUSE)
    until = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    staff = client_for(world["staff"])

    act(staff, world.post, "suspend", reason="Spam", until=until, scope="platform")
    refused = act(staff, staff_post, "suspend", reason="Spam", until=until)

    assert Suspension.objects.filter(user=world["author"], community=None).exists()
    assert refused.status_code == 400
    assert "Staff cannot be warned or suspended here." in [
        str(message) for message in refused.context["messages"]
    ]
    assert not Suspension.objects.filter(user=other_staff).exists()


def test_acting_on_an_item_already_resolved_says_so(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM)
    act(client_for(world["moderator"]), world.post, "dismiss")

    response = act(client_for(world["staff"]), world.post, "dismiss", follow=True)

    assert "it was already resolved" in response.content.decode()
    assert ModerationAction.objects.filter(action="dismiss").count() == 1


def test_a_moderator_cannot_move_a_thread_into_a_community_they_do_not_moderate(world):
    flag_create(by=world["member"], thread=world.thread, reason=Flag.Reason.OFF_TOPIC)

    response = act(
        client_for(world["moderator"]), world.thread, "move", to_community=world.analysts.slug
    )

    assert response.status_code == 400  # not among their choices
    assert Thread.objects.get(pk=world.thread.pk).community == world.growers


def test_lock_and_move_a_thread_from_the_queue(world):
    flag_create(by=world["member"], thread=world.thread, reason=Flag.Reason.OFF_TOPIC)
    staff = client_for(world["staff"])

    act(staff, world.thread, "lock", reason="Heated")
    act(staff, world.thread, "move", to_community=world.analysts.slug)

    thread = Thread.objects.get(pk=world.thread.pk)
    assert (thread.locked, thread.community) == (True, world.analysts)


# --- The log ------------------------------------------------------------------------------


def test_who_may_read_the_log(world):
    assert statuses(world, "get", LOG) == {
        "author": 403,
        "member": 403,
        "moderator": 200,
        "other_moderator": 200,
        "staff": 200,
        "suspended": 403,
        "anonymous": "login",
    }
    scoped = f"{LOG}?community={world.growers.slug}"
    assert statuses(world, "get", scoped, roles=["other_moderator"]) == {"other_moderator": 403}


def test_staff_filter_the_log_by_action_community_actor_and_date(world):
    moderate(by=world["moderator"], action=Action.WARN, post=world.post, reason="No ads please")
    moderate(by=world["staff"], action=Action.LOCK, thread=world.thread, reason="Too heated")
    staff = client_for(world["staff"])
    today = timezone.localdate().isoformat()

    def shown(query):
        html = staff.get(f"{LOG}?{query}").content.decode()
        return {
            text for text in ("No ads please", "Too heated", "Repeated insults") if text in html
        }

    assert shown("") == {"No ads please", "Too heated", "Repeated insults"}
    assert shown("action=warn") == {"No ads please"}
    assert shown(f"actor={world['moderator'].pk}") == {"No ads please"}
    assert shown(f"community={world.analysts.slug}") == set()
    assert shown(f"since={today}&until={today}") == {
        "No ads please",
        "Too heated",
        "Repeated insults",
    }
    assert shown("until=2000-01-01") == set()
    assert_strict_page(staff.get(LOG))


def test_staff_restore_a_deleted_post_from_the_log_and_moderators_are_told_they_cannot(world):
    moderate(by=world["moderator"], action=Action.DELETE, post=world.post, reason="Scam")
    restore = {f"post-{world.post.pk}-action": "restore", "next": LOG}

    refused = client_for(world["moderator"]).post(act_url(world.post), restore, follow=True)
    assert "Only staff restore deleted posts and threads." in refused.content.decode()
    assert Post.objects.get(pk=world.post.pk).deleted_at is not None

    log = client_for(world["staff"]).get(LOG).content.decode()
    assert f'name="post-{world.post.pk}-action" value="restore"' in log
    client_for(world["staff"]).post(act_url(world.post), restore)
    assert Post.objects.get(pk=world.post.pk).deleted_at is None


# --- My flags -----------------------------------------------------------------------------


def test_a_flagger_sees_what_became_of_each_flag(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM, note="Pills")
    flag_create(by=world["member"], thread=world.thread, reason=Flag.Reason.OFF_TOPIC)
    moderate(by=world["moderator"], action=Action.HIDE, post=world.post, reason="Advertising")

    response = client_for(world["member"]).get(MY_FLAGS)

    html = response.content.decode()
    assert "Reviewed: action taken" in html
    assert "The moderator said: Advertising" in html
    assert "Waiting for review" in html
    assert "Your note: Pills" in html
    assert_strict_page(response)
    assert (
        "You have not flagged anything."
        in client_for(world["second"]).get(MY_FLAGS).content.decode()
    )
    assert status_of(client_for(None).get(MY_FLAGS)) == "login"


def test_the_author_and_the_suspended_read_the_moderators_notices_to_them(world):
    flag_three_times(world, world.post)
    moderate(by=world["moderator"], action=Action.HIDE, post=world.post, reason="Advertising")

    author = client_for(world["author"]).get(MY_FLAGS).content.decode()
    suspended = client_for(world["suspended"]).get(MY_FLAGS).content.decode()

    assert "Moderators' notices to you" in author
    assert "Your post was hidden" in author
    assert "Why: Advertising" in author
    assert "Suspended in Hawke&#x27;s Bay apple growers until" in suspended
    assert "Why: Repeated insults" in suspended
    assert "notices to you" not in client_for(world["member"]).get(MY_FLAGS).content.decode()


# --- What a suspended person and a newcomer are told --------------------------------------


def test_a_suspended_member_sees_until_when_and_why_instead_of_the_reply_form(world):
    response = client_for(world["suspended"]).get(world.thread.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "You are suspended in this community until" in html
    assert "Repeated insults" in html
    assert 'name="body"' not in html

    refused = client_for(world["suspended"]).post(
        reverse("community:reply", args=[world.thread.pk]), {"body": "Let me in"}
    )
    assert refused.status_code == 403
    assert "Repeated insults" in refused.content.decode()


@pytest.fixture
def newcomer(world):
    person = UserFactory(display_name="Nina Newcomer", date_joined=timezone.now())
    community_join(community=world.growers, user=person)
    return person


def test_a_newcomers_fourth_thread_is_refused_with_a_clear_message_and_the_text_kept(
    world, newcomer
):
    client = client_for(newcomer)
    url = reverse("community:thread-create", args=[world.growers.slug])
    for number in range(3):
        data = {"title": f"Q{number}", "kind": "question", "body": "Why?"}
        assert client.post(url, data).status_code == 302

    response = client.post(url, {"title": "A fourth one", "kind": "question", "body": "Why?"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 23 * 3600
    html = response.content.decode()
    assert "New accounts can post at most 3 threads in their first 24 hours." in html
    assert 'value="A fourth one"' in html


def test_a_newcomers_eleventh_reply_is_refused_with_a_clear_message(world, newcomer):
    client = client_for(newcomer)
    url = reverse("community:reply", args=[world.thread.pk])
    for number in range(10):
        assert client.post(url, {"body": f"Reply {number}"}).status_code == 302

    response = client.post(url, {"body": "One more thing"})

    assert response.status_code == 429
    assert "Retry-After" in response
    html = response.content.decode()
    assert "New accounts can post at most 10 replies" in html
    assert "One more thing" in html


def test_three_links_are_refused_naming_the_limit(world):
    body = "[a](https://a.example) [b](https://b.example) [c](https://c.example)"

    response = client_for(world["member"]).post(
        reverse("community:reply", args=[world.thread.pk]), {"body": body}
    )

    assert response.status_code == 400
    assert "A post can contain at most 2 links; this one has 3." in response.content.decode()


def test_an_unverified_email_is_asked_to_verify_before_posting(world):
    person = UserFactory(verified=False)
    community_join(community=world.growers, user=person)
    client = client_for(person)

    page = client.get(world.thread.get_absolute_url()).content.decode()
    refused = client.post(reverse("community:reply", args=[world.thread.pk]), {"body": "Hi"})

    assert "Verify your email address before posting." in page
    assert refused.status_code == 403
    assert not Post.objects.filter(author=person).exists()


# --- Query counts at two data sizes -------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_flagged_posts(world, count: int, prefix: str, also):
    flaggers = [
        *User.objects.bulk_create(
            User(email=f"{prefix}{index}@example.org", display_name=f"{prefix} {index}")
            for index in range(3)
        ),
        also,
    ]
    for index in range(count):
        post = Post.objects.create(
            thread=world.thread, author=world["author"], body="x", body_html=f"<p>{index}</p>"
        )
        Flag.objects.bulk_create(
            Flag(community=world.growers, post=post, flagger=flagger, reason="spam", note="n")
            for flagger in flaggers
        )
        ModerationAction.objects.create(
            actor=world["moderator"],
            action=Action.DELETE if index % 2 else Action.HIDE,
            community=world.growers,
            post=post,
            thread=world.thread,
            subject=world["author"],
            reason=f"Reason {index}",
        )
        Post.objects.filter(pk=post.pk).update(hidden_at=timezone.now(), hidden_reason="r")


@pytest.mark.parametrize("url", [QUEUE, LOG, MY_FLAGS])
@pytest.mark.parametrize("role", ["moderator", "staff"])
def test_pages_make_as_many_queries_for_few_and_many_items(world, url, role):
    client = client_for(world[role])
    add_flagged_posts(world, 2, "few", also=world[role])
    flag_create(by=world[role], thread=world.thread, reason=Flag.Reason.OTHER)
    client.get(url)  # the session and the caches settle
    few = count_queries(client, url)

    add_flagged_posts(world, 15, "many", also=world[role])
    many = count_queries(client, url)

    assert few == many
