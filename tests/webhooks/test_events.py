"""What partners hear of, and only that: an invitation accepted, a resource used, a
milestone they help with coming. Each event is written with the change (a rolled-back
change sends nothing) and its payload holds only what the organisation's members see."""

from datetime import timedelta
from io import StringIO

import pytest
from django.db import transaction
from django.utils import timezone

from goals.services import goal_create
from milestones.models import Milestone
from milestones.services import dependency_create, milestone_create
from partners.models import PartnerOrganization, ResourceUse
from partners.services import organization_create, resource_create, resource_publish
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.models import Stakeholder
from stakeholders.services import stakeholder_invite
from tests.factories import CategoryFactory, UserFactory
from webhooks.coming import milestones_coming_sweep
from webhooks.models import WebhookDelivery, WebhookEvent
from webhooks.services import endpoint_create

pytestmark = pytest.mark.django_db
ALL = ["milestone.coming", "invitation.accepted", "resource.used"]


@pytest.fixture
def orchard(partner_admin, receiver, django_capture_on_commit_callbacks):
    """Olive's goal (Prune then Pick, starting within days), Orchard Supplies listening
    on one receiver and Not Invited Tutors on another, and a resource of each that fits."""
    category = CategoryFactory()
    owner = UserFactory(display_name="Olive Owner")
    goal = goal_create(
        by=owner,
        title="Gala apples",
        target_date=owner.today() + timedelta(days=10),
        category=category,
    )
    prune = milestone_create(goal=goal, by=owner, title="Prune", duration_days=2)
    pick = milestone_create(goal=goal, by=owner, title="Pick", duration_days=3)
    dependency_create(goal=goal, by=owner, predecessor=prune, successor=pick)
    supplier = PartnerOrganization.objects.get(name="Orchard Supplies")
    tutor_admin = UserFactory(display_name="Tia Tutor")
    tutors = organization_create(by=tutor_admin, name="Not Invited Tutors", kind="tutor")
    servers = {"supplier": receiver(), "tutors": receiver()}
    endpoint_create(
        organization=supplier, by=partner_admin, url=servers["supplier"].url, events=ALL
    )
    endpoint_create(organization=tutors, by=tutor_admin, url=servers["tutors"].url, events=ALL)
    resources = {}
    for key, organization, author in (
        ("supplier", supplier, partner_admin),
        ("tutors", tutors, tutor_admin),
    ):
        resource = resource_create(
            by=author,
            organization=organization,
            kind="guide",
            title=f"Guide of {organization.name}",
            categories=[category],
        )
        resources[key] = resource_publish(resource=resource, by=author)
    return {
        "owner": owner,
        "goal": goal,
        "prune": prune,
        "pick": pick,
        "supplier": supplier,
        "servers": servers,
        "resources": resources,
        "capture": django_capture_on_commit_callbacks,
    }


def _invite_supplier(world, partner_admin, **options):
    invitation = stakeholder_invite(
        goal=world["goal"],
        by=world["owner"],
        organization=world["supplier"],
        role="supplier",
        access="comment",
        milestones=options.pop("milestones", [world["prune"]]),
        **options,
    )
    with world["capture"](execute=True):
        return stakeholder_answer(
            token=invitation_token(invitation), user=partner_admin, accept=True
        )


def test_an_accepted_invitation_reaches_the_organisation_with_its_scope_only(
    orchard, partner_admin
):
    stakeholder = _invite_supplier(orchard, partner_admin)

    [request] = orchard["servers"]["supplier"].requests
    document = request.json
    assert document["type"] == "invitation.accepted"
    assert document["data"]["goal"]["title"] == "Gala apples"
    assert document["data"]["stakeholder"]["id"] == stakeholder.pk
    assert [m["title"] for m in document["data"]["milestones"]] == ["Prune"]  # not Pick
    assert orchard["servers"]["tutors"].requests == []


def test_a_rolled_back_acceptance_sends_nothing(orchard, partner_admin):
    invitation = stakeholder_invite(
        goal=orchard["goal"],
        by=orchard["owner"],
        organization=orchard["supplier"],
        role="supplier",
    )
    with orchard["capture"](execute=True), transaction.atomic():
        stakeholder_answer(token=invitation_token(invitation), user=partner_admin, accept=True)
        assert WebhookDelivery.objects.count() == 1  # written with the acceptance...
        transaction.set_rollback(True)

    assert WebhookDelivery.objects.count() == 0  # ...and gone with it
    assert orchard["servers"]["supplier"].requests == []


