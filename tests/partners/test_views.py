"""The partner pages: directory, organisation, resource, and their forms, per role."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecosystem.markdown import render_markdown
from goals.playbooks import playbook_create
from partners.models import Membership, PartnerOrganization, Resource
from partners.services import (
    member_accept,
    member_invite,
    organization_create,
    organization_set_verified,
    resource_create,
    resource_publish,
)
from tests.factories import CategoryFactory, RegionFactory, UserFactory
from tests.query_counts import warm_navigation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every test makes several people and signs them in with force_login: no password checks.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Fixtures: an organisation with an admin and a member, a published resource and a draft.


@pytest.fixture
def partner_admin(db):
    return UserFactory(display_name="Pat Partner", email="pat@supplies.example")


@pytest.fixture
def supplier(partner_admin):
    return organization_create(
        by=partner_admin, name="Orchard Supplies", kind="supplier", description="Fertiliser"
    )


@pytest.fixture
def partner_member(supplier, partner_admin):
    member = UserFactory(display_name="Mo Member", email="mo@supplies.example")
    invitation = member_invite(organization=supplier, by=partner_admin, email=member.email)
    member_accept(membership=invitation, by=member)
    return member


@pytest.fixture
def published(supplier, partner_admin):
    resource = resource_create(
        by=partner_admin,
        organization=supplier,
        kind="guide",
        title="Thinning guide",
        summary="When and how to thin apples.",
        body="Thin **early**. See [the chart](https://example.org/chart).",
        link="https://example.org/thinning",
    )
    return resource_publish(resource=resource, by=partner_admin)


@pytest.fixture
def draft(supplier, partner_admin):
    return resource_create(
        by=partner_admin, organization=supplier, kind="offer", title="Secret spring offer"
    )


@pytest.fixture
def people(partner_admin, partner_member, other_customer, staff_user):
    return {
        "admin": partner_admin,
        "member": partner_member,
        "other": other_customer,
        "staff": staff_user,
        "anonymous": None,
    }


def client_for(person) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def assert_status(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, response.content[:500]


def form_data(**overrides):
    data = {
        "kind": "guide",
        "title": "Pruning basics",
        "summary": "",
        "body": "",
        "link": "",
        "window_start": "",
        "window_end": "",
        "action": "draft",
    }
    data.update(overrides)
    return data


def field_errors(html: str, field: str) -> str:
    """The text of the error list Django ties to a field (aria-describedby id_<field>_error)."""
    match = re.search(
        rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, flags=re.DOTALL
    )
    return match.group(1) if match else ""


def titles_in(html: str) -> list[str]:
    results = html.split('id="directory-results"', 1)[1]
    return re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a>", results)


# Statuses per role on every page.


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 200), ("member", 200), ("other", 200), ("staff", 200), ("anonymous", "login")],
)
def test_directory_organisation_page_and_create_form_are_open_to_everyone_signed_in(
    client, people, supplier, role, expected
):
    client = client_for(people[role])
    for url in (
        reverse("partners:directory"),
        reverse("partners:directory") + "?show=resources",
        reverse("partners:detail", args=[supplier.slug]),
        reverse("partners:create"),
    ):
        assert_status(client.get(url), expected)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 200), ("member", 403), ("other", 403), ("staff", 403), ("anonymous", "login")],
)
def test_only_admins_open_the_edit_form(people, supplier, role, expected):
    response = client_for(people[role]).get(reverse("partners:edit", args=[supplier.slug]))
    assert_status(response, expected)


def test_an_unknown_organisation_is_not_found(people):
    response = client_for(people["other"]).get(reverse("partners:detail", args=["nobody"]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 200), ("member", 200), ("other", 403), ("staff", 403), ("anonymous", "login")],
)
def test_only_members_open_the_resource_form(people, supplier, role, expected):
    url = reverse("partners:resource-create", args=[supplier.slug])
    assert_status(client_for(people[role]).get(url), expected)


@pytest.mark.parametrize(
    ("role", "published_status", "draft_status"),
    [
        ("admin", 200, 200),
        ("member", 200, 200),
        ("other", 200, 404),
        ("staff", 200, 200),
        ("anonymous", "login", "login"),
    ],
)
def test_resource_page_hides_drafts_from_non_members(
    people, published, draft, role, published_status, draft_status
):
    client = client_for(people[role])
    assert_status(client.get(published.get_absolute_url()), published_status)
    assert_status(client.get(draft.get_absolute_url()), draft_status)


@pytest.mark.parametrize(
    ("role", "published_status", "draft_status"),
    [
        ("admin", 200, 200),
        ("member", 200, 200),
        ("other", 403, 404),
        ("staff", 403, 403),
        ("anonymous", "login", "login"),
    ],
)
def test_only_members_open_the_edit_and_delete_pages_of_a_resource(
    people, published, draft, role, published_status, draft_status
):
    client = client_for(people[role])
    for name in ("partners:resource-edit", "partners:resource-delete"):
        assert_status(client.get(reverse(name, args=[published.pk])), published_status)
        assert_status(client.get(reverse(name, args=[draft.pk])), draft_status)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 403), ("member", 403), ("other", 403), ("staff", 302), ("anonymous", "login")],
)
def test_only_staff_verify(people, supplier, role, expected):
    response = client_for(people[role]).post(reverse("partners:verify", args=[supplier.slug]))
    assert_status(response, expected)
    supplier.refresh_from_db()
    assert supplier.verified is (expected == 302)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 302), ("member", 403), ("other", 403), ("staff", 403), ("anonymous", "login")],
)
def test_only_admins_invite(people, supplier, role, expected):
    url = reverse("partners:member-invite", args=[supplier.slug])
    response = client_for(people[role]).post(
        url, {"invite-email": "new@example.org", "invite-role": "member"}
    )
    assert_status(response, expected)
    invited = Membership.objects.filter(organization=supplier, email="new@example.org").exists()
    assert invited is (expected == 302)


@pytest.mark.parametrize(
    ("role", "expected"),
    # Members are listed to members only: to anyone else a membership is not found.
    [("admin", 302), ("member", 302), ("other", 404), ("staff", 404), ("anonymous", "login")],
)
def test_admins_remove_members_and_members_leave(people, supplier, role, expected):
    membership = Membership.objects.get(organization=supplier, user=people["member"])
    url = reverse("partners:member-remove", args=[supplier.slug, membership.pk])
    assert_status(client_for(people[role]).post(url), expected)
    assert Membership.objects.filter(pk=membership.pk).exists() is (expected != 302)


@pytest.mark.parametrize(
    ("role", "draft_status"),
    [("admin", 302), ("member", 302), ("other", 404), ("staff", 403), ("anonymous", "login")],
)
def test_only_members_publish_a_draft(people, draft, role, draft_status):
    response = client_for(people[role]).post(reverse("partners:resource-publish", args=[draft.pk]))
    assert_status(response, draft_status)
    draft.refresh_from_db()
    assert (draft.status == "published") is (draft_status == 302)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 302), ("member", 302), ("other", 403), ("staff", 403), ("anonymous", "login")],
)
def test_only_members_withdraw_a_published_resource(people, published, role, expected):
    url = reverse("partners:resource-withdraw", args=[published.pk])
    assert_status(client_for(people[role]).post(url), expected)
    published.refresh_from_db()
    assert (published.status == "draft") is (expected == 302)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 403), ("member", 403), ("other", 403), ("staff", 302), ("anonymous", "login")],
)
def test_only_staff_unpublish(people, published, role, expected):
    url = reverse("partners:resource-unpublish", args=[published.pk])
    response = client_for(people[role]).post(url, {"reason": "Misleading claim"})
    assert_status(response, expected)
    published.refresh_from_db()
    assert (published.status == "unpublished") is (expected == 302)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 302), ("member", 302), ("other", 403), ("staff", 403), ("anonymous", "login")],
)
def test_only_members_delete(people, published, role, expected):
    url = reverse("partners:resource-delete", args=[published.pk])
    assert_status(client_for(people[role]).post(url), expected)
    assert Resource.objects.filter(pk=published.pk).exists() is (expected != 302)


def test_refusals_come_before_the_forms_errors(people, supplier, published, draft):
    """Not visible: 404; visible but not theirs: 403; whatever the form holds (issue 19)."""
    bad = form_data(title="", kind="poster", window_start="soon")
    other, member, staff = (client_for(people[role]) for role in ("other", "member", "staff"))
    assert other.post(reverse("partners:resource-edit", args=[draft.pk]), bad).status_code == 404
    for client in (other, staff):
        url = reverse("partners:resource-edit", args=[published.pk])
        assert client.post(url, bad).status_code == 403
        url = reverse("partners:resource-create", args=[supplier.slug])
        assert client.post(url, bad).status_code == 403
        url = reverse("partners:edit", args=[supplier.slug])
        assert client.post(url, {"name": "", "kind": "wizard"}).status_code == 403
    url = reverse("partners:member-invite", args=[supplier.slug])
    assert member.post(url, {"invite-email": "not an email"}).status_code == 403
    response = member.post(reverse("partners:resource-edit", args=[published.pk]), bad)
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "title")


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 200), ("member", 200), ("other", 200), ("staff", 200), ("anonymous", "login")],
)
def test_the_preview_needs_a_signed_in_person(people, role, expected):
    response = client_for(people[role]).post(
        reverse("partners:resource-preview"), {"body": "**hi**"}
    )
    assert_status(response, expected)


def test_actions_answer_post_only(people, supplier, published):
    client = client_for(people["staff"])
    for url in (
        reverse("partners:verify", args=[supplier.slug]),
        reverse("partners:resource-preview"),
        reverse("partners:resource-publish", args=[published.pk]),
        reverse("partners:resource-unpublish", args=[published.pk]),
        reverse("partners:invitation-accept", args=[1]),
    ):
        assert client.get(url).status_code == 405


def test_the_preview_is_csrf_protected(partner_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(partner_admin)
    response = client.post(reverse("partners:resource-preview"), {"body": "hi"})
    assert response.status_code == 403


# Creating and editing an organisation.


def test_the_creator_becomes_admin_and_lands_on_its_page(customer):
    client = client_for(customer)
    response = client.post(
        reverse("partners:create"),
        {"name": "Hawke's Bay Growers Co-op", "kind": "employer", "website": "coop.example.org"},
    )
    organization = PartnerOrganization.objects.get()
    assert response.url == organization.get_absolute_url()
    assert organization.slug == "hawkes-bay-growers-co-op"
    assert organization.website == "https://coop.example.org"
    assert Membership.objects.get(organization=organization).role == "admin"
    page = client.get(response.url).content.decode()
    assert "Not verified" in page
    assert "Invite a member" in page
    assert "was created and you are its admin" in page


def test_a_slug_already_taken_is_shown_on_the_slug_field(supplier, customer):
    response = client_for(customer).post(
        reverse("partners:create"), {"name": "Other name", "slug": supplier.slug, "kind": "tutor"}
    )
    assert response.status_code == 200
    assert "already" in field_errors(response.content.decode(), "slug")
    assert PartnerOrganization.objects.count() == 1


@pytest.mark.parametrize("name", ["New", "Invitations"])
def test_the_address_of_the_creation_page_cannot_be_taken(customer, name):
    response = client_for(customer).post(
        reverse("partners:create"), {"name": name, "kind": "tutor"}
    )
    assert "reserved" in field_errors(response.content.decode(), "slug")
    assert not PartnerOrganization.objects.exists()


def test_admins_edit_the_profile(partner_admin, supplier):
    region = RegionFactory(name="Otago")
    response = client_for(partner_admin).post(
        reverse("partners:edit", args=[supplier.slug]),
        {"name": "Orchard Supplies Ltd", "kind": "supplier", "regions": [region.pk]},
    )
    assert response.url == supplier.get_absolute_url()
    supplier.refresh_from_db()
    assert supplier.name == "Orchard Supplies Ltd"
    assert list(supplier.regions.all()) == [region]


def test_a_bad_website_keeps_the_saved_profile(partner_admin, supplier):
    response = client_for(partner_admin).post(
        reverse("partners:edit", args=[supplier.slug]),
        {"name": "Changed", "kind": "supplier", "website": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "website")
    supplier.refresh_from_db()
    assert supplier.name == "Orchard Supplies"


# Members and invitations.


def test_members_see_members_but_others_do_not(people, supplier, partner_member):
    member_invite(organization=supplier, by=people["admin"], email="pending@example.org")
    admin_page = client_for(people["admin"]).get(supplier.get_absolute_url()).content.decode()
    member_page = client_for(people["member"]).get(supplier.get_absolute_url()).content.decode()
    other_page = client_for(people["other"]).get(supplier.get_absolute_url()).content.decode()
    assert "pending@example.org" in admin_page and "Invitation pending" in admin_page
    assert "Mo Member" in member_page and "pending@example.org" not in member_page
    assert "Invite a member" not in member_page
    assert "Mo Member" not in other_page and 'id="members"' not in other_page


def test_a_member_invited_twice_gets_the_message_on_the_email_field(partner_admin, supplier):
    client = client_for(partner_admin)
    url = reverse("partners:member-invite", args=[supplier.slug])
    client.post(url, {"invite-email": "twice@example.org", "invite-role": "member"})
    response = client.post(url, {"invite-email": "TWICE@example.org", "invite-role": "member"})
    assert response.status_code == 200
    assert "already invited" in field_errors(response.content.decode(), "invite-email")
    assert Membership.objects.filter(email__iexact="twice@example.org").count() == 1


def test_a_bad_email_is_refused_on_its_field(partner_admin, supplier):
    url = reverse("partners:member-invite", args=[supplier.slug])
    response = client_for(partner_admin).post(url, {"invite-email": "not an email"})
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "invite-email")


def test_the_last_admin_cannot_be_removed(partner_admin, supplier):
    membership = Membership.objects.get(user=partner_admin)
    client = client_for(partner_admin)
    response = client.post(
        reverse("partners:member-remove", args=[supplier.slug, membership.pk]), follow=True
    )
    assert "at least one admin" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_membership_of_another_organisation_is_not_found(partner_admin, supplier, customer):
    elsewhere = organization_create(by=customer, name="Elsewhere", kind="tutor")
    membership = Membership.objects.get(organization=elsewhere)
    url = reverse("partners:member-remove", args=[supplier.slug, membership.pk])
    assert client_for(partner_admin).post(url).status_code == 404


def test_an_invitee_sees_and_accepts_the_invitation_on_the_directory(partner_admin, supplier):
    invitee = UserFactory(email="newbie@example.org")
    invitation = member_invite(organization=supplier, by=partner_admin, email="newbie@example.org")
    client = client_for(invitee)
    page = client.get(reverse("partners:directory")).content.decode()
    assert "Invitations for you" in page and "Orchard Supplies invites you" in page

    response = client.post(reverse("partners:invitation-accept", args=[invitation.pk]))
    assert response.url == supplier.get_absolute_url()
    invitation.refresh_from_db()
    assert invitation.user == invitee and invitation.is_active
    assert "Invitations for you" not in client.get(reverse("partners:directory")).content.decode()


def test_an_invitation_for_another_address_is_refused(partner_admin, supplier, customer):
    invitation = member_invite(organization=supplier, by=partner_admin, email="else@example.org")
    url = reverse("partners:invitation-accept", args=[invitation.pk])
    # Someone else's invitation is not even seen; its organisation's admin sees it (in the
    # members list) but may not accept it for the invitee.
    assert client_for(customer).post(url).status_code == 404
    assert client_for(partner_admin).post(url).status_code == 403
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_accepting_an_invitation_twice_says_you_are_already_a_member(partner_admin, supplier):
    invitee = UserFactory(email="newbie@example.org")
    invitation = member_invite(organization=supplier, by=partner_admin, email=invitee.email)
    client = client_for(invitee)
    url = reverse("partners:invitation-accept", args=[invitation.pk])

    client.post(url)
    response = client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == supplier.get_absolute_url()
    assert "You are already a member of Orchard Supplies." in response.content.decode()
    assert Membership.objects.filter(organization=supplier, user=invitee).count() == 1


def test_accepting_an_invitation_when_already_a_member_closes_it_instead_of_failing(
    partner_admin, supplier, partner_member
):
    """Regression (issue 19): this answered 500. Mo joined as mo@supplies.example, was
    invited again at a new address, then moved their account to that address."""
    invitation = member_invite(organization=supplier, by=partner_admin, email="mo@new.example")
    partner_member.email = "mo@new.example"
    partner_member.save()
    client = client_for(partner_member)
    directory = client.get(reverse("partners:directory")).content.decode()
    assert "Orchard Supplies invites you" in directory

    response = client.post(reverse("partners:invitation-accept", args=[invitation.pk]), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == supplier.get_absolute_url()
    assert "You are already a member of Orchard Supplies." in response.content.decode()
    assert list(Membership.objects.filter(organization=supplier, user=partner_member)) == [
        Membership.objects.get(organization=supplier, email="mo@supplies.example")
    ]
    assert not Membership.objects.filter(pk=invitation.pk).exists()
    assert "Invitations for you" not in client.get(reverse("partners:directory")).content.decode()
    admin_page = client_for(partner_admin).get(supplier.get_absolute_url()).content.decode()
    assert "Invitation pending" not in admin_page


def test_an_invitation_to_be_admin_makes_a_member_an_admin(partner_admin, supplier, partner_member):
    invitation = member_invite(
        organization=supplier, by=partner_admin, email="mo@new.example", role="admin"
    )
    partner_member.email = "mo@new.example"
    partner_member.save()

    client_for(partner_member).post(reverse("partners:invitation-accept", args=[invitation.pk]))

    assert Membership.objects.get(organization=supplier, user=partner_member).role == "admin"
    page = client_for(partner_member).get(supplier.get_absolute_url()).content.decode()
    assert "Invite a member" in page


# Posting resources.


def test_a_member_posts_and_publishes_a_resource(partner_member, supplier):
    pipfruit = CategoryFactory(name="Pipfruit")
    playbook = playbook_create(
        by=partner_member,
        title="Orchard season",
        public=True,
        milestones=[{"title": "Thinning"}, {"title": "Harvest"}],
    )
    thinning = playbook.milestones.get(title="Thinning")
    response = client_for(partner_member).post(
        reverse("partners:resource-create", args=[supplier.slug]),
        form_data(
            title="Thinning field day",
            kind="event",
            body="Bring **gloves**.",
            link="https://example.org/day",
            categories=[pipfruit.pk],
            playbook_milestones=[thinning.pk],
            window_start="2027-01-10",
            window_end="2027-01-12",
            action="publish",
        ),
    )
    resource = Resource.objects.get()
    assert response.url == resource.get_absolute_url()
    assert (resource.status, resource.author, resource.organization) == (
        "published",
        partner_member,
        supplier,
    )
    assert resource.body_html == "<p>Bring <strong>gloves</strong>.</p>\n"
    assert list(resource.playbook_milestones.all()) == [thinning]
    assert resource.window_end == date(2027, 1, 12)

    page = client_for(UserFactory()).get(resource.get_absolute_url()).content.decode()
    assert "<strong>gloves</strong>" in page
    assert 'href="https://example.org/day" rel="noopener' in page
    assert "Thinning" in page and "Orchard season" in page
    assert "Not verified" in page
    assert "10 Jan 2027" in page and "12 Jan 2027" in page


def test_saving_as_draft_keeps_it_from_customers(partner_admin, supplier, other_customer):
    client_for(partner_admin).post(
        reverse("partners:resource-create", args=[supplier.slug]), form_data(action="draft")
    )
    resource = Resource.objects.get()
    assert resource.status == "draft"
    assert client_for(other_customer).get(resource.get_absolute_url()).status_code == 404


def test_the_form_offers_milestones_of_public_playbooks_grouped_by_playbook(
    partner_admin, supplier
):
    playbook_create(
        by=partner_admin, title="Orchard season", public=True, milestones=[{"title": "Prune"}]
    )
    playbook_create(
        by=partner_admin, title="Private plan", public=False, milestones=[{"title": "Hidden"}]
    )
    html = (
        client_for(partner_admin)
        .get(reverse("partners:resource-create", args=[supplier.slug]))
        .content.decode()
    )
    assert "Orchard season" in html and "Prune" in html
    assert "Private plan" not in html and "Hidden" not in html
    assert 'hx-post="/resources/preview/"' in html
    assert 'hx-trigger="keyup changed delay:400ms"' in html


def test_a_window_that_ends_before_it_starts_is_refused_on_its_field(partner_admin, supplier):
    response = client_for(partner_admin).post(
        reverse("partners:resource-create", args=[supplier.slug]),
        form_data(window_start="2027-02-10", window_end="2027-02-01"),
    )
    assert response.status_code == 200
    assert "cannot end before it starts" in field_errors(response.content.decode(), "window_end")
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Hello <script>alert(1)</script>", "Scripts"),
        ('<img src="x" onerror="alert(1)">', "event handlers"),
        ("[click](javascript:alert(1))", "http, https or mailto"),
        ("[click](data:text/html;base64,PHNjcmlwdD4=)", "http, https or mailto"),
        ("[click](jav&#x61;script:alert(1))", "http, https or mailto"),
    ],
)
def test_unsafe_markdown_is_refused_on_the_body_field_and_nothing_is_saved(
    partner_admin, supplier, body, message
):
    response = client_for(partner_admin).post(
        reverse("partners:resource-create", args=[supplier.slug]),
        form_data(body=body, action="publish"),
    )
    assert response.status_code == 200
    assert message in field_errors(response.content.decode(), "body")
    assert not Resource.objects.exists()


def test_unsafe_markdown_on_edit_keeps_the_saved_version(partner_admin, published):
    saved = published.body_html
    response = client_for(partner_admin).post(
        reverse("partners:resource-edit", args=[published.pk]),
        form_data(title="Changed", body="<script>alert(1)</script>", action="save"),
    )
    assert response.status_code == 200
    published.refresh_from_db()
    assert (published.title, published.body_html) == ("Thinning guide", saved)


class _Executable(HTMLParser):
    """Collects what a browser could run: script-like tags, event handlers, unsafe links."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed", "svg", "img", "style"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(name)
            if name in {"href", "src"} and not re.match(r"(https?|mailto):", value or ""):
                self.found.append(f"{name}={value}")


