"""The community pages, per role: what each person sees, may do, and is told.

Roles: the author of the threads, a member, a moderator, staff, a customer who is not a
member of the members-only community ("outsider"), and an anonymous visitor.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.access import standing_in
from community.models import (
    MAX_POST_LENGTH,
    Community,
    CommunityMembership,
    Post,
    Reaction,
    Thread,
    ThreadReadMark,
)
from community.services import (
    community_create,
    community_join,
    moderator_appoint,
    post_create,
    post_delete,
    post_edit,
    reaction_add,
    thread_accept_answer,
    thread_create,
    thread_update,
)
from goals.playbooks import playbook_create
from partners.services import organization_create
from tests.factories import UserFactory
from tests.query_counts import warm_navigation

pytestmark = pytest.mark.django_db

ROLES = ["author", "member", "moderator", "staff", "outsider", "anonymous"]
SIGNED_IN = ROLES[:-1]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- The world: a public community, a members-only one, and their people ------------------


@pytest.fixture
def people(staff_user):
    return {
        "author": UserFactory(display_name="Ari Author"),
        "member": UserFactory(display_name="Mere Member"),
        "moderator": UserFactory(display_name="Moana Moderator"),
        "staff": staff_user,
        "outsider": UserFactory(display_name="Olly Outsider"),
        "anonymous": None,
    }


@pytest.fixture
def growers(people):
    """Public; the author, the member and the moderator belong, the outsider does not."""
    community = community_create(
        by=people["staff"], name="Hawke's Bay apple growers", purpose="Grow better apples"
    )
    for role in ("author", "member"):
        community_join(community=community, user=people[role])
    moderator_appoint(community=community, user=people["moderator"], by=people["staff"])
    return community


@pytest.fixture
def circle(people):
    """Members only: the same people belong, and the outsider does not."""
    community = community_create(
        by=people["staff"],
        name="Orchard owners' circle",
        purpose="Talk business in confidence",
        visibility=Community.Visibility.MEMBERS_ONLY,
    )
    for role in ("author", "member"):
        CommunityMembership.objects.create(community=community, user=people[role])
    moderator_appoint(community=community, user=people["moderator"], by=people["staff"])
    return community


def ask(community, author, title="When to thin?", body="When do you **thin**?", kind="question"):
    return thread_create(community=community, author=author, title=title, kind=kind, body=body)


@pytest.fixture
def question(growers, people):
    return ask(growers, people["author"])


@pytest.fixture
def answer(question, people):
    return post_create(thread=question, author=people["moderator"], body="Thin at 10mm.")


@pytest.fixture
def secret(circle, people):
    return ask(circle, people["author"], title="Our margins", body="Margins are thin")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_role(people):
    return lambda role: client_for(people[role])


def login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def ids(page) -> list[int]:
    return [item.pk for item in page.object_list]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Community list -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_community_list_shows_every_active_community_to_everyone_signed_in(
    as_role, role, growers, circle
):
    response = as_role(role).get(reverse("community:list"))
    assert response.status_code == 200
    if role == "anonymous":  # signed out: the public communities only, and a way in
        assert ids(response.context["page"]) == [growers.pk]
        assert b"Orchard" not in response.content
        assert b"Sign in to take part" in response.content
        assert reverse("community:propose").encode() not in response.content
        return
    assert ids(response.context["page"]) == [growers.pk, circle.pk]
    assert b"Members only" in response.content
    assert b"Public" in response.content


def test_the_list_says_who_joined_and_counts_members(as_role, growers, circle):
    response = as_role("outsider").get(reverse("community:list"))
    content = response.content.decode()
    assert content.count("Not joined") == 2
    assert "3 members" in content

    response = as_role("member").get(reverse("community:list"))
    assert response.content.decode().count("Joined") == 2


@pytest.mark.parametrize(
    ("role", "offered"),
    [("moderator", True), ("staff", True), ("member", False), ("outsider", False)],
)
def test_the_list_offers_the_moderation_queue_to_those_who_moderate(
    as_role, growers, role, offered
):
    page = as_role(role).get(reverse("community:list")).content.decode()
    actions = page.split('<div class="actions">', 1)[1].split("</div>", 1)[0]
    assert (f'href="{reverse("community:moderation-queue")}"' in actions) is offered


def test_a_proposal_is_listed_to_its_proposer_and_to_staff_only(as_role, people, growers):
    proposal = community_create(by=people["outsider"], name="Cider makers", purpose="Cider")
    for role, listed in [("outsider", True), ("staff", True), ("member", False)]:
        response = as_role(role).get(reverse("community:list"))
        assert [c.pk for c in response.context["proposals"]] == ([proposal.pk] if listed else [])
        assert ids(response.context["page"]) == [growers.pk]
    staff_page = as_role("staff").get(reverse("community:list")).content.decode()
    assert reverse("community:review", args=[proposal.slug]) in staff_page
    outsider_page = as_role("outsider").get(reverse("community:list")).content.decode()
    assert reverse("community:review", args=[proposal.slug]) not in outsider_page


def test_staff_approve_a_proposal_and_its_proposer_becomes_moderator(as_role, people):
    proposal = community_create(by=people["outsider"], name="Cider makers", purpose="Cider")
    url = reverse("community:review", args=[proposal.slug])

    assert as_role("outsider").post(url, {"decision": "approve"}).status_code == 403
    assert as_role("member").post(url, {"decision": "approve"}).status_code == 404
    assert login_redirect(as_role("anonymous").post(url, {"decision": "approve"}))
    proposal.refresh_from_db()
    assert proposal.status == Community.Status.PROPOSED

    response = as_role("staff").post(url, {"decision": "approve"}, follow=True)
    assert "Cider makers is approved and open." in messages_of(response)
    proposal.refresh_from_db()
    assert proposal.status == Community.Status.ACTIVE
    assert CommunityMembership.objects.get(community=proposal, user=people["outsider"]).is_moderator

    again = as_role("staff").post(url, {"decision": "decline"}, follow=True)
    assert "This community was already reviewed." in messages_of(again)


def test_staff_decline_a_proposal(as_role, people):
    proposal = community_create(by=people["outsider"], name="Cider makers", purpose="Cider")
    as_role("staff").post(
        reverse("community:review", args=[proposal.slug]), {"decision": "decline"}
    )
    proposal.refresh_from_db()
    assert proposal.status == Community.Status.DECLINED


# --- Proposing and creating ---------------------------------------------------------------


def test_a_customer_proposes_a_community_and_staff_create_one(as_role, people):
    response = as_role("outsider").post(
        reverse("community:propose"),
        {"name": "Data analysts 2027", "purpose": "Study together", "visibility": "public"},
    )
    proposed = Community.objects.get(name="Data analysts 2027")
    assert response.status_code == 302 and response["Location"] == proposed.get_absolute_url()
    assert proposed.status == Community.Status.PROPOSED

    as_role("staff").post(
        reverse("community:propose"),
        {"name": "Kiwifruit growers", "purpose": "Gold and green", "visibility": "members_only"},
    )
    created = Community.objects.get(name="Kiwifruit growers")
    assert (created.status, created.visibility) == ("active", "members_only")


def test_a_refused_proposal_keeps_what_was_typed(as_role, growers):
    response = as_role("outsider").post(
        reverse("community:propose"),
        {
            "name": "Growers",
            "slug": growers.slug,
            "purpose": "My long purpose",
            "visibility": "public",
        },
    )
    assert response.status_code == 400
    assert "already exists" in response.context["form"].errors["slug"][0]
    assert b"My long purpose" in response.content

    reserved = as_role("outsider").post(
        reverse("community:propose"), {"name": "Search", "purpose": "x", "visibility": "public"}
    )
    assert reserved.status_code == 400
    assert "slug" in reserved.context["form"].errors
    assert not Community.objects.filter(name="Search").exists()


def test_anonymous_visitors_are_sent_to_sign_in_to_propose(as_role):
    assert login_redirect(as_role("anonymous").get(reverse("community:propose")))


# --- Community page -----------------------------------------------------------------------


@pytest.fixture
def growers_threads(growers, people):
    """A tip, an answered question, an open question, a pinned announcement, a deleted one."""
    now = timezone.now()
    tip = ask(growers, people["member"], title="Net early", kind="tip", body="Nets")
    answered = ask(growers, people["author"], title="Which rootstock?")
    reply = post_create(thread=answered, author=people["moderator"], body="M9")
    thread_accept_answer(thread=answered, post=reply, by=people["author"])
    open_question = ask(growers, people["author"], title="Bitter pit?")
    announcement = ask(
        growers, people["moderator"], title="Welcome", kind="announcement", body="Hello"
    )
    thread_update(thread=announcement, by=people["moderator"], pinned=True)
    gone = ask(growers, people["member"], title="Gone", kind="discussion", body="x")
    Thread.objects.filter(pk=gone.pk).update(deleted_at=now)
    # Newest activity first: the open question, then the answered one, then the tip.
    for minutes, thread in [(1, tip), (2, answered), (3, open_question), (0, announcement)]:
        Thread.objects.filter(pk=thread.pk).update(
            last_activity_at=now - timedelta(days=1) + timedelta(minutes=minutes)
        )
    return {
        "tip": tip,
        "answered": answered,
        "open": open_question,
        "announcement": announcement,
    }


@pytest.mark.parametrize("role", ROLES)
def test_a_public_community_lists_its_threads_pinned_first_then_newest_activity(
    as_role, role, growers, growers_threads
):
    response = as_role(role).get(growers.get_absolute_url())
    assert response.status_code == 200
    t = growers_threads
    assert ids(response.context["page"]) == [
        t["announcement"].pk,
        t["open"].pk,
        t["answered"].pk,
        t["tip"].pk,
    ]
    assert b"Grow better apples" in response.content


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?kind=tip", ["tip"]),
        ("?kind=question", ["open", "answered"]),
        ("?answered=yes", ["answered"]),
        ("?kind=question&answered=no", ["open"]),
        ("?kind=nonsense&answered=maybe", ["announcement", "open", "answered", "tip"]),
    ],
)
def test_threads_filter_by_kind_and_by_answered(as_role, growers, growers_threads, query, expected):
    response = as_role("member").get(growers.get_absolute_url() + query)
    assert response.status_code == 200
    assert ids(response.context["page"]) == [growers_threads[name].pk for name in expected]


def test_an_htmx_filter_answers_only_the_thread_list(as_role, growers, growers_threads):
    response = as_role("member").get(
        growers.get_absolute_url() + "?kind=tip",
        headers={"HX-Request": "true", "HX-Target": "thread-results"},
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="thread-results"')
    assert "Net early" in content and "Bitter pit?" not in content


@pytest.mark.parametrize("role", ROLES)
def test_a_members_only_community_shows_its_purpose_to_all_and_threads_to_members(
    as_role, role, circle, secret
):
    response = as_role(role).get(circle.get_absolute_url())
    if role == "anonymous":  # members only stays members only: signed out, it is not there
        assert response.status_code == 404
        assert b"Talk business in confidence" not in response.content
        return
    assert response.status_code == 200
    assert b"Talk business in confidence" in response.content
    if role == "outsider":
        assert "page" not in response.context
        assert b"Our margins" not in response.content
        assert b"Ask to join" in response.content
    else:
        assert ids(response.context["page"]) == [secret.pk]


def test_an_unknown_or_proposed_community_is_not_found(as_role, people):
    proposal = community_create(by=people["outsider"], name="Cider makers", purpose="Cider")
    assert as_role("member").get(proposal.get_absolute_url()).status_code == 404
    assert as_role("outsider").get(proposal.get_absolute_url()).status_code == 200
    assert as_role("staff").get(proposal.get_absolute_url()).status_code == 200
    missing = reverse("community:detail", args=["no-such-community"])
    assert as_role("member").get(missing).status_code == 404


def test_the_community_page_is_paginated(as_role, growers, people):
    Thread.objects.bulk_create(
        Thread(community=growers, author=people["author"], title=f"T{n}", post_count=1)
        for n in range(25)
    )
    first = as_role("member").get(growers.get_absolute_url())
    second = as_role("member").get(growers.get_absolute_url() + "?page=2")
    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5
    assert b"Page 1 of 2" in first.content


@pytest.mark.parametrize(
    "role, status",
    [
        ("author", 403),
        ("member", 403),
        ("moderator", 200),
        ("staff", 200),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_only_moderators_and_staff_open_a_communitys_settings(as_role, circle, role, status):
    response = as_role(role).get(reverse("community:edit", args=[circle.slug]))
    assert response.status_code == status


def test_a_moderator_changes_the_settings_and_a_refusal_keeps_the_text(as_role, growers):
    url = reverse("community:edit", args=[growers.slug])
    client = as_role("moderator")
    refused = client.post(url, {"name": "", "purpose": "A new purpose", "visibility": "public"})
    assert refused.status_code == 400
    assert b"A new purpose" in refused.content
    client.post(url, {"name": "Growers", "purpose": "A new purpose", "visibility": "members_only"})
    growers.refresh_from_db()
    assert (growers.name, growers.purpose, growers.visibility) == (
        "Growers",
        "A new purpose",
        "members_only",
    )


# --- Joining and leaving ------------------------------------------------------------------


def test_joining_a_public_community_is_immediate_and_leaving_too(as_role, people, growers):
    client = as_role("outsider")
    response = client.post(reverse("community:join", args=[growers.slug]), follow=True)
    assert "You joined Hawke's Bay apple growers." in messages_of(response)
    assert CommunityMembership.objects.get(community=growers, user=people["outsider"]).is_active

    again = client.post(reverse("community:join", args=[growers.slug]), follow=True)
    assert "You are already a member or have asked to join." in messages_of(again)

    client.post(reverse("community:leave", args=[growers.slug]))
    assert not CommunityMembership.objects.filter(user=people["outsider"]).exists()


def test_asking_to_join_a_members_only_community_waits_for_a_moderator(as_role, people, circle):
    response = as_role("outsider").post(reverse("community:join", args=[circle.slug]), follow=True)
    assert "Your request to join Orchard owners' circle was sent to its moderators." in (
        messages_of(response)
    )
    assert b"Withdraw request" in response.content
    assert "page" not in response.context  # still no threads while waiting

    withdrawn = as_role("outsider").post(
        reverse("community:leave", args=[circle.slug]), follow=True
    )
    assert "Your request to join was withdrawn." in messages_of(withdrawn)


def test_join_and_leave_are_post_only_and_need_sign_in(as_role, growers):
    url = reverse("community:join", args=[growers.slug])
    assert as_role("outsider").get(url).status_code == 405
    assert login_redirect(as_role("anonymous").post(url))


# --- Members ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("author", 200),
        ("member", 200),
        ("moderator", 200),
        ("staff", 200),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_the_members_of_a_members_only_community_are_for_its_members(
    as_role, people, circle, role, status
):
    response = as_role(role).get(reverse("community:members", args=[circle.slug]))
    assert response.status_code == status
    if status == 200:
        listed = [membership.user_id for membership in response.context["page"].object_list]
        assert listed[0] == people["moderator"].pk  # moderators first
        assert sorted(listed) == sorted(people[r].pk for r in ("author", "member", "moderator"))


@pytest.mark.parametrize("role", SIGNED_IN)
def test_anyone_signed_in_sees_the_members_of_a_public_community(as_role, role, growers):
    response = as_role(role).get(reverse("community:members", args=[growers.slug]))
    assert response.status_code == 200
    assert b"Moana Moderator" in response.content


@pytest.mark.parametrize(
    "role, sees_requests",
    [("author", False), ("member", False), ("moderator", True), ("staff", True)],
)
def test_moderators_and_staff_see_requests_to_join(as_role, people, circle, role, sees_requests):
    community_join(community=circle, user=people["outsider"])
    response = as_role(role).get(reverse("community:members", args=[circle.slug]))
    if sees_requests:
        assert [r.user_id for r in response.context["requests"]] == [people["outsider"].pk]
        assert b"Olly Outsider" in response.content
    else:
        assert "requests" not in response.context
        assert b"Olly Outsider" not in response.content


def test_a_moderator_approves_a_request_and_a_member_cannot(as_role, people, circle):
    request = community_join(community=circle, user=people["outsider"])
    url = reverse("community:member-approve", args=[circle.slug, request.pk])
    assert as_role("member").post(url).status_code == 403
    assert as_role("outsider").post(url).status_code == 403
    response = as_role("moderator").post(url, follow=True)
    assert "Olly Outsider is now a member." in messages_of(response)
    request.refresh_from_db()
    assert request.is_active
    again = as_role("moderator").post(url, follow=True)
    assert "This request was already handled." in messages_of(again)


def test_a_moderator_declines_a_request(as_role, people, circle):
    request = community_join(community=circle, user=people["outsider"])
    url = reverse("community:member-decline", args=[circle.slug, request.pk])
    assert as_role("member").post(url).status_code == 403
    as_role("staff").post(url)
    assert not CommunityMembership.objects.filter(pk=request.pk).exists()


def test_a_membership_of_another_community_is_not_found(as_role, people, growers, circle):
    request = community_join(community=circle, user=people["outsider"])
    url = reverse("community:member-approve", args=[growers.slug, request.pk])
    assert as_role("moderator").post(url).status_code == 404


def test_moderators_appoint_moderators_by_choice_or_email(as_role, people, growers):
    url = reverse("community:moderator-appoint", args=[growers.slug])
    member_row = CommunityMembership.objects.get(community=growers, user=people["member"])
    response = as_role("moderator").post(url, {"member": member_row.pk}, follow=True)
    assert "Mere Member is now a moderator." in messages_of(response)
    member_row.refresh_from_db()
    assert member_row.is_moderator

    as_role("staff").post(url, {"email": people["outsider"].email.upper()})
    assert CommunityMembership.objects.get(community=growers, user=people["outsider"]).is_moderator


def test_appointing_refuses_unknown_emails_and_non_moderators(as_role, people, growers):
    url = reverse("community:moderator-appoint", args=[growers.slug])
    response = as_role("moderator").post(url, {"email": "nobody@example.org"})
    assert response.status_code == 400
    assert response.context["appoint_form"].errors["email"] == [
        "No one with this email has an account here."
    ]
    assert b"nobody@example.org" in response.content
    assert as_role("moderator").post(url, {}).status_code == 400
    assert as_role("member").post(url, {"email": people["outsider"].email}).status_code == 403
    assert not CommunityMembership.objects.filter(user=people["outsider"]).exists()


# --- Starting a thread --------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status", [("author", 200), ("member", 200), ("moderator", 200), ("staff", 200)]
)
def test_members_moderators_and_staff_get_the_new_thread_form(as_role, circle, role, status):
    response = as_role(role).get(reverse("community:thread-create", args=[circle.slug]))
    assert response.status_code == status
    kinds = [value for value, _label in response.context["form"].fields["kind"].choices]
    assert ("announcement" in kinds) == (role in {"moderator", "staff"})


def test_a_non_member_is_told_to_join_before_starting_a_thread(as_role, circle, growers):
    response = as_role("outsider").get(
        reverse("community:thread-create", args=[growers.slug]), follow=True
    )
    assert response.redirect_chain[-1][0] == growers.get_absolute_url()
    assert "Join this community to post in it." in messages_of(response)
    assert login_redirect(
        as_role("anonymous").get(reverse("community:thread-create", args=[growers.slug]))
    )


def test_a_non_member_posting_a_thread_keeps_the_text_and_is_told_to_join(as_role, circle):
    response = as_role("outsider").post(
        reverse("community:thread-create", args=[circle.slug]),
        {"title": "Hello", "kind": "question", "body": "My carefully written question"},
    )
    assert response.status_code == 403
    assert b"Join this community to post in it." in response.content
    assert b"My carefully written question" in response.content
    assert not Thread.objects.filter(title="Hello").exists()


def test_a_member_asks_a_question_linked_to_a_playbook_milestone(as_role, people, growers):
    playbook = playbook_create(
        by=people["staff"], title="Orchard season", public=True,
        milestones=[{"title": "Thinning"}, {"title": "Harvest"}],
    )  # fmt: skip
    private = playbook_create(
        by=people["staff"], title="Secret plan", public=False, milestones=[{"title": "X"}]
    )
    thinning = playbook.milestones.get(title="Thinning")
    client = as_role("member")
    form_page = client.get(reverse("community:thread-create", args=[growers.slug]))
    content = form_page.content.decode()
    assert '<optgroup label="Orchard season">' in content
    assert "Secret plan" not in content
    assert private.milestones.get().title == "X"

    response = client.post(
        reverse("community:thread-create", args=[growers.slug]),
        {
            "title": "Thin when?",
            "kind": "question",
            "body": "When?",
            "playbook_milestone": thinning.pk,
        },
    )
    thread = Thread.objects.get(title="Thin when?")
    assert response["Location"] == thread.get_absolute_url()
    assert thread.playbook_milestone == thinning
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "About the milestone “Thinning” of the playbook “Orchard season”." in page


@pytest.mark.parametrize(
    "body, error",
    [
        ("   ", "Write something first: the post is empty."),
        ("x" * (MAX_POST_LENGTH + 1), "A post can be at most 32,000 characters; this one has"),
        ("[x](javascript:alert(1))", "Links may only use http, https or mailto."),
    ],
)
def test_a_refused_thread_keeps_the_title_and_the_text(as_role, growers, body, error):
    response = as_role("member").post(
        reverse("community:thread-create", args=[growers.slug]),
        {"title": "Kept title", "kind": "tip", "body": body},
    )
    assert response.status_code == 400
    assert error in " ".join(response.context["form"].errors["body"])
    assert response.context["form"]["body"].value() == body
    assert b"Kept title" in response.content
    assert not Thread.objects.exists()


def test_a_member_cannot_post_an_announcement(as_role, growers):
    response = as_role("member").post(
        reverse("community:thread-create", args=[growers.slug]),
        {"title": "Big news", "kind": "announcement", "body": "Hi"},
    )
    assert response.status_code == 400
    assert "kind" in response.context["form"].errors
    assert not Thread.objects.exists()


# --- Thread page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("author", 200),
        ("member", 200),
        ("moderator", 200),
        ("staff", 200),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_a_members_only_thread_is_not_found_for_non_members(as_role, secret, role, status):
    response = as_role(role).get(secret.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert [post.pk for post in response.context["page"].object_list] == [secret.posts.get().pk]


@pytest.mark.parametrize("role", SIGNED_IN)
def test_a_public_thread_is_readable_by_everyone_signed_in(as_role, role, question, answer):
    response = as_role(role).get(question.get_absolute_url())
    assert response.status_code == 200
    assert [post.pk for post in response.context["page"].object_list] == [
        question.posts.first().pk,
        answer.pk,
    ]
    assert b"<strong>thin</strong>" in response.content


def test_raw_html_in_a_post_is_shown_as_text(as_role, growers, people):
    thread = ask(growers, people["author"], body="Use <b>bold</b> & see")
    response = as_role("member").get(thread.get_absolute_url())
    assert b"<b>bold</b>" not in response.content
    assert b"&lt;b&gt;bold&lt;/b&gt;" in response.content


def test_posts_carry_staff_moderator_and_partner_badges(as_role, people, question, answer):
    partner = UserFactory(display_name="Pat Partner")
    organization_create(by=partner, name="Orchard Supplies", kind="supplier")
    community_join(community=question.community, user=partner)
    post_create(thread=question, author=partner, body="Our guide helps")
    post_create(thread=question, author=people["staff"], body="Staff here")
    content = as_role("member").get(question.get_absolute_url()).content.decode()
    assert 'class="badge badge-moderator">Moderator<' in content
    assert 'class="badge badge-staff">Staff<' in content
    assert "Orchard Supplies</a>" in content
    assert 'class="badge badge-unverified">Not verified<' in content


@pytest.mark.parametrize(
    "role, offered",
    [("author", True), ("member", False), ("moderator", True), ("staff", True)],
)
def test_accept_is_offered_to_the_asker_and_moderators(as_role, question, answer, role, offered):
    content = as_role(role).get(question.get_absolute_url()).content.decode()
    assert ("Accept this answer" in content) == offered


@pytest.mark.parametrize(
    "role, status",
    [
        ("author", 302),
        ("member", 403),
        ("moderator", 302),
        ("staff", 302),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_accepting_an_answer_per_role(as_role, question, answer, role, status):
    response = as_role(role).post(reverse("community:accept", args=[question.pk, answer.pk]))
    assert response.status_code == status
    question.refresh_from_db()
    assert question.is_answered == (status == 302 and role != "anonymous")


def test_the_accepted_answer_shows_right_under_the_question(as_role, people, question, answer):
    later = post_create(thread=question, author=people["member"], body="Another view")
    thread_accept_answer(thread=question, post=answer, by=people["author"])
    content = as_role("member").get(question.get_absolute_url()).content.decode()
    question_at = content.index(f'id="post-{question.posts.first().pk}"')
    accepted_at = content.index('id="accepted-answer"')
    replies_at = content.index(f'id="post-{later.pk}"')
    assert question_at < accepted_at < replies_at
    assert "Thin at 10mm." in content[accepted_at:replies_at]


def test_accepting_with_htmx_answers_the_thread_region_with_the_accepted_answer(
    as_role, question, answer
):
    response = as_role("author").post(
        reverse("community:accept", args=[question.pk, answer.pk]),
        {"page": "1"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="thread-main"')
    assert 'id="accepted-answer"' in content and "Thin at 10mm." in content
    # The header's label is swapped too (out of band): answered, not "Not answered yet".
    [header] = re.findall(
        r'<p class="thread-meta" id="thread-meta" hx-swap-oob="true">.*?</p>', content, re.S
    )
    assert "Answered" in header and "Not answered yet" not in header


def test_the_label_says_answered_once_an_answer_is_accepted_and_not_before(
    as_role, question, answer
):
    def header(response) -> str:
        content = response.content.decode()
        return re.search(r'<p class="thread-meta" id="thread-meta">(.*?)</p>', content, re.S)[1]

    before = header(as_role("member").get(question.get_absolute_url()))
    assert "Not answered yet" in before and "Answered" not in before
    response = as_role("author").post(
        reverse("community:accept", args=[question.pk, answer.pk]), follow=True
    )
    after = header(response)
    assert "Answered" in after and "Not answered yet" not in after


def test_accepting_an_answer_from_another_thread_says_so(as_role, growers, people, question):
    other = ask(growers, people["author"], title="Other")
    elsewhere = post_create(thread=other, author=people["moderator"], body="Elsewhere")
    response = as_role("author").post(
        reverse("community:accept", args=[question.pk, elsewhere.pk]), follow=True
    )
    assert "That answer belongs to another thread." in messages_of(response)
    question.refresh_from_db()
    assert not question.is_answered


def test_a_thread_of_another_community_cannot_be_accepted_into(as_role, question, secret):
    """The outsider cannot see the secret thread's post, so it is not found."""
    post = secret.posts.get()
    response = as_role("outsider").post(reverse("community:accept", args=[question.pk, post.pk]))
    assert response.status_code == 404


