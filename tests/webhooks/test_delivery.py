"""Sending: signed, retried with backoff, once however often the task runs, refused to
private targets in production, endpoints disabled after failures in a row."""

import json
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from ecosystem.notifications.models import Kind, Notification
from webhooks import signing, transport
from webhooks.delivery import backoff, deliveries_sweep, delivery_attempt
from webhooks.models import WebhookDelivery
from webhooks.services import endpoint_create, endpoint_rotate_secret, endpoint_send_test
from webhooks.tasks import deliver_pending, deliver_webhook

pytestmark = pytest.mark.django_db

State = WebhookDelivery.State
ALL = ["milestone.coming", "invitation.accepted", "resource.used"]


def _endpoint(supplier, partner_admin, url):
    return endpoint_create(organization=supplier, by=partner_admin, url=url, events=ALL)


def test_a_test_event_arrives_signed_with_the_endpoints_secret(
    supplier, partner_admin, receiver, django_capture_on_commit_callbacks
):
    server = receiver()
    endpoint, secret = _endpoint(supplier, partner_admin, server.url)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = endpoint_send_test(endpoint=endpoint, by=partner_admin)

    [request] = server.requests
    header = request.headers[signing.HEADER]
    assert signing.verify(secret, header, request.body, now=time.time())
    assert not signing.verify("whsec_wrong", header, request.body, now=time.time())
    assert not signing.verify(secret, header, request.body + b" ", now=time.time())
    assert not signing.verify(secret, header, request.body, now=time.time() + 3600)  # replay
    assert request.json["type"] == "ping"
    assert request.json["organization"] == supplier.slug
    assert request.path == "/hooks/ecosystem"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.status_code, delivery.attempts) == (State.DELIVERED, 200, 1)
    assert delivery.duration_ms is not None


def test_rotating_the_secret_signs_the_next_request_with_the_new_one(
    supplier, partner_admin, receiver, django_capture_on_commit_callbacks
):
    server = receiver()
    endpoint, old = _endpoint(supplier, partner_admin, server.url)
    new = endpoint_rotate_secret(endpoint=endpoint, by=partner_admin)
    with django_capture_on_commit_callbacks(execute=True):
        endpoint_send_test(endpoint=endpoint, by=partner_admin)

    header, body = server.requests[0].headers[signing.HEADER], server.requests[0].body
    assert new != old
    assert signing.verify(new, header, body, now=time.time())
    assert not signing.verify(old, header, body, now=time.time())


def test_a_500_is_retried_with_backoff_until_it_succeeds(
    supplier, partner_admin, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    server = receiver([500, 503])
    endpoint, _ = _endpoint(supplier, partner_admin, server.url)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            delivery = endpoint_send_test(endpoint=endpoint, by=partner_admin)
        delivery.refresh_from_db()
        assert (delivery.state, delivery.status_code) == (State.PENDING, 500)
        assert delivery.next_retry_at == start + timedelta(seconds=60)
        assert deliver_pending.apply().get() == 0  # not yet
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert deliver_pending.apply().get() == 1
        delivery.refresh_from_db()
        assert (delivery.status_code, delivery.attempts) == (503, 2)
        assert delivery.next_retry_at == start + timedelta(seconds=61 + 120)
    with time_machine.travel(start + timedelta(seconds=182), tick=False):
        assert deliver_pending.apply().get() == 1

    assert [request.json["attempt"] for request in server.requests] == [1, 2, 3]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.status_code) == (State.DELIVERED, 3, 200)
    assert delivery.next_retry_at is None


