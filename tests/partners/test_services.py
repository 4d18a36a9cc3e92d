"""Partner organisations, memberships and resources; help for this step."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from ecosystem.audit.models import AuditEvent
from goals.playbooks import playbook_create
from goals.services import goal_create
from milestones.plans import playbook_start
from milestones.services import milestone_create
from partners.models import Membership, Resource
from partners.selectors import resources_for_milestone
from partners.services import (
    member_accept,
    member_invite,
    member_remove,
    organization_create,
    organization_set_verified,
    resource_create,
    resource_publish,
    resource_unpublish,
)
from tests.factories import CategoryFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_admin(db):
    return UserFactory(display_name="Pat Partner")


@pytest.fixture
def supplier(partner_admin):
    return organization_create(by=partner_admin, name="Orchard Supplies", kind="supplier")


def test_the_creator_becomes_admin_and_it_is_audited(supplier, partner_admin):
    membership = Membership.objects.get(organization=supplier)
    assert (membership.user, membership.role, membership.is_active) == (
        partner_admin,
        "admin",
        True,
    )
    assert AuditEvent.objects.filter(verb="partner.create").exists()


def test_a_slug_already_taken_is_refused(supplier, customer):
    with pytest.raises(ValidationError) as refused:
        organization_create(by=customer, name="Orchard Supplies", kind="supplier")
    assert "slug" in refused.value.message_dict


def test_invite_accept_and_remove_are_audited(supplier, partner_admin):
    membership = member_invite(organization=supplier, by=partner_admin, email="New@Example.org")
    invitee = UserFactory(email="new@example.org")
    member_accept(membership=membership, by=invitee)
    assert Membership.objects.get(pk=membership.pk).is_active

    member_remove(membership=membership, by=partner_admin)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"partner.member_invite", "partner.member_join", "partner.member_remove"} <= verbs


def test_a_member_invited_twice_is_refused(supplier, partner_admin):
    member_invite(organization=supplier, by=partner_admin, email="twice@example.org")
    with pytest.raises(ValidationError) as refused:
        member_invite(organization=supplier, by=partner_admin, email="TWICE@example.org")
    assert "email" in refused.value.message_dict


def test_only_admins_invite_and_the_last_admin_cannot_leave(supplier, partner_admin, customer):
    with pytest.raises(PermissionDenied):
        member_invite(organization=supplier, by=customer, email="x@example.org")
    with pytest.raises(ValidationError):
        member_remove(membership=Membership.objects.get(user=partner_admin), by=partner_admin)


def test_an_invitation_follows_the_email_address(supplier, partner_admin, customer):
    membership = member_invite(organization=supplier, by=partner_admin, email="someone@example.org")
    with pytest.raises(Http404):
        member_accept(membership=membership, by=customer)
    with pytest.raises(PermissionDenied):
        member_accept(membership=membership, by=partner_admin)


def test_only_staff_verify(supplier, partner_admin, staff_user):
    with pytest.raises(PermissionDenied):
        organization_set_verified(organization=supplier, by=partner_admin, verified=True)
    organization_set_verified(organization=supplier, by=staff_user, verified=True)
    supplier.refresh_from_db()
    assert supplier.verified and supplier.verified_by == staff_user


def test_unsafe_markdown_is_refused_with_a_clear_message(supplier, partner_admin):
    with pytest.raises(ValidationError) as refused:
        resource_create(
            by=partner_admin,
            organization=supplier,
            kind="guide",
            title="x",
            body="[x](javascript:alert(1))",
        )
    assert "http, https or mailto" in refused.value.message_dict["body"][0]
    assert not Resource.objects.exists()


def test_a_window_that_ends_before_it_starts_is_refused(supplier, partner_admin):
    with pytest.raises(ValidationError):
        resource_create(
            by=partner_admin,
            organization=supplier,
            kind="event",
            title="Field day",
            window_start=date(2027, 2, 10),
            window_end=date(2027, 2, 1),
        )


def test_non_members_cannot_post(supplier, customer):
    with pytest.raises(PermissionDenied):
        resource_create(by=customer, organization=supplier, kind="guide", title="x")


def test_staff_unpublish_with_a_reason_the_organisation_sees(supplier, partner_admin, staff_user):
    resource = resource_create(by=partner_admin, organization=supplier, kind="guide", title="x")
    resource_publish(resource=resource, by=partner_admin)
    resource_unpublish(resource=resource, by=staff_user, reason="Misleading claim")
    resource.refresh_from_db()
    assert (resource.status, resource.unpublished_reason) == ("unpublished", "Misleading claim")
    with pytest.raises(PermissionDenied):
        resource_publish(resource=resource, by=partner_admin)


def test_drafts_are_visible_to_members_only(supplier, partner_admin, customer):
    draft = resource_create(by=partner_admin, organization=supplier, kind="guide", title="Draft")
    assert list(Resource.objects.visible_to(partner_admin)) == [draft]
    assert list(Resource.objects.visible_to(customer)) == []


def test_help_for_this_step_orders_tied_then_category_filters_region_and_expiry(
    supplier, partner_admin, customer
):
    pipfruit = CategoryFactory(slug="pipfruit")
    hawkes_bay = RegionFactory(slug="hawkes-bay")
    otago = RegionFactory(slug="otago")
    playbook = playbook_create(
        by=partner_admin,
        title="Orchard season",
        category=pipfruit,
        public=True,
        milestones=[{"title": "Thinning", "duration_days": 10}],
    )
    customer.region = hawkes_bay
    customer.save()
    goal = playbook_start(playbook=playbook, by=customer, target_date=date(2027, 3, 1))
    thinning = goal.milestones.get()
    source = playbook.milestones.get()

    def post(title, **fields):
        related = {
            key: fields.pop(key)
            for key in ("categories", "regions", "playbook_milestones")
            if key in fields
        }
        resource = resource_create(
            by=partner_admin, organization=supplier, kind="guide", title=title, **fields, **related
        )
        return resource_publish(resource=resource, by=partner_admin)

    post("Category guide", categories=[pipfruit])
    post("Thinning guide", playbook_milestones=[source])
    post(
        "Thinning day",
        playbook_milestones=[source],
        window_start=thinning.latest_start,
        window_end=thinning.latest_finish,
    )
    post("Otago only", categories=[pipfruit], regions=[otago])
    post("Hawke's Bay offer", categories=[pipfruit], regions=[hawkes_bay])
    post(
        "Expired",
        playbook_milestones=[source],
        window_start=date(2020, 1, 1),
        window_end=date(2020, 1, 2),
    )
    post("Unrelated")

    titles = [
        r.title for r in resources_for_milestone(milestone=thinning, today=date(2026, 11, 23))
    ]
    assert titles[:2] == ["Thinning day", "Thinning guide"]
    assert set(titles[2:]) == {"Category guide", "Hawke's Bay offer"}

    blank = goal_create(by=customer, title="Blank", target_date=date(2027, 3, 1))
    unrelated = milestone_create(goal=blank, by=blank.owner, title="Other", duration_days=1)
    assert list(resources_for_milestone(milestone=unrelated, today=date(2026, 11, 23))) == []


def test_partners_publish_playbooks_under_their_organisations_name(
    supplier, partner_admin, customer
):
    playbook = playbook_create(
        by=partner_admin, title="Thinning season", public=True, organization=supplier
    )
    assert list(supplier.playbooks.all()) == [playbook]
    with pytest.raises(PermissionDenied):
        playbook_create(by=customer, title="Not mine", organization=supplier)


def test_the_demo_holds_partners_of_several_kinds_whose_resources_fit_the_demo_goals():
    from ecosystem.demo import load_demo

    demo = load_demo()
    kinds = {organization.kind for organization in demo["organizations"].values()}
    assert {"supplier", "extension_service", "training_provider", "data_provider"} <= kinds
    orchard = demo["goals"]["orchard"]
    thinning = orchard.milestones.get(title="Fruit thinning")
    titles = [
        resource.title
        for resource in resources_for_milestone(milestone=thinning, today=orchard.owner.today())
    ]
    assert titles[0] == "Thinning to one fruit per cluster"


def test_an_invitation_is_emailed_once_even_if_the_task_runs_twice(
    supplier, partner_admin, mailoutbox, django_capture_on_commit_callbacks
):
    from partners.tasks import send_member_invitation

    with django_capture_on_commit_callbacks(execute=True):
        membership = member_invite(organization=supplier, by=partner_admin, email="new@example.org")
    assert [message.to for message in mailoutbox] == [["new@example.org"]]
    assert "Orchard Supplies" in mailoutbox[0].subject

    assert send_member_invitation.apply(kwargs={"membership_id": membership.pk}).get() is False
    assert len(mailoutbox) == 1


def test_staff_can_publish_again_what_they_unpublished(supplier, partner_admin, staff_user):
    from partners.services import resource_withdraw

    resource = resource_create(by=partner_admin, organization=supplier, kind="guide", title="x")
    resource_publish(resource=resource, by=partner_admin)
    resource_unpublish(resource=resource, by=staff_user, reason="Check the claim")
    with pytest.raises(ValidationError):
        resource_withdraw(resource=resource, by=partner_admin)
    resource_publish(resource=resource, by=staff_user)
    resource.refresh_from_db()
    assert resource.status == "published" and resource.unpublished_reason == ""