def test_deleted_posts_show_a_placeholder(as_role, people, question, answer):
    post_delete(post=answer, by=people["moderator"])
    content = as_role("member").get(question.get_absolute_url()).content.decode()
    assert "This post was deleted." in content
    assert "Thin at 10mm." not in content


def test_edited_posts_say_so(as_role, people, question):
    post_edit(post=question.posts.get(), by=people["author"], body="When do you thin, really?")
    content = as_role("member").get(question.get_absolute_url()).content.decode()
    assert 'class="post-edited">edited' in content


@pytest.fixture
def long_thread(growers, people):
    """A question and 119 replies: three pages of 50."""
    thread = ask(growers, people["author"], title="Long")
    start = timezone.now()
    Post.objects.bulk_create(
        Post(
            thread=thread,
            author=people["member"],
            body=f"Reply {n}",
            body_html=f"<p>Reply {n}</p>",
            created_at=start + timedelta(seconds=n),
        )
        for n in range(1, 120)
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=120)
    return thread


def nth_post(thread, n) -> Post:
    return thread.posts.order_by("created_at", "id")[n]


def test_a_long_thread_is_paginated_by_fifty(as_role, long_thread):
    client = as_role("moderator")
    pages = [client.get(long_thread.get_absolute_url() + f"?page={n}") for n in (1, 2, 3)]
    assert [len(page.context["page"].object_list) for page in pages] == [50, 50, 20]
    assert pages[0].context["question"] is not None and pages[1].context["question"] is None


