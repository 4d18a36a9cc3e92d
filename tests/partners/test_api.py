"""The partners API: directory, organisations, members, resources and help for a milestone.

Per-role tables cover every endpoint for a partner admin, a partner member, another
customer, staff and an anonymous caller; list answers are checked to hold exactly the
ids that role may see.
"""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from goals.playbooks import playbook_create
from milestones.plans import playbook_start
from partners.models import Membership, PartnerOrganization, Resource
from partners.services import (
    member_accept,
    member_invite,
    organization_create,
    organization_set_verified,
    resource_create,
    resource_publish,
    resource_unpublish,
)
from tests.conftest import api_for
from tests.factories import CategoryFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["partner_admin", "partner_member", "other_customer", "staff", "anonymous"]


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def slugs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["slug"] for row in response.json()["results"]}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Users here never sign in with a password: skip Argon2's deliberate slowness."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def partner_admin(db):
    return UserFactory(display_name="Pat Partner")


@pytest.fixture
def partner_member(db):
    return UserFactory(display_name="Mo Member", email="mo@example.org")


@pytest.fixture
def supplier(partner_admin, partner_member):
    organization = organization_create(
        by=partner_admin, name="Orchard Supplies", kind="supplier", description="Fertiliser"
    )
    invitation = member_invite(
        organization=organization, by=partner_admin, email=partner_member.email
    )
    member_accept(membership=invitation, by=partner_member)
    return organization


@pytest.fixture
def rival(db):
    return organization_create(by=UserFactory(), name="Extension Service", kind="extension_service")


@pytest.fixture
def clients(partner_admin, partner_member, customer, staff_user):
    """One API client per role; `other_customer` belongs to no organisation."""
    return {
        "partner_admin": api_for(partner_admin),
        "partner_member": api_for(partner_member),
        "other_customer": api_for(customer),
        "staff": api_for(staff_user),
        "anonymous": api_for(),
    }


def post(by, organization, title, *, publish=True, **fields) -> Resource:
    resource = resource_create(
        by=by, organization=organization, kind=fields.pop("kind", "guide"), title=title, **fields
    )
    if publish:
        resource_publish(resource=resource, by=by)
    return resource


@pytest.fixture
def catalogue(supplier, rival, partner_admin, staff_user):
    """The supplier's published, draft and staff-unpublished resources; the rival's
    published and draft ones."""
    rival_admin = Membership.objects.get(organization=rival).user
    taken_down = post(partner_admin, supplier, "Spray claims")
    resource_unpublish(resource=taken_down, by=staff_user, reason="Misleading claim")
    return {
        "published": post(partner_admin, supplier, "Thinning guide"),
        "draft": post(partner_admin, supplier, "Draft offer", publish=False),
        "unpublished": taken_down,
        "rival_published": post(rival_admin, rival, "Pest alert"),
        "rival_draft": post(rival_admin, rival, "Rival draft", publish=False),
    }


# --- The directory ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_admin", 200),
        ("partner_member", 200),
        ("other_customer", 200),
        ("staff", 200),
        ("anonymous", 401),
    ],
)
def test_the_directory_is_open_to_everyone_signed_in(clients, supplier, rival, role, expected):
    response = clients[role].get("/api/v1/partners/")

    assert response.status_code == expected
    if expected == 200:
        assert slugs(response) == {supplier.slug, rival.slug}


def test_an_organisation_answers_with_its_label_counts_regions_and_categories(
    customer_api, supplier, partner_admin
):
    supplier.regions.set([RegionFactory(slug="hawkes-bay")])
    supplier.categories.set([CategoryFactory(slug="pipfruit")])
    post(partner_admin, supplier, "Published")
    post(partner_admin, supplier, "Draft", publish=False)

    body = customer_api.get(f"/api/v1/partners/{supplier.slug}/").json()

    assert body["name"] == "Orchard Supplies"
    assert body["verified"] is False
    assert body["verification_label"] == "Not verified"
    assert body["regions"] == ["hawkes-bay"]
    assert body["categories"] == ["pipfruit"]
    assert (body["member_count"], body["resource_count"]) == (2, 1)


def test_the_directory_filters_by_kind_region_category_and_verified(
    customer_api, supplier, rival, staff_user
):
    otago = RegionFactory(slug="otago")
    pipfruit = CategoryFactory(slug="pipfruit")
    rival.regions.set([otago])
    supplier.categories.set([pipfruit])
    organization_set_verified(organization=rival, by=staff_user, verified=True)

    def found(query):
        return slugs(customer_api.get(f"/api/v1/partners/?{query}"))

    assert found("kind=supplier") == {supplier.slug}
    assert found("region=otago") == {rival.slug}
    assert found("category=pipfruit") == {supplier.slug}
    assert found("verified=true") == {rival.slug}
    assert found("verified=false") == {supplier.slug}
    assert found("verified=&kind=") == {supplier.slug, rival.slug}


def test_the_directory_searches_names_and_descriptions(customer_api, supplier, rival):
    assert slugs(customer_api.get("/api/v1/partners/?search=orchard")) == {supplier.slug}
    assert slugs(customer_api.get("/api/v1/partners/?search=fertiliser")) == {supplier.slug}
    assert slugs(customer_api.get("/api/v1/partners/?search=nothingmatches")) == set()


