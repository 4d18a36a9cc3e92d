"""What an organisation's admins are told about its webhooks (through notify(), once per
disabling)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ecosystem.notifications.models import Kind
from ecosystem.notifications.services import notify
from partners.models import Membership


def endpoint_disabled(*, endpoint) -> int:
    admins = Membership.objects.admins().filter(organization_id=endpoint.organization_id)
    return notify(
        recipients=admins.values_list("user_id", flat=True),
        kind=Kind.WEBHOOK_DISABLED,
        target=endpoint,
        title=lambda: (
            _("A webhook of %(organization)s was disabled")
            % {"organization": endpoint.organization.name}
        ),
        body=lambda: (
            _(
                "%(count)s deliveries to %(url)s failed in a row. Fix the receiver, send a test "
                "and enable it again."
            )
            % {"count": endpoint.consecutive_failures, "url": endpoint.url}
        ),
        link=reverse("webhooks:detail", args=[endpoint.organization.slug, endpoint.pk]),
        dedupe_key=f"webhook_disabled:endpoint:{endpoint.pk}:{endpoint.disabled_at.isoformat()}",
    )
