"""Partner webhooks: an organisation's endpoints, the events it may hear of, and one
delivery per event and endpoint (the row that claims the work and logs each attempt)."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Membership


class EventKind(models.TextChoices):
    MILESTONE_COMING = "milestone.coming", _("A milestone we help with is coming")
    INVITATION_ACCEPTED = "invitation.accepted", _("An invitation to a goal is accepted")
    RESOURCE_USED = "resource.used", _("One of our resources is used")
    PING = "ping", _("Test (the “Send test” button)")


SUBSCRIBABLE = [kind for kind in EventKind if kind != EventKind.PING]


class WebhookEndpointQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An organisation's endpoints (their URLs, the deliveries' log) to its admins
        only: they hold the secret and answer for where the organisation's data goes."""
        if not user.is_authenticated:
            return self.none()
        admin_of = Membership.objects.admins().of(user).values("organization_id")
        return self.filter(organization_id__in=admin_of)

    def listening(self, *, organization, kind: str) -> list["WebhookEndpoint"]:
        """The organisation's enabled endpoints subscribed to `kind` (a handful at most:
        chosen in Python, as SQLite has no JSON containment lookup)."""
        endpoints = self.filter(organization=organization, enabled=True)
        return [endpoint for endpoint in endpoints if kind in endpoint.events]


class WebhookEndpoint(models.Model):
    """A URL of a partner organisation that receives signed events as they happen."""

    organization = models.ForeignKey(
        "partners.PartnerOrganization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    # The shared secret that signs every request. Shown once (on creation and rotation);
    # stored as is because signing needs it.
    secret = models.CharField(max_length=80, editable=False)
    enabled = models.BooleanField(_("enabled"), default=True)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True, editable=False)
    disabled_reason = models.CharField(max_length=200, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "created_at", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        indexes = [
            models.Index(fields=["organization", "enabled"], name="webhooks_endpoint_org_idx"),
        ]

    def __str__(self):
        return self.url

    def event_labels(self) -> list[str]:
        return [str(EventKind(kind).label) for kind in self.events if kind in EventKind.values]


class WebhookEvent(models.Model):
    """Something a partner organisation may hear of, written once (its key) in the
    transaction of the change it tells of, with the payload its members may see."""

    organization = models.ForeignKey(
        "partners.PartnerOrganization", on_delete=models.CASCADE, related_name="webhook_events"
    )
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    key = models.CharField(max_length=200)
    payload = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key"], name="%(app_label)s_%(class)s_unique_key"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.key}"


class WebhookDeliveryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(endpoint__in=WebhookEndpoint.objects.visible_to(user))


class WebhookDelivery(models.Model):
    """One event sent to one endpoint: written with the event (unique per event and
    endpoint, so it is decided once), claimed before each attempt, logged after it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "endpoint"], name="%(app_label)s_%(class)s_once"
            ),
        ]
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhooks_delivery_log_idx"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=["pending", "sending"]),
                name="webhooks_delivery_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint} ({self.state})"

    @property
    def next_retry_at(self):
        return self.next_attempt_at if self.state == self.State.PENDING and self.attempts else None