@pytest.mark.parametrize(
    ("query", "field"),
    [("kind=wizard", "kind"), ("region=nowhere", "region"), ("category=none", "category")],
)
def test_unknown_filter_values_answer_400_naming_the_filter(customer_api, query, field):
    response = customer_api.get(f"/api/v1/partners/?{query}")

    assert response.status_code == 400
    assert field in response.json()["fields"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_admin", 201),
        ("partner_member", 201),
        ("other_customer", 201),
        ("staff", 201),
        ("anonymous", 401),
    ],
)
def test_anyone_signed_in_creates_an_organisation(clients, supplier, role, expected):
    response = clients[role].post(
        "/api/v1/partners/", {"name": "Bay Tutors", "slug": f"tutors-{role}", "kind": "tutor"}
    )

    assert response.status_code == expected
    assert PartnerOrganization.objects.filter(slug=f"tutors-{role}").exists() == (expected == 201)


def test_the_creator_becomes_admin_of_the_new_organisation(customer_api, customer):
    hawkes_bay = RegionFactory(slug="hawkes-bay")
    response = customer_api.post(
        "/api/v1/partners/",
        {"name": "Bay Tutors", "kind": "tutor", "regions": [hawkes_bay.slug]},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["slug"], body["regions"], body["verification_label"]) == (
        "bay-tutors",
        ["hawkes-bay"],
        "Not verified",
    )
    members = customer_api.get("/api/v1/partners/bay-tutors/members/").json()["results"]
    assert [(row["email"], row["role"], row["pending"]) for row in members] == [
        (customer.email, "admin", False)
    ]


def test_a_slug_already_taken_answers_400_naming_slug(customer_api, supplier):
    response = customer_api.post(
        "/api/v1/partners/", {"name": "Orchard Supplies", "kind": "supplier"}
    )

    assert response.status_code == 400
    assert "slug" in response.json()["fields"]
    assert PartnerOrganization.objects.count() == 1


def test_a_creator_cannot_verify_their_own_organisation(customer_api):
    response = customer_api.post(
        "/api/v1/partners/", {"name": "Bay Tutors", "kind": "tutor", "verified": True}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"verified": ["Unknown field."]}
    assert not PartnerOrganization.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_admin", 200),
        ("partner_member", 200),
        ("other_customer", 200),
        ("staff", 200),
        ("anonymous", 401),
    ],
)
def test_an_organisation_page_answers_everyone_signed_in(clients, supplier, role, expected):
    response = clients[role].get(f"/api/v1/partners/{supplier.slug}/")

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["slug"] == supplier.slug


def test_an_unknown_or_malformed_slug_answers_404(customer_api):
    assert customer_api.get("/api/v1/partners/no-such-partner/").status_code == 404
    assert customer_api.get("/api/v1/partners/%00%27;drop/").status_code == 404
    assert customer_api.get("/api/v1/partners/caf%C3%A9/").status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_admin", 200),
        ("partner_member", 403),
        ("other_customer", 403),
        ("staff", 403),
        ("anonymous", 401),
    ],
)
def test_only_admins_change_an_organisation(clients, supplier, role, expected):
    response = clients[role].patch(
        f"/api/v1/partners/{supplier.slug}/", {"description": "Seasonal offers"}
    )

    assert response.status_code == expected
    supplier.refresh_from_db()
    assert (supplier.description == "Seasonal offers") == (expected == 200)


def test_those_who_may_not_change_hear_403_whatever_they_send(clients, catalogue, supplier):
    bad = {"name": "", "colour": "red"}
    for role in ("partner_member", "other_customer"):
        response = clients[role].patch(f"/api/v1/partners/{supplier.slug}/", bad)
        assert response.status_code == 403, role
        response = clients[role].post(f"/api/v1/partners/{supplier.slug}/members/", bad)
        assert response.status_code == 403, role
    url = f"/api/v1/resources/{catalogue['published'].pk}/"
    assert clients["other_customer"].patch(url, {"title": "", "colour": "red"}).status_code == 403


def test_the_order_is_not_visible_404_then_not_allowed_403_then_invalid_400(
    clients, catalogue, supplier, rival
):
    """A refusal never depends on how well-formed the body is (issue 19)."""
    bad_resource = {"title": "", "kind": "poster", "window_start": "soon"}
    published = f"/api/v1/resources/{catalogue['published'].pk}/"
    rival_draft = f"/api/v1/resources/{catalogue['rival_draft'].pk}/"
    # Not visible: 404, valid or not.
    for body in (bad_resource, {"title": "Fine"}):
        assert clients["partner_member"].patch(rival_draft, body).status_code == 404
    # Visible, not allowed: 403, valid or not.
    for role in ("other_customer", "staff"):  # staff unpublish, they do not edit
        for body in (bad_resource, {"title": "Fine"}):
            assert clients[role].patch(published, body).status_code == 403, (role, body)
    assert (
        clients["partner_member"]
        .post("/api/v1/resources/", {"organization": rival.slug, **bad_resource})
        .status_code
        == 403
    )
    assert (
        clients["other_customer"]
        .post("/api/v1/resources/", {"organization": supplier.slug, **bad_resource})
        .status_code
        == 403
    )
    assert (
        clients["partner_member"]
        .patch(published, {"status": "unpublished", "unpublished_reason": ""})
        .status_code
        == 403
    )
    for role in ("partner_admin", "staff"):  # the profile is the admins', verifying staff's
        body = {"name": ""} if role == "staff" else {"verified": "maybe"}
        response = clients[role].patch(f"/api/v1/partners/{supplier.slug}/", body)
        assert response.status_code == 403, role
    # Allowed: now the input is read, and 400 names the fields.
    response = clients["partner_member"].patch(published, bad_resource)
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"title", "kind", "window_start"}
    response = clients["staff"].patch(published, {"status": "unpublished"})
    assert set(response.json()["fields"]) == {"unpublished_reason"}
    assert catalogue["published"].title == Resource.objects.get(pk=catalogue["published"].pk).title


