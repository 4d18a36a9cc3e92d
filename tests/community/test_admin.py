"""The community admin changes rows only through the domain's actions (checked, logged and
audited like the pages and the API), and is read-only where no action fits."""

import pytest
from django.test import Client
from django.urls import reverse

from community.models import Community, CommunityMembership, Flag, ModerationAction, Thread
from community.moderation import content_hide, flag_create
from community.services import community_create
from ecosystem.audit.models import AuditEvent
from tests.community.test_moderation import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    ModerationAction.objects.all().delete()  # the suspension the world starts with
    return world


@pytest.fixture
def admin_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def run_admin_action(client, model: str, action: str, ids) -> None:
    response = client.post(
        reverse(f"admin:community_{model}_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in ids]},
    )
    assert response.status_code == 302


def test_locking_threads_in_the_admin_is_a_logged_moderation_action(admin_client, superuser, world):
    run_admin_action(admin_client, "thread", "lock", [world.thread.pk])

    world.thread.refresh_from_db()
    assert world.thread.locked
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.actor, entry.thread) == ("lock", superuser, world.thread)
    assert AuditEvent.objects.filter(verb="moderation.lock", actor=superuser).count() == 1
    log = admin_client.get(reverse("community:moderation-log")).content.decode()
    assert "Lock the thread" in log


def test_an_admin_action_that_does_not_apply_says_so_and_changes_nothing(admin_client, world):
    response = admin_client.post(
        reverse("admin:community_thread_changelist"),
        {"action": "unlock", "_selected_action": [str(world.thread.pk)]},
        follow=True,
    )

    assert "The thread is not locked." in response.content.decode()
    assert not ModerationAction.objects.exists()


def test_restoring_a_hidden_post_and_dismissing_flags_in_the_admin_are_logged(admin_client, world):
    content_hide(by=world["moderator"], post=world.post, reason="Spam?")
    flag_create(by=world["member"], thread=world.thread, reason=Flag.Reason.OFF_TOPIC)
    flag = Flag.objects.get()

    run_admin_action(admin_client, "post", "restore", [world.post.pk])
    run_admin_action(admin_client, "flag", "dismiss", [flag.pk])

    world.post.refresh_from_db()
    flag.refresh_from_db()
    assert world.post.hidden_at is None
    assert flag.outcome == Flag.Outcome.DISMISSED
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == [
        "hide",
        "restore",
        "dismiss",
    ]


@pytest.mark.parametrize("model", ["thread", "post", "flag", "suspension", "moderationaction"])
def test_rows_without_a_fitting_action_are_read_only(admin_client, world, model):
    instance = {
        "thread": world.thread,
        "post": world.post,
        "suspension": world["suspended"].suspensions.get(),
    }.get(model)
    assert admin_client.get(reverse(f"admin:community_{model}_add")).status_code == 403
    if instance is not None:
        change = reverse(f"admin:community_{model}_change", args=[instance.pk])
        assert admin_client.post(change, {"title": "Hacked", "body": "x"}).status_code == 403
        delete = reverse(f"admin:community_{model}_delete", args=[instance.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Thread.objects.get(pk=world.thread.pk).title == "When to thin?"


def test_a_community_created_in_the_admin_goes_through_community_create(admin_client, superuser):
    response = admin_client.post(
        reverse("admin:community_community_add"),
        {
            "name": "Cider makers",
            "slug": "cider",
            "purpose": "Press apples",
            "visibility": "public",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    community = Community.objects.get(slug="cider")
    assert (community.status, community.created_by) == ("active", superuser)
    assert AuditEvent.objects.filter(verb="community.create", target_id=str(community.pk)).exists()


def test_editing_a_community_in_the_admin_goes_through_community_update(admin_client, world):
    growers = world.growers
    response = admin_client.post(
        reverse("admin:community_community_change", args=[growers.pk]),
        {
            "name": "Hawke's Bay growers",
            "purpose": growers.purpose,
            "visibility": "members_only",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    growers.refresh_from_db()
    assert (growers.name, growers.visibility, growers.slug) == (
        "Hawke's Bay growers",
        "members_only",
        "hawkes-bay-apple-growers",
    )
    event = AuditEvent.objects.get(verb="community.update", target_id=str(growers.pk))
    assert event.payload == {"fields": ["name", "visibility"]}


def test_approving_a_proposal_in_the_admin_makes_its_proposer_a_moderator(admin_client, world):
    proposer = world["member"]
    proposal = community_create(by=proposer, name="Cider makers", purpose="Press")

    run_admin_action(admin_client, "community", "approve", [proposal.pk])

    proposal.refresh_from_db()
    assert proposal.status == Community.Status.ACTIVE
    assert CommunityMembership.objects.get(community=proposal, user=proposer).is_moderator
    delete = reverse("admin:community_community_delete", args=[proposal.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Community.objects.filter(pk=proposal.pk).exists()
