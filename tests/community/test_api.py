"""The community API: who may see and do what, what bad input answers, and query counts.

Every endpoint is checked for each role: the author of the thread, a member, a moderator,
a moderator of another community, staff, a signed-in non-member, and anonymous.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from community.models import Community, CommunityMembership, Post, Reaction, Thread
from community.services import (
    community_create,
    community_join,
    membership_approve,
    moderator_appoint,
    post_create,
    post_delete,
    post_edit,
    reaction_add,
    thread_accept_answer,
    thread_create,
    thread_update,
)
from ecosystem.accounts.models import User
from goals.playbooks import playbook_create
from milestones.plans import playbook_start
from partners.models import Membership as PartnerMembership
from partners.models import PartnerOrganization
from partners.services import organization_create, organization_set_verified
from tests.factories import CategoryFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("author", "member", "moderator", "other_moderator", "staff", "outsider", "anonymous")
SIGNED_IN = ROLES[:-1]


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@dataclass
class World:
    """Three active communities (one members-only), a proposal, and threads in two."""

    people: dict
    growers: Community  # public: author, member, moderator belong
    secret: Community  # members-only: the same three belong; `applicant` asked to join
    analysts: Community  # public: other_moderator moderates it
    proposal: Community  # proposed by `outsider`
    applicant: User
    question: Thread  # in growers, by author
    answer: Post  # in question, by member
    secret_thread: Thread  # in secret, by author
    secret_reply: Post  # in secret_thread, by member

    def client(self, role) -> APIClient:
        return client_for(self.people[role])

    def statuses(self, method, url, data=None, roles=ROLES) -> dict:
        return {
            role: getattr(self.client(role), method)(url, data, format="json").status_code
            for role in roles
        }

    def listed(self, url, roles=ROLES, key="id") -> dict:
        """For each role: the listed keys, or the status when the list is refused."""
        answers = {}
        for role in roles:
            response = self.client(role).get(url)
            answers[role] = (
                [item[key] for item in response.json()["results"]]
                if response.status_code == 200
                else response.status_code
            )
        return answers


@pytest.fixture
def world(staff_user):
    people = {
        "author": UserFactory(display_name="Ari Author"),
        "member": UserFactory(display_name="Mere Member"),
        "moderator": UserFactory(display_name="Moana Moderator"),
        "other_moderator": UserFactory(display_name="Otto Moderator"),
        "staff": staff_user,
        "outsider": UserFactory(display_name="Noa Outsider"),
        "anonymous": None,
    }
    growers = community_create(
        by=staff_user, name="Hawke's Bay apple growers", purpose="Grow better apples"
    )
    secret = community_create(
        by=staff_user,
        name="Export committee",
        purpose="Prices, members only",
        visibility=Community.Visibility.MEMBERS_ONLY,
    )
    analysts = community_create(by=staff_user, name="Data analysts 2027", purpose="Study")
    for community in (growers, secret):
        moderator_appoint(community=community, user=people["moderator"], by=staff_user)
        for role in ("author", "member"):
            membership = community_join(community=community, user=people[role])
            if membership.status == CommunityMembership.Status.PENDING:
                membership_approve(membership=membership, by=people["moderator"])
    moderator_appoint(community=analysts, user=people["other_moderator"], by=staff_user)
    applicant = UserFactory(display_name="Apa Applicant")
    community_join(community=secret, user=applicant)
    proposal = community_create(by=people["outsider"], name="Cider makers", purpose="Press")
    question = thread_create(
        community=growers,
        author=people["author"],
        title="When to thin Gala?",
        kind="question",
        body="When should I **thin**?",
    )
    answer = post_create(thread=question, author=people["member"], body="Thin early")
    secret_thread = thread_create(
        community=secret, author=people["author"], title="Prices", kind="discussion", body="?"
    )
    secret_reply = post_create(thread=secret_thread, author=people["member"], body="Up 5%")
    return World(
        people=people,
        growers=growers,
        secret=secret,
        analysts=analysts,
        proposal=proposal,
        applicant=applicant,
        question=question,
        answer=answer,
        secret_thread=secret_thread,
        secret_reply=secret_reply,
    )


def first_post(thread) -> Post:
    return thread.posts.order_by("created_at", "id").first()


# --- Communities ------------------------------------------------------------------------


def test_community_list_shows_active_ones_and_ones_own_proposals(world):
    active = [world.analysts.pk, world.secret.pk, world.growers.pk]  # by name
    with_proposal = [world.proposal.pk, *active]
    assert world.listed("/api/v1/communities/") == {
        "author": active,
        "member": active,
        "moderator": active,
        "other_moderator": active,
        "staff": with_proposal,
        "outsider": with_proposal,
        "anonymous": 401,
    }


def test_community_list_says_whether_one_belongs_and_counts_members(world):
    results = world.client("member").get("/api/v1/communities/").json()["results"]
    by_slug = {community["slug"]: community for community in results}

    assert by_slug[world.growers.slug]["membership"] == {"role": "member", "status": "active"}
    assert by_slug[world.growers.slug]["member_count"] == 3
    assert by_slug[world.analysts.slug]["membership"] is None
    assert by_slug[world.secret.slug]["visibility"] == "members_only"


def test_community_list_searches_name_and_purpose(world):
    response = world.client("member").get("/api/v1/communities/?search=apples")
    assert [item["slug"] for item in response.json()["results"]] == [world.growers.slug]


def test_community_detail_per_role(world):
    assert world.statuses("get", f"/api/v1/communities/{world.secret.slug}/") == {
        **dict.fromkeys(SIGNED_IN, 200),
        "anonymous": 401,
    }
    assert world.statuses("get", f"/api/v1/communities/{world.proposal.slug}/") == {
        "author": 404,
        "member": 404,
        "moderator": 404,
        "other_moderator": 404,
        "staff": 200,
        "outsider": 200,
        "anonymous": 401,
    }


def test_staff_create_active_communities_and_customers_propose(world, customer):
    category, region = CategoryFactory(slug="horticulture"), RegionFactory(slug="hawkes-bay")
    response = world.client("staff").post(
        "/api/v1/communities/",
        {
            "name": "Kiwifruit growers",
            "purpose": "Vines",
            "category": "horticulture",
            "region": "hawkes-bay",
            "visibility": "members_only",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["slug"], body["status"], body["category"], body["region"]) == (
        "kiwifruit-growers",
        "active",
        category.slug,
        region.slug,
    )
    assert body["visibility"] == "members_only"

    proposed = client_for(customer).post(
        "/api/v1/communities/", {"name": "Beekeepers", "purpose": "Hives", "slug": "bees"}
    )
    assert proposed.status_code == 201
    assert (proposed.json()["slug"], proposed.json()["status"]) == ("bees", "proposed")
    assert client_for(None).post("/api/v1/communities/", {"name": "X"}).status_code == 401


@pytest.mark.parametrize(
    ("role", "expected", "community_status"),
    [
        ("author", 201, "proposed"),
        ("member", 201, "proposed"),
        ("moderator", 201, "proposed"),
        ("other_moderator", 201, "proposed"),
        ("staff", 201, "active"),
        ("outsider", 201, "proposed"),
        ("anonymous", 401, None),
    ],
)
def test_only_staff_create_active_communities_others_propose(
    world, role, expected, community_status
):
    response = world.client(role).post(
        "/api/v1/communities/", {"name": "Beekeepers", "purpose": "Hives"}
    )

    assert response.status_code == expected
    statuses = list(Community.objects.filter(slug="beekeepers").values_list("status", flat=True))
    assert statuses == ([community_status] if expected == 201 else [])


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"purpose": "No name"}, "name"),
        ({"name": "Apples", "purpose": "x", "slug": "apple growers"}, "slug"),
        ({"name": "Apples", "purpose": "x", "category": "no-such-category"}, "category"),
        ({"name": "Apples", "purpose": "x", "visibility": "secret"}, "visibility"),
        ({"name": "Apples", "purpose": "x", "colour": "red"}, "colour"),
        ({"name": "!!!", "purpose": "x"}, "slug"),
    ],
)
def test_creating_a_community_with_bad_input_answers_400_naming_the_field(
    world, customer, data, field
):
    response = client_for(customer).post("/api/v1/communities/", data)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert Community.objects.count() == 4


def test_a_taken_slug_answers_400_and_keeps_the_first_community(world, customer):
    response = client_for(customer).post(
        "/api/v1/communities/", {"name": "Growers", "purpose": "x", "slug": world.growers.slug}
    )
    assert response.status_code == 400
    assert "slug" in response.json()["fields"]
    world.growers.refresh_from_db()
    assert world.growers.purpose == "Grow better apples"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("author", 403),
        ("member", 403),
        ("moderator", 200),
        ("other_moderator", 403),
        ("staff", 200),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_moderators_and_staff_edit_a_community(world, role, expected):
    response = world.client(role).patch(
        f"/api/v1/communities/{world.growers.slug}/", {"purpose": "Export-grade apples"}
    )

    assert response.status_code == expected
    world.growers.refresh_from_db()
    changed = world.growers.purpose == "Export-grade apples"
    assert changed == (expected == 200)


def test_a_non_moderator_is_refused_whatever_they_send(world):
    response = world.client("member").patch(
        f"/api/v1/communities/{world.growers.slug}/", {"name": "", "slug": "x"}
    )
    assert response.status_code == 403


def test_community_edits_validate_each_field(world):
    client = world.client("moderator")
    url = f"/api/v1/communities/{world.growers.slug}/"

    assert client.patch(url, {"name": ""}).json()["fields"].keys() == {"name"}
    assert client.patch(url, {"slug": "new"}).json()["fields"] == {"slug": ["Unknown field."]}
    assert client.patch(url, {"status": "declined"}).status_code == 403  # staff only
    world.growers.refresh_from_db()
    assert (world.growers.name, world.growers.slug, world.growers.status) == (
        "Hawke's Bay apple growers",
        "hawkes-bay-apple-growers",
        "active",
    )


def test_staff_approve_a_proposal_and_its_proposer_moderates_it(world):
    url = f"/api/v1/communities/{world.proposal.slug}/"
    assert world.client("outsider").patch(url, {"status": "active"}).status_code == 403

    response = world.client("staff").patch(url, {"status": "active"})

    assert response.status_code == 200
    assert response.json()["status"] == "active"
    membership = CommunityMembership.objects.get(
        community=world.proposal, user=world.people["outsider"]
    )
    assert membership.is_moderator
    again = world.client("staff").patch(url, {"status": "declined"})
    assert again.status_code == 400
    assert "already reviewed" in again.json()["detail"]


def test_staff_decline_a_proposal(world):
    response = world.client("staff").patch(
        f"/api/v1/communities/{world.proposal.slug}/", {"status": "declined"}
    )
    assert response.json()["status"] == "declined"
    assert world.client("staff").patch(
        f"/api/v1/communities/{world.proposal.slug}/", {"status": "proposed"}
    ).json()["fields"].keys() == {"status"}


# --- Members ----------------------------------------------------------------------------


def member_ids(world, community) -> dict:
    answers = world.listed(f"/api/v1/communities/{community.slug}/members/", key="user")
    return {
        role: [user["id"] for user in users] if isinstance(users, list) else users
        for role, users in answers.items()
    }


def test_members_of_a_public_community_are_listed_to_everyone_signed_in(world):
    people = world.people
    members = [people["moderator"].pk, people["author"].pk, people["member"].pk]
    assert member_ids(world, world.growers) == {
        **dict.fromkeys(SIGNED_IN, members),
        "anonymous": 401,
    }


def test_members_only_lists_are_for_members_and_requests_for_moderators(world):
    people = world.people
    members = [people["moderator"].pk, people["author"].pk, people["member"].pk]
    with_requests = [*members, world.applicant.pk]
    assert member_ids(world, world.secret) == {
        "author": members,
        "member": members,
        "moderator": with_requests,
        "other_moderator": 403,
        "staff": with_requests,
        "outsider": 403,
        "anonymous": 401,
    }


def test_joining_a_public_community_is_immediate_and_members_only_is_a_request(world):
    client = world.client("outsider")

    joined = client.post(f"/api/v1/communities/{world.growers.slug}/members/", {})
    asked = client.post(f"/api/v1/communities/{world.secret.slug}/members/")

    assert joined.status_code == 201
    assert joined.json()["status"] == "active"
    assert joined.json()["user"] == {"id": world.people["outsider"].pk, "name": "Noa Outsider"}
    assert asked.status_code == 201
    assert (asked.json()["status"], asked.json()["role"]) == ("pending", "member")


def test_joining_per_role(world):
    assert world.statuses("post", f"/api/v1/communities/{world.growers.slug}/members/", {}) == {
        "author": 400,  # already a member
        "member": 400,
        "moderator": 400,
        "other_moderator": 201,
        "staff": 201,
        "outsider": 201,
        "anonymous": 401,
    }


def test_joining_twice_a_proposal_or_with_fields_answers_400(world):
    client = world.client("member")
    twice = client.post(f"/api/v1/communities/{world.growers.slug}/members/", {})
    assert twice.status_code == 400
    assert "already" in twice.json()["detail"]
    assert (
        world.client("outsider")
        .post(f"/api/v1/communities/{world.proposal.slug}/members/", {})
        .status_code
        == 400
    )
    unknown = world.client("outsider").post(
        f"/api/v1/communities/{world.analysts.slug}/members/", {"role": "moderator"}
    )
    assert unknown.json()["fields"] == {"role": ["Unknown field."]}
    assert not CommunityMembership.objects.filter(user=world.people["outsider"]).exists()


# --- Threads of a community -------------------------------------------------------------


def test_threads_of_a_public_community_are_listed_to_everyone_signed_in(world):
    assert world.listed(f"/api/v1/communities/{world.growers.slug}/threads/") == {
        **{role: [world.question.pk] for role in SIGNED_IN},
        "anonymous": 401,
    }


def test_threads_of_a_members_only_community_are_for_its_members(world):
    assert world.listed(f"/api/v1/communities/{world.secret.slug}/threads/") == {
        "author": [world.secret_thread.pk],
        "member": [world.secret_thread.pk],
        "moderator": [world.secret_thread.pk],
        "other_moderator": 403,
        "staff": [world.secret_thread.pk],
        "outsider": 403,
        "anonymous": 401,
    }
    assert world.statuses("get", f"/api/v1/communities/{world.proposal.slug}/threads/") == {
        "author": 404,
        "member": 404,
        "moderator": 404,
        "other_moderator": 404,
        "staff": 200,
        "outsider": 403,  # proposed: not open yet
        "anonymous": 401,
    }


def test_threads_are_pinned_first_then_newest_activity_and_filter(world):
    people, growers = world.people, world.growers
    tip = thread_create(
        community=growers, author=people["member"], title="Tip", kind="tip", body="x"
    )
    old = thread_create(
        community=growers, author=people["member"], title="Old", kind="discussion", body="x"
    )
    rules = thread_create(
        community=growers, author=people["moderator"], title="Rules", kind="discussion", body="x"
    )
    now = timezone.now()
    for thread, hours_ago in ((world.question, 1), (tip, 2), (old, 30), (rules, 40)):
        Thread.objects.filter(pk=thread.pk).update(
            last_activity_at=now - timedelta(hours=hours_ago)
        )
    thread_update(thread=rules, by=people["moderator"], pinned=True)
    thread_accept_answer(thread=world.question, post=world.answer, by=people["author"])
    client, url = world.client("member"), f"/api/v1/communities/{growers.slug}/threads/"

    def ids(query=""):
        return [thread["id"] for thread in client.get(url + query).json()["results"]]

    assert ids() == [rules.pk, world.question.pk, tip.pk, old.pk]
    assert ids("?kind=tip") == [tip.pk]
    assert ids("?answered=true") == [world.question.pk]
    assert ids("?answered=false") == [rules.pk, tip.pk, old.pk]
    assert ids("?kind=") == ids()
    for bad, field in (("?kind=poem", "kind"), ("?answered=maybe", "answered")):
        response = client.get(url + bad)
        assert response.status_code == 400
        assert field in response.json()["fields"]


def test_a_thread_in_the_list_carries_its_state(world):
    thread_accept_answer(thread=world.question, post=world.answer, by=world.people["author"])
    [thread] = (
        world.client("member")
        .get(f"/api/v1/communities/{world.growers.slug}/threads/")
        .json()["results"]
    )
    assert thread == {
        "id": world.question.pk,
        "community": world.growers.slug,
        "title": "When to thin Gala?",
        "kind": "question",
        "author": {"id": world.people["author"].pk, "name": "Ari Author"},
        "pinned": False,
        "locked": False,
        "is_answered": True,
        "accepted_post": world.answer.pk,
        "post_count": 2,
        "playbook_milestone": None,
        "last_activity_at": thread["last_activity_at"],
        "created_at": thread["created_at"],
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("author", 201),
        ("member", 201),
        ("moderator", 201),
        ("other_moderator", 403),
        ("staff", 201),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_members_moderators_and_staff_start_threads(world, role, expected):
    for community in (world.growers, world.secret):
        response = world.client(role).post(
            f"/api/v1/communities/{community.slug}/threads/",
            {"title": "Frost", "kind": "question", "body": "Frost *tonight*?"},
        )
        assert response.status_code == expected
    assert Thread.objects.filter(title="Frost").count() == (2 if expected == 201 else 0)


def test_a_new_thread_answers_with_its_first_post(world, staff_user):
    playbook = playbook_create(
        by=staff_user, title="Orchard", public=True, milestones=[{"title": "Thinning"}]
    )
    source = playbook.milestones.get()

    response = world.client("member").post(
        f"/api/v1/communities/{world.growers.slug}/threads/",
        {
            "title": "  Thin by hand?  ",
            "kind": "question",
            "body": "Is **hand** thinning worth it?",
            "playbook_milestone": source.pk,
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["playbook_milestone"], body["post_count"]) == (
        "Thin by hand?",
        source.pk,
        1,
    )
    post = body["first_post"]
    assert post["body_html"] == "<p>Is <strong>hand</strong> thinning worth it?</p>\n"
    assert post["author"] == {"id": world.people["member"].pk, "name": "Mere Member"}
    assert (post["deleted"], post["is_accepted"], post["helpful_count"]) == (False, False, 0)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "T", "kind": "question", "body": ""}, "body"),
        ({"title": "T", "kind": "question", "body": "   "}, "body"),
        ({"title": "T", "kind": "question", "body": "x" * 32001}, "body"),
        ({"title": "T", "kind": "question", "body": "[x](javascript:alert(1))"}, "body"),
        ({"title": "", "kind": "question", "body": "x"}, "title"),
        ({"title": "T" * 201, "kind": "question", "body": "x"}, "title"),
        ({"title": "T", "kind": "poem", "body": "x"}, "kind"),
        ({"title": "T", "kind": "announcement", "body": "x"}, "kind"),
        (
            {"title": "T", "kind": "tip", "body": "x", "playbook_milestone": 999999},
            "playbook_milestone",
        ),
        (
            {"title": "T", "kind": "tip", "body": "x", "playbook_milestone": "one"},
            "playbook_milestone",
        ),
        ({"title": "T", "kind": "tip", "body": "x", "pinned": True}, "pinned"),
    ],
)
def test_starting_a_thread_with_bad_input_answers_400_naming_the_field(world, data, field):
    response = world.client("member").post(
        f"/api/v1/communities/{world.growers.slug}/threads/", data
    )

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert Thread.objects.count() == 2


def test_oversized_posts_are_explained(world):
    response = world.client("member").post(
        f"/api/v1/communities/{world.growers.slug}/threads/",
        {"title": "T", "kind": "tip", "body": "x" * 32001},
    )
    assert response.json()["fields"]["body"] == [
        "A post can be at most 32,000 characters; this one has 32,001."
    ]


def test_a_thread_cannot_link_to_someone_elses_private_playbook(world, customer):
    private = playbook_create(
        by=customer, title="Mine", public=False, milestones=[{"title": "Secret step"}]
    )
    response = world.client("member").post(
        f"/api/v1/communities/{world.growers.slug}/threads/",
        {
            "title": "T",
            "kind": "tip",
            "body": "x",
            "playbook_milestone": private.milestones.get().pk,
        },
    )
    assert response.status_code == 400
    assert "playbook_milestone" in response.json()["fields"]


def test_moderators_post_announcements(world):
    response = world.client("moderator").post(
        f"/api/v1/communities/{world.growers.slug}/threads/",
        {"title": "Welcome", "kind": "announcement", "body": "Be kind"},
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "announcement"


# --- A thread ---------------------------------------------------------------------------


def test_a_thread_is_readable_where_its_community_is(world):
    assert world.statuses("get", f"/api/v1/threads/{world.question.pk}/") == {
        **dict.fromkeys(SIGNED_IN, 200),
        "anonymous": 401,
    }
    assert world.statuses("get", f"/api/v1/threads/{world.secret_thread.pk}/") == {
        "author": 200,
        "member": 200,
        "moderator": 200,
        "other_moderator": 404,
        "staff": 200,
        "outsider": 404,
        "anonymous": 401,
    }


def test_a_thread_answers_with_its_first_post(world):
    body = world.client("outsider").get(f"/api/v1/threads/{world.question.pk}/").json()
    assert body["first_post"]["id"] == first_post(world.question).pk
    assert body["first_post"]["body_html"] == "<p>When should I <strong>thin</strong>?</p>\n"


@pytest.mark.parametrize(
    ("role", "retitle", "pin"),
    [
        ("author", 200, 403),
        ("member", 403, 403),
        ("moderator", 200, 200),
        ("other_moderator", 403, 403),
        ("staff", 200, 200),
        ("outsider", 403, 403),
        ("anonymous", 401, 401),
    ],
)
def test_authors_and_moderators_retitle_and_only_moderators_pin_or_lock(world, role, retitle, pin):
    client, url = world.client(role), f"/api/v1/threads/{world.question.pk}/"

    assert client.patch(url, {"title": "Thinning Gala"}).status_code == retitle
    assert client.patch(url, {"pinned": True, "locked": True}).status_code == pin
    world.question.refresh_from_db()
    assert (world.question.title == "Thinning Gala") == (retitle == 200)
    assert (world.question.pinned, world.question.locked) == ((pin == 200),) * 2


def test_a_members_only_thread_cannot_be_changed_by_outsiders(world):
    assert world.statuses(
        "patch", f"/api/v1/threads/{world.secret_thread.pk}/", {"title": "Hacked"}
    ) == {
        "author": 200,
        "member": 403,
        "moderator": 200,
        "other_moderator": 404,
        "staff": 200,
        "outsider": 404,
        "anonymous": 401,
    }


def test_thread_edits_validate_each_field(world):
    client, url = world.client("moderator"), f"/api/v1/threads/{world.question.pk}/"
    assert client.patch(url, {"title": ""}).json()["fields"].keys() == {"title"}
    assert client.patch(url, {"kind": "tip"}).json()["fields"] == {"kind": ["Unknown field."]}
    assert client.patch(url, {"pinned": "sometimes"}).json()["fields"].keys() == {"pinned"}
    world.question.refresh_from_db()
    assert (world.question.title, world.question.kind) == ("When to thin Gala?", "question")


# --- Posts of a thread ------------------------------------------------------------------


def test_posts_are_listed_in_order_where_the_thread_is_readable(world):
    question_posts = [first_post(world.question).pk, world.answer.pk]
    secret_posts = [first_post(world.secret_thread).pk, world.secret_reply.pk]
    assert world.listed(f"/api/v1/threads/{world.question.pk}/posts/") == {
        **dict.fromkeys(SIGNED_IN, question_posts),
        "anonymous": 401,
    }
    assert world.listed(f"/api/v1/threads/{world.secret_thread.pk}/posts/") == {
        "author": secret_posts,
        "member": secret_posts,
        "moderator": secret_posts,
        "other_moderator": 404,
        "staff": secret_posts,
        "outsider": 404,
        "anonymous": 401,
    }


def test_posts_carry_badges_of_staff_moderators_and_partner_organisations(world, staff_user):
    partner = UserFactory(display_name="Pita Partner")
    orchard = organization_create(by=partner, name="Orchard Supplies", kind="supplier")
    organization_set_verified(organization=orchard, by=staff_user, verified=True)
    organization_create(by=partner, name="Agri Advice", kind="extension_service")
    community_join(community=world.growers, user=partner)
    post_create(thread=world.question, author=partner, body="Thin at 10mm")
    post_create(thread=world.question, author=world.people["moderator"], body="Agreed")
    post_create(thread=world.question, author=staff_user, body="Pinned a guide")

    results = (
        world.client("outsider")
        .get(f"/api/v1/threads/{world.question.pk}/posts/")
        .json()["results"]
    )

    badges = [post["badges"] for post in results]
    assert badges == [
        {"staff": False, "moderator": False, "organizations": []},
        {"staff": False, "moderator": False, "organizations": []},
        {
            "staff": False,
            "moderator": False,
            "organizations": [
                {"name": "Agri Advice", "slug": "agri-advice", "verified": False},
                {"name": "Orchard Supplies", "slug": "orchard-supplies", "verified": True},
            ],
        },
        {"staff": False, "moderator": True, "organizations": []},
        {"staff": True, "moderator": False, "organizations": []},
    ]


def test_deleted_edited_accepted_and_helpful_posts_show_so(world):
    people = world.people
    thread_accept_answer(thread=world.question, post=world.answer, by=people["author"])
    post_edit(post=world.answer, by=people["member"], body="Thin *very* early")
    reaction_add(post=world.answer, user=people["outsider"])
    extra = post_create(thread=world.question, author=people["author"], body="Oops")
    post_delete(post=extra, by=people["author"])

    results = (
        world.client("outsider")
        .get(f"/api/v1/threads/{world.question.pk}/posts/")
        .json()["results"]
    )

    question, answer, deleted = results
    assert (question["is_accepted"], answer["is_accepted"]) == (False, True)
    assert answer["body_html"] == "<p>Thin <em>very</em> early</p>\n"
    assert answer["edited_at"] is not None and question["edited_at"] is None
    assert (answer["helpful_count"], answer["marked_helpful"]) == (1, True)
    assert question["marked_helpful"] is False
    assert (deleted["deleted"], deleted["body_html"], deleted["body"]) == (True, "", "")
    assert deleted["author"] == {"id": people["author"].pk, "name": "Ari Author"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("author", 201),
        ("member", 201),
        ("moderator", 201),
        ("other_moderator", 403),
        ("staff", 201),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_members_moderators_and_staff_reply(world, role, expected):
    response = world.client(role).post(
        f"/api/v1/threads/{world.question.pk}/posts/", {"body": "Thin *after* bloom"}
    )

    assert response.status_code == expected
    world.question.refresh_from_db()
    assert world.question.post_count == (3 if expected == 201 else 2)
    if expected == 201:
        assert response.json()["body_html"] == "<p>Thin <em>after</em> bloom</p>\n"


def test_outsiders_cannot_reply_in_a_members_only_thread(world):
    assert world.statuses(
        "post", f"/api/v1/threads/{world.secret_thread.pk}/posts/", {"body": "Hi"}
    ) == {
        "author": 201,
        "member": 201,
        "moderator": 201,
        "other_moderator": 404,
        "staff": 201,
        "outsider": 404,
        "anonymous": 401,
    }


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": " \n "}, "body"),
        ({"body": "x" * 32001}, "body"),
        ({"body": "<script>alert(1)</script>"}, "body"),
        ({}, "body"),
        ({"body": "ok", "thread": 1}, "thread"),
    ],
)
def test_bad_replies_answer_400_naming_the_field_and_nothing_is_lost(world, data, field):
    response = world.client("member").post(f"/api/v1/threads/{world.question.pk}/posts/", data)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert world.question.posts.count() == 2


def test_a_locked_thread_takes_no_replies(world):
    thread_update(thread=world.question, by=world.people["moderator"], locked=True)

    response = world.client("member").post(
        f"/api/v1/threads/{world.question.pk}/posts/", {"body": "Late"}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"body": ["This thread is locked: no new replies."]}
    assert world.question.posts.count() == 2


def test_thread_pages_are_paginated_and_the_last_page_is_one_request_away(world):
    for index in range(3):
        post_create(thread=world.question, author=world.people["member"], body=f"Reply {index}")
    client, url = world.client("member"), f"/api/v1/threads/{world.question.pk}/posts/"

    first = client.get(url + "?page_size=2").json()
    last = client.get(url + "?page_size=2&page=last").json()

    assert first["count"] == 5
    assert [post["body"] for post in first["results"]] == ["When should I **thin**?", "Thin early"]
    assert [post["body"] for post in last["results"]] == ["Reply 2"]


# --- A post -----------------------------------------------------------------------------


def test_a_post_is_readable_where_its_thread_is(world):
    assert world.statuses("get", f"/api/v1/posts/{world.answer.pk}/") == {
        **dict.fromkeys(SIGNED_IN, 200),
        "anonymous": 401,
    }
    assert world.statuses("get", f"/api/v1/posts/{world.secret_reply.pk}/") == {
        "author": 200,
        "member": 200,
        "moderator": 200,
        "other_moderator": 404,
        "staff": 200,
        "outsider": 404,
        "anonymous": 401,
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("author", 403),  # of the thread, not of this post
        ("member", 200),
        ("moderator", 403),
        ("other_moderator", 403),
        ("staff", 403),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_only_the_author_edits_a_post_and_the_previous_version_is_kept(world, role, expected):
    response = world.client(role).patch(
        f"/api/v1/posts/{world.answer.pk}/", {"body": "Thin **early**"}
    )

    assert response.status_code == expected
    world.answer.refresh_from_db()
    if expected == 200:
        assert response.json()["body_html"] == "<p>Thin <strong>early</strong></p>\n"
        assert response.json()["edited_at"] is not None
        assert [revision.body for revision in world.answer.revisions.all()] == ["Thin early"]
    else:
        assert world.answer.body == "Thin early"
        assert not world.answer.revisions.exists()


@pytest.mark.parametrize(
    ("data", "field"), [({"body": ""}, "body"), ({"body": "x" * 32001}, "body"), ({}, "body")]
)
def test_bad_edits_answer_400_and_keep_the_post(world, data, field):
    response = world.client("member").patch(f"/api/v1/posts/{world.answer.pk}/", data)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    world.answer.refresh_from_db()
    assert world.answer.body == "Thin early"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("author", 403),  # of the thread, not of this post
        ("member", 204),
        ("moderator", 204),
        ("other_moderator", 403),
        ("staff", 204),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_the_author_or_a_moderator_deletes_a_post_leaving_a_placeholder(world, role, expected):
    response = world.client(role).delete(f"/api/v1/posts/{world.answer.pk}/")

    assert response.status_code == expected
    world.answer.refresh_from_db()
    assert (world.answer.deleted_at is not None) == (expected == 204)
    assert world.answer.body == "Thin early"  # soft: nothing is lost
    if expected == 204:
        shown = world.client("outsider").get(f"/api/v1/posts/{world.answer.pk}/").json()
        assert (shown["deleted"], shown["body_html"]) == (True, "")


def test_outsiders_cannot_delete_members_only_posts(world):
    assert (
        world.client("outsider").delete(f"/api/v1/posts/{world.secret_reply.pk}/").status_code
        == 404
    )
    world.secret_reply.refresh_from_db()
    assert world.secret_reply.deleted_at is None


# --- Helpful ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("author", 201),
        ("member", 400),  # their own post
        ("moderator", 201),
        ("other_moderator", 201),
        ("staff", 201),
        ("outsider", 201),
        ("anonymous", 401),
    ],
)
def test_marking_a_post_helpful_per_role(world, role, expected):
    response = world.client(role).post(f"/api/v1/posts/{world.answer.pk}/reactions/", {})

    assert response.status_code == expected
    world.answer.refresh_from_db()
    assert world.answer.helpful_count == (1 if expected == 201 else 0)
    if expected == 201:
        assert (response.json()["helpful_count"], response.json()["marked_helpful"]) == (1, True)


def test_marking_helpful_twice_answers_400_and_counts_once(world):
    client, url = world.client("outsider"), f"/api/v1/posts/{world.answer.pk}/reactions/"
    assert client.post(url, {}).status_code == 201

    twice = client.post(url, {})

    assert twice.status_code == 400
    assert twice.json()["detail"] == "You already marked this post as helpful."
    world.answer.refresh_from_db()
    assert world.answer.helpful_count == 1


def test_unmarking_helpful(world):
    client, url = world.client("outsider"), f"/api/v1/posts/{world.answer.pk}/reactions/"
    client.post(url, {})

    assert client.delete(url).status_code == 204
    world.answer.refresh_from_db()
    assert world.answer.helpful_count == 0
    assert client.delete(url).status_code == 400
    assert world.client("anonymous").delete(url).status_code == 401


def test_unmarking_helpful_per_role(world):
    url = f"/api/v1/posts/{world.answer.pk}/reactions/"
    for role in ("author", "moderator", "other_moderator", "staff", "outsider"):
        reaction_add(post=world.answer, user=world.people[role])

    assert world.statuses("delete", url) == {
        "author": 204,
        "member": 400,  # never marked (it is their own post)
        "moderator": 204,
        "other_moderator": 204,
        "staff": 204,
        "outsider": 204,
        "anonymous": 401,
    }
    world.answer.refresh_from_db()
    assert world.answer.helpful_count == 0


def test_outsiders_cannot_mark_members_only_posts(world):
    url = f"/api/v1/posts/{world.secret_reply.pk}/reactions/"
    assert world.client("outsider").post(url, {}).status_code == 404
    assert world.client("outsider").delete(url).status_code == 404
    assert world.client("moderator").post(url, {"helpful": True}).status_code == 400
    assert not Reaction.objects.exists()


# --- Accepted answers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("author", 200),
        ("member", 403),
        ("moderator", 200),
        ("other_moderator", 403),
        ("staff", 200),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_the_asker_or_a_moderator_accepts_an_answer(world, role, expected):
    response = world.client(role).post(
        f"/api/v1/threads/{world.question.pk}/accept/", {"post": world.answer.pk}
    )

    assert response.status_code == expected
    world.question.refresh_from_db()
    assert (world.question.accepted_post_id == world.answer.pk) == (expected == 200)
    if expected == 200:
        assert (response.json()["is_answered"], response.json()["accepted_post"]) == (
            True,
            world.answer.pk,
        )


def test_accepting_an_answer_from_another_thread_answers_400_naming_post(world):
    other = thread_create(
        community=world.growers,
        author=world.people["author"],
        title="Q2",
        kind="question",
        body="?",
    )
    elsewhere = post_create(thread=other, author=world.people["member"], body="A")
    client, url = world.client("author"), f"/api/v1/threads/{world.question.pk}/accept/"

    response = client.post(url, {"post": elsewhere.pk})

    assert response.status_code == 400
    assert response.json()["fields"] == {"post": ["That answer belongs to another thread."]}
    for data in ({"post": world.secret_reply.pk}, {"post": "x"}, {}, {"post": 999999}):
        assert "post" in client.post(url, data).json()["fields"]
    unknown = client.post(url, {"post": world.answer.pk, "note": "thanks"})
    assert unknown.json()["fields"] == {"note": ["Unknown field."]}
    world.question.refresh_from_db()
    assert world.question.accepted_post_id is None


def test_the_question_itself_or_a_non_question_cannot_be_answered(world):
    client = world.client("author")
    response = client.post(
        f"/api/v1/threads/{world.question.pk}/accept/", {"post": first_post(world.question).pk}
    )
    assert "post" in response.json()["fields"]
    response = client.post(
        f"/api/v1/threads/{world.secret_thread.pk}/accept/", {"post": world.secret_reply.pk}
    )
    assert response.status_code == 400
    assert "post" in response.json()["fields"]


def test_outsiders_cannot_accept_in_members_only_threads(world):
    response = world.client("outsider").post(
        f"/api/v1/threads/{world.secret_thread.pk}/accept/", {"post": world.secret_reply.pk}
    )
    assert response.status_code == 404


# --- From the community, on a milestone -------------------------------------------------


@pytest.fixture
def orchard(staff_user):
    playbook = playbook_create(
        by=staff_user,
        title="Orchard season",
        public=True,
        milestones=[{"title": "Thinning"}, {"title": "Harvest"}],
    )
    return playbook, *playbook.milestones.order_by("position")


def test_tips_and_answered_questions_of_public_communities_reach_the_milestone(
    world, orchard, customer
):
    playbook, thinning, harvest = orchard
    people = world.people
    goal = playbook_start(playbook=playbook, by=customer, target_date=date(2027, 3, 1))
    milestone = goal.milestones.get(source=thinning)

    tip = thread_create(
        community=world.growers,
        author=people["member"],
        title="Thin early",
        kind="tip",
        body="x",
        playbook_milestone=thinning,
    )
    answered = thread_create(
        community=world.growers,
        author=people["author"],
        title="How?",
        kind="question",
        body="?",
        playbook_milestone=thinning,
    )
    reply = post_create(thread=answered, author=people["member"], body="By **hand**")
    thread_accept_answer(thread=answered, post=reply, by=people["author"])
    thread_create(
        community=world.growers,
        author=people["author"],
        title="Unanswered",
        kind="question",
        body="?",
        playbook_milestone=thinning,
    )
    thread_create(
        community=world.growers,
        author=people["author"],
        title="Other step",
        kind="tip",
        body="?",
        playbook_milestone=harvest,
    )
    thread_create(
        community=world.secret,
        author=people["author"],
        title="Members only",
        kind="tip",
        body="x",
        playbook_milestone=thinning,
    )
    url = f"/api/v1/milestones/{milestone.pk}/community-tips/"

    results = client_for(customer).get(url).json()["results"]

    assert {thread["id"] for thread in results} == {tip.pk, answered.pk}
    by_id = {thread["id"]: thread for thread in results}
    assert by_id[answered.pk]["accepted_answer"]["body_html"] == "<p>By <strong>hand</strong></p>\n"
    assert by_id[answered.pk]["accepted_answer"]["author"]["name"] == "Mere Member"
    assert by_id[tip.pk]["accepted_answer"] is None
    assert by_id[tip.pk]["community"] == world.growers.slug
    assert client_for(customer).get(url).status_code == 200
    # Milestones are their owner's: everyone else is told there is no such milestone.
    assert world.statuses("get", url) == {**dict.fromkeys(SIGNED_IN, 404), "anonymous": 401}


def test_a_milestone_without_a_playbook_has_no_tips(world, customer):
    from goals.services import goal_create
    from milestones.services import milestone_create

    goal = goal_create(by=customer, title="Own plan", target_date=date(2027, 3, 1))
    milestone = milestone_create(goal=goal, by=goal.owner, title="Step", duration_days=1)
    response = client_for(customer).get(f"/api/v1/milestones/{milestone.pk}/community-tips/")
    assert (response.status_code, response.json()["count"]) == (200, 0)


# --- The whole journey ------------------------------------------------------------------


def test_ask_get_a_partner_answer_accept_and_another_grower_sees_it(world, orchard, customer):
    playbook, thinning, _harvest = orchard
    asker, neighbour, partner = customer, UserFactory(), UserFactory(display_name="Pita")
    organization_create(by=partner, name="Orchard Supplies", kind="supplier")
    goal = playbook_start(playbook=playbook, by=neighbour, target_date=date(2027, 3, 1))
    growers = f"/api/v1/communities/{world.growers.slug}"

    assert client_for(asker).post(f"{growers}/members/", {}).status_code == 201
    asked = client_for(asker).post(
        f"{growers}/threads/",
        {"title": "Thin when?", "kind": "question", "body": "?", "playbook_milestone": thinning.pk},
    )
    thread = asked.json()["id"]
    assert client_for(partner).post(f"{growers}/members/", {}).status_code == 201
    answered = client_for(partner).post(f"/api/v1/threads/{thread}/posts/", {"body": "At 10mm"})
    assert answered.json()["badges"]["organizations"] == [
        {"name": "Orchard Supplies", "slug": "orchard-supplies", "verified": False}
    ]
    accepted = client_for(asker).post(
        f"/api/v1/threads/{thread}/accept/", {"post": answered.json()["id"]}
    )
    assert accepted.status_code == 200

    milestone = goal.milestones.get(source=thinning)
    tips = client_for(neighbour).get(f"/api/v1/milestones/{milestone.pk}/community-tips/")
    [tip] = tips.json()["results"]
    assert (tip["id"], tip["accepted_answer"]["id"]) == (thread, answered.json()["id"])


# --- Addresses, schema ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/threads/abc/"),
        ("get", "/api/v1/threads/1.5/posts/"),
        ("get", "/api/v1/threads/99999999999999999999999/"),
        ("post", "/api/v1/threads/99999999999999999999999/accept/"),
        ("get", "/api/v1/posts/-1/"),
        ("post", "/api/v1/posts/99999999999999999999999/reactions/"),
        ("get", "/api/v1/communities/%00/"),
        ("get", "/api/v1/communities/no%20such/threads/"),
        ("post", "/api/v1/communities/no-such-community/members/"),
        ("get", "/api/v1/milestones/x/community-tips/"),
        ("get", "/api/v1/milestones/99999999999999999999999/community-tips/"),
    ],
)
def test_malformed_or_unknown_addresses_answer_404(world, method, url):
    assert getattr(world.client("staff"), method)(url, {}).status_code == 404


API_PATHS = {
    "/api/v1/communities/": {"get", "post"},
    "/api/v1/communities/{slug}/": {"get", "patch"},
    "/api/v1/communities/{slug}/members/": {"get", "post"},
    "/api/v1/communities/{slug}/threads/": {"get", "post"},
    "/api/v1/threads/{id}/": {"get", "patch"},
    "/api/v1/threads/{id}/posts/": {"get", "post"},
    "/api/v1/threads/{id}/accept/": {"post"},
    "/api/v1/posts/{id}/": {"get", "patch", "delete"},
    "/api/v1/posts/{id}/reactions/": {"post", "delete"},
    "/api/v1/milestones/{id}/community-tips/": {"get"},
}


def test_the_schema_lists_every_community_endpoint_without_warnings(client):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    ours = [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        if "community/api/" in message or "enum" in message
    ]

    assert ours == []
    for path, methods in API_PATHS.items():
        assert set(schema["paths"][path]) - {"parameters"} == methods, path
    assert client.get("/api/schema/").status_code == 200


# --- Query counts at two data sizes -----------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


def bulk_people(count: int, prefix: str) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"{prefix}{index}@example.org", display_name=f"{prefix} {index}")
        for index in range(count)
    )


def bulk_partner_members(people, organization) -> None:
    PartnerMembership.objects.bulk_create(
        PartnerMembership(
            organization=organization, user=person, email=person.email, accepted_at=timezone.now()
        )
        for person in people
    )


def bulk_posts(thread, authors, count: int) -> list[Post]:
    posts = Post.objects.bulk_create(
        Post(
            thread=thread,
            author=authors[index % len(authors)],
            body=f"Reply {index}",
            body_html=f"<p>Reply {index}</p>",
        )
        for index in range(count)
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=count + 1)
    return posts


def test_a_thousand_post_thread_reads_in_as_many_queries_as_a_short_one(world):
    organization = PartnerOrganization.objects.create(name="Co", slug="co", kind="supplier")
    thread = world.secret_thread  # members-only: the lookup asks the whole read rule
    reader = world.client("moderator")
    small = count_queries(reader, f"/api/v1/threads/{thread.pk}/posts/")  # two posts

    authors = bulk_people(80, "writer")
    bulk_partner_members(authors, organization)
    posts = bulk_posts(thread, authors, 1000)
    Reaction.objects.bulk_create(
        Reaction(post=post, user=world.people["moderator"]) for post in posts[::3]
    )
    for page in ("", "?page=10", "?page=last", "?page_size=200"):
        assert count_queries(reader, f"/api/v1/threads/{thread.pk}/posts/{page}") == small


def test_the_thread_list_makes_the_same_queries_for_few_and_many_threads(world):
    reader, url = world.client("member"), f"/api/v1/communities/{world.growers.slug}/threads/"
    small = count_queries(reader, url)
    authors = bulk_people(60, "asker")
    Thread.objects.bulk_create(
        Thread(
            community=world.growers,
            author=authors[index % 60],
            title=f"T{index}",
            kind="question",
            post_count=1,
            pinned=index % 10 == 0,
        )
        for index in range(150)
    )
    assert count_queries(reader, url) == small
    assert count_queries(reader, url + "?kind=question&answered=false&page=2") == small


def test_the_community_list_makes_the_same_queries_for_few_and_many(world):
    reader = world.client("member")
    small = count_queries(reader, "/api/v1/communities/")
    Community.objects.bulk_create(
        Community(name=f"C{index}", slug=f"c{index}", purpose="x") for index in range(120)
    )
    CommunityMembership.objects.bulk_create(
        CommunityMembership(community=community, user=world.people["member"])
        for community in Community.objects.filter(slug__startswith="c")
    )
    assert count_queries(reader, "/api/v1/communities/") == small
    assert count_queries(reader, "/api/v1/communities/?search=C1&page=2&page_size=10") == small


def test_the_member_list_makes_the_same_queries_for_few_and_many(world):
    url = f"/api/v1/communities/{world.secret.slug}/members/"
    small = {role: count_queries(world.client(role), url) for role in ("member", "moderator")}
    CommunityMembership.objects.bulk_create(
        CommunityMembership(community=world.secret, user=person, status=status)
        for index, person in enumerate(bulk_people(120, "joiner"))
        for status in [("active", "pending")[index % 2]]
    )
    assert {role: count_queries(world.client(role), url) for role in small} == small


def test_community_tips_make_the_same_queries_for_few_and_many(world, orchard, customer):
    playbook, thinning, _harvest = orchard
    goal = playbook_start(playbook=playbook, by=customer, target_date=date(2027, 3, 1))
    url = f"/api/v1/milestones/{goal.milestones.get(source=thinning).pk}/community-tips/"
    thread_create(
        community=world.growers,
        author=world.people["member"],
        title="Tip",
        kind="tip",
        body="x",
        playbook_milestone=thinning,
    )
    small = count_queries(client_for(customer), url)
    authors = bulk_people(40, "tipper")
    threads = Thread.objects.bulk_create(
        Thread(
            community=world.growers,
            author=authors[index % 40],
            title=f"T{index}",
            kind="question",
            playbook_milestone=thinning,
        )
        for index in range(90)
    )
    answers = Post.objects.bulk_create(
        Post(thread=thread, author=authors[-1], body="A", body_html="<p>A</p>")
        for thread in threads
    )
    for thread, answer in zip(threads, answers, strict=True):
        thread.accepted_post = answer
    Thread.objects.bulk_update(threads, ["accepted_post"])
    assert count_queries(client_for(customer), url) == small