def test_backoff_doubles_and_is_capped(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    settings.WEBHOOK_RETRY_MAX_SECONDS = 3600
    assert [backoff(attempts) for attempts in range(1, 8)] == [
        60, 120, 240, 480, 960, 1920, 3600,
    ]  # fmt: skip


def test_a_failed_attempt_waits_for_its_next_retry(supplier, partner_admin, receiver, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    server = receiver([500])
    endpoint, _ = _endpoint(supplier, partner_admin, server.url)
    delivery = endpoint_send_test(endpoint=endpoint, by=partner_admin)  # not run: no commit

    result = delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert result.retry_in == 60
    assert (delivery.state, delivery.status_code, delivery.attempts) == (State.PENDING, 500, 1)
    assert delivery.next_retry_at is not None
    assert deliveries_sweep() == []  # not due yet
    # A duplicate message arriving before the retry's time leaves the row alone.
    assert delivery_attempt(delivery_id=delivery.pk).state == "skipped"
    assert len(server.requests) == 1


def test_run_twice_a_delivery_is_sent_once(supplier, partner_admin, receiver):
    server = receiver()
    endpoint, _ = _endpoint(supplier, partner_admin, server.url)
    delivery = endpoint_send_test(endpoint=endpoint, by=partner_admin)

    first = deliver_webhook.apply(kwargs={"delivery_id": delivery.pk}).get()
    second = deliver_webhook.apply(kwargs={"delivery_id": delivery.pk}).get()

    assert (first, second) == ("delivered", "skipped")
    assert len(server.requests) == 1


def test_the_sweep_sends_what_a_lost_message_left_waiting_and_only_that(
    supplier, partner_admin, receiver
):
    server = receiver()
    endpoint, _ = _endpoint(supplier, partner_admin, server.url)
    delivery = endpoint_send_test(endpoint=endpoint, by=partner_admin)  # its task never ran

    assert deliver_pending.apply().get() == 1
    assert deliver_pending.apply().get() == 0

    assert len(server.requests) == 1
    delivery.refresh_from_db()
    assert delivery.state == State.DELIVERED


def test_a_claim_left_by_a_killed_sender_is_freed_by_the_sweep(supplier, partner_admin, settings):
    settings.WEBHOOK_CLAIM_SECONDS = 0
    endpoint, _ = _endpoint(supplier, partner_admin, "http://127.0.0.1:9/")
    delivery = endpoint_send_test(endpoint=endpoint, by=partner_admin)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=State.SENDING, claimed_at=timezone.now()
    )
    time.sleep(0.01)

    assert deliveries_sweep() == [delivery.pk]


def test_a_redirect_is_not_followed(supplier, partner_admin, receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    elsewhere = receiver()
    server = receiver([302], location=elsewhere.url)
    endpoint, _ = _endpoint(supplier, partner_admin, server.url)
    delivery = endpoint_send_test(endpoint=endpoint, by=partner_admin)

    delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.state, delivery.status_code) == (State.FAILED, 302)
    assert "redirects are not followed" in delivery.error
    assert elsewhere.requests == []


def test_a_slow_receiver_times_out(supplier, partner_admin, receiver, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    server = receiver(delay=1.5)
    endpoint, _ = _endpoint(supplier, partner_admin, server.url)
    delivery = endpoint_send_test(endpoint=endpoint, by=partner_admin)

    delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.state == State.PENDING and delivery.status_code is None
    assert "timed out" in delivery.error.lower()
    assert delivery.duration_ms < 1400


def test_failing_deliveries_in_a_row_disable_the_endpoint_and_tell_its_admins(
    supplier, partner_admin, settings
):
    from webhooks import events

    settings.WEBHOOK_MAX_ATTEMPTS = 2
    settings.WEBHOOK_DISABLE_AFTER = 2
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0  # each retry due at once
    endpoint, _ = _endpoint(supplier, partner_admin, "http://127.0.0.1:9/")  # refused
    for number in range(3):
        events.event_record(
            organization=supplier, kind="resource.used", key=f"used:{number}", payload={}
        )
        for _attempt in range(2):
            for delivery_id in WebhookDelivery.objects.filter(
                endpoint=endpoint, state=State.PENDING
            ).values_list("pk", flat=True):
                delivery_attempt(delivery_id=delivery_id)

    endpoint.refresh_from_db()
    assert not endpoint.enabled
    assert endpoint.consecutive_failures == 2
    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 2  # none once off
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {State.FAILED}
    [notice] = Notification.objects.filter(kind=Kind.WEBHOOK_DISABLED)
    assert notice.recipient == partner_admin
    assert endpoint.url in notice.body


def test_a_success_starts_the_failure_count_again(supplier, partner_admin, receiver, settings):
    from webhooks import events

    settings.WEBHOOK_MAX_ATTEMPTS = 1
    server = receiver([500])
    endpoint, _ = _endpoint(supplier, partner_admin, server.url)
    for number in range(2):
        event = events.event_record(
            organization=supplier, kind="resource.used", key=f"used:{number}", payload={}
        )
        delivery_attempt(delivery_id=event.deliveries.get().pk)
        endpoint.refresh_from_db()
        assert endpoint.consecutive_failures == 1 - number


def test_production_refuses_plain_http_and_private_addresses(supplier, partner_admin, settings):
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = False
    for url in (
        "http://example.org/hook",
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest",
        "https://[::1]/hook",
        "https://localhost/hook",
        "https://user:pw@example.org/hook",
    ):
        with pytest.raises(ValidationError) as error:
            _endpoint(supplier, partner_admin, url)
        assert "url" in error.value.message_dict, url


def test_a_name_resolving_to_loopback_is_not_called_in_production(receiver):
    server = receiver()
    url = server.url.replace("127.0.0.1", "localhost.localdomain")
    outcome = transport.post(url, b"{}", {}, timeout=2, allow_local=False)
    assert outcome.status_code is None
    assert server.requests == []
    allowed = transport.post(server.url, b"{}", {}, timeout=2, allow_local=True)
    assert allowed.status_code == 200


def test_the_body_is_the_json_the_signature_covers(
    supplier, partner_admin, receiver, django_capture_on_commit_callbacks
):
    server = receiver()
    endpoint, secret = _endpoint(supplier, partner_admin, server.url)
    with django_capture_on_commit_callbacks(execute=True):
        endpoint_send_test(endpoint=endpoint, by=partner_admin)
    request = server.requests[0]
    timestamp = request.headers[signing.HEADER].split(",")[0].removeprefix("t=")
    assert request.headers[signing.HEADER].endswith(
        signing.signature(secret, int(timestamp), request.body)
    )
    assert json.loads(request.body)["data"]["message"]
