"""The API of a goal's ecosystem (issue 5): stakeholders, invitations, advice and the
partner dashboard. Who sees what on every endpoint is walked role by role in
tests/test_visibility_matrix.py; here, the behaviour of each endpoint."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from ecosystem.audit.models import AuditEvent
from goals.models import Goal
from goals.services import goal_create
from milestones.models import Milestone
from milestones.services import milestone_create, milestone_update
from partners.services import member_accept, member_invite, organization_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.models import Advice, Stakeholder
from stakeholders.services import (
    advice_moderate,
    advice_post,
    stakeholder_invite,
    stakeholder_remove,
)
from tests.conftest import api_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


@pytest.fixture
def goal(customer):
    return goal_create(by=customer, title="Gala apples", target_date=date(2030, 3, 1))


@pytest.fixture
def order(goal):
    return milestone_create(goal=goal, by=goal.owner, title="Order fertiliser", duration_days=1)


@pytest.fixture
def project(goal):
    return milestone_create(goal=goal, by=goal.owner, title="Thinning", duration_days=5)


@pytest.fixture
def tutor(db):
    return UserFactory(email="tutor@example.org", display_name="Tui Tutor")


@pytest.fixture
def tutor_api(tutor):
    return api_for(tutor)


@pytest.fixture
def supplier_admin(db):
    return UserFactory(email="admin@orchard-supplies.example", display_name="Ada Admin")


@pytest.fixture
def supplier(supplier_admin):
    return organization_create(by=supplier_admin, name="Orchard Supplies", kind="supplier")


def accepted(goal, owner, invitee, **options):
    stakeholder = stakeholder_invite(
        goal=goal, by=owner, email=invitee.email, role=options.pop("role", "tutor"), **options
    )
    return stakeholder_answer(token=invitation_token(stakeholder), user=invitee, accept=True)


def invited_organisation(goal, owner, organization, admin, **options):
    stakeholder = stakeholder_invite(
        goal=goal, by=owner, organization=organization, role="supplier", **options
    )
    return stakeholder_answer(token=invitation_token(stakeholder), user=admin, accept=True)


# --- Inviting, answering, listing -----------------------------------------------------


def test_an_invitation_by_email_is_sent_shown_plainly_and_accepted(
    django_capture_on_commit_callbacks, mailoutbox, customer_api, goal, order, project, tutor
):
    with django_capture_on_commit_callbacks(execute=True):
        response = customer_api.post(
            f"/api/v1/goals/{goal.pk}/stakeholders/",
            {
                "email": "Tutor@Example.org",
                "role": "tutor",
                "access": "comment",
                "milestones": [project.pk],
                "ends_on": "2030-01-31",
            },
        )
    assert response.status_code == 201, response.content
    row = response.json()
    assert row["email"] == "tutor@example.org"
    assert (row["status"], row["access"], row["milestones"]) == ("invited", "comment", [project.pk])
    assert mailoutbox[0].to == ["tutor@example.org"]
    token = mailoutbox[0].body.split("/invitations/")[1].split("/")[0]
    tutor_api = api_for(tutor)
    assert tutor_api.get(f"/api/v1/goals/{goal.pk}/").status_code == 404

    shown = tutor_api.get(f"/api/v1/invitations/{token}/")
    assert shown.status_code == 200, shown.content
    assert shown.json() | {"stakeholder": None} == {
        "stakeholder": None,
        "goal": goal.pk,
        "goal_title": "Gala apples",
        "owner_name": "Casey Customer",
        "target_date": "2030-03-01",
        "invited_email": "tutor@example.org",
        "partner": None,
        "partner_name": None,
        "role": "tutor",
        "access": "comment",
        "whole_goal": False,
        "scope": ["Thinning"],
        "ends_on": "2030-01-31",
        "status": "invited",
    }

    answer = tutor_api.post(f"/api/v1/invitations/{token}/accept/")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "active"
    assert tutor_api.get(f"/api/v1/milestones/{project.pk}/").status_code == 200
    assert tutor_api.get(f"/api/v1/milestones/{order.pk}/").status_code == 404
    assert {"stakeholder.invite", "stakeholder.accept"} <= set(
        AuditEvent.objects.values_list("verb", flat=True)
    )


def test_a_partner_is_invited_by_its_slug_and_any_member_then_has_the_access(
    customer_api, goal, order, supplier, supplier_admin
):
    member = UserFactory()
    member_accept(
        membership=member_invite(organization=supplier, by=supplier_admin, email=member.email),
        by=member,
    )
    response = customer_api.post(
        f"/api/v1/goals/{goal.pk}/stakeholders/",
        {"partner": supplier.slug, "role": "supplier", "milestones": [order.pk]},
    )
    assert response.status_code == 201, response.content
    assert (response.json()["partner"], response.json()["name"]) == (
        supplier.slug,
        "Orchard Supplies",
    )
    token = invitation_token(Stakeholder.objects.get())

    refused = api_for(member).post(f"/api/v1/invitations/{token}/accept/")
    assert refused.status_code == 403
    assert "admin of Orchard Supplies" in refused.json()["detail"]
    shown = api_for(supplier_admin).get(f"/api/v1/invitations/{token}/")
    assert (shown.json()["partner"], shown.json()["invited_email"]) == (supplier.slug, "")
    assert api_for(supplier_admin).post(f"/api/v1/invitations/{token}/accept/").status_code == 200
    assert api_for(member).get(f"/api/v1/milestones/{order.pk}/").status_code == 200


def test_the_owner_sees_every_stakeholder_and_a_stakeholder_only_their_own_row(
    customer, customer_api, goal, tutor, tutor_api
):
    mine = accepted(goal, customer, tutor)
    peer = accepted(goal, customer, UserFactory(), role="peer")
    pending = stakeholder_invite(goal=goal, by=customer, email="later@example.org", role="peer")

    assert ids(customer_api.get(f"/api/v1/goals/{goal.pk}/stakeholders/")) == [
        mine.pk,
        peer.pk,
        pending.pk,
    ]
    assert ids(tutor_api.get(f"/api/v1/goals/{goal.pk}/stakeholders/")) == [mine.pk]
    assert tutor_api.get(f"/api/v1/stakeholders/{mine.pk}/").json()["name"] == "Tui Tutor"
    assert tutor_api.get(f"/api/v1/stakeholders/{peer.pk}/").status_code == 404


def test_declining_shares_nothing_and_the_link_stops_working(goal, customer, tutor, tutor_api):
    stakeholder = stakeholder_invite(goal=goal, by=customer, email=tutor.email, role="tutor")
    token = invitation_token(stakeholder)

    response = tutor_api.post(f"/api/v1/invitations/{token}/decline/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "declined"
    assert tutor_api.get(f"/api/v1/goals/{goal.pk}/").status_code == 404
    again = tutor_api.post(f"/api/v1/invitations/{token}/accept/")
    assert again.status_code == 400
    assert "already used" in again.json()["detail"]


def test_an_invitation_is_answered_only_with_the_address_it_was_sent_to(
    goal, customer, tutor, other_customer
):
    stakeholder = stakeholder_invite(goal=goal, by=customer, email=tutor.email, role="tutor")
    token = invitation_token(stakeholder)

    response = api_for(other_customer).post(f"/api/v1/invitations/{token}/accept/")
    assert response.status_code == 403
    assert "tutor@example.org" in response.json()["detail"]
    stakeholder.refresh_from_db()
    assert stakeholder.status == "invited"
    assert api_for(tutor).post(f"/api/v1/invitations/{token}/accept/").status_code == 200


def test_the_owner_cannot_accept_an_invitation_into_their_own_goal(goal, customer, customer_api):
    other_address = UserFactory()
    stakeholder = stakeholder_invite(goal=goal, by=customer, email=other_address.email, role="peer")
    Stakeholder.objects.filter(pk=stakeholder.pk).update(email=customer.email)
    token = invitation_token(stakeholder)
    response = customer_api.post(f"/api/v1/invitations/{token}/accept/")
    assert response.status_code == 400
    assert "your own goal" in response.json()["detail"]


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_an_answer_takes_no_fields(goal, customer, tutor, tutor_api, answer):
    token = invitation_token(
        stakeholder_invite(goal=goal, by=customer, email=tutor.email, role="tutor")
    )
    response = tutor_api.post(f"/api/v1/invitations/{token}/{answer}/", {"access": "contribute"})
    assert response.status_code == 400
    assert "access" in response.json()["fields"]
    assert Stakeholder.objects.get().status == "invited"


@pytest.mark.parametrize("case", ["expired", "reused", "tampered", "garbage", "removed"])
def test_an_unusable_link_answers_400_with_the_reason(goal, customer, tutor, tutor_api, case):
    stakeholder = stakeholder_invite(goal=goal, by=customer, email=tutor.email, role="tutor")
    token = invitation_token(stakeholder)
    travel = timezone.now()
    reason = {
        "expired": "expired",
        "reused": "already used",
        "tampered": "not valid",
        "garbage": "not valid",
        "removed": "already used",
    }[case]
    if case == "expired":
        travel += timedelta(days=15)
    elif case == "reused":
        stakeholder_answer(token=token, user=tutor, accept=True)
    elif case == "tampered":
        token = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    elif case == "garbage":
        token = "not-a-token"
    else:
        stakeholder_remove(stakeholder=stakeholder, by=customer)
    before = Stakeholder.objects.values_list("status", flat=True).get()

    with time_machine.travel(travel):
        for answer in (
            tutor_api.get(f"/api/v1/invitations/{token}/"),
            tutor_api.post(f"/api/v1/invitations/{token}/accept/"),
            tutor_api.post(f"/api/v1/invitations/{token}/decline/"),
        ):
            assert answer.status_code == 400, answer.content
            assert reason in answer.json()["detail"]
            assert reason in answer.json()["fields"]["token"][0]
    assert Stakeholder.objects.values_list("status", flat=True).get() == before


def test_invitations_and_the_dashboard_need_a_signed_in_person(goal, customer, tutor):
    token = invitation_token(
        stakeholder_invite(goal=goal, by=customer, email=tutor.email, role="tutor")
    )
    anonymous = api_for()
    assert anonymous.get(f"/api/v1/invitations/{token}/").status_code == 401
    assert anonymous.post(f"/api/v1/invitations/{token}/accept/").status_code == 401
    assert anonymous.post(f"/api/v1/invitations/{token}/decline/").status_code == 401
    assert anonymous.get("/api/v1/partner-dashboard/").status_code == 401
    assert Stakeholder.objects.get().status == "invited"


# --- Bad input: a clear message naming the field, nothing lost ---------------------------


@pytest.mark.parametrize(
    "case, field",
    [
        ("yourself", "email"),
        ("twice", "email"),
        ("twice_by_another_case", "email"),
        ("partner_twice", "partner"),
        ("neither", "email"),
        ("both", "email"),
        ("unknown_partner", "partner"),
        ("past_end", "ends_on"),
        ("bad_date", "ends_on"),
        ("another_goal_of_mine", "milestones"),
        ("someone_elses_milestone", "milestones"),
        ("missing_milestone", "milestones"),
        ("bad_role", "role"),
        ("bad_access", "access"),
        ("unknown_field", "owner"),
    ],
)
def test_a_bad_invitation_answers_400_naming_the_field_and_changes_nothing(
    customer, customer_api, goal, order, other_customer, supplier, case, field
):
    stakeholder_invite(goal=goal, by=customer, email="already@example.org", role="peer")
    stakeholder_invite(goal=goal, by=customer, organization=supplier, role="supplier")
    data = {"email": "new@example.org", "role": "tutor"}
    if case == "yourself":
        data["email"] = customer.email.upper()
    elif case == "twice":
        data["email"] = "already@example.org"
    elif case == "twice_by_another_case":
        data["email"] = "Already@Example.org"
    elif case == "partner_twice":
        data = {"partner": supplier.slug, "role": "supplier"}
    elif case == "neither":
        del data["email"]
    elif case == "both":
        data["partner"] = supplier.slug
    elif case == "unknown_partner":
        data = {"partner": "nobody-here", "role": "supplier"}
    elif case == "past_end":
        data["ends_on"] = (timezone.localdate() - timedelta(days=1)).isoformat()
    elif case == "bad_date":
        data["ends_on"] = "31/01/2030"
    elif case == "another_goal_of_mine":
        mine = goal_create(by=customer, title="Other", target_date=date(2030, 5, 1))
        data["milestones"] = [
            milestone_create(goal=mine, by=mine.owner, title="X", duration_days=1).pk
        ]
    elif case == "someone_elses_milestone":
        theirs = goal_create(by=other_customer, title="Theirs", target_date=date(2030, 5, 1))
        data["milestones"] = [
            milestone_create(goal=theirs, by=theirs.owner, title="Y", duration_days=1).pk
        ]
    elif case == "missing_milestone":
        data["milestones"] = [order.pk, 987654]
    elif case == "bad_role":
        data["role"] = "overlord"
    elif case == "bad_access":
        data["access"] = "admin"
    else:
        data["owner"] = other_customer.pk
    before = list(Stakeholder.objects.order_by("pk").values_list("pk", "status"))

    response = customer_api.post(f"/api/v1/goals/{goal.pk}/stakeholders/", data)

    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["fields"], body
    assert body["fields"][field][0]
    assert list(Stakeholder.objects.order_by("pk").values_list("pk", "status")) == before


@pytest.mark.parametrize(
    "data, field",
    [
        ({"ends_on": "2000-01-01"}, "ends_on"),
        ({"milestones": ["other"]}, "milestones"),
        ({"access": "owner"}, "access"),
        ({"status": "active"}, "status"),
        ({"goal": 1}, "goal"),
    ],
)
def test_a_bad_change_answers_400_naming_the_field_and_changes_nothing(
    customer, customer_api, goal, order, tutor, data, field
):
    stakeholder = accepted(goal, customer, tutor, milestones=[order])
    if data.get("milestones") == ["other"]:
        other = goal_create(by=customer, title="Other", target_date=date(2030, 5, 1))
        data = {
            "milestones": [
                milestone_create(goal=other, by=other.owner, title="X", duration_days=1).pk
            ]
        }

    response = customer_api.patch(f"/api/v1/stakeholders/{stakeholder.pk}/", data)

    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    stakeholder.refresh_from_db()
    assert (stakeholder.access, stakeholder.ends_on, stakeholder.status) == (
        "view",
        None,
        "active",
    )
    assert list(stakeholder.milestones.all()) == [order]


# --- Changing and removing --------------------------------------------------------------


def test_the_owner_changes_access_scope_and_end_date_effective_on_the_next_request(
    customer, customer_api, goal, order, project, tutor, tutor_api
):
    stakeholder = accepted(goal, customer, tutor, milestones=[order])
    assert tutor_api.patch(f"/api/v1/milestones/{order.pk}/", {"title": "X"}).status_code == 403

    response = customer_api.patch(
        f"/api/v1/stakeholders/{stakeholder.pk}/",
        {"access": "contribute", "milestones": [project.pk], "ends_on": "2030-02-01"},
    )

    assert response.status_code == 200, response.content
    assert (response.json()["access"], response.json()["milestones"]) == (
        "contribute",
        [project.pk],
    )
    assert tutor_api.get(f"/api/v1/milestones/{order.pk}/").status_code == 404
    assert tutor_api.patch(f"/api/v1/milestones/{project.pk}/", {"title": "Y"}).status_code == 200
    whole = customer_api.patch(
        f"/api/v1/stakeholders/{stakeholder.pk}/", {"milestones": [], "ends_on": None}
    )
    assert (whole.json()["milestones"], whole.json()["ends_on"]) == ([], None)
    assert tutor_api.get(f"/api/v1/milestones/{order.pk}/").status_code == 200
    assert AuditEvent.objects.filter(verb="stakeholder.change").count() == 2


def test_removing_a_stakeholder_stops_access_at_once_and_keeps_the_record(
    customer, customer_api, goal, order, tutor, tutor_api
):
    stakeholder = accepted(goal, customer, tutor)
    assert tutor_api.get(f"/api/v1/goals/{goal.pk}/").status_code == 200

    assert customer_api.delete(f"/api/v1/stakeholders/{stakeholder.pk}/").status_code == 204

    assert tutor_api.get(f"/api/v1/goals/{goal.pk}/").status_code == 404
    assert tutor_api.get(f"/api/v1/stakeholders/{stakeholder.pk}/").status_code == 404
    row = customer_api.get(f"/api/v1/stakeholders/{stakeholder.pk}/").json()
    assert row["status"] == "removed"
    assert customer_api.delete(f"/api/v1/stakeholders/{stakeholder.pk}/").status_code == 204
    changed = customer_api.patch(f"/api/v1/stakeholders/{stakeholder.pk}/", {"access": "comment"})
    assert changed.status_code == 400
    assert "invite them again" in changed.json()["detail"]


def test_stakeholders_cannot_invite_change_or_remove(customer, goal, tutor, tutor_api):
    stakeholder = accepted(goal, customer, tutor, access="contribute")
    url = f"/api/v1/stakeholders/{stakeholder.pk}/"

    invite = tutor_api.post(f"/api/v1/goals/{goal.pk}/stakeholders/", {"nonsense": 1})
    assert invite.status_code == 403
    assert "owner" in invite.json()["detail"]
    assert tutor_api.patch(url, {"access": "view"}).status_code == 403
    assert tutor_api.delete(url).status_code == 403
    stakeholder.refresh_from_db()
    assert (stakeholder.status, stakeholder.access) == ("active", "contribute")


def test_a_lapsed_stakeholder_sees_nothing_the_next_day(customer, goal, order, tutor, tutor_api):
    stakeholder = accepted(goal, customer, tutor, ends_on=timezone.localdate())
    assert tutor_api.get(f"/api/v1/goals/{goal.pk}/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert tutor_api.get(f"/api/v1/goals/{goal.pk}/").status_code == 404
        assert tutor_api.get(f"/api/v1/stakeholders/{stakeholder.pk}/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/goals/abc/stakeholders/",
        "/api/v1/goals/99999999999999999999999/stakeholders/",
        "/api/v1/stakeholders/abc/",
        "/api/v1/stakeholders/99999999999999999999999/",
        "/api/v1/milestones/abc/advice/",
        "/api/v1/milestones/99999999999999999999999/advice/",
        "/api/v1/advice/abc/",
        "/api/v1/advice/99999999999999999999999/",
    ],
)
def test_malformed_ids_answer_404(customer_api, url):
    assert customer_api.get(url).status_code == 404


# --- Advice -----------------------------------------------------------------------------


def test_posting_advice_needs_comment_access(customer, goal, order, tutor, tutor_api):
    stakeholder = accepted(goal, customer, tutor)
    url = f"/api/v1/milestones/{order.pk}/advice/"

    refused = tutor_api.post(url, {"body": "Order **early**"})
    assert refused.status_code == 403
    assert "advice" in refused.json()["detail"]
    stakeholder.access = "comment"
    stakeholder.save()
    response = tutor_api.post(url, {"body": "Order **early**"})
    assert response.status_code == 201, response.content
    advice = response.json()
    assert advice["body_html"].strip() == "<p>Order <strong>early</strong></p>"
    assert (advice["author_name"], advice["is_author"], advice["milestone"]) == (
        "Tui Tutor",
        True,
        order.pk,
    )
    assert ids(tutor_api.get(url)) == [advice["id"]]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
        ({"body": "<script>alert(1)</script>"}, "body"),
        ({"body": "[x](javascript:alert(1))"}, "body"),
        ({}, "body"),
        ({"body": "ok", "hidden": True}, "hidden"),
    ],
)
def test_bad_advice_answers_400_naming_the_field(customer_api, order, data, field):
    response = customer_api.post(f"/api/v1/milestones/{order.pk}/advice/", data)
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not Advice.objects.exists()


def test_the_owner_marks_advice_helpful_or_hides_it_and_hidden_advice_is_theirs_and_the_authors(
    customer, customer_api, goal, order, tutor, tutor_api
):
    accepted(goal, customer, tutor, access="comment")
    peer = UserFactory()
    accepted(goal, customer, peer, access="comment", role="peer")
    advice = advice_post(milestone=order, by=tutor, body="Order early")
    url = f"/api/v1/advice/{advice.pk}/"

    refused = tutor_api.patch(url, {"hidden": True})
    assert refused.status_code == 403
    response = customer_api.patch(url, {"helpful": True, "hidden": True})
    assert response.status_code == 200, response.content
    assert (response.json()["helpful"], response.json()["hidden"]) == (True, True)

    listing = f"/api/v1/milestones/{order.pk}/advice/"
    assert ids(customer_api.get(listing)) == [advice.pk]
    assert ids(tutor_api.get(listing)) == [advice.pk]
    assert ids(api_for(peer).get(listing)) == []
    assert api_for(peer).get(url).status_code == 404


def test_only_its_author_edits_advice_and_author_or_owner_deletes_it(
    customer, customer_api, goal, order, tutor, tutor_api
):
    accepted(goal, customer, tutor, access="comment")
    advice = advice_post(milestone=order, by=tutor, body="Order early")
    url = f"/api/v1/advice/{advice.pk}/"

    assert customer_api.patch(url, {"body": "Rewritten"}).status_code == 403
    response = tutor_api.patch(url, {"body": "Order *very* early"})
    assert response.status_code == 200, response.content
    assert "<em>very</em>" in response.json()["body_html"]
    assert tutor_api.patch(url, {"body": "<script>x</script>"}).status_code == 400
    assert Advice.objects.get().body == "Order *very* early"

    assert customer_api.delete(url).status_code == 204
    assert not Advice.objects.exists()
    mine = advice_post(milestone=order, by=tutor, body="Again")
    assert tutor_api.delete(f"/api/v1/advice/{mine.pk}/").status_code == 204


def test_an_author_who_lost_comment_access_can_no_longer_edit(
    customer, customer_api, goal, order, tutor, tutor_api
):
    stakeholder = accepted(goal, customer, tutor, access="comment")
    advice = advice_post(milestone=order, by=tutor, body="Order early")
    customer_api.patch(f"/api/v1/stakeholders/{stakeholder.pk}/", {"access": "view"})

    assert tutor_api.patch(f"/api/v1/advice/{advice.pk}/", {"body": "Later"}).status_code == 403
    customer_api.delete(f"/api/v1/stakeholders/{stakeholder.pk}/")
    assert tutor_api.patch(f"/api/v1/advice/{advice.pk}/", {"body": "Later"}).status_code == 404
    assert Advice.objects.get().body == "Order early"


# --- The partner dashboard --------------------------------------------------------------


def test_the_partner_dashboard_shows_invited_goals_and_coming_milestones_in_scope(
    customer, goal, order, project, supplier, supplier_admin, other_customer
):
    """For a supplier: the ordering dates of every customer who invited them."""
    invited_organisation(goal, customer, supplier, supplier_admin, milestones=[order])
    theirs = goal_create(by=other_customer, title="Kiwifruit", target_date=date(2030, 1, 10))
    milestone_create(goal=theirs, by=theirs.owner, title="Order netting", duration_days=2)
    their_done = milestone_create(
        goal=theirs, by=theirs.owner, title="Order sprays", duration_days=1
    )
    milestone_update(milestone=their_done, by=their_done.goal.owner, status="done")
    invited_organisation(theirs, other_customer, supplier, supplier_admin)
    removed = goal_create(by=UserFactory(), title="Gone", target_date=date(2030, 2, 1))
    milestone_create(goal=removed, by=removed.owner, title="Order boxes", duration_days=1)
    grant = invited_organisation(removed, removed.owner, supplier, supplier_admin)
    stakeholder_remove(stakeholder=grant, by=removed.owner)
    personal = goal_create(by=UserFactory(), title="Personal", target_date=date(2030, 2, 2))
    milestone_create(goal=personal, by=personal.owner, title="Not as a partner", duration_days=1)
    accepted(personal, personal.owner, supplier_admin)

    response = api_for(supplier_admin).get("/api/v1/partner-dashboard/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert [(row["goal_title"], row["title"]) for row in body["results"]] == [
        ("Kiwifruit", "Order netting"),
        ("Gala apples", "Order fertiliser"),
    ]
    assert body["count"] == 2
    first = body["results"][0]
    assert first["customer"] == "Olly Other"
    assert first["latest_start"] <= body["results"][1]["latest_start"]
    assert [(via["partner"], via["role"]) for via in first["via"]] == [(supplier.slug, "supplier")]
    assert [(entry["title"], entry["customer"]) for entry in body["goals"]] == [
        ("Kiwifruit", "Olly Other"),
        ("Gala apples", "Casey Customer"),
    ]
    assert body["goals"][1]["via"][0]["milestones"] == [order.pk]


def test_the_partner_dashboard_leaves_out_past_and_lapsed_and_is_empty_for_non_partners(
    customer, goal, order, supplier, supplier_admin, tutor
):
    invited_organisation(
        goal, customer, supplier, supplier_admin, ends_on=timezone.localdate() + timedelta(days=1)
    )
    Milestone.objects.filter(pk=order.pk).update(
        latest_start=date(2020, 1, 1), latest_finish=date(2020, 1, 2)
    )
    body = api_for(supplier_admin).get("/api/v1/partner-dashboard/").json()
    assert (body["count"], len(body["goals"])) == (0, 1)

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        body = api_for(supplier_admin).get("/api/v1/partner-dashboard/").json()
    assert (body["count"], body["goals"]) == (0, [])
    empty = api_for(tutor).get("/api/v1/partner-dashboard/").json()
    assert (empty["count"], empty["results"], empty["goals"]) == (0, [], [])


def test_the_partner_dashboard_is_paginated(customer, supplier, supplier_admin):
    bulk_goals_inviting(supplier, 3, milestones_each=2)
    client = api_for(supplier_admin)
    first = client.get("/api/v1/partner-dashboard/?page_size=3").json()
    assert (first["count"], len(first["results"]), len(first["goals"])) == (4, 3, 3)
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1
    starts = [row["latest_start"] for row in first["results"] + second["results"]]
    assert starts == sorted(starts)


# --- Query counts at two data sizes -----------------------------------------------------


def bulk_goals_inviting(organization, count: int, *, milestones_each: int = 2) -> list[Goal]:
    """`count` customers' goals inviting `organization`: every other one to its first
    milestone only, the others to the whole goal."""
    owners = [UserFactory(verified=False) for _ in range(count)]
    goals = Goal.objects.bulk_create(
        Goal(owner=owner, title=f"Goal {index}", target_date=date(2030, 6, 1))
        for index, owner in enumerate(owners)
    )
    milestones = Milestone.objects.bulk_create(
        Milestone(
            goal=goal,
            title=f"Step {number}",
            position=number,
            latest_start=date(2030, 1, 1) + timedelta(days=index + number),
            latest_finish=date(2030, 1, 2) + timedelta(days=index + number),
        )
        for index, goal in enumerate(goals)
        for number in range(milestones_each)
    )
    grants = Stakeholder.objects.bulk_create(
        Stakeholder(
            goal=goal,
            organization=organization,
            role="supplier",
            access="view",
            status="active",
        )
        for goal in goals
    )
    through = Stakeholder.milestones.through
    through.objects.bulk_create(
        through(stakeholder=grant, milestone=milestones[index * milestones_each])
        for index, grant in enumerate(grants)
        if index % 2 == 0
    )
    return goals


def bulk_stakeholders(goal, count: int) -> None:
    people = [UserFactory(verified=False) for _ in range(count)]
    rows = Stakeholder.objects.bulk_create(
        Stakeholder(
            goal=goal,
            user=person,
            email=person.email,
            role="peer",
            access="comment",
            status="active",
        )
        for person in people
    )
    first = goal.milestones.first()
    through = Stakeholder.milestones.through
    through.objects.bulk_create(through(stakeholder=row, milestone=first) for row in rows[::2])


def test_the_stakeholders_list_makes_the_same_number_of_queries_for_2_and_30(
    customer_api, goal, order, supplier
):
    url = f"/api/v1/goals/{goal.pk}/stakeholders/"
    bulk_stakeholders(goal, 2)
    small = count_queries(customer_api, url)
    bulk_stakeholders(goal, 28)
    Stakeholder.objects.create(goal=goal, organization=supplier, role="supplier", status="active")
    assert len(ids(customer_api.get(url))) == 31
    assert count_queries(customer_api, url) == small


def test_the_partner_dashboard_makes_the_same_number_of_queries_for_2_and_30_goals(
    supplier, supplier_admin
):
    client = api_for(supplier_admin)
    bulk_goals_inviting(supplier, 2)
    small = count_queries(client, "/api/v1/partner-dashboard/")
    bulk_goals_inviting(supplier, 28)
    assert client.get("/api/v1/partner-dashboard/").json()["count"] == 45
    assert count_queries(client, "/api/v1/partner-dashboard/") == small


def test_the_advice_list_makes_the_same_number_of_queries_for_2_and_30(
    customer, customer_api, goal, order
):
    url = f"/api/v1/milestones/{order.pk}/advice/"
    authors = [UserFactory(verified=False) for _ in range(30)]
    Advice.objects.bulk_create(
        Advice(milestone=order, author=author, body="Tip", body_html="<p>Tip</p>")
        for author in authors[:2]
    )
    small = count_queries(customer_api, url)
    Advice.objects.bulk_create(
        Advice(milestone=order, author=author, body="Tip", body_html="<p>Tip</p>")
        for author in authors[2:]
    )
    advice_moderate(advice=Advice.objects.first(), by=customer, hidden=True)
    assert len(ids(customer_api.get(url))) == 30
    assert count_queries(customer_api, url) == small


# --- The schema -------------------------------------------------------------------------

API_PATHS = {
    "/api/v1/goals/{id}/stakeholders/": {"get", "post"},
    "/api/v1/stakeholders/{id}/": {"get", "patch", "delete"},
    "/api/v1/invitations/{token}/": {"get"},
    "/api/v1/invitations/{token}/accept/": {"post"},
    "/api/v1/invitations/{token}/decline/": {"post"},
    "/api/v1/milestones/{id}/advice/": {"get", "post"},
    "/api/v1/advice/{id}/": {"get", "patch", "delete"},
    "/api/v1/partner-dashboard/": {"get"},
}


def test_the_schema_lists_every_ecosystem_endpoint_without_warnings(client):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    ours = [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        if "stakeholder" in message.lower()
        or ("enum" in message and ('"role"' in message or '"access"' in message))
    ]

    assert ours == []
    for path, methods in API_PATHS.items():
        assert set(schema["paths"][path]) - {"parameters"} == methods, path
    invitation = schema["paths"]["/api/v1/invitations/{token}/"]["get"]["responses"]
    assert "expired" in invitation["400"]["description"]
    assert "201" in schema["paths"]["/api/v1/goals/{id}/stakeholders/"]["post"]["responses"]
    assert "204" in schema["paths"]["/api/v1/advice/{id}/"]["delete"]["responses"]
    dashboard = schema["paths"]["/api/v1/partner-dashboard/"]["get"]
    assert {"page", "page_size"} <= {parameter["name"] for parameter in dashboard["parameters"]}
    served = client.get("/api/schema/")
    assert served.status_code == 200
    for path in API_PATHS:
        assert path in served.content.decode()


def test_an_invitation_for_a_goal_in_the_trash_is_gone(goal, customer, tutor, tutor_api):
    token = invitation_token(
        stakeholder_invite(goal=goal, by=customer, email=tutor.email, role="tutor")
    )
    Goal.objects.filter(pk=goal.pk).update(deleted_at=timezone.now())
    response = tutor_api.get(f"/api/v1/invitations/{token}/")
    assert response.status_code == 400
    assert "no longer exists" in response.json()["detail"]