def test_the_slug_of_an_organisation_never_changes(clients, supplier):
    response = clients["partner_admin"].patch(
        f"/api/v1/partners/{supplier.slug}/", {"slug": "renamed"}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"slug": ["Unknown field."]}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_admin", 403),
        ("partner_member", 403),
        ("other_customer", 403),
        ("staff", 200),
        ("anonymous", 401),
    ],
)
def test_only_staff_verify_and_the_label_changes(clients, supplier, role, expected):
    response = clients[role].patch(f"/api/v1/partners/{supplier.slug}/", {"verified": True})

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["verification_label"] == "Verified"
    label = clients["partner_member"].get(f"/api/v1/partners/{supplier.slug}/")
    assert label.json()["verification_label"] == ("Verified" if expected == 200 else "Not verified")


def test_a_refused_change_leaves_the_verification_untouched(clients, supplier):
    response = clients["staff"].patch(
        f"/api/v1/partners/{supplier.slug}/", {"verified": True, "name": "Renamed"}
    )

    assert response.status_code == 403
    supplier.refresh_from_db()
    assert (supplier.verified, supplier.name) == (False, "Orchard Supplies")


# --- Members ----------------------------------------------------------------------------


@pytest.fixture
def pending(supplier, partner_admin):
    return member_invite(organization=supplier, by=partner_admin, email="new@example.org")


@pytest.mark.parametrize(
    ("role", "expected", "sees_invitations"),
    [
        ("partner_admin", 200, True),
        ("partner_member", 200, False),
        ("other_customer", 403, False),
        ("staff", 403, False),
        ("anonymous", 401, False),
    ],
)
def test_members_are_shown_to_members_and_invitations_to_admins_only(
    clients, supplier, pending, role, expected, sees_invitations
):
    """As on the organisation's page: the address of someone who has not joined yet is
    for the admins who invited them."""
    response = clients[role].get(f"/api/v1/partners/{supplier.slug}/members/")

    assert response.status_code == expected
    if expected == 200:
        members = Membership.objects.filter(organization=supplier)
        if not sees_invitations:
            members = members.filter(accepted_at__isnull=False)
        assert ids(response) == set(members.values_list("pk", flat=True))
        by_email = {row["email"]: row for row in response.json()["results"]}
        assert ("new@example.org" in by_email) is sees_invitations
        if sees_invitations:
            assert by_email["new@example.org"]["pending"] is True
        assert by_email["mo@example.org"]["display_name"] == "Mo Member"


def test_members_of_an_unknown_organisation_answer_404(customer_api):
    assert customer_api.get("/api/v1/partners/nobody/members/").status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_admin", 201),
        ("partner_member", 403),
        ("other_customer", 403),
        ("staff", 403),
        ("anonymous", 401),
    ],
)
def test_only_admins_invite(clients, supplier, role, expected):
    response = clients[role].post(
        f"/api/v1/partners/{supplier.slug}/members/", {"email": "Tutor@Example.org"}
    )

    assert response.status_code == expected
    invited = Membership.objects.filter(organization=supplier, email="tutor@example.org")
    assert invited.exists() == (expected == 201)
    if expected == 201:
        assert response.json()["role"] == "member"
        assert response.json()["pending"] is True


def test_a_member_invited_twice_answers_400_naming_email(clients, supplier, pending):
    response = clients["partner_admin"].post(
        f"/api/v1/partners/{supplier.slug}/members/", {"email": "NEW@example.org"}
    )

    assert response.status_code == 400
    assert "already invited" in response.json()["fields"]["email"][0]


def test_an_invitation_with_a_bad_email_or_role_answers_400(clients, supplier):
    url = f"/api/v1/partners/{supplier.slug}/members/"
    response = clients["partner_admin"].post(url, {"email": "x@example.org", "role": "owner"})
    assert set(response.json()["fields"]) == {"role"}
    response = clients["partner_admin"].post(url, {"email": "not-an-email", "colour": "red"})
    assert set(response.json()["fields"]) == {"colour"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_admin", 204),
        ("partner_member", 404),  # an invitation is shown to admins only
        ("other_customer", 404),
        ("staff", 404),
        ("anonymous", 401),
    ],
)
def test_admins_remove_members_and_withdraw_invitations(clients, supplier, pending, role, expected):
    response = clients[role].delete(f"/api/v1/partners/{supplier.slug}/members/{pending.pk}/")

    assert response.status_code == expected
    assert Membership.objects.filter(pk=pending.pk).exists() == (expected != 204)


def test_a_member_may_leave(clients, supplier, partner_member):
    mine = Membership.objects.get(organization=supplier, user=partner_member)

    response = clients["partner_member"].delete(
        f"/api/v1/partners/{supplier.slug}/members/{mine.pk}/"
    )

    assert response.status_code == 204
    assert not Membership.objects.filter(pk=mine.pk).exists()
    assert (
        clients["partner_member"].get(f"/api/v1/partners/{supplier.slug}/members/").status_code
        == 403
    )


def test_the_last_admin_cannot_be_removed(clients, supplier, partner_admin):
    admin = Membership.objects.get(organization=supplier, user=partner_admin)

    response = clients["partner_admin"].delete(
        f"/api/v1/partners/{supplier.slug}/members/{admin.pk}/"
    )

    assert response.status_code == 400
    assert "at least one admin" in response.json()["detail"]
    assert Membership.objects.filter(pk=admin.pk).exists()


