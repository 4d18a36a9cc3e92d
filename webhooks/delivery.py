"""Sending one delivery, safely at least once and never after it was delivered.

`delivery_attempt` claims the row first (a conditional UPDATE from pending to sending: of
two workers handed the same delivery, one wins and the other returns), then makes one
signed POST, then records the attempt: delivered, or pending again with the next attempt
`backoff(attempts)` seconds later, or failed after WEBHOOK_MAX_ATTEMPTS. An endpoint
whose deliveries fail WEBHOOK_DISABLE_AFTER times in a row is disabled and its
organisation's admins are told. The Celery task retries with that countdown; the sweep
(`deliveries_sweep`, every few minutes) sends what a lost message left waiting and frees
claims of a killed worker.
"""

import json
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import notices, signing, transport
from .models import WebhookDelivery, WebhookEndpoint

State = WebhookDelivery.State
USER_AGENT = "Ecosystem-Webhooks/1"
CLOCK_SLACK = timedelta(seconds=1)


@dataclass(frozen=True)
class AttemptResult:
    state: str  # "skipped" when the row was not ours to send
    retry_in: int | None = None


def backoff(attempts: int) -> int:
    """Seconds to wait after `attempts` failed attempts: base, 2x base, 4x base... capped."""
    base, cap = settings.WEBHOOK_RETRY_BASE_SECONDS, settings.WEBHOOK_RETRY_MAX_SECONDS
    return min(cap, base * 2 ** max(attempts - 1, 0))


def request_body(delivery: WebhookDelivery) -> bytes:
    event = delivery.event
    document = {
        "id": event.pk,
        "type": event.kind,
        "created": event.created_at,
        "organization": event.organization.slug,
        "attempt": delivery.attempts + 1,
        "data": event.payload,
    }
    return json.dumps(document, cls=DjangoJSONEncoder, sort_keys=True).encode()


def _claim(delivery_id: int) -> bool:
    """Take the row if it waits and its time has come. A message that arrives early (a
    duplicate of one already tried, whose next attempt is later) leaves it alone; Celery's
    own retry arrives at its countdown, never before the row's next attempt."""
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + CLOCK_SLACK)
    return bool(
        WebhookDelivery.objects.filter(due, pk=delivery_id, state=State.PENDING).update(
            state=State.SENDING, claimed_at=now, updated_at=now
        )
    )


def delivery_attempt(*, delivery_id: int) -> AttemptResult:
    """One attempt at one delivery (see the module's docstring)."""
    if not _claim(delivery_id):
        return AttemptResult("skipped")
    delivery = WebhookDelivery.objects.select_related(
        "event", "event__organization", "endpoint"
    ).get(pk=delivery_id)
    endpoint = delivery.endpoint
    body = request_body(delivery)
    timestamp = int(timezone.now().timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signing.HEADER: signing.header_value(endpoint.secret, timestamp, body),
        "X-Ecosystem-Event": delivery.event.kind,
        "X-Ecosystem-Delivery": str(delivery.pk),
    }
    outcome = transport.post(
        endpoint.url,
        body,
        headers,
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        allow_local=settings.WEBHOOK_ALLOW_LOCAL_TARGETS,
    )
    return _record(delivery, outcome)


@transaction.atomic
def _record(delivery: WebhookDelivery, outcome: transport.Outcome) -> AttemptResult:
    now = timezone.now()
    delivery.attempts += 1
    delivery.status_code = outcome.status_code
    delivery.duration_ms = outcome.duration_ms
    delivery.error = outcome.error or (
        ""
        if outcome.ok
        else f"HTTP {outcome.status_code} (redirects are not followed)"
        if outcome.status_code and 300 <= outcome.status_code < 400
        else ""
    )
    delivery.claimed_at = None
    retry_in = None
    if outcome.ok:
        delivery.state, delivery.delivered_at, delivery.next_attempt_at = State.DELIVERED, now, None
    elif delivery.attempts < settings.WEBHOOK_MAX_ATTEMPTS:
        retry_in = backoff(delivery.attempts)
        delivery.state, delivery.next_attempt_at = State.PENDING, now + timedelta(seconds=retry_in)
    else:
        delivery.state, delivery.next_attempt_at = State.FAILED, None
    delivery.save()
    if delivery.event.kind != "ping":
        _count_outcome(delivery)
    return AttemptResult(delivery.state, retry_in)


def _count_outcome(delivery: WebhookDelivery) -> None:
    """Consecutive failed deliveries per endpoint; a success starts the count again."""
    endpoints = WebhookEndpoint.objects.filter(pk=delivery.endpoint_id)
    if delivery.state == State.DELIVERED:
        endpoints.update(consecutive_failures=0)
        return
    if delivery.state != State.FAILED:
        return
    endpoints.update(consecutive_failures=F("consecutive_failures") + 1)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    if endpoint.enabled and endpoint.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER:
        endpoint.enabled = False
        endpoint.disabled_at = timezone.now()
        endpoint.disabled_reason = f"{endpoint.consecutive_failures} deliveries failed in a row"
        endpoint.save(update_fields=["enabled", "disabled_at", "disabled_reason", "updated_at"])
        notices.endpoint_disabled(endpoint=endpoint)


def deliveries_sweep(*, now=None) -> list[int]:
    """Free the claims of senders that died mid-attempt (older than
    WEBHOOK_CLAIM_SECONDS: an attempt takes WEBHOOK_TIMEOUT_SECONDS at most) and return
    the pending deliveries whose time has come, for the caller to enqueue."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.WEBHOOK_CLAIM_SECONDS)
    WebhookDelivery.objects.filter(state=State.SENDING, claimed_at__lt=stale).update(
        state=State.PENDING, claimed_at=None, next_attempt_at=now, updated_at=now
    )
    due = WebhookDelivery.objects.filter(state=State.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return list(due.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:1000])