def test_a_link_to_a_post_opens_the_page_that_holds_it(as_role, long_thread):
    post = nth_post(long_thread, 75)
    response = as_role("moderator").get(f"{long_thread.get_absolute_url()}?post={post.pk}")
    assert response.context["page"].number == 2
    assert f'id="post-{post.pk}"' in response.content.decode()
    nonsense = as_role("moderator").get(f"{long_thread.get_absolute_url()}?post=abc&page=zz")
    assert nonsense.context["page"].number == 1


def test_the_thread_remembers_where_the_reader_left_off(as_role, people, long_thread):
    client = as_role("moderator")
    first_visit = client.get(long_thread.get_absolute_url())
    assert first_visit.context["continue_url"] is None
    mark = ThreadReadMark.objects.get(thread=long_thread, user=people["moderator"])
    assert mark.last_read_post == nth_post(long_thread, 49)

    back = client.get(long_thread.get_absolute_url())
    first_unread = nth_post(long_thread, 50)
    assert back.context["continue_url"] == first_unread.get_absolute_url()
    assert b"Continue where you left off" in back.content

    continued = client.get(back.context["continue_url"])
    assert continued.context["page"].number == 2
    assert continued.context["unread_marker_id"] == first_unread.pk
    assert b"New since your last visit" in continued.content

    # Going back to page 1 never moves the mark backward.
    client.get(long_thread.get_absolute_url())
    mark.refresh_from_db()
    assert mark.last_read_post == nth_post(long_thread, 99)