def test_a_membership_of_another_organisation_answers_404(clients, supplier, rival):
    elsewhere = Membership.objects.get(organization=rival)
    url = f"/api/v1/partners/{supplier.slug}/members/"

    assert clients["partner_admin"].delete(f"{url}{elsewhere.pk}/").status_code == 404
    assert clients["partner_admin"].delete(f"{url}999999/").status_code == 404
    assert clients["partner_admin"].delete(f"{url}abc/").status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_a_member_may_not_remove_another_member(clients, supplier, partner_admin):
    admin = Membership.objects.get(organization=supplier, user=partner_admin)

    response = clients["partner_member"].delete(
        f"/api/v1/partners/{supplier.slug}/members/{admin.pk}/"
    )

    assert response.status_code == 403
    assert Membership.objects.filter(pk=admin.pk).exists()


def test_an_address_already_a_members_is_not_invited_again(clients, supplier, partner_member):
    partner_member.email = "mo@new.example"
    partner_member.save()

    response = clients["partner_admin"].post(
        f"/api/v1/partners/{supplier.slug}/members/", {"email": "Mo@New.example"}
    )

    assert response.status_code == 400
    assert "already invited or a member" in response.json()["fields"]["email"][0]


# --- Invitations ------------------------------------------------------------------------


def accept_url(invitation) -> str:
    return f"/api/v1/partners/invitations/{invitation.pk}/accept/"


def test_invitations_for_ones_own_address_are_listed_and_accepted(supplier, partner_admin, rival):
    invitee = UserFactory(email="newbie@example.org")
    invitation = member_invite(organization=supplier, by=partner_admin, email="Newbie@example.org")
    member_invite(organization=supplier, by=partner_admin, email="someone.else@example.org")
    client = api_for(invitee)

    listed = client.get("/api/v1/partners/invitations/").json()["results"]
    assert [(row["id"], row["organization"]["slug"], row["role"]) for row in listed] == [
        (invitation.pk, supplier.slug, "member")
    ]

    response = client.post(accept_url(invitation))

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["pending"]) == (invitation.pk, False)
    assert client.get("/api/v1/partners/invitations/").json()["results"] == []
    assert client.get(f"/api/v1/partners/{supplier.slug}/members/").status_code == 200


def test_accepting_twice_answers_the_same_membership(supplier, partner_admin):
    invitee = UserFactory(email="newbie@example.org")
    invitation = member_invite(organization=supplier, by=partner_admin, email=invitee.email)
    client = api_for(invitee)

    first = client.post(accept_url(invitation))
    second = client.post(accept_url(invitation))

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json() == second.json()
    assert Membership.objects.filter(organization=supplier, user=invitee).count() == 1


def test_accepting_when_already_a_member_answers_the_membership_not_500(
    clients, supplier, partner_admin, partner_member
):
    """Regression (issue 19): invited at a new address, then moved their account to it."""
    mine = Membership.objects.get(organization=supplier, user=partner_member)
    invitation = member_invite(
        organization=supplier, by=partner_admin, email="mo@new.example", role="admin"
    )
    partner_member.email = "mo@new.example"
    partner_member.save()

    response = clients["partner_member"].post(accept_url(invitation))

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["role"]) == (mine.pk, "admin")
    assert not Membership.objects.filter(pk=invitation.pk).exists()
    members = clients["partner_admin"].get(f"/api/v1/partners/{supplier.slug}/members/")
    assert "mo@new.example" not in {row["email"] for row in members.json()["results"]}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_admin", 403),  # sees the invitation, may not accept it for the invitee
        ("partner_member", 404),
        ("other_customer", 404),
        ("staff", 404),
        ("anonymous", 401),
    ],
)
def test_only_the_invitee_accepts(clients, pending, role, expected):
    assert clients[role].post(accept_url(pending)).status_code == expected
    pending.refresh_from_db()
    assert pending.accepted_at is None


def test_invitations_answer_401_to_anonymous_callers(clients):
    assert clients["anonymous"].get("/api/v1/partners/invitations/").status_code == 401


# --- Resources --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("partner_admin", {"published", "draft", "unpublished", "rival_published"}),
        ("partner_member", {"published", "draft", "unpublished", "rival_published"}),
        ("other_customer", {"published", "rival_published"}),
        ("staff", {"published", "draft", "unpublished", "rival_published", "rival_draft"}),
    ],
)
def test_drafts_are_listed_for_their_organisation_and_staff_only(clients, catalogue, role, visible):
    response = clients[role].get("/api/v1/resources/")

    assert ids(response) == {catalogue[name].pk for name in visible}


def test_anonymous_resource_lists_answer_401(clients, catalogue):
    assert clients["anonymous"].get("/api/v1/resources/").status_code == 401


def test_resources_filter_by_kind_region_category_verified_and_organisation(
    customer_api, supplier, rival, partner_admin, staff_user
):
    rival_admin = Membership.objects.get(organization=rival).user
    otago, hawkes_bay = RegionFactory(slug="otago"), RegionFactory(slug="hawkes-bay")
    pipfruit = CategoryFactory(slug="pipfruit")
    everywhere = post(partner_admin, supplier, "Everywhere guide", categories=[pipfruit])
    otago_event = post(partner_admin, supplier, "Otago field day", kind="event", regions=[otago])
    bay_alert = post(rival_admin, rival, "Bay pest alert", regions=[hawkes_bay])
    organization_set_verified(organization=rival, by=staff_user, verified=True)

    def found(query):
        return ids(customer_api.get(f"/api/v1/resources/?{query}"))

    assert found("kind=event") == {otago_event.pk}
    assert found("region=otago") == {everywhere.pk, otago_event.pk}
    assert found("category=pipfruit") == {everywhere.pk}
    assert found("verified=true") == {bay_alert.pk}
    assert found("verified=false") == {everywhere.pk, otago_event.pk}
    assert found(f"organization={rival.slug}") == {bay_alert.pk}
    response = customer_api.get("/api/v1/resources/?organization=nobody")
    assert response.status_code == 400
    assert "organization" in response.json()["fields"]


