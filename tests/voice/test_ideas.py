"""The ideas board: post, one vote each, comments, the partner's status tells every voter,
duplicates merged without counting anyone twice, staff hide; filters and pagination."""

import pytest
from django.test import Client

from ecosystem.audit.models import AuditEvent
from tests.conftest import api_for, assert_max_queries, client_for
from tests.factories import UserFactory
from voice.models import Idea, IdeaVote
from voice.services.ideas import idea_post, idea_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization(partner_admin):
    return partner_admin.partner_memberships.get().organization


def test_post_vote_once_and_unvote_through_the_api(customer, other_customer, organization):
    api = api_for(customer)
    created = api.post(
        "/api/v1/ideas/", {"title": "Smaller fertiliser bags", "organization": organization.slug}
    )
    assert created.status_code == 201 and created.json()["votes"] == 1
    idea_id = created.json()["id"]
    other = api_for(other_customer)
    assert other.post(f"/api/v1/ideas/{idea_id}/vote/").json()["votes"] == 2
    assert other.post(f"/api/v1/ideas/{idea_id}/vote/").json()["votes"] == 2
    assert other.delete(f"/api/v1/ideas/{idea_id}/vote/").json()["votes"] == 1
    assert api.post("/api/v1/ideas/", {"body": "x"}).json()["fields"].keys() == {"title"}
    assert api.post("/api/v1/ideas/", {"title": "x", "organization": "nope"}).json()[
        "fields"
    ].keys() == {"organization"}
    assert api_for(None).get("/api/v1/ideas/").status_code == 401


def test_filters_and_pagination(customer, organization):
    for number in range(3):
        idea_post(by=customer, title=f"Platform idea {number}")
    idea_post(by=customer, title="For the supplier", organization=organization)
    api = api_for(customer)
    body = api.get(f"/api/v1/ideas/?organization={organization.slug}").json()
    assert [row["title"] for row in body["results"]] == ["For the supplier"]
    assert api.get("/api/v1/ideas/?organization=platform").json()["count"] == 3
    page = api.get("/api/v1/ideas/?page_size=2").json()
    assert page["count"] == 4 and len(page["results"]) == 2 and page["next"]
    bad = api.get("/api/v1/ideas/?status=nonsense")
    assert bad.status_code == 400 and "status" in bad.json()["fields"]


@pytest.mark.parametrize("value", ["1.9256420589382116e+16", "99999999999999999999", "0", "x"])
def test_a_stage_or_playbook_filter_that_no_id_can_be_answers_400(customer, value):
    """Found by the API fuzzing: a huge number made the database driver raise (500)."""
    api = api_for(customer)
    for name in ("stage", "playbook"):
        answer = api.get(f"/api/v1/ideas/?{name}={value}")
        assert answer.status_code == 400, answer.content
        assert list(answer.json()["fields"]) == [name]


def test_the_partner_answers_and_others_may_not(
    customer, other_customer, organization, partner_admin, staff
):
    idea = idea_post(by=customer, title="Deliver on Saturdays", organization=organization)
    idea_vote(idea=idea, by=other_customer)
    assert (
        api_for(other_customer)
        .post(f"/api/v1/ideas/{idea.pk}/status/", {"status": "planned"})
        .status_code
        == 403
    )
    assert (
        api_for(staff).post(f"/api/v1/ideas/{idea.pk}/status/", {"status": "planned"}).status_code
        == 403
    )
    bad = api_for(partner_admin).post(f"/api/v1/ideas/{idea.pk}/status/", {"status": "merged"})
    assert bad.status_code == 400 and "status" in bad.json()["fields"]
    ok = api_for(partner_admin).post(
        f"/api/v1/ideas/{idea.pk}/status/", {"status": "planned", "note": "From March"}
    )
    assert ok.status_code == 200 and ok.json()["status"] == "planned"
    page = client_for(customer).get(f"/ideas/{idea.pk}/").content.decode()
    assert "Planned" in page and "From March" in page


def test_every_voter_hears_of_the_answer_once_in_their_notification_centre(
    customer, other_customer, organization, partner_admin
):
    idea = idea_post(by=customer, title="Deliver on Saturdays", organization=organization)
    idea_vote(idea=idea, by=other_customer)
    idea_vote(idea=idea, by=partner_admin)
    answer = api_for(partner_admin)
    for _twice in range(2):
        answer.post(f"/api/v1/ideas/{idea.pk}/status/", {"status": "planned", "note": "March"})
    for voter in (customer, other_customer):
        centre = api_for(voter).get("/api/v1/notifications/").json()["results"]
        assert [row["title"] for row in centre] == ["“Deliver on Saturdays” is now planned"]
    # The partner who answered is not told of their own answer.
    assert api_for(partner_admin).get("/api/v1/notifications/").json()["count"] == 0
    answer.post(f"/api/v1/ideas/{idea.pk}/status/", {"status": "started"})
    assert api_for(customer).get("/api/v1/notifications/").json()["count"] == 2