@pytest.mark.parametrize(
    "body",
    [
        "Plain **text** with [a link](https://example.org) and <mailto:a@example.org>",
        "An <img src=x> tag and <b>bold</b> written as text",
        "![picture](https://example.org/x.png) and `<code>`",
        '[ok](https://example.org "title") | a | b |\n|---|---|\n| 1 | 2 |',
    ],
)
def test_stored_html_never_carries_executable_markup(partner_admin, supplier, body):
    client_for(partner_admin).post(
        reverse("partners:resource-create", args=[supplier.slug]), form_data(body=body)
    )
    parser = _Executable()
    parser.feed(Resource.objects.get().body_html)
    assert parser.found == []


def test_the_preview_is_the_html_that_is_saved(partner_admin, supplier):
    body = "# Thinning\n\n*Early* is better: [chart](https://example.org) <b onclick=x>no</b>"
    client = client_for(partner_admin)
    preview = client.post(reverse("partners:resource-preview"), {"body": body}).content.decode()
    assert "HTML event handlers" in preview  # the message the form would give
    body = "# Thinning\n\n*Early* is better: [chart](https://example.org) <b>bold?</b>"
    preview = client.post(reverse("partners:resource-preview"), {"body": body}).content.decode()
    client.post(reverse("partners:resource-create", args=[supplier.slug]), form_data(body=body))
    saved = Resource.objects.get().body_html
    assert saved == render_markdown(body)
    assert saved in preview
    assert "<b>" not in saved