def test_resources_search_titles_and_bodies(customer_api, supplier, partner_admin):
    thinning = post(partner_admin, supplier, "Thinning guide", body="Hand thinning at bloom.")
    frost = post(partner_admin, supplier, "Frost alert", body="Protect blossom from frost.")

    assert ids(customer_api.get("/api/v1/resources/?search=thinning")) == {thinning.pk}
    assert ids(customer_api.get("/api/v1/resources/?search=blossom")) == {frost.pk}
    assert ids(customer_api.get("/api/v1/resources/?search=thinning&kind=event")) == set()


@pytest.mark.parametrize(
    ("role", "draft", "published"),
    [
        ("partner_admin", 200, 200),
        ("partner_member", 200, 200),
        ("other_customer", 404, 200),
        ("staff", 200, 200),
        ("anonymous", 401, 401),
    ],
)
def test_a_draft_is_found_by_its_organisation_and_staff_only(
    clients, catalogue, role, draft, published
):
    assert clients[role].get(f"/api/v1/resources/{catalogue['draft'].pk}/").status_code == draft
    response = clients[role].get(f"/api/v1/resources/{catalogue['published'].pk}/")
    assert response.status_code == published


def test_a_resource_answers_with_its_organisation_and_sanitised_html(
    customer_api, supplier, partner_admin
):
    resource = post(partner_admin, supplier, "Guide", body="**Thin** early: [how](https://x.org)")

    body = customer_api.get(f"/api/v1/resources/{resource.pk}/").json()

    assert body["organization"] == {
        "slug": supplier.slug,
        "name": "Orchard Supplies",
        "verified": False,
        "verification_label": "Not verified",
    }
    assert "<strong>Thin</strong>" in body["body_html"]
    assert 'href="https://x.org"' in body["body_html"]
    assert body["status"] == "published"


def test_a_malformed_resource_id_answers_404(customer_api):
    assert customer_api.get("/api/v1/resources/abc/").status_code == 404
    assert customer_api.get("/api/v1/resources/999999/").status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_admin", 201),
        ("partner_member", 201),
        ("other_customer", 403),
        ("staff", 403),
        ("anonymous", 401),
    ],
)
def test_members_post_resources_for_their_organisation(clients, supplier, role, expected):
    response = clients[role].post(
        "/api/v1/resources/",
        {"organization": supplier.slug, "kind": "guide", "title": f"Guide by {role}"},
    )

    assert response.status_code == expected
    assert Resource.objects.filter(title=f"Guide by {role}").exists() == (expected == 201)
    if expected == 201:
        assert response.json()["status"] == "draft"


