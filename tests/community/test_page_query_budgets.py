"""Query budgets for the community's forms and the peers pages: proposing and editing a
community, starting a thread, editing, deleting and flagging a post, flagging a thread,
the mentors offered before giving up on a goal, and staff's reports about people. Each
makes the same number of queries with few and with many of what it lists or depends on
(categories, regions, playbooks, posts, flags, members, mentors, reports).

Budgets are the counts measured when the page was last changed; raise one only on
purpose."""

import pytest

from community.models import Flag, Post
from community.moderation.flags import flag_create
from community.peers.services import mentor_offer_set, person_report
from community.services import community_create, community_join, post_create, thread_create
from tests.community.peers_world import findable, on_journey, orchard
from tests.conftest import client_for
from tests.factories import CategoryFactory, RegionFactory, UserFactory
from tests.query_counts import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff_user):
    """A public community with an author, a member who flags, and a thread of posts."""
    growers = community_create(by=staff_user, name="Apple growers", purpose="Grow apples")
    author, member = UserFactory(display_name="Ari Author"), UserFactory(display_name="Mo")
    for person in (author, member):
        community_join(community=growers, user=person)
    thread = thread_create(
        community=growers, author=author, title="When to thin?", kind="question", body="When?"
    )
    post = post_create(thread=thread, author=author, body="At 10mm.")
    return {
        "staff": staff_user,
        "community": growers,
        "author": author,
        "member": member,
        "thread": thread,
        "post": post,
    }


def grow_choices(count):
    """More categories and regions for a community's form to offer."""
    for _ in range(count):
        CategoryFactory()
        RegionFactory()


def grow_thread(world):
    """More members, each replying in the thread, each reply flagged."""

    def grow(count):
        for number in range(count):
            person = UserFactory()
            community_join(community=world["community"], user=person)
            reply = post_create(thread=world["thread"], author=person, body=f"Reply {number}")
            flag_create(by=world["author"], reason=Flag.Reason.SPAM, post=reply)

    return grow


def test_proposing_a_community_is_flat_in_categories_and_regions(customer):
    assert_flat(client_for(customer), "/communities/new/", grow_choices, budget=5)


def test_a_communitys_settings_are_flat_in_choices_and_members(world):
    grow_members = grow_thread(world)

    def grow(count):
        grow_choices(count)
        grow_members(count)

    url = f"/communities/{world['community'].slug}/edit/"
    assert_flat(client_for(world["staff"]), url, grow, budget=6)


def test_starting_a_thread_is_flat_in_playbooks_and_threads(world):
    def grow(count):
        for number in range(count):
            orchard(title=f"Season {number}")
            thread_create(
                community=world["community"],
                author=world["author"],
                title=f"Thread {number}",
                kind="tip",
                body="A tip",
            )

    url = f"/communities/{world['community'].slug}/threads/new/"
    assert_flat(client_for(world["member"]), url, grow, budget=8)


@pytest.mark.parametrize(
    "who, path, budget",
    [
        ("author", "/posts/{post}/edit/", 5),
        ("author", "/posts/{post}/delete/", 4),
        ("member", "/posts/{post}/flag/", 7),
        ("member", "/threads/{thread}/flag/", 7),
    ],
)
def test_a_posts_forms_are_flat_in_the_threads_replies_and_flags(world, who, path, budget):
    url = path.format(post=world["post"].pk, thread=world["thread"].pk)
    # These pages show the one post or thread, whatever the thread around it holds.
    assert_flat(client_for(world[who]), url, grow_thread(world), budget=budget, shows_more=False)
    assert Post.objects.filter(thread=world["thread"]).count() > 20


def test_the_mentors_offered_for_a_goal_are_flat_in_mentors(customer):
    playbook = orchard()
    goal = on_journey(customer, playbook)

    def grow(count):
        for number in range(count):
            mentor = UserFactory(display_name=f"Mentor {number}")
            on_journey(mentor, playbook, achieved=True)
            findable(mentor)
            mentor_offer_set(by=mentor, playbook=playbook, monthly_capacity=3)

    # Up to three are offered: one, then three, show more.
    assert_flat(client_for(customer), f"/peers/goals/{goal.pk}/mentors/", grow, budget=5, few=1)


def test_the_reports_about_people_are_flat_in_reports(staff_user):
    def grow(count):
        for number in range(count):
            person_report(by=UserFactory(), subject=UserFactory(), reason="abuse", note=f"{number}")

    assert_flat(client_for(staff_user), "/peers/reports/", grow, budget=4)