def test_preview_without_javascript_shows_the_rendering_and_saves_nothing(partner_admin, supplier):
    response = client_for(partner_admin).post(
        reverse("partners:resource-create", args=[supplier.slug]),
        form_data(body="**strong**", action="preview"),
    )
    assert response.status_code == 200
    assert "<strong>strong</strong>" in response.content.decode()
    assert not Resource.objects.exists()


def test_a_member_edits_and_withdraws_a_resource(partner_member, published):
    client = client_for(partner_member)
    client.post(
        reverse("partners:resource-edit", args=[published.pk]),
        form_data(title="Thinning guide, 2027", kind="guide", body="New *body*", action="save"),
    )
    published.refresh_from_db()
    assert (published.title, published.body_html) == (
        "Thinning guide, 2027",
        "<p>New <em>body</em></p>\n",
    )
    client.post(reverse("partners:resource-withdraw", args=[published.pk]))
    published.refresh_from_db()
    assert published.status == "draft"


def test_deleting_asks_for_confirmation_first(partner_admin, published, supplier):
    client = client_for(partner_admin)
    page = client.get(reverse("partners:resource-delete", args=[published.pk])).content.decode()
    assert "cannot be undone" in page
    assert Resource.objects.filter(pk=published.pk).exists()
    response = client.post(reverse("partners:resource-delete", args=[published.pk]))
    assert response.url == supplier.get_absolute_url()
    assert not Resource.objects.filter(pk=published.pk).exists()