def test_a_resource_posted_as_published_reaches_customers(clients, supplier):
    pipfruit = CategoryFactory(slug="pipfruit")
    playbook = playbook_create(
        by=UserFactory(),
        title="Orchard season",
        public=True,
        milestones=[{"title": "Thinning", "duration_days": 10}],
    )
    source = playbook.milestones.get()
    response = clients["partner_member"].post(
        "/api/v1/resources/",
        {
            "organization": supplier.slug,
            "kind": "event",
            "title": "Thinning field day",
            "summary": "On an orchard near you",
            "body": "Bring *gloves*.",
            "link": "https://example.org/field-day",
            "categories": ["pipfruit"],
            "window_start": "2027-01-10",
            "window_end": "2027-01-12",
            "playbook_milestones": [source.pk],
            "status": "published",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "published" and body["published_at"]
    assert (body["categories"], body["playbook_milestones"]) == (["pipfruit"], [source.pk])
    assert body["body_html"] == "<p>Bring <em>gloves</em>.</p>\n"
    seen = clients["other_customer"].get(f"/api/v1/resources/?category={pipfruit.slug}")
    assert ids(seen) == {body["id"]}


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_markdown_carrying_executable_markup_answers_400_naming_body(clients, supplier, markdown):
    response = clients["partner_admin"].post(
        "/api/v1/resources/",
        {"organization": supplier.slug, "kind": "guide", "title": "Bad", "body": markdown},
    )

    assert response.status_code == 400
    problems = response.json()["fields"]["body"]
    assert any(
        phrase in problem
        for problem in problems
        for phrase in ("not allowed", "http, https or mailto")
    )
    assert not Resource.objects.exists()


def test_a_window_that_ends_before_it_starts_answers_400_naming_window_end(clients, supplier):
    response = clients["partner_admin"].post(
        "/api/v1/resources/",
        {
            "organization": supplier.slug,
            "kind": "event",
            "title": "Field day",
            "window_start": "2027-02-10",
            "window_end": "2027-02-01",
        },
    )

    assert response.status_code == 400
    assert "window_end" in response.json()["fields"]
    assert not Resource.objects.exists()


def test_a_resource_for_an_organisation_one_is_not_a_member_of_answers_403(clients, rival):
    response = clients["partner_admin"].post(
        "/api/v1/resources/", {"organization": rival.slug, "kind": "guide", "title": "Mine?"}
    )

    assert response.status_code == 403
    assert not Resource.objects.exists()


def test_bad_resource_input_answers_400_naming_each_field(clients, supplier):
    private = playbook_create(
        by=UserFactory(), title="Private", milestones=[{"title": "Secret", "duration_days": 1}]
    )
    response = clients["partner_admin"].post(
        "/api/v1/resources/",
        {
            "organization": "nobody",
            "kind": "poster",
            "title": "x",
            "status": "unpublished",
            "playbook_milestones": [private.milestones.get().pk],
            "regions": ["atlantis"],
            "colour": "red",
        },
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"colour": ["Unknown field."]}

    response = clients["partner_admin"].post(
        "/api/v1/resources/",
        {
            "organization": "nobody",
            "kind": "poster",
            "title": "x",
            "status": "unpublished",
            "playbook_milestones": [private.milestones.get().pk],
            "regions": ["atlantis"],
        },
    )
    assert set(response.json()["fields"]) == {
        "organization",
        "kind",
        "status",
        "playbook_milestones",
        "regions",
    }


@pytest.mark.parametrize(
    ("role", "published", "draft"),
    [
        ("partner_admin", 200, 200),
        ("partner_member", 200, 200),
        ("other_customer", 403, 404),
        ("staff", 403, 403),
        ("anonymous", 401, 401),
    ],
)
def test_members_change_their_organisations_resources(clients, catalogue, role, published, draft):
    for name, expected in (("published", published), ("draft", draft)):
        resource = catalogue[name]
        response = clients[role].patch(f"/api/v1/resources/{resource.pk}/", {"title": "New"})

        assert response.status_code == expected, name
        resource.refresh_from_db()
        assert (resource.title == "New") == (expected == 200)


def test_editing_the_body_renders_it_again_and_refuses_a_bad_window(clients, catalogue):
    url = f"/api/v1/resources/{catalogue['draft'].pk}/"
    response = clients["partner_member"].patch(url, {"body": "# Offer\n\nNow *on*."})
    assert response.json()["body_html"] == "<h1>Offer</h1>\n<p>Now <em>on</em>.</p>\n"

    response = clients["partner_member"].patch(
        url, {"window_start": "2027-02-10", "window_end": "2027-02-01"}
    )
    assert response.status_code == 400
    assert "window_end" in response.json()["fields"]
    response = clients["partner_member"].patch(url, {"body": "<script>x</script>"})
    assert "body" in response.json()["fields"]
    catalogue["draft"].refresh_from_db()
    assert catalogue["draft"].body_html == "<h1>Offer</h1>\n<p>Now <em>on</em>.</p>\n"


def test_members_publish_and_withdraw(clients, catalogue):
    url = f"/api/v1/resources/{catalogue['draft'].pk}/"

    response = clients["partner_member"].patch(url, {"status": "published"})
    assert response.json()["status"] == "published"
    assert clients["other_customer"].get(url).status_code == 200

    response = clients["partner_member"].patch(url, {"status": "draft"})
    assert response.json()["status"] == "draft"
    assert clients["other_customer"].get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_admin", 403),
        ("partner_member", 403),
        ("other_customer", 403),
        ("staff", 200),
        ("anonymous", 401),
    ],
)
def test_only_staff_unpublish_with_a_reason(clients, catalogue, role, expected):
    resource = catalogue["published"]
    response = clients[role].patch(
        f"/api/v1/resources/{resource.pk}/",
        {"status": "unpublished", "unpublished_reason": "Misleading"},
    )

    assert response.status_code == expected
    resource.refresh_from_db()
    assert (resource.status == "unpublished") == (expected == 200)


def test_the_organisation_sees_why_staff_unpublished_and_cannot_republish(clients, catalogue):
    url = f"/api/v1/resources/{catalogue['unpublished'].pk}/"

    for role in ("partner_admin", "partner_member", "staff"):
        body = clients[role].get(url).json()
        assert (body["status"], body["unpublished_reason"]) == ("unpublished", "Misleading claim")
    assert clients["other_customer"].get(url).status_code == 404
    assert clients["partner_member"].patch(url, {"status": "published"}).status_code == 403


def test_staff_publish_again_what_they_unpublished_but_not_an_organisations_draft(
    clients, catalogue
):
    """As on the resource's page: a draft is its organisation's to publish."""
    draft = f"/api/v1/resources/{catalogue['draft'].pk}/"
    taken_down = f"/api/v1/resources/{catalogue['unpublished'].pk}/"

    assert clients["staff"].patch(draft, {"status": "published"}).status_code == 403
    response = clients["staff"].patch(taken_down, {"status": "published"})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["unpublished_reason"]) == ("published", "")
    assert Resource.objects.get(pk=catalogue["draft"].pk).status == "draft"


def test_the_unpublished_reason_is_never_shown_outside_the_organisation(clients, catalogue):
    # A reason left on a published resource (e.g. by an older version) stays private.
    Resource.objects.filter(pk=catalogue["published"].pk).update(unpublished_reason="Old note")

    def reason(role):
        url = f"/api/v1/resources/?organization={catalogue['published'].organization.slug}"
        body = clients[role].get(url).json()
        return {row["id"]: row["unpublished_reason"] for row in body["results"]}[
            catalogue["published"].pk
        ]

    assert reason("partner_member") == "Old note"
    assert reason("staff") == "Old note"
    assert reason("other_customer") == ""


def test_unpublishing_needs_a_reason_and_a_reason_needs_unpublishing(clients, catalogue):
    url = f"/api/v1/resources/{catalogue['published'].pk}/"

    response = clients["staff"].patch(url, {"status": "unpublished"})
    assert "unpublished_reason" in response.json()["fields"]
    response = clients["staff"].patch(url, {"status": "unpublished", "unpublished_reason": " "})
    assert "unpublished_reason" in response.json()["fields"]
    response = clients["partner_admin"].patch(url, {"unpublished_reason": "Because"})
    assert "unpublished_reason" in response.json()["fields"]
    catalogue["published"].refresh_from_db()
    assert catalogue["published"].status == "published"


