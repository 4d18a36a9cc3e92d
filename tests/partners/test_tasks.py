"""The member-invitation task is safe to run twice: it claims its row before emailing."""

import pytest

from partners.models import Membership
from partners.services import member_accept, member_invite, member_remove, organization_create
from partners.tasks import send_member_invitation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_admin(db):
    return UserFactory(display_name="Pat Partner")


@pytest.fixture
def supplier(partner_admin):
    return organization_create(by=partner_admin, name="Orchard Supplies", kind="supplier")


@pytest.fixture
def invitation(supplier, partner_admin):
    # Enqueued on commit, which a test's transaction never reaches: the tests run the task.
    return member_invite(organization=supplier, by=partner_admin, email="new@example.org")


def run(invitation) -> bool:
    return send_member_invitation.apply(kwargs={"membership_id": invitation.pk}).get()


def test_running_the_task_twice_sends_one_email(invitation, mailoutbox):
    assert (run(invitation), run(invitation)) == (True, False)

    assert [message.to for message in mailoutbox] == [["new@example.org"]]
    assert "Pat Partner invited you to join Orchard Supplies" in mailoutbox[0].body
    assert Membership.objects.get(pk=invitation.pk).invitation_sent_at is not None


def test_an_invitation_accepted_or_withdrawn_before_the_task_runs_is_not_emailed(
    invitation, supplier, partner_admin, mailoutbox
):
    member_accept(membership=invitation, by=UserFactory(email="new@example.org"))
    withdrawn = member_invite(organization=supplier, by=partner_admin, email="gone@example.org")
    member_remove(membership=withdrawn, by=partner_admin)

    assert (run(invitation), run(withdrawn)) == (False, False)
    assert mailoutbox == []


def test_an_email_that_fails_to_go_releases_the_claim_so_a_retry_sends_it(
    invitation, mailoutbox, settings
):
    locmem = settings.MAILERS
    # A real SMTP connection to a closed port: the email cannot go.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with pytest.raises(OSError):
        run(invitation)
    assert Membership.objects.get(pk=invitation.pk).invitation_sent_at is None

    settings.MAILERS = locmem
    assert run(invitation) is True
    assert len(mailoutbox) == 1


def test_an_invitation_written_while_the_broker_is_unreachable_is_emailed_once_by_the_sweep(
    supplier, partner_admin, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from partners.tasks import send_unsent_member_invitations
    from tests.conftest import broker_unreachable

    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True):
        invitation = member_invite(organization=supplier, by=partner_admin, email="new@example.org")

    assert "Could not enqueue partners.send_member_invitation" in caplog.text
    assert mailoutbox == []
    assert send_unsent_member_invitations.apply().get() == 0  # its message may be on the way
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert send_unsent_member_invitations.apply().get() == 1
        assert send_unsent_member_invitations.apply().get() == 0  # twice changes nothing

    assert [message.to for message in mailoutbox] == [["new@example.org"]]
    assert Membership.objects.get(pk=invitation.pk).invitation_sent_at is not None