# Staff decisions the organisation sees.


def test_staff_unpublish_with_a_reason_the_organisation_sees(
    staff_user, partner_member, published, supplier, other_customer
):
    client_for(staff_user).post(
        reverse("partners:resource-unpublish", args=[published.pk]),
        {"reason": "The yield claim is not supported."},
    )
    member = client_for(partner_member)
    assert (
        "The yield claim is not supported."
        in member.get(published.get_absolute_url()).content.decode()
    )
    assert (
        "The yield claim is not supported."
        in member.get(supplier.get_absolute_url()).content.decode()
    )
    assert client_for(other_customer).get(published.get_absolute_url()).status_code == 404

    response = member.post(reverse("partners:resource-publish", args=[published.pk]), follow=True)
    assert "ask them to review it" in response.content.decode()
    published.refresh_from_db()
    assert published.status == "unpublished"


def test_staff_publish_again_from_the_page_what_they_unpublished(
    staff_user, partner_member, published, draft
):
    from partners.services import resource_unpublish

    resource_unpublish(resource=published, by=staff_user, reason="Check the claim")
    staff, member = client_for(staff_user), client_for(partner_member)
    assert "Publish again" not in member.get(published.get_absolute_url()).content.decode()
    assert "Publish again" in staff.get(published.get_absolute_url()).content.decode()
    assert ">Publish<" not in staff.get(draft.get_absolute_url()).content.decode()

    response = staff.post(reverse("partners:resource-publish", args=[published.pk]))

    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.status, published.unpublished_reason) == ("published", "")