@pytest.mark.parametrize(
    ("role", "published", "draft"),
    [
        ("partner_admin", 204, 204),
        ("partner_member", 204, 204),
        ("other_customer", 403, 404),
        ("staff", 403, 403),
        ("anonymous", 401, 401),
    ],
)
def test_members_delete_their_organisations_resources(clients, catalogue, role, published, draft):
    for name, expected in (("published", published), ("draft", draft)):
        resource = catalogue[name]
        response = clients[role].delete(f"/api/v1/resources/{resource.pk}/")

        assert response.status_code == expected, name
        assert Resource.objects.filter(pk=resource.pk).exists() == (expected != 204)


# --- Help for this step -----------------------------------------------------------------


@pytest.fixture
def orchard(partner_admin, customer):
    """A customer's goal started from a playbook, with resources around its milestone."""
    pipfruit = CategoryFactory(slug="pipfruit")
    hawkes_bay, otago = RegionFactory(slug="hawkes-bay"), RegionFactory(slug="otago")
    playbook = playbook_create(
        by=partner_admin,
        title="Orchard season",
        category=pipfruit,
        public=True,
        milestones=[{"title": "Thinning", "duration_days": 10}],
    )
    customer.region = hawkes_bay
    customer.save()
    goal = playbook_start(
        playbook=playbook, by=customer, target_date=customer.today() + timedelta(days=120)
    )
    return {
        "milestone": goal.milestones.get(),
        "source": playbook.milestones.get(),
        "pipfruit": pipfruit,
        "hawkes_bay": hawkes_bay,
        "otago": otago,
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 200),
        ("partner_admin", 404),
        ("partner_member", 404),
        ("other_customer", 404),
        ("staff", 404),
        ("anonymous", 401),
    ],
)
def test_help_for_a_milestone_answers_its_goals_owner_only(
    clients, customer, other_customer, supplier, partner_admin, orchard, role, expected
):
    tied = post(partner_admin, supplier, "Thinning guide", playbook_milestones=[orchard["source"]])
    in_category = post(
        partner_admin,
        supplier,
        "Bay offer",
        categories=[orchard["pipfruit"]],
        regions=[orchard["hawkes_bay"]],
    )
    post(
        partner_admin,
        supplier,
        "Otago only",
        categories=[orchard["pipfruit"]],
        regions=[orchard["otago"]],
    )
    post(partner_admin, supplier, "Draft", publish=False, playbook_milestones=[orchard["source"]])
    post(
        partner_admin,
        supplier,
        "Expired",
        playbook_milestones=[orchard["source"]],
        window_start=date(2020, 1, 1),
        window_end=date(2020, 1, 2),
    )
    post(partner_admin, supplier, "Unrelated")
    callers = {**clients, "owner": api_for(customer), "other_customer": api_for(other_customer)}

    response = callers[role].get(f"/api/v1/milestones/{orchard['milestone'].pk}/resources/")

    assert response.status_code == expected
    if expected == 200:
        results = response.json()["results"]
        assert [row["id"] for row in results] == [tied.pk, in_category.pk]
        assert results[0]["organization"]["verification_label"] == "Not verified"


