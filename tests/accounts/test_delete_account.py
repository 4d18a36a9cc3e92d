"""Deleting an account, through the pages: confirmed by email or password; posts and
threads stay as "Deleted user", private data goes, the person is signed out everywhere,
and one audit row without personal data records it."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from community.models import Post, Thread
from ecosystem.accounts.models import User
from ecosystem.audit.models import AuditEvent
from ecosystem.notifications.models import Notification
from goals.models import CalendarFeed, Goal
from milestones.models import Dependency, Milestone, Task
from stakeholders.models import Advice, Stakeholder
from tests.factories import PASSWORD
from voice.models import Idea

pytestmark = pytest.mark.django_db


def _delete_through_the_page(client, person, confirmation):
    client.force_login(person)
    assert client.get(reverse("accounts:delete")).status_code == 200
    return client.post(reverse("accounts:delete"), {"confirmation": confirmation}, follow=True)


def test_a_wrong_confirmation_deletes_nothing(client, world):
    person = world["person"]

    response = _delete_through_the_page(client, person, "not-my-password")

    assert "neither your email address nor your password" in response.content.decode()
    person.refresh_from_db()
    assert person.is_active and person.deleted_at is None
    assert Goal.objects.filter(owner=person).exists()


@pytest.mark.parametrize("confirmation", ["Aroha@Example.org", PASSWORD])
def test_deleting_removes_private_data_and_keeps_posts_as_deleted_user(client, world, confirmation):
    person, thread = world["person"], world["thread"]
    Token.objects.create(user=person)
    elsewhere = Client()
    elsewhere.force_login(person)  # another browser, signed in too

    response = _delete_through_the_page(client, person, confirmation)

    assert "Your account was deleted" in response.content.decode()
    # Private data is gone: the goal with its plan and stakeholders, notifications,
    # the token, the calendar feed, the community membership.
    assert not Goal.objects.filter(pk=world["goal"].pk).exists()
    assert not Milestone.objects.filter(goal_id=world["goal"].pk).exists()
    assert not Dependency.objects.filter(goal_id=world["goal"].pk).exists()
    assert not Task.objects.filter(title="Sharpen the loppers").exists()
    assert not Stakeholder.objects.filter(goal_id=world["goal"].pk).exists()
    assert not Advice.objects.filter(body="Prune before the sap rises.").exists()
    assert not Notification.objects.filter(recipient=person).exists()
    assert not Token.objects.filter(user=person).exists()
    assert not CalendarFeed.objects.filter(user=person).exists()
    assert not person.community_memberships.exists()
    # What others read stays, without the name.
    assert Thread.objects.filter(pk=thread.pk, author=person).exists()
    assert Post.objects.filter(thread=thread).count() == 2
    assert Idea.objects.filter(pk=world["idea"].pk, author=person).exists()
    client.force_login(world["other"])
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "Asking for my orchard" in page and "Deleted user" in page
    assert "Aroha" not in page
    # The row keeps no email, name or password; others' data is untouched.
    person.refresh_from_db()
    assert person.email.endswith("@deleted.invalid") and "aroha" not in person.email
    assert (person.display_name, person.handle, person.is_active) == ("", None, False)
    assert not person.has_usable_password()
    assert Goal.objects.filter(pk=world["others_goal"].pk).exists()


def test_the_person_is_signed_out_everywhere_and_cannot_sign_in_again(client, world):
    person = world["person"]
    elsewhere = Client()
    elsewhere.force_login(person)

    _delete_through_the_page(client, person, "aroha@example.org")

    profile = reverse("accounts:profile")
    assert client.get(profile).status_code == 302
    assert elsewhere.get(profile).status_code == 302
    signed_in = client.post(
        reverse("account_login"), {"login": "aroha@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert signed_in.status_code == 200  # the form again, with its error


def test_one_audit_row_records_it_without_personal_data(client, world):
    person = world["person"]

    _delete_through_the_page(client, person, "aroha@example.org")

    event = AuditEvent.objects.get(verb="account.deleted")
    assert event.target_id == str(person.pk)
    written = f"{event.target_repr} {event.payload}"
    assert "aroha" not in written.lower() and "Grower" not in written
    assert event.actor is None and event.payload == {"by_self": True}


def test_the_admin_deletes_through_the_same_action(client, world, superuser):
    person = world["person"]
    client.force_login(superuser)
    url = reverse("admin:accounts_user_delete", args=[person.pk])

    confirm = client.get(url)
    client.post(url, {"post": "yes"})

    assert confirm.status_code == 200
    person.refresh_from_db()
    assert person.deleted_at is not None and not person.is_active  # anonymised, kept
    assert Thread.objects.filter(pk=world["thread"].pk, author=person).exists()
    assert not Goal.objects.filter(owner=person).exists()
    event = AuditEvent.objects.get(verb="account.deleted")
    assert (event.actor, event.payload) == (superuser, {"by_self": False})


def test_the_admin_bulk_delete_goes_through_the_action_too(client, world, superuser):
    client.force_login(superuser)

    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [world["person"].pk], "post": "yes"},
    )

    assert User.objects.filter(pk=world["person"].pk, deleted_at__isnull=False).exists()
    assert AuditEvent.objects.filter(verb="account.deleted").count() == 1


def test_staff_who_are_not_superusers_cannot_delete_an_account(client, world, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:accounts_user_delete", args=[world["person"].pk]), {"post": "yes"}
    )

    assert response.status_code in (302, 403)
    assert User.objects.get(pk=world["person"].pk).deleted_at is None