def test_unpublishing_without_a_reason_is_refused_on_the_reason_field(staff_user, published):
    response = client_for(staff_user).post(
        reverse("partners:resource-unpublish", args=[published.pk]), {"reason": "  "}
    )
    assert response.status_code == 200
    assert "Say why" in field_errors(response.content.decode(), "reason")
    published.refresh_from_db()
    assert published.status == "published"


def test_verifying_removes_the_not_verified_label_everywhere(
    staff_user, supplier, published, other_customer
):
    client = client_for(other_customer)
    pages = [
        reverse("partners:directory"),
        reverse("partners:directory") + "?show=resources",
        supplier.get_absolute_url(),
        published.get_absolute_url(),
    ]
    for url in pages:
        assert '<span class="badge badge-unverified">Not verified</span>' in (
            client.get(url).content.decode()
        )
    client_for(staff_user).post(reverse("partners:verify", args=[supplier.slug]))
    for url in pages:
        html = client.get(url).content.decode()
        assert "badge-unverified" not in html
        assert '<span class="badge badge-verified">Verified</span>' in html


# The directory.


@pytest.fixture
def catalogue(partner_admin, staff_user):
    otago, hawkes_bay = RegionFactory(name="Otago"), RegionFactory(name="Hawke's Bay")
    apples, dairy = CategoryFactory(name="Apples"), CategoryFactory(name="Dairy")
    orchard = organization_create(
        by=partner_admin,
        name="Orchard Supplies",
        kind="supplier",
        description="Fertiliser and netting for orchards",
        regions=[hawkes_bay],
        categories=[apples],
    )
    college = organization_create(
        by=partner_admin,
        name="Eastern Polytechnic",
        kind="training_provider",
        description="Horticulture certificates",
        regions=[hawkes_bay, otago],
    )
    organization_create(
        by=partner_admin, name="Dairy Data", kind="data_provider", categories=[dairy]
    )
    organization_set_verified(organization=college, by=staff_user, verified=True)

    def post(organization, title, body="", **related):
        resource = resource_create(
            by=partner_admin,
            organization=organization,
            kind=related.pop("kind", "guide"),
            title=title,
            body=body,
            **related,
        )
        return resource_publish(resource=resource, by=partner_admin)

    post(orchard, "Thinning apples", "Thin early in the season", categories=[apples])
    post(orchard, "Netting offer", "Hail netting at a discount", kind="offer", regions=[otago])
    post(college, "Certificate in pruning", "A course on apples", kind="course")
    resource_create(by=partner_admin, organization=college, kind="guide", title="Draft apples")
    return {"otago": otago, "hawkes_bay": hawkes_bay, "apples": apples, "dairy": dairy}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Dairy Data", "Eastern Polytechnic", "Orchard Supplies"]),
        ({"q": "orchards"}, ["Orchard Supplies"]),
        ({"q": "polytechnic"}, ["Eastern Polytechnic"]),
        ({"kind": "supplier"}, ["Orchard Supplies"]),
        ({"region": "@otago"}, ["Eastern Polytechnic"]),
        ({"category": "@dairy"}, ["Dairy Data"]),
        ({"verified": "yes"}, ["Eastern Polytechnic"]),
        ({"verified": "no"}, ["Dairy Data", "Orchard Supplies"]),
        ({"kind": "not-a-kind"}, ["Dairy Data", "Eastern Polytechnic", "Orchard Supplies"]),
    ],
)
def test_directory_finds_exactly_the_matching_partners(catalogue, other_customer, query, expected):
    query = {key: _reference(catalogue, value) for key, value in query.items()}
    html = client_for(other_customer).get(reverse("partners:directory"), query).content.decode()
    assert titles_in(html) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Thinning apples", "Netting offer", "Certificate in pruning"}),
        ({"q": "thinning"}, {"Thinning apples"}),
        ({"q": "apples"}, {"Thinning apples", "Certificate in pruning"}),
        ({"kind": "course"}, {"Certificate in pruning"}),
        ({"region": "@otago"}, {"Thinning apples", "Netting offer", "Certificate in pruning"}),
        ({"region": "@hawkes_bay"}, {"Thinning apples", "Certificate in pruning"}),
        ({"category": "@apples"}, {"Thinning apples"}),
        ({"verified": "yes"}, {"Certificate in pruning"}),
        ({"verified": "no", "q": "netting"}, {"Netting offer"}),
    ],
)
def test_directory_finds_exactly_the_matching_resources(catalogue, other_customer, query, expected):
    query = {"show": "resources"} | {
        key: _reference(catalogue, value) for key, value in query.items()
    }
    html = client_for(other_customer).get(reverse("partners:directory"), query).content.decode()
    assert set(titles_in(html)) == expected
    assert "Draft apples" not in html