def test_merging_moves_votes_without_counting_anyone_twice(
    customer, other_customer, organization, partner_admin
):
    keep = idea_post(by=customer, title="Saturday delivery", organization=organization)
    duplicate = idea_post(by=other_customer, title="Weekend delivery", organization=organization)
    idea_vote(idea=duplicate, by=customer)  # votes for both
    third = UserFactory()
    idea_vote(idea=duplicate, by=third)
    assert (
        api_for(customer)
        .post(f"/api/v1/ideas/{duplicate.pk}/merge/", {"into": keep.pk})
        .status_code
        == 403
    )
    bad = api_for(partner_admin).post(
        f"/api/v1/ideas/{duplicate.pk}/merge/", {"into": duplicate.pk}
    )
    assert bad.status_code == 400 and "into" in bad.json()["fields"]
    merged = api_for(partner_admin).post(f"/api/v1/ideas/{duplicate.pk}/merge/", {"into": keep.pk})
    assert merged.status_code == 200 and merged.json()["votes"] == 3
    assert set(IdeaVote.objects.filter(idea=keep).values_list("voter", flat=True)) == {
        customer.pk,
        other_customer.pk,
        third.pk,
    }
    duplicate.refresh_from_db()
    assert duplicate.status == Idea.Status.MERGED and duplicate.merged_into == keep
    assert api_for(third).post(f"/api/v1/ideas/{duplicate.pk}/vote/").status_code == 403


def test_staff_hide_an_idea_its_author_still_sees_it(customer, other_customer, staff):
    idea = idea_post(by=customer, title="Rude idea")
    assert api_for(customer).post(f"/api/v1/ideas/{idea.pk}/hide/", {}).status_code == 403
    assert (
        api_for(staff).post(f"/api/v1/ideas/{idea.pk}/hide/", {"reason": "rude"}).status_code == 200
    )
    assert AuditEvent.objects.filter(verb="moderation.hide").count() == 1
    assert api_for(other_customer).get(f"/api/v1/ideas/{idea.pk}/").status_code == 404
    assert api_for(customer).get(f"/api/v1/ideas/{idea.pk}/").status_code == 200
    assert client_for(staff).post(f"/ideas/{idea.pk}/", {"action": "show"}).status_code == 302
    assert api_for(other_customer).get(f"/api/v1/ideas/{idea.pk}/").status_code == 200


def test_comments_through_the_api_and_the_page(customer, other_customer):
    idea = idea_post(by=customer, title="Dark mode")
    api = api_for(other_customer)
    assert api.post(f"/api/v1/ideas/{idea.pk}/comments/", {"body": "**yes**"}).status_code == 201
    assert api.post(f"/api/v1/ideas/{idea.pk}/comments/", {}).json()["fields"].keys() == {"body"}
    assert api.get(f"/api/v1/ideas/{idea.pk}/comments/").json()["results"][0]["body_html"] == (
        "<p><strong>yes</strong></p>\n"
    )
    client = client_for(customer)
    assert (
        client.post(f"/ideas/{idea.pk}/", {"action": "comment", "body": "thanks"}).status_code
        == 302
    )
    assert client.post(f"/ideas/{idea.pk}/", {"action": "comment", "body": ""}).status_code == 400
    assert (
        client.post(f"/ideas/{idea.pk}/", {"action": "vote"}, HTTP_HX_REQUEST="true").status_code
        == 200
    )


def test_the_board_page_lists_and_posts(customer, organization, partner_admin):
    client = client_for(customer)
    assert client.get("/ideas/").status_code == 200
    response = client.post(
        "/ideas/", {"title": "Pick-up points", "organization": organization.slug}
    )
    assert response.status_code == 302
    assert client.post("/ideas/", {"title": ""}).status_code == 400
    idea = Idea.objects.get(title="Pick-up points")
    partner = client_for(partner_admin)
    assert (
        partner.post(f"/ideas/{idea.pk}/", {"action": "status", "status": "started"}).status_code
        == 302
    )
    assert (
        client_for(customer)
        .post(f"/ideas/{idea.pk}/", {"action": "status", "status": "started"})
        .status_code
        == 403
    )
    assert Client().get("/ideas/").status_code == 302


@pytest.mark.parametrize("size", [3, 12])
def test_the_board_makes_a_constant_number_of_queries(customer, size):
    for number in range(size):
        idea = idea_post(by=UserFactory(), title=f"Idea {number}")
        idea_vote(idea=idea, by=customer)
    client, api = client_for(customer), api_for(customer)
    with assert_max_queries(12):
        assert client.get("/ideas/").status_code == 200
    with assert_max_queries(4):
        assert api.get("/api/v1/ideas/").status_code == 200