def test_a_resource_used_on_a_milestone_the_partner_helps_with_names_it(
    orchard, partner_admin, client
):
    _invite_supplier(orchard, partner_admin)
    client.force_login(orchard["owner"])
    resource, prune = orchard["resources"]["supplier"], orchard["prune"]
    with orchard["capture"](execute=True):
        response = client.post(
            f"/resources/{resource.pk}/used/", {"milestone": prune.pk}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    assert "Marked helpful" in response.content.decode()

    used = [
        r.json
        for r in orchard["servers"]["supplier"].requests
        if r.json["type"] != "invitation.accepted"
    ]
    assert [document["type"] for document in used] == ["resource.used"]
    assert used[0]["data"]["milestone"]["title"] == "Prune"
    assert used[0]["data"]["goal"]["title"] == "Gala apples"
    assert orchard["servers"]["tutors"].requests == []


def test_a_resource_used_on_a_goal_the_partner_may_not_see_carries_none_of_it(orchard, client):
    """The tutors were never invited: they learn their guide helped, not where."""
    client.force_login(orchard["owner"])
    resource, pick = orchard["resources"]["tutors"], orchard["pick"]
    with orchard["capture"](execute=True):
        response = client.post(f"/resources/{resource.pk}/used/", {"milestone": pick.pk})
        again = client.post(f"/resources/{resource.pk}/used/", {"milestone": pick.pk})
    assert response.status_code == 302 and again.status_code == 302

    [request] = orchard["servers"]["tutors"].requests  # marked twice, told once
    data = request.json["data"]
    assert data["resource"]["title"] == "Guide of Not Invited Tutors"
    assert data["milestone"] is None and data["goal"] is None
    assert "Gala apples" not in request.body.decode()
    assert "Olive" not in request.body.decode()
    assert ResourceUse.objects.count() == 1


def test_marking_a_resource_used_refuses_what_is_not_visible_or_does_not_fit(orchard, client):
    stranger = UserFactory()
    client.force_login(stranger)
    resource, prune = orchard["resources"]["tutors"], orchard["prune"]
    assert (
        client.post(f"/resources/{resource.pk}/used/", {"milestone": prune.pk}).status_code == 404
    )
    assert client.post(f"/resources/{resource.pk}/used/", {"milestone": "x"}).status_code == 400
    theirs = goal_create(
        by=stranger, title="Other", target_date=stranger.today() + timedelta(days=30)
    )
    step = milestone_create(goal=theirs, by=stranger, title="Step")
    assert client.post(f"/resources/{resource.pk}/used/", {"milestone": step.pk}).status_code == 400
    assert ResourceUse.objects.count() == 0


def test_coming_milestones_are_told_once_each_and_only_those_in_scope(
    orchard, partner_admin, settings
):
    settings.WEBHOOK_COMING_DAYS = 14
    _invite_supplier(orchard, partner_admin)  # scoped to Prune
    server = orchard["servers"]["supplier"]
    server.requests.clear()

    with orchard["capture"](execute=True):
        assert milestones_coming_sweep() == 1
    with orchard["capture"](execute=True):
        assert milestones_coming_sweep() == 0  # run twice: told once

    [request] = server.requests
    assert request.json["type"] == "milestone.coming"
    assert request.json["data"]["milestone"]["title"] == "Prune"
    assert orchard["servers"]["tutors"].requests == []


def test_a_replanned_milestone_is_told_again_and_a_lapsed_grant_not_at_all(
    orchard, partner_admin, settings
):
    settings.WEBHOOK_COMING_DAYS = 14
    stakeholder = _invite_supplier(orchard, partner_admin)
    milestones_coming_sweep()
    Milestone.objects.filter(pk=orchard["prune"].pk).update(
        latest_start=orchard["prune"].latest_start + timedelta(days=1)
    )
    assert milestones_coming_sweep() == 1

    Stakeholder.objects.filter(pk=stakeholder.pk).update(
        ends_on=timezone.now().date() - timedelta(days=3)
    )
    Milestone.objects.filter(pk=orchard["prune"].pk).update(
        latest_start=orchard["prune"].latest_start + timedelta(days=2)
    )
    assert milestones_coming_sweep() == 0
    assert WebhookEvent.objects.filter(kind="milestone.coming").count() == 2


def test_the_coming_task_and_command_run_twice_tell_once(orchard, partner_admin, settings):
    from django.core.management import call_command

    from webhooks.tasks import milestones_coming

    settings.WEBHOOK_COMING_DAYS = 14
    _invite_supplier(orchard, partner_admin)
    assert milestones_coming.apply().get() == 1
    assert milestones_coming.apply().get() == 0
    call_command("webhook_coming_milestones", stdout=StringIO())
    output = StringIO()
    call_command("deliver_webhooks", stdout=output)
    assert "1 delivered" in output.getvalue()  # the sweep sent what the eager tasks left
    assert WebhookEvent.objects.filter(kind="milestone.coming").count() == 1
    delivered = WebhookDelivery.objects.filter(event__kind="milestone.coming")
    assert [delivery.state for delivery in delivered] == ["delivered"]


def test_an_acceptance_while_the_broker_is_unreachable_is_kept_and_the_sweep_delivers_it_once(
    orchard, partner_admin, caplog
):
    from tests.conftest import broker_unreachable
    from webhooks.tasks import deliver_pending

    with broker_unreachable():
        stakeholder = _invite_supplier(orchard, partner_admin)  # no server error

    assert "Could not enqueue webhooks.deliver" in caplog.text
    assert orchard["servers"]["supplier"].requests == []
    assert deliver_pending.apply().get() == 1
    assert deliver_pending.apply().get() == 0  # twice changes nothing
    [request] = orchard["servers"]["supplier"].requests
    assert request.json["data"]["stakeholder"]["id"] == stakeholder.pk
