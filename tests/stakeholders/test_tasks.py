"""The invitation task is safe to run twice: it claims its row before emailing; the
owner's "send it again" is a new claim, from the stakeholders page."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ecosystem.audit.models import AuditEvent
from goals.services import goal_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.models import Stakeholder
from stakeholders.services import (
    stakeholder_invitation_resend,
    stakeholder_invite,
    stakeholder_remove,
)
from stakeholders.tasks import lapse_stakeholders, send_stakeholder_invitation
from tests.conftest import grant_access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(customer):
    return goal_create(by=customer, title="Gala apples", target_date=date(2027, 3, 1))


@pytest.fixture
def invitation(goal, customer):
    # Enqueued on commit, which a test's transaction never reaches: the tests run the task.
    return stakeholder_invite(goal=goal, by=customer, email="tui@tutors.example", role="tutor")


def run(stakeholder) -> bool:
    return send_stakeholder_invitation.apply(kwargs={"stakeholder_id": stakeholder.pk}).get()


def test_running_the_task_twice_sends_one_email(invitation, mailoutbox):
    assert (run(invitation), run(invitation)) == (True, False)

    assert [message.to for message in mailoutbox] == [["tui@tutors.example"]]
    link = reverse("stakeholders:invitation", args=[invitation_token(invitation)])
    # The token's payload; its timestamp is that of the sending.
    assert link.split(":")[0] in mailoutbox[0].body
    assert Stakeholder.objects.get(pk=invitation.pk).invitation_sent_at is not None


def test_an_invitation_answered_or_withdrawn_before_the_task_runs_is_not_emailed(
    invitation, goal, customer, mailoutbox
):
    tui = UserFactory(email="tui@tutors.example")
    stakeholder_answer(token=invitation_token(invitation), user=tui, accept=True)
    withdrawn = stakeholder_invite(goal=goal, by=customer, email="gone@example.org", role="peer")
    stakeholder_remove(stakeholder=withdrawn, by=customer)

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
    assert Stakeholder.objects.get(pk=invitation.pk).invitation_sent_at is None

    settings.MAILERS = locmem
    assert run(invitation) is True
    assert len(mailoutbox) == 1


def test_sending_again_is_a_new_claim_and_the_task_run_twice_still_sends_one(
    django_capture_on_commit_callbacks, invitation, customer, mailoutbox
):
    run(invitation)
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        with django_capture_on_commit_callbacks(execute=True):
            stakeholder_invitation_resend(stakeholder=invitation, by=customer)
        run(invitation)  # the same message delivered a second time

        assert len(mailoutbox) == 2
        # The second link is fresh: the first expired after 14 days, this one works.
        tui = UserFactory(email="tui@tutors.example")
        token = mailoutbox[1].body.split("/invitations/")[1].split("/")[0]
        assert stakeholder_answer(token=token, user=tui, accept=True).status == "active"
    assert AuditEvent.objects.filter(verb="stakeholder.resend").count() == 1


def test_a_double_click_on_send_again_sends_one_email(
    django_capture_on_commit_callbacks, invitation, customer, mailoutbox
):
    run(invitation)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="less than 2 minutes ago"),
    ):
        stakeholder_invitation_resend(stakeholder=invitation, by=customer)
    assert len(mailoutbox) == 1


def test_only_the_owner_sends_again_and_only_an_open_invitation(
    django_capture_on_commit_callbacks, invitation, customer, other_customer, mailoutbox
):
    run(invitation)
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        other = Client()
        other.force_login(other_customer)
        url = reverse("stakeholders:resend", args=[invitation.pk])
        assert other.post(url).status_code == 404

        owner = Client()
        owner.force_login(customer)
        with django_capture_on_commit_callbacks(execute=True):
            response = owner.post(url, follow=True)
        assert response.status_code == 200
        assert "The invitation to tui@tutors.example was sent again" in response.text
        assert [message.to for message in mailoutbox] == [["tui@tutors.example"]] * 2

        stakeholder_remove(stakeholder=invitation, by=customer)
        response = owner.post(url)
        assert response.status_code == 400
        assert "already answered" in response.text
    assert len(mailoutbox) == 2


def test_the_owner_sees_a_send_again_button_only_on_pending_invitations(invitation, goal, customer):
    tui = UserFactory(email="tui@tutors.example", display_name="Tui Tutor")
    other = stakeholder_invite(goal=goal, by=customer, email="ari@example.org", role="peer")
    stakeholder_answer(token=invitation_token(invitation), user=tui, accept=True)
    owner = Client()
    owner.force_login(customer)

    page = owner.get(reverse("stakeholders:list", args=[goal.pk])).text

    assert "Send the invitation to ari@example.org again" in page
    assert reverse("stakeholders:resend", args=[other.pk]) in page
    assert reverse("stakeholders:resend", args=[invitation.pk]) not in page


def test_the_lapse_task_run_twice_records_each_lapse_once(goal):
    tutor = UserFactory(display_name="Tess Tutor")
    ends_on = timezone.now().date() + timedelta(days=1)
    stakeholder = grant_access(goal, tutor, access="view", ends_on=ends_on)
    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        assert lapse_stakeholders() == 1
        assert lapse_stakeholders() == 0
    stakeholder.refresh_from_db()
    assert stakeholder.status == Stakeholder.Status.LAPSED
    assert AuditEvent.objects.filter(verb="stakeholder.lapse").count() == 1


# --- The broker unreachable when the invitation was written ---------------------------


def test_an_invitation_written_while_the_broker_is_unreachable_is_emailed_once_by_the_sweep(
    goal, customer, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    from stakeholders.tasks import send_unsent_invitations
    from tests.conftest import broker_unreachable

    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True):
        invitation = stakeholder_invite(
            goal=goal, by=customer, email="tui@tutors.example", role="tutor"
        )

    assert "Could not enqueue partners.send_stakeholder_invitation" in caplog.text
    assert mailoutbox == []
    # Within the first minute its own message may still be on the way: the sweep waits.
    assert send_unsent_invitations.apply().get() == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert send_unsent_invitations.apply().get() == 1
        assert send_unsent_invitations.apply().get() == 0  # twice changes nothing

    assert [message.to for message in mailoutbox] == [["tui@tutors.example"]]
    assert Stakeholder.objects.get(pk=invitation.pk).invitation_sent_at is not None


def test_the_sweep_leaves_sent_answered_and_withdrawn_invitations_alone(
    invitation, goal, customer, mailoutbox
):
    from stakeholders.tasks import send_unsent_invitations

    run(invitation)
    withdrawn = stakeholder_invite(goal=goal, by=customer, email="gone@example.org", role="peer")
    stakeholder_remove(stakeholder=withdrawn, by=customer)

    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert send_unsent_invitations.apply().get() == 0

    assert [message.to for message in mailoutbox] == [["tui@tutors.example"]]


def test_the_command_sends_the_unsent_invitations_here_and_now(invitation, mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        call_command("send_unsent_invitations", stdout=out)
        call_command("send_unsent_invitations", stdout=out)

    assert [message.to for message in mailoutbox] == [["tui@tutors.example"]]
    assert "Sent 1 goal invitation(s)" in out.getvalue()
