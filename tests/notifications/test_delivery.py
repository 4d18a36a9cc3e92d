"""Writing notifications once, and emailing them once: preferences, quiet hours, batches,
claims left by a killed sender, and the daily digest."""

from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from ecosystem.notifications import delivery, services, tasks
from ecosystem.notifications.models import (
    Digest,
    Kind,
    Notification,
    NotificationPreference,
)
from tests.factories import GoalFactory, UserFactory

pytestmark = pytest.mark.django_db

State = Notification.EmailState


def tell(person, *, key="k1", kind=Kind.ADVICE_POSTED, target=None, title="Advice arrived"):
    return services.notify(
        recipients=[person],
        kind=kind,
        title=title,
        body="Read it on the milestone.",
        link="/goals/1/",
        dedupe_key=key,
        target=target,
    )


def choose(person, kind, channel):
    NotificationPreference.objects.update_or_create(
        user=person, kind=kind, defaults={"channel": channel}
    )


def test_the_same_key_for_the_same_person_is_written_once(customer):
    tell(customer)
    tell(customer)

    assert Notification.objects.filter(recipient=customer).count() == 1


def test_the_same_key_for_two_people_is_written_for_each(customer, other_customer):
    services.notify(
        recipients=[customer, other_customer, customer],
        kind=Kind.MENTION,
        title="You were mentioned",
        dedupe_key="mention:1",
    )
    assert Notification.objects.filter(dedupe_key="mention:1").count() == 2


def test_an_unknown_kind_is_refused(customer):
    with pytest.raises(ValueError):
        tell(customer, kind="gossip")


def test_off_writes_nothing_and_in_app_sends_no_email(customer, other_customer):
    choose(customer, Kind.ADVICE_POSTED, "off")
    tell(customer)
    tell(other_customer)  # advice defaults to in the app only

    assert not Notification.objects.filter(recipient=customer).exists()
    assert Notification.objects.get(recipient=other_customer).email_state == ""
    assert mail.outbox == []


def test_email_sends_one_message_with_text_html_and_one_click_unsubscribe(
    customer, django_capture_on_commit_callbacks
):
    choose(customer, Kind.ADVICE_POSTED, "email")
    with django_capture_on_commit_callbacks(execute=True):
        tell(customer)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [customer.email]
    assert "Advice arrived" in message.subject
    assert "Read it on the milestone." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Read it on the milestone." in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/notifications/unsubscribe/advice_posted/"
    )
    assert Notification.objects.get().email_state == State.SENT


def test_the_delivery_task_run_twice_sends_each_email_once(customer):
    choose(customer, Kind.ADVICE_POSTED, "email")
    tell(customer)  # no on-commit callbacks in this test: the task runs by hand
    assert mail.outbox == []

    tasks.deliver_emails()
    tasks.deliver_emails()

    assert len(mail.outbox) == 1


def test_emails_go_in_batches_one_task_per_batch(customer, settings):
    settings.NOTIFICATION_EMAIL_BATCH = 3
    choose(customer, Kind.ADVICE_POSTED, "email")
    for index in range(7):
        tell(customer, key=f"k{index}")

    first = delivery.emails_send_pending()
    assert (first.claimed, first.sent, first.full) == (3, 3, True)
    tasks.deliver_emails()  # a full batch enqueues the next one itself (eager here)

    assert len(mail.outbox) == 7
    assert not Notification.objects.exclude(email_state=State.SENT).exists()


def test_quiet_hours_hold_email_until_they_end_in_the_persons_time_zone(customer):
    customer.time_zone = "Pacific/Auckland"
    customer.save()
    choose(customer, Kind.ADVICE_POSTED, "email")
    services.preferences_update(
        by=customer, quiet_hours_start=time(22, 0), quiet_hours_end=time(7, 0)
    )
    # 23:30 in Auckland (NZDT, UTC+13) on 10 January.
    with time_machine.travel(datetime(2027, 1, 10, 10, 30, tzinfo=UTC), tick=False):
        tell(customer)
        tasks.deliver_emails()
    notification = Notification.objects.get()
    assert notification.email_after == datetime(2027, 1, 10, 18, 0, tzinfo=UTC)  # 07:00 NZDT
    assert mail.outbox == []
    assert notification.created_at < notification.email_after  # in the app at once

    with time_machine.travel(datetime(2027, 1, 10, 18, 1, tzinfo=UTC), tick=False):
        tasks.deliver_emails()
    assert len(mail.outbox) == 1


def test_a_sender_killed_mid_batch_never_sends_twice(customer, settings):
    settings.NOTIFICATION_EMAIL_CLAIM_SECONDS = 60
    choose(customer, Kind.ADVICE_POSTED, "email")
    for index in range(3):
        tell(customer, key=f"k{index}")
    first, second, third = Notification.objects.order_by("id")
    # What a sender killed while sending the second email leaves behind:
    claimed_at = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
    Notification.objects.filter(pk=first.pk).update(email_state=State.SENT)
    Notification.objects.filter(pk=second.pk).update(
        email_state=State.SENDING, email_claimed_at=claimed_at
    )
    Notification.objects.filter(pk=third.pk).update(
        email_state=State.CLAIMED, email_claimed_at=claimed_at
    )

    with time_machine.travel(claimed_at + timedelta(seconds=30), tick=False):
        tasks.deliver_emails()  # the claims are still fresh: nothing is taken over
    assert mail.outbox == []

    with time_machine.travel(claimed_at + timedelta(seconds=61), tick=False):
        tasks.deliver_emails()
        tasks.deliver_emails()

    assert [m.extra_headers["X-Ecosystem-Notification"] for m in mail.outbox] == [str(third.pk)]
    states = dict(Notification.objects.values_list("pk", "email_state"))
    assert states == {first.pk: State.SENT, second.pk: State.FAILED, third.pk: State.SENT}