def test_moderators_pin_and_lock_and_members_cannot(as_role, question, secret):
    url = reverse("community:thread-edit", args=[question.pk])
    assert login_redirect(as_role("anonymous").post(url, {"pinned": "1"}))
    assert as_role("outsider").post(url, {"pinned": "1"}).status_code == 403
    secret_url = reverse("community:thread-edit", args=[secret.pk])
    assert as_role("outsider").post(secret_url, {"pinned": "1"}).status_code == 404
    assert as_role("member").post(url, {"pinned": "1"}).status_code == 403
    assert as_role("author").post(url, {"locked": "1"}).status_code == 403
    as_role("moderator").post(url, {"pinned": "1"})
    as_role("staff").post(url, {"locked": "1"})
    question.refresh_from_db()
    assert question.pinned and question.locked
    content = as_role("moderator").get(question.get_absolute_url()).content.decode()
    assert "Unpin" in content and "Unlock" in content
    assert "Unpin" not in as_role("member").get(question.get_absolute_url()).content.decode()


# --- Replying -----------------------------------------------------------------------------


def test_a_member_replies_and_lands_on_the_new_post(as_role, people, question):
    response = as_role("member").post(
        reverse("community:reply", args=[question.pk]), {"body": "Thin **after** bloom"}
    )
    post = Post.objects.get(body="Thin **after** bloom")
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert post.author == people["member"]


