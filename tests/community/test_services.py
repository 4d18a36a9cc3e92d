"""Communities: joining, posting, answers, reactions, and what leaves a community."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community.models import Community, CommunityMembership, Post, Thread
from community.selectors import badges_for, community_tips_for_milestone, search_threads
from community.services import (
    community_create,
    community_join,
    community_review,
    membership_approve,
    moderator_appoint,
    post_create,
    post_edit,
    reaction_add,
    thread_accept_answer,
    thread_create,
    thread_update,
)
from goals.playbooks import playbook_create
from milestones.plans import playbook_start
from partners.services import organization_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def growers(staff_user):
    return community_create(
        by=staff_user, name="Hawke's Bay apple growers", purpose="Grow better apples"
    )


@pytest.fixture
def member(growers):
    user = UserFactory(display_name="Mere Member")
    community_join(community=growers, user=user)
    return user


@pytest.fixture
def moderator(growers, staff_user):
    user = UserFactory(display_name="Moana Moderator")
    moderator_appoint(community=growers, user=user, by=staff_user)
    return user


def test_a_customer_proposes_and_staff_approve_making_them_moderator(customer, staff_user):
    proposed = community_create(by=customer, name="Data analysts 2027", purpose="Study together")
    assert proposed.status == Community.Status.PROPOSED
    community_review(community=proposed, by=staff_user, approve=True)
    membership = CommunityMembership.objects.get(community=proposed, user=customer)
    assert membership.is_moderator


def test_members_only_communities_need_a_moderator_to_approve(staff_user, moderator, customer):
    private = community_create(
        by=staff_user, name="Private", purpose="x", visibility=Community.Visibility.MEMBERS_ONLY
    )
    moderator_appoint(community=private, user=moderator, by=staff_user)
    request = community_join(community=private, user=customer)
    assert request.status == "pending"
    with pytest.raises(PermissionDenied):
        thread_create(community=private, author=customer, title="Hi", kind="discussion", body="x")
    membership_approve(membership=request, by=moderator)
    thread_create(community=private, author=customer, title="Hi", kind="discussion", body="Hello")


def test_joining_twice_says_so(growers, member):
    with pytest.raises(ValidationError):
        community_join(community=growers, user=member)


def test_a_thread_starts_with_its_body_as_first_post(growers, member):
    thread = thread_create(
        community=growers, author=member, title="Thinning?", kind="question", body="When?"
    )
    assert [post.body for post in thread.posts.all()] == ["When?"]
    assert thread.post_count == 1


@pytest.mark.parametrize("body", ["", "   ", "x" * 32001, "[x](javascript:alert(1))"])
def test_empty_oversized_or_unsafe_posts_are_refused(growers, member, body):
    with pytest.raises(ValidationError) as refused:
        thread_create(community=growers, author=member, title="T", kind="discussion", body=body)
    assert "body" in refused.value.message_dict
    assert not Thread.objects.exists()


def test_non_members_cannot_post_and_announcements_are_for_moderators(
    growers, member, customer, moderator
):
    with pytest.raises(PermissionDenied):
        thread_create(community=growers, author=customer, title="T", kind="discussion", body="x")
    with pytest.raises(ValidationError):
        thread_create(community=growers, author=member, title="T", kind="announcement", body="x")
    thread_create(
        community=growers, author=moderator, title="Welcome", kind="announcement", body="Hi"
    )


def test_locked_threads_take_no_replies_and_nothing_is_lost(growers, member, moderator):
    thread = thread_create(community=growers, author=member, title="T", kind="discussion", body="x")
    thread_update(thread=thread, by=moderator, locked=True)
    with pytest.raises(ValidationError):
        post_create(thread=thread, author=member, body="late reply")
    assert thread.posts.count() == 1
    with pytest.raises(PermissionDenied):
        thread_update(thread=thread, by=member, locked=False)


def test_edits_keep_the_previous_version(growers, member):
    thread = thread_create(
        community=growers, author=member, title="T", kind="discussion", body="first"
    )
    post = thread.posts.get()
    post_edit(post=post, by=member, body="second")
    post.refresh_from_db()
    assert (post.body, post.revisions.get().body) == ("second", "first")
    assert post.edited_at is not None


def test_helpful_once_per_person_and_never_on_ones_own_post(growers, member, moderator):
    thread = thread_create(community=growers, author=member, title="T", kind="tip", body="Tip")
    post = thread.posts.get()
    reaction_add(post=post, user=moderator)
    with pytest.raises(ValidationError):
        reaction_add(post=post, user=moderator)
    with pytest.raises(ValidationError):
        reaction_add(post=post, user=member)
    post.refresh_from_db()
    assert post.helpful_count == 1


def test_accepting_an_answer_from_another_thread_is_refused(growers, member, moderator):
    question = thread_create(community=growers, author=member, title="Q", kind="question", body="?")
    other = thread_create(community=growers, author=member, title="Q2", kind="question", body="?")
    answer_elsewhere = post_create(thread=other, author=moderator, body="A")
    with pytest.raises(ValidationError):
        thread_accept_answer(thread=question, post=answer_elsewhere, by=member)
    answer = post_create(thread=question, author=moderator, body="Thin early")
    thread_accept_answer(thread=question, post=answer, by=member)
    question.refresh_from_db()
    assert question.accepted_post == answer


def test_partner_members_carry_their_organisations_badge(growers, staff_user, moderator):
    partner = UserFactory()
    organization_create(by=partner, name="Orchard Supplies", kind="supplier")
    community_join(community=growers, user=partner)
    badges = badges_for(authors=[partner, moderator, staff_user], community=growers)
    assert badges[partner.pk].organizations == [("Orchard Supplies", False, "orchard-supplies")]
    assert badges[moderator.pk].moderator and badges[staff_user.pk].staff


def test_tips_reach_goals_from_public_communities_only(growers, staff_user, member, customer):
    playbook = playbook_create(
        by=staff_user, title="Orchard", public=True, milestones=[{"title": "Thinning"}]
    )
    source = playbook.milestones.get()
    goal = playbook_start(playbook=playbook, by=customer, target_date=date(2027, 3, 1))
    tip = thread_create(
        community=growers,
        author=member,
        title="Thin early",
        kind="tip",
        body="Do it",
        playbook_milestone=source,
    )
    private = community_create(
        by=staff_user, name="Private", purpose="x", visibility=Community.Visibility.MEMBERS_ONLY
    )
    moderator_appoint(community=private, user=member, by=staff_user)
    thread_create(
        community=private,
        author=member,
        title="Secret",
        kind="tip",
        body="x",
        playbook_milestone=source,
    )
    assert list(community_tips_for_milestone(milestone=goal.milestones.get())) == [tip]


def test_search_finds_only_what_the_person_may_read(growers, staff_user, member, customer):
    thread_create(
        community=growers, author=member, title="Bitter pit", kind="question", body="calcium sprays"
    )
    private = community_create(
        by=staff_user, name="Private", purpose="x", visibility=Community.Visibility.MEMBERS_ONLY
    )
    moderator_appoint(community=private, user=member, by=staff_user)
    thread_create(
        community=private, author=member, title="Secret calcium", kind="tip", body="calcium"
    )

    assert {t.title for t in search_threads(user=customer, text="calcium")} == {"Bitter pit"}
    assert {t.title for t in search_threads(user=member, text="calcium")} == {
        "Bitter pit",
        "Secret calcium",
    }
    assert Post.objects.visible_to(customer).count() == 1


def test_the_demo_community_tip_and_answer_reach_the_demo_goal():
    from ecosystem.demo import load_demo

    demo = load_demo()
    orchard = demo["goals"]["orchard"]
    thinning = orchard.milestones.get(title="Fruit thinning")
    bins = orchard.milestones.get(title="Book the picking crew and bins")
    assert [t.title for t in community_tips_for_milestone(milestone=thinning)] == [
        "Thin to one fruit by 10 mm"
    ]
    (question,) = community_tips_for_milestone(milestone=bins)
    assert question.accepted_post is not None