def test_an_email_about_something_no_longer_visible_is_not_sent(customer):
    goal = GoalFactory(owner=customer)
    choose(customer, Kind.ADVICE_POSTED, "email")
    tell(customer, target=goal)
    goal.deleted_at = datetime(2027, 1, 1, tzinfo=UTC)
    goal.save()

    tasks.deliver_emails()

    assert mail.outbox == []
    assert Notification.objects.get().email_state == State.SKIPPED


def test_changing_the_channel_stops_pending_emails_at_once(customer):
    choose(customer, Kind.ADVICE_POSTED, "email")
    tell(customer)
    services.preferences_update(by=customer, channels={Kind.ADVICE_POSTED: "in_app"})

    tasks.deliver_emails()

    assert mail.outbox == []
    assert Notification.objects.get().email_state == State.SKIPPED


# --- The daily digest ---------------------------------------------------------------------


def digest_person(zone="Europe/Moscow"):
    person = UserFactory(time_zone=zone)
    choose(person, Kind.ADVICE_POSTED, "digest")
    choose(person, Kind.MENTION, "digest")
    return person


def test_the_digest_goes_at_the_local_hour_once_with_each_item_once():
    person = digest_person()  # Moscow is UTC+3 all year
    with time_machine.travel(datetime(2027, 2, 1, 3, 0, tzinfo=UTC), tick=False):  # 06:00
        tell(person, key="a", title="First advice")
        tell(person, key="b", kind=Kind.MENTION, title="A mention")
        assert tasks.send_digests() == 0
    assert mail.outbox == []

    with time_machine.travel(datetime(2027, 2, 1, 5, 0, tzinfo=UTC), tick=False):  # 08:00
        assert tasks.send_digests() == 1
        assert tasks.send_digests() == 0
        tell(person, key="c", title="Later advice")  # after today's digest
        assert tasks.send_digests() == 0

    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "First advice" in digest.body and "A mention" in digest.body
    assert "Later advice" not in digest.body
    assert "/notifications/unsubscribe/digest/" in digest.extra_headers["List-Unsubscribe"]

    with time_machine.travel(datetime(2027, 2, 2, 5, 0, tzinfo=UTC), tick=False):
        assert tasks.send_digests() == 1
    assert "Later advice" in mail.outbox[1].body and "First advice" not in mail.outbox[1].body
    assert Digest.objects.filter(recipient=person).count() == 2
    assert not Notification.objects.filter(recipient=person, digest__isnull=True).exists()


def test_a_digest_claimed_by_a_killed_run_is_sent_by_the_next_run_once():
    person = digest_person()
    with time_machine.travel(datetime(2027, 2, 1, 5, 0, tzinfo=UTC), tick=False):
        tell(person, key="a", title="First advice")
        # The claim committed, then the worker died before sending.
        claimed = delivery._digest_claim(
            delivery.delivery_profiles([person.pk], [])[person.pk], delivery.timezone.now()
        )
        assert claimed.state == Digest.State.CLAIMED and mail.outbox == []
        tasks.send_digests()
        tasks.send_digests()

    assert len(mail.outbox) == 1
    assert Digest.objects.get().state == Digest.State.SENT


def test_the_digest_waits_for_quiet_hours_to_end():
    person = digest_person(zone="UTC")
    services.preferences_update(
        by=person,
        reminder_time=time(23, 0),
        quiet_hours_start=time(22, 0),
        quiet_hours_end=time(7, 0),
    )
    with time_machine.travel(datetime(2027, 2, 1, 23, 30, tzinfo=UTC), tick=False):
        tell(person)
        assert tasks.send_digests() == 0
    with time_machine.travel(datetime(2027, 2, 2, 7, 5, tzinfo=UTC), tick=False):
        assert tasks.send_digests() == 1
    assert Digest.objects.get().local_date == date(2027, 2, 2)


# --- The same jobs by hand (manage.py) ----------------------------------------------------


def run(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_deliver_emails_by_hand_sends_what_is_due_once():
    person = UserFactory()
    choose(person, Kind.ADVICE_POSTED, "email")
    tell(person, key="a", title="First advice")
    tell(person, key="b", title="More advice")

    assert run("deliver_emails") == "Sent 2 notification email(s).\n"
    assert run("deliver_emails") == "Sent 0 notification email(s).\n"
    assert sorted(message.subject.rsplit("] ", 1)[-1] for message in mail.outbox) == [
        "First advice",
        "More advice",
    ]


def test_send_digests_by_hand_sends_each_digest_once():
    person = digest_person()
    with time_machine.travel(datetime(2027, 2, 1, 5, 0, tzinfo=UTC), tick=False):  # 08:00
        tell(person, key="a", title="First advice")
        assert run("send_digests") == "Sent 1 digest(s).\n"
        assert run("send_digests") == "Sent 0 digest(s).\n"
    assert len(mail.outbox) == 1