def test_an_htmx_reply_answers_the_thread_region_with_the_reply_and_an_empty_form(
    as_role, question
):
    response = as_role("member").post(
        reverse("community:reply", args=[question.pk]),
        {"body": "Thin after bloom", "page": "1"},
        headers={"HX-Request": "true"},
    )
    post = Post.objects.get(body="Thin after bloom")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="thread-main"')
    assert f'id="post-{post.pk}"' in content
    assert response["HX-Push-Url"] == post.get_absolute_url()
    assert not response.context["reply_form"].is_bound


@pytest.mark.parametrize(
    "body, error",
    [
        ("", "Write something first: the post is empty."),
        ("y" * (MAX_POST_LENGTH + 1), "A post can be at most 32,000 characters"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_refused_reply_keeps_the_text(as_role, question, body, error, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = as_role("member").post(
        reverse("community:reply", args=[question.pk]), {"body": body}, headers=headers
    )
    assert response.status_code == (200 if htmx else 400)
    assert error in " ".join(response.context["reply_form"].errors["body"])
    assert response.context["reply_form"]["body"].value() == body
    assert body.encode() in response.content
    assert question.posts.count() == 1


def test_replying_to_a_locked_thread_keeps_the_text(as_role, people, question):
    thread_update(thread=question, by=people["moderator"], locked=True)
    response = as_role("member").post(
        reverse("community:reply", args=[question.pk]), {"body": "Late but useful"}
    )
    assert response.status_code == 400
    assert b"This thread is locked: no new replies." in response.content
    assert b"Late but useful" in response.content
    assert question.posts.count() == 1


def test_replying_without_joining_keeps_the_text_and_says_to_join(as_role, question):
    response = as_role("outsider").post(
        reverse("community:reply", args=[question.pk]), {"body": "Can I say something?"}
    )
    assert response.status_code == 403
    assert b"Join this community to post in it." in response.content
    assert b"Can I say something?" in response.content
    assert question.posts.count() == 1
    page = as_role("outsider").get(question.get_absolute_url()).content.decode()
    assert "Join this community" in page and "Post reply" not in page


@pytest.mark.parametrize("role, status", [("outsider", 404), ("anonymous", 302)])
def test_replying_to_a_thread_one_cannot_see(as_role, secret, role, status):
    response = as_role(role).post(reverse("community:reply", args=[secret.pk]), {"body": "Hi"})
    assert response.status_code == status
    assert secret.posts.count() == 1


# --- Helpful ------------------------------------------------------------------------------


def test_marking_helpful_toggles_and_twice_says_so(as_role, people, question, answer):
    url = reverse("community:post-helpful", args=[answer.pk])
    client = as_role("member")
    response = client.post(url, {"action": "add"}, follow=True)
    assert "You marked the post as helpful." in messages_of(response)
    twice = client.post(url, {"action": "add"}, follow=True)
    assert "You already marked this post as helpful." in messages_of(twice)
    answer.refresh_from_db()
    assert answer.helpful_count == 1

    client.post(url)  # no action: toggles off
    answer.refresh_from_db()
    assert answer.helpful_count == 0
    assert not Reaction.objects.exists()


def test_helpful_with_htmx_answers_the_button_and_the_count(as_role, answer):
    response = as_role("member").post(
        reverse("community:post-helpful", args=[answer.pk]),
        {"action": "add"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert content.lstrip().startswith(f'<div class="helpful" id="helpful-{answer.pk}"')
    assert 'aria-pressed="true"' in content
    assert "1 person found this helpful" in content
    again = as_role("member").post(
        reverse("community:post-helpful", args=[answer.pk]),
        {"action": "add"},
        headers={"HX-Request": "true"},
    )
    assert 'role="alert">You already marked this post as helpful.' in again.content.decode()


def test_ones_own_post_cannot_be_marked_helpful(as_role, answer):
    response = as_role("moderator").post(
        reverse("community:post-helpful", args=[answer.pk]), {"action": "add"}, follow=True
    )
    assert "You cannot mark your own post as helpful." in messages_of(response)
    page = as_role("moderator").get(answer.thread.get_absolute_url()).content.decode()
    assert f'action="{reverse("community:post-helpful", args=[answer.pk])}"' not in page


@pytest.mark.parametrize("role, status", [("outsider", 404), ("anonymous", 302)])
def test_helpful_on_a_post_one_cannot_see(as_role, secret, role, status):
    post = secret.posts.get()
    response = as_role(role).post(reverse("community:post-helpful", args=[post.pk]))
    assert response.status_code == status
    assert not Reaction.objects.exists()


# --- Editing and deleting posts -----------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("author", 200),
        ("member", 403),
        ("moderator", 403),
        ("staff", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_author_edits_a_post(as_role, secret, role, status):
    post = secret.posts.get()
    response = as_role(role).get(reverse("community:post-edit", args=[post.pk]))
    assert response.status_code == status


def test_editing_keeps_the_previous_version_and_refusals_keep_the_text(as_role, question):
    post = question.posts.get()
    url = reverse("community:post-edit", args=[post.pk])
    client = as_role("author")
    refused = client.post(url, {"body": "  "})
    assert refused.status_code == 400
    response = client.post(url, {"body": "When exactly?"})
    assert response["Location"] == post.get_absolute_url()
    post.refresh_from_db()
    assert post.body == "When exactly?"
    assert post.revisions.get().body == "When do you **thin**?"


def test_editing_in_a_locked_thread_keeps_the_text(as_role, people, question):
    thread_update(thread=question, by=people["moderator"], locked=True)
    post = question.posts.get()
    response = as_role("author").post(
        reverse("community:post-edit", args=[post.pk]), {"body": "New words"}
    )
    assert response.status_code == 400
    assert b"This thread is locked." in response.content and b"New words" in response.content


@pytest.mark.parametrize(
    "role, status",
    [
        ("author", 200),
        ("member", 403),
        ("moderator", 200),
        ("staff", 200),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_authors_and_moderators_may_delete_a_post_after_confirming(as_role, secret, role, status):
    post = secret.posts.get()
    url = reverse("community:post-delete", args=[post.pk])
    response = as_role(role).get(url)
    assert response.status_code == status
    post.refresh_from_db()
    assert post.deleted_at is None
    if status == 200:
        assert b"Delete this post?" in response.content
        deleted = as_role(role).post(url, follow=True)
        assert "The post was deleted." in messages_of(deleted)
        assert b"This post was deleted." in deleted.content
        post.refresh_from_db()
        assert post.deleted_at is not None


def test_a_deleted_post_cannot_be_edited(as_role, people, question):
    post = question.posts.get()
    post_delete(post=post, by=people["author"])
    response = as_role("author").get(reverse("community:post-edit", args=[post.pk]), follow=True)
    assert "This post was deleted." in messages_of(response)


# --- Search -------------------------------------------------------------------------------


@pytest.fixture
def calcium(growers, circle, people):
    public = ask(growers, people["author"], title="Bitter pit", body="calcium sprays")
    private = ask(circle, people["author"], title="Secret calcium", body="calcium")
    return public, private


@pytest.mark.parametrize(
    "role, sees_private",
    [("author", True), ("member", True), ("moderator", True), ("staff", True), ("outsider", False)],
)
def test_search_finds_only_threads_the_person_may_read(as_role, calcium, role, sees_private):
    public, private = calcium
    response = as_role(role).get(reverse("community:search") + "?q=calcium")
    assert response.status_code == 200
    expected = {public.pk, private.pk} if sees_private else {public.pk}
    assert set(ids(response.context["page"])) == expected


def test_search_signed_out_finds_public_threads_only_and_an_empty_search_finds_nothing(
    as_role, calcium
):
    public, _private = calcium
    response = as_role("anonymous").get(reverse("community:search") + "?q=calcium")
    assert set(ids(response.context["page"])) == {public.pk}
    response = as_role("member").get(reverse("community:search") + "?q=")
    assert ids(response.context["page"]) == []


def test_search_results_are_paginated(as_role, growers, people):
    Thread.objects.bulk_create(
        Thread(community=growers, author=people["author"], title=f"Pruning {n}", post_count=1)
        for n in range(25)
    )
    response = as_role("member").get(reverse("community:search") + "?q=pruning&page=2")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 5
    assert b"25 threads found" in response.content


# --- Queries do not grow with the data ----------------------------------------------------


def queries(client, url) -> int:
    warm_navigation(client)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_threads(community, author, count):
    Thread.objects.bulk_create(
        Thread(
            community=community,
            author=author,
            title=f"Thread {n}",
            kind=Thread.Kind.QUESTION if n % 2 else Thread.Kind.TIP,
            post_count=1,
        )
        for n in range(count)
    )


@pytest.mark.parametrize("role", ["member", "moderator", "staff", "outsider"])
def test_the_community_page_makes_as_many_queries_for_5_and_200_threads(
    as_role, people, growers, role
):
    client = as_role(role)
    add_threads(growers, people["author"], 5)
    small = queries(client, growers.get_absolute_url())
    add_threads(growers, people["member"], 195)
    assert queries(client, growers.get_absolute_url()) == small


@pytest.mark.parametrize("role", ["staff", "outsider"])
def test_the_community_list_makes_as_many_queries_for_few_and_many_communities(
    as_role, people, role
):
    client = as_role(role)
    Community.objects.bulk_create(
        Community(name=f"C{n}", slug=f"c{n}", purpose="p") for n in range(3)
    )
    client.get(reverse("community:list"))  # their memberships, kept (as after any view)
    small = queries(client, reverse("community:list"))
    Community.objects.bulk_create(
        Community(name=f"D{n}", slug=f"d{n}", purpose="p") for n in range(40)
    )
    assert queries(client, reverse("community:list")) == small


def add_posts(thread, authors, count):
    start = timezone.now()
    Post.objects.bulk_create(
        Post(
            thread=thread,
            author=authors[n % len(authors)],
            body=f"Reply {n}",
            body_html=f"<p>Reply {n}</p>",
            created_at=start + timedelta(seconds=n),
        )
        for n in range(count)
    )


# A returning reader's page, kept (community/views/thread_drawing.py): the session, the
# reader, the thread, its accepted answer with its author, their marks (own posts, helpful
# marks, flags, read mark and the first post after it: one query) and the notification
# count; the reader's standing is kept (community/standing.py). Drawn, it also counts and
# reads the posts and their authors' badges.
@pytest.mark.parametrize(
    "role, drawn_budget, kept_budget",
    [("author", 9, 6), ("member", 9, 6), ("moderator", 9, 6), ("staff", 11, 8)],
)
def test_the_thread_page_makes_as_many_queries_for_10_and_1000_posts(
    as_role, people, growers, answer, role, drawn_budget, kept_budget
):
    partner = UserFactory()
    organization_create(by=partner, name="Orchard Supplies", kind="supplier")
    authors = [people["member"], people["moderator"], people["staff"], partner]
    small_thread, large_thread = answer.thread, ask(growers, people["author"], title="Large")
    add_posts(small_thread, authors, 8)
    add_posts(large_thread, authors, 999)
    for thread in (small_thread, large_thread):
        accepted = thread.posts.order_by("created_at", "id")[3]
        thread_accept_answer(thread=thread, post=accepted, by=people["author"])
        reaction_add(post=thread.posts.order_by("created_at", "id")[2], user=people["author"])
    client = as_role(role)
    small_url, large_url = small_thread.get_absolute_url(), large_thread.get_absolute_url()
    # Their standing in the community kept, as after any earlier page of it (read with
    # their row as it is now, as a page reads it).
    reader = type(people[role]).objects.get(pk=people[role].pk)
    assert standing_in(user=reader, community=growers, kept=True).email_verified
    # A first visit draws the page: as many queries for either thread.
    small = queries(client, small_url)
    assert queries(client, large_url) == small
    # Returning, once each read mark stays where it is: drawn (a query string the kept
    # drawing was not made for), then kept. Flat both ways.
    for url in (small_url, large_url):
        client.get(url)
    drawn = queries(client, small_url + "?again=1")
    assert queries(client, large_url + "?again=1") == drawn <= drawn_budget
    kept = queries(client, small_url)
    assert queries(client, large_url) == kept <= kept_budget
    assert kept <= drawn - 3
    # Following a link to a post deep in the thread: flat, drawn and kept.
    deep = large_thread.posts.order_by("-created_at", "-id").first()
    small_last = small_thread.posts.order_by("-created_at", "-id").first()
    urls = [f"{thread.get_absolute_url()}?post={post.pk}" for thread, post in
            [(small_thread, small_last), (large_thread, deep)]]  # fmt: skip
    for url in urls * 2:  # the first visit to the last page moves the read mark there
        client.get(url)
    assert queries(client, urls[1] + "&again=1") == queries(client, urls[0] + "&again=1")
    assert queries(client, urls[1]) == queries(client, urls[0])


def test_search_makes_as_many_queries_for_small_and_large_data(as_role, people, growers):
    client = as_role("member")
    url = reverse("community:search") + "?q=pruning"
    Thread.objects.bulk_create(
        Thread(community=growers, author=people["author"], title=f"Pruning {n}", post_count=1)
        for n in range(3)
    )
    small = queries(client, url)
    Thread.objects.bulk_create(
        Thread(community=growers, author=people["member"], title=f"Pruning {n}", post_count=1)
        for n in range(300)
    )
    assert queries(client, url) == small


def test_the_members_page_makes_as_many_queries_for_few_and_many_members(as_role, growers):
    client = as_role("moderator")
    url = reverse("community:members", args=[growers.slug])
    small = queries(client, url)
    users = [UserFactory(verified=False) for _ in range(60)]
    CommunityMembership.objects.bulk_create(
        CommunityMembership(community=growers, user=user) for user in users[:40]
    )
    CommunityMembership.objects.bulk_create(
        CommunityMembership(community=growers, user=user, status="pending") for user in users[40:]
    )
    assert queries(client, url) == small