@time_machine.travel("2027-01-10 11:30 +00:00", tick=False)
def test_an_expired_resource_is_gone_for_whoever_is_already_past_its_last_day(
    django_capture_on_commit_callbacks, mailoutbox, client, partner_admin, supplier
):
    """One clock (issue 19): it is 10 January in Honolulu, where the owner lives, and
    already 11 January in Auckland, where their mentor lives. A field day available until
    10 January is still help for the owner, and is over for the mentor: on the page and
    through the API alike."""
    owner = UserFactory(time_zone="Pacific/Honolulu", display_name="Olu Owner")
    mentor = UserFactory(time_zone="Pacific/Auckland", email="mentor@example.org")
    playbook = playbook_create(
        by=partner_admin,
        title="Orchard season",
        public=True,
        milestones=[{"title": "Thinning", "duration_days": 10}],
    )
    goal = playbook_start(playbook=playbook, by=owner, target_date=date(2027, 3, 1))
    thinning = goal.milestones.get()
    always = post(partner_admin, supplier, "Guide", playbook_milestones=[playbook.milestones.get()])
    field_day = post(
        partner_admin,
        supplier,
        "Field day",
        playbook_milestones=[playbook.milestones.get()],
        window_start=date(2027, 1, 9),
        window_end=date(2027, 1, 10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        invited = api_for(owner).post(
            f"/api/v1/goals/{goal.pk}/stakeholders/",
            {"email": mentor.email, "role": "mentor", "access": "view"},
        )
    assert invited.status_code == 201, invited.content
    token = mailoutbox[-1].body.split("/invitations/")[1].split("/")[0]
    assert api_for(mentor).post(f"/api/v1/invitations/{token}/accept/").status_code == 200

    def api_titles(person):
        response = api_for(person).get(f"/api/v1/milestones/{thinning.pk}/resources/")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    def page_titles(person):
        client.force_login(person)
        page = client.get(reverse("goals:milestone-help", args=[thinning.pk])).content.decode()
        return {title for title in ("Guide", "Field day") if title in page}

    assert api_titles(owner) == {always.pk, field_day.pk}
    assert page_titles(owner) == {"Guide", "Field day"}
    assert api_titles(mentor) == {always.pk}
    assert page_titles(mentor) == {"Guide"}


def test_help_for_an_unknown_or_malformed_milestone_answers_404(customer_api):
    assert customer_api.get("/api/v1/milestones/999999/resources/").status_code == 404
    assert customer_api.get("/api/v1/milestones/abc/resources/").status_code == 404


# --- Query counts: the same for 10 and for 1,000 resources ------------------------------


def grow_catalogue(*, organization, author, count, category, region, fits, start=0):
    """`count` published resources in a few queries: rows, then the M2M rows in bulk."""
    now = timezone.now()
    resources = Resource.objects.bulk_create(
        Resource(
            organization=organization,
            author=author,
            kind="guide",
            title=f"Guide {start + index}",
            body=f"Guide number {start + index}",
            body_html=f"<p>Guide number {start + index}</p>",
            status=Resource.Status.PUBLISHED,
            published_at=now - timedelta(minutes=start + index),
        )
        for index in range(count)
    )
    Resource.categories.through.objects.bulk_create(
        Resource.categories.through(resource=resource, category=category) for resource in resources
    )
    Resource.regions.through.objects.bulk_create(
        Resource.regions.through(resource=resource, region=region) for resource in resources
    )
    Resource.playbook_milestones.through.objects.bulk_create(
        Resource.playbook_milestones.through(resource=resource, playbookmilestone=fits)
        for resource in resources
    )
    return resources


@pytest.fixture
def sized(supplier, partner_admin, staff_user, orchard):
    """Grow the catalogue (and the directory) from 10 to 1,000 resources."""
    supplier.regions.set([orchard["hawkes_bay"]])
    supplier.categories.set([orchard["pipfruit"]])
    # Among the newest on both sizes: a staff-unpublished one whose reason is checked.
    taken_down = post(partner_admin, supplier, "Taken down")
    resource_unpublish(resource=taken_down, by=staff_user, reason="Check the claims")
    Resource.objects.filter(pk=taken_down.pk).update(published_at=timezone.now() + timedelta(1))

    def grow(total):
        existing = Resource.objects.count() - 1
        grow_catalogue(
            organization=supplier,
            author=partner_admin,
            count=total - existing,
            category=orchard["pipfruit"],
            region=orchard["hawkes_bay"],
            fits=orchard["source"],
            start=existing,
        )
        for number in range(PartnerOrganization.objects.count(), total // 10 + 2):
            organization = PartnerOrganization.objects.create(
                name=f"Partner {number}", slug=f"partner-{number}", kind="supplier"
            )
            organization.regions.set([orchard["hawkes_bay"]])
            organization.categories.set([orchard["pipfruit"]])

    return grow


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("partner_member", "/api/v1/partners/"),
        ("other_customer", "/api/v1/partners/?region=hawkes-bay&verified=false&search=partner"),
        ("partner_member", "/api/v1/resources/"),
        ("other_customer", "/api/v1/resources/?category=pipfruit&region=hawkes-bay&search=guide"),
        ("staff", "/api/v1/resources/?organization=orchard-supplies&verified=false"),
    ],
)
def test_lists_make_the_same_number_of_queries_for_10_and_1000_resources(clients, sized, role, url):
    sized(10)
    small = count_queries(clients[role], url)
    sized(1000)
    assert Resource.objects.count() == 1001
    assert count_queries(clients[role], url) == small


def test_help_for_a_milestone_makes_the_same_number_of_queries_at_two_sizes(
    customer, sized, orchard
):
    owner = api_for(customer)
    url = f"/api/v1/milestones/{orchard['milestone'].pk}/resources/"
    sized(10)
    small = count_queries(owner, url)
    sized(1000)
    response = owner.get(url)
    assert response.json()["count"] == 1000
    assert count_queries(owner, url) == small


# --- The schema -------------------------------------------------------------------------


def test_the_schema_describes_every_partners_endpoint(client):
    schema = client.get("/api/schema/").content.decode()

    for path in (
        "/api/v1/partners/:",
        "/api/v1/partners/{slug}/:",
        "/api/v1/partners/{slug}/members/:",
        "/api/v1/partners/{slug}/members/{id}/:",
        "/api/v1/partners/invitations/:",
        "/api/v1/partners/invitations/{id}/accept/:",
        "/api/v1/resources/:",
        "/api/v1/resources/{id}/:",
        "/api/v1/milestones/{id}/resources/:",
    ):
        assert path in schema, path


def test_the_time_zone_is_read_and_set_through_the_api(clients, supplier):
    url = f"/api/v1/partners/{supplier.slug}/"
    assert clients["partner_member"].get(url).json()["time_zone"] == "UTC"

    response = clients["partner_admin"].patch(url, {"time_zone": "America/Los_Angeles"})
    assert response.status_code == 200, response.content
    assert response.json()["time_zone"] == "America/Los_Angeles"

    response = clients["partner_admin"].patch(url, {"time_zone": "Mars/Olympus"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"time_zone"}
    supplier.refresh_from_db()
    assert supplier.time_zone == "America/Los_Angeles"
    assert clients["partner_member"].patch(url, {"time_zone": "UTC"}).status_code == 403


def test_the_member_and_invitation_lists_make_the_same_queries_for_few_and_many(
    supplier, partner_admin
):
    newbie = UserFactory(email="newbie@example.org")
    lists = {
        f"/api/v1/partners/{supplier.slug}/members/": api_for(partner_admin),
        "/api/v1/partners/invitations/": api_for(newbie),
    }
    counts = {}
    for size in (2, 20):
        while Membership.objects.filter(email="newbie@example.org").count() < size:
            member_invite(organization=supplier, by=partner_admin, email=UserFactory().email)
            founder = UserFactory()
            other = organization_create(by=founder, name=f"Grower {founder.pk}", kind="supplier")
            member_invite(organization=other, by=founder, email="Newbie@example.org")
        for path, client in lists.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, path
            assert len(response.json()["results"]) >= size, path
            counts.setdefault(path, []).append(len(queries.captured_queries))
    for path, (few, many) in counts.items():
        assert few == many, (path, few, many)