def _reference(catalogue, value):
    """A query value such as "@otago" stands for the primary key of that reference row."""
    return catalogue[value[1:]].pk if value.startswith("@") else value


def test_members_find_their_own_drafts_labelled_as_drafts(catalogue, partner_admin):
    html = (
        client_for(partner_admin)
        .get(reverse("partners:directory"), {"show": "resources", "q": "draft"})
        .content.decode()
    )
    assert titles_in(html) == ["Draft apples"]
    assert '<span class="badge badge-status-draft">Draft</span>' in html


def test_an_htmx_search_answers_with_the_results_only(catalogue, other_customer):
    response = client_for(other_customer).get(
        reverse("partners:directory"),
        {"q": "orchards"},
        headers={"HX-Request": "true", "HX-Target": "directory-results"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="directory-results"')
    assert titles_in(html) == ["Orchard Supplies"]


def test_the_directory_pages_by_twenty(partner_admin, other_customer):
    PartnerOrganization.objects.bulk_create(
        PartnerOrganization(name=f"Partner {n:02}", slug=f"partner-{n}", kind="tutor")
        for n in range(45)
    )
    client = client_for(other_customer)
    first = client.get(reverse("partners:directory")).content.decode()
    third = client.get(reverse("partners:directory"), {"page": 3}).content.decode()
    assert len(titles_in(first)) == 20 and "Page 1 of 3" in first
    assert titles_in(third) == [f"Partner {n}" for n in range(40, 45)]
    assert client.get(reverse("partners:directory"), {"page": "zzz"}).status_code == 200


# Queries do not grow with the data.


def _add_resources(organization, author, count, start=0):
    region, category = RegionFactory(), CategoryFactory()
    resources = Resource.objects.bulk_create(
        Resource(
            organization=organization,
            author=author,
            kind="guide",
            title=f"Guide {start + n}",
            body="Body",
            body_html="<p>Body</p>",
            status="published" if n % 3 else "draft",
            published_at="2026-01-01T00:00:00Z" if n % 3 else None,
        )
        for n in range(count)
    )
    Resource.regions.through.objects.bulk_create(
        Resource.regions.through(resource=resource, region=region) for resource in resources
    )
    Resource.categories.through.objects.bulk_create(
        Resource.categories.through(resource=resource, category=category) for resource in resources
    )


def _queries(client, url) -> int:
    warm_navigation(client)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["admin", "other", "staff"])
def test_directory_and_organisation_page_queries_do_not_grow_with_resources(people, supplier, role):
    client = client_for(people[role])
    urls = [
        reverse("partners:directory") + "?show=resources",
        reverse("partners:directory"),
        supplier.get_absolute_url(),
    ]
    _add_resources(supplier, people["admin"], 10)
    small = [_queries(client, url) for url in urls]
    _add_resources(supplier, people["admin"], 990, start=10)
    assert Resource.objects.count() == 1000
    large = [_queries(client, url) for url in urls]
    assert small == large


def test_directory_queries_do_not_grow_with_partners(other_customer, partner_admin):
    client = client_for(other_customer)
    PartnerOrganization.objects.bulk_create(
        PartnerOrganization(name=f"Partner {n}", slug=f"partner-{n}", kind="tutor")
        for n in range(10)
    )
    small = _queries(client, reverse("partners:directory"))
    PartnerOrganization.objects.bulk_create(
        PartnerOrganization(name=f"Partner {n}", slug=f"partner-{n}", kind="tutor")
        for n in range(10, 1000)
    )
    assert _queries(client, reverse("partners:directory")) == small


def test_text_people_typed_is_shown_as_text_never_as_markup(partner_admin, supplier):
    playbook = playbook_create(
        by=partner_admin,
        title="<i>Season</i>",
        public=True,
        milestones=[{"title": "<script>alert(1)</script>"}],
    )
    resource = resource_create(
        by=partner_admin,
        organization=supplier,
        kind="guide",
        title="<b>Bold title</b>",
        summary="<img src=x onerror=alert(1)>",
        playbook_milestones=list(playbook.milestones.all()),
    )
    html = client_for(partner_admin).get(resource.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Bold title&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "&lt;i&gt;Season&lt;/i&gt;" in html


def test_the_organisation_page_lists_the_playbooks_it_publishes(client):
    from goals.playbooks import playbook_create
    from partners.services import organization_create
    from tests.factories import UserFactory

    partner = UserFactory()
    organization = organization_create(by=partner, name="Fruit Extension", kind="extension_service")
    playbook_create(by=partner, title="Thinning season", public=True, organization=organization)
    playbook_create(by=partner, title="Private notes", public=False, organization=organization)
    client.force_login(UserFactory())

    page = client.get(organization.get_absolute_url()).content.decode()
    assert "Thinning season" in page
    assert "Private notes" not in page


def test_admins_choose_the_organisations_time_zone_with_the_accounts_field(partner_admin, supplier):
    client = client_for(partner_admin)
    url = reverse("partners:edit", args=[supplier.slug])
    page = client.get(url).content.decode()
    # The same searchable box and list of zones as a person's profile, showing UTC first.
    field = re.search(r'<input type="text" name="time_zone"[^>]*>', page).group(0)
    assert 'list="time-zone-list"' in field and 'value="UTC"' in field
    assert re.search(r'<option value="Pacific/Auckland">Pacific/Auckland \(UTC\+1[23]:00\)', page)

    response = client.post(
        url, {"name": supplier.name, "kind": "supplier", "time_zone": "auckland"}
    )
    assert response.url == supplier.get_absolute_url()
    supplier.refresh_from_db()
    assert supplier.time_zone == "Pacific/Auckland"

    response = client.post(
        url, {"name": "Changed", "kind": "supplier", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    assert "not a time zone we know" in field_errors(response.content.decode(), "time_zone")
    supplier.refresh_from_db()
    assert (supplier.name, supplier.time_zone) == ("Orchard Supplies", "Pacific/Auckland")
