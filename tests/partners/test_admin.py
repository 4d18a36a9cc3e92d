"""The Django admin for partners goes through the same actions as the pages and the API:
a verification writes its audit row, a resource body is rendered and sanitised, and what
no action lets this person change is read-only."""

import pytest
from django.test import Client
from django.urls import reverse

from ecosystem.audit.models import AuditEvent
from partners.models import Membership, PartnerOrganization, Resource
from partners.services import organization_create, resource_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def supplier(db):
    """An organisation the superuser is not a member of."""
    return organization_create(by=UserFactory(), name="Orchard Supplies", kind="supplier")


@pytest.fixture
def own(superuser):
    """An organisation the superuser created, so is an admin of."""
    return organization_create(by=superuser, name="Root Tutors", kind="tutor")


def form_data(client, url) -> dict:
    """What the admin's change form would post back unchanged (its editable fields and the
    inlines' management forms)."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def change_url(obj) -> str:
    return reverse(f"admin:partners_{obj._meta.model_name}_change", args=[obj.pk])


# --- Organisations ----------------------------------------------------------------------


def test_a_verification_saved_in_the_admin_goes_through_the_verify_action(
    root, superuser, supplier
):
    url = change_url(supplier)
    data = form_data(root, url)
    assert "name" not in data  # not an admin of it: the profile is read-only
    data.update(verified="on", name="Renamed by staff")

    response = root.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    supplier.refresh_from_db()
    assert supplier.verified and supplier.verified_by == superuser and supplier.verified_at
    assert supplier.name == "Orchard Supplies"
    event = AuditEvent.objects.get(verb="partner.verify")
    assert (event.actor, event.target_id) == (superuser, str(supplier.pk))


def test_withdrawing_a_verification_in_the_admin_is_audited_too(root, superuser, supplier):
    from partners.services import organization_set_verified

    organization_set_verified(organization=supplier, by=superuser, verified=True)
    data = form_data(root, change_url(supplier))
    data.pop("verified")

    assert root.post(change_url(supplier), data).status_code == 302

    supplier.refresh_from_db()
    assert (supplier.verified, supplier.verified_by, supplier.verified_at) == (False, None, None)
    assert AuditEvent.objects.filter(verb="partner.unverify").count() == 1


def test_an_organisations_admin_changes_its_profile_in_the_admin_with_its_rules(root, own):
    url = change_url(own)
    data = form_data(root, url)

    data.update(name="Root Tutoring", website="javascript:alert(1)")
    response = root.post(url, data)
    assert response.status_code == 200
    assert "website" in response.context["adminform"].form.errors
    own.refresh_from_db()
    assert own.name == "Root Tutors"

    data.update(website="https://tutors.example.org", time_zone="Pacific/Auckland")
    assert root.post(url, data).status_code == 302
    own.refresh_from_db()
    assert (own.name, own.website, own.time_zone) == (
        "Root Tutoring",
        "https://tutors.example.org",
        "Pacific/Auckland",
    )


def test_organisations_are_neither_added_nor_deleted_in_the_admin(root, supplier):
    assert root.get(reverse("admin:partners_partnerorganization_add")).status_code == 403
    delete = reverse("admin:partners_partnerorganization_delete", args=[supplier.pk])
    assert root.post(delete, {"post": "yes"}).status_code == 403
    assert PartnerOrganization.objects.filter(pk=supplier.pk).exists()


def test_memberships_are_read_only_in_the_admin(root, own):
    response = root.get(change_url(own))
    (inline,) = response.context["inline_admin_formsets"]
    assert not inline.has_add_permission
    assert not inline.has_change_permission
    assert not inline.has_delete_permission
    data = form_data(root, change_url(own))
    data["memberships-0-role"] = "member"
    assert root.post(change_url(own), data).status_code == 302
    assert Membership.objects.get(organization=own).role == "admin"


# --- Resources --------------------------------------------------------------------------


def test_a_resource_body_saved_in_the_admin_is_rendered_and_sanitised(root, superuser, own):
    resource = resource_create(by=superuser, organization=own, kind="guide", title="Thinning")
    url = change_url(resource)
    data = form_data(root, url)

    data["body"] = "Thin **early**."
    assert root.post(url, data).status_code == 302
    resource.refresh_from_db()
    assert resource.body_html == "<p>Thin <strong>early</strong>.</p>\n"

    data["body"] = "[click](javascript:alert(1))"
    response = root.post(url, data)
    assert response.status_code == 200
    assert "http, https or mailto" in str(response.context["adminform"].form.errors["body"])
    resource.refresh_from_db()
    assert resource.body == "Thin **early**."
    assert resource.body_html == "<p>Thin <strong>early</strong>.</p>\n"


def test_a_platform_resource_added_in_the_admin_is_rendered(root, superuser):
    data = form_data(root, reverse("admin:partners_resource_add"))
    data.update(kind="guide", title="Planning backwards", body="# Start\n\nFrom the *end*.")

    response = root.post(reverse("admin:partners_resource_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    resource = Resource.objects.get()
    assert (resource.organization, resource.author, resource.status) == (None, superuser, "draft")
    assert resource.body_html == "<h1>Start</h1>\n<p>From the <em>end</em>.</p>\n"


def test_a_resource_of_an_organisation_one_is_not_a_member_of_is_read_only(
    root, supplier, superuser
):
    author = Membership.objects.get(organization=supplier).user
    resource = resource_create(
        by=author, organization=supplier, kind="guide", title="Theirs", body="Mine"
    )
    url = change_url(resource)

    page = root.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    response = root.post(url, {"kind": "guide", "title": "Edited by staff", "body": "x"})
    assert response.status_code == 403
    delete = reverse("admin:partners_resource_delete", args=[resource.pk])
    assert root.post(delete, {"post": "yes"}).status_code == 403
    resource.refresh_from_db()
    assert (resource.title, resource.body_html) == ("Theirs", "<p>Mine</p>\n")


def test_a_resource_deleted_in_the_admin_goes_through_the_delete_action(root, superuser, own):
    resource = resource_create(by=superuser, organization=own, kind="guide", title="Old")
    delete = reverse("admin:partners_resource_delete", args=[resource.pk])

    assert root.post(delete, {"post": "yes"}).status_code == 302

    assert not Resource.objects.filter(pk=resource.pk).exists()
