"""Who may do what with an organisation's webhooks: each rule once.

Seeing an endpoint (and its deliveries) is `WebhookEndpoint.objects.visible_to(user)`:
the organisation's admins. Managing them is the same people, asked here so pages, the API
and the services agree: an endpoint a person may not see answers 404; the list of an
organisation they see but do not administer answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from partners.access import is_organization_admin

from .models import WebhookEndpoint


def can_manage_webhooks(user, organization) -> bool:
    return user.is_authenticated and is_organization_admin(user, organization)


def check_can_manage_webhooks(*, user, organization) -> None:
    if not can_manage_webhooks(user, organization):
        raise PermissionDenied(_("Only the organisation's admins manage its webhooks."))


def check_can_manage_endpoint(*, user, endpoint: WebhookEndpoint) -> None:
    if not WebhookEndpoint.objects.visible_to(user).filter(pk=endpoint.pk).exists():
        raise Http404
    check_can_manage_webhooks(user=user, organization=endpoint.organization)
