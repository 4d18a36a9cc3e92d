"""Writes on an organisation's webhook endpoints: add, change, rotate the secret, remove,
send a test. Each begins with its check (webhooks/access.py), runs in one transaction and
is written to the audit log; the secret is returned only by `endpoint_create` and
`endpoint_rotate_secret`, for the page or the API to show once."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.audit.services import audit_record

from . import events, signing
from .access import check_can_manage_endpoint, check_can_manage_webhooks
from .models import SUBSCRIBABLE, EventKind, WebhookDelivery, WebhookEndpoint
from .transport import UnsafeTarget, check_url

MAX_ENDPOINTS = 10


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    try:
        check_url(url, allow_local=settings.WEBHOOK_ALLOW_LOCAL_TARGETS)
    except UnsafeTarget as error:
        raise ValidationError({"url": str(error)}) from None
    return url


def _clean_events(chosen) -> list[str]:
    chosen = list(chosen or [])
    unknown = [kind for kind in chosen if kind not in SUBSCRIBABLE]
    if unknown or not chosen:
        raise ValidationError({"events": _("Choose one or more of the events offered.")})
    return [kind for kind in SUBSCRIBABLE if kind in chosen]


@transaction.atomic
def endpoint_create(
    *, organization, by, url: str, events: list[str], description: str = ""
) -> tuple[WebhookEndpoint, str]:
    """Add an endpoint; returns it with its secret (shown once)."""
    check_can_manage_webhooks(user=by, organization=organization)
    endpoint = WebhookEndpoint(
        organization=organization,
        url=_clean_url(url),
        events=_clean_events(events),
        description=(description or "").strip(),
        secret=signing.new_secret(),
        created_by=by,
    )
    endpoint.full_clean(exclude=["created_by"])
    if WebhookEndpoint.objects.filter(organization=organization).count() >= MAX_ENDPOINTS:
        raise ValidationError(
            {"url": _("An organisation has at most %(n)s endpoints.") % {"n": MAX_ENDPOINTS}}
        )
    endpoint.save()
    audit_record(actor=by, verb="webhook.create", target=organization, payload={"url": url})
    return endpoint, endpoint.secret


@transaction.atomic
def endpoint_update(*, endpoint: WebhookEndpoint, by, **changes) -> WebhookEndpoint:
    """Change the URL, the events, the description, or enable it again (which forgets
    the failures that disabled it)."""
    check_can_manage_endpoint(user=by, endpoint=endpoint)
    unknown = set(changes) - {"url", "events", "description", "enabled"}
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    if "url" in changes:
        endpoint.url = _clean_url(changes["url"])
    if "events" in changes:
        endpoint.events = _clean_events(changes["events"])
    if "description" in changes:
        endpoint.description = (changes["description"] or "").strip()
    if "enabled" in changes:
        enabled = bool(changes["enabled"])
        if enabled and not endpoint.enabled:
            endpoint.consecutive_failures = 0
            endpoint.disabled_at, endpoint.disabled_reason = None, ""
        endpoint.enabled = enabled
    endpoint.full_clean(exclude=["created_by"])
    endpoint.save()
    audit_record(
        actor=by,
        verb="webhook.update",
        target=endpoint.organization,
        payload={"endpoint": endpoint.pk, "changed": sorted(changes)},
    )
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(*, endpoint: WebhookEndpoint, by) -> str:
    """A new secret, at once: requests signed after this carry the new one."""
    check_can_manage_endpoint(user=by, endpoint=endpoint)
    endpoint.secret = signing.new_secret()
    endpoint.save(update_fields=["secret", "updated_at"])
    audit_record(
        actor=by,
        verb="webhook.rotate_secret",
        target=endpoint.organization,
        payload={"endpoint": endpoint.pk},
    )
    return endpoint.secret


@transaction.atomic
def endpoint_delete(*, endpoint: WebhookEndpoint, by) -> None:
    check_can_manage_endpoint(user=by, endpoint=endpoint)
    audit_record(
        actor=by,
        verb="webhook.delete",
        target=endpoint.organization,
        payload={"endpoint": endpoint.pk, "url": endpoint.url},
    )
    endpoint.delete()


@transaction.atomic
def endpoint_send_test(*, endpoint: WebhookEndpoint, by) -> WebhookDelivery:
    """A `ping` event to this endpoint alone (even a disabled one: that is how an admin
    checks it works again), sent after commit like any other."""
    check_can_manage_endpoint(user=by, endpoint=endpoint)
    sent_at = timezone.now()
    event = events.event_record(
        organization=endpoint.organization,
        kind=EventKind.PING,
        key=f"ping:{uuid.uuid4().hex}",
        payload={"message": "A test from the organisation's page.", "sent_at": sent_at},
        endpoints=[endpoint],
    )
    return event.deliveries.get()
