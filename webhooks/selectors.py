"""Reads of partner webhooks: the endpoints' section of the organisation page, one
endpoint, its delivery log (the last DELIVERY_LOG deliveries, newest first)."""

from dataclasses import dataclass

from .models import WebhookDelivery, WebhookEndpoint

DELIVERY_LOG = 50


@dataclass(frozen=True)
class WebhooksSection:
    endpoints: list[WebhookEndpoint]


def endpoints_of(*, organization, user):
    return WebhookEndpoint.objects.visible_to(user).filter(organization=organization)


def organization_section(*, user, organization, permissions) -> dict:
    """The organisation page's webhooks section, for its admins only (`permissions`, the
    page's own, says who they are): one query."""
    if not permissions.is_admin:
        return {}
    endpoints = list(endpoints_of(organization=organization, user=user))
    return {"webhooks": WebhooksSection(endpoints=endpoints)}


def endpoint_for(*, user, pk: int, organization=None) -> WebhookEndpoint:
    """One endpoint the person may see (raises DoesNotExist otherwise)."""
    endpoints = WebhookEndpoint.objects.visible_to(user).select_related("organization")
    if organization is not None:
        endpoints = endpoints.filter(organization=organization)
    return endpoints.get(pk=pk)


def delivery_log(*, endpoint: WebhookEndpoint) -> list[WebhookDelivery]:
    """The endpoint's last DELIVERY_LOG deliveries, newest first, with their events."""
    return list(
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .order_by("-created_at", "-id")[:DELIVERY_LOG]
    )
