"""The audit log: who changed access or moderated what, when, and why."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff read the whole log; everyone else reads what they did themselves."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(actor=user)

    def for_target(self, obj):
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
        )


class AuditEvent(models.Model):
    """One access change or moderation action, written by `audit.services.audit_record`."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    verb = models.CharField(_("verb"), max_length=64)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, on_delete=models.SET_NULL
    )
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_event_target_idx"),
            models.Index(fields=["verb", "-created_at"], name="audit_event_verb_idx"),
            models.Index(fields=["actor", "-created_at"], name="audit_event_actor_idx"),
        ]

    def __str__(self):
        return f"{self.actor or '-'} {self.verb} {self.target_repr}"
