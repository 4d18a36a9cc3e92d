"""A flag on an idea or on a comment on one (community's `Flag` belongs to communities,
whose tables cannot point at the ideas board above them)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.models import Flag


class IdeaFlag(models.Model):
    """A signed-in person's report of an idea or a comment on one, once each; staff decide.
    Reasons and outcomes are community's (`Flag.Reason`, `Flag.Outcome`)."""

    Reason = Flag.Reason
    Outcome = Flag.Outcome

    idea = models.ForeignKey(
        "voice.Idea", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    comment = models.ForeignKey(
        "voice.IdeaComment", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_flags_raised"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Flag.Reason.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Flag.Outcome.choices, default=Flag.Outcome.OPEN
    )
    outcome_note = models.CharField(_("what staff did"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("flag on an idea")
        verbose_name_plural = _("flags on ideas")
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=True, comment__isnull=False)
                | Q(idea__isnull=False, comment__isnull=True),
                name="%(app_label)s_%(class)s_one_target",
            ),
            models.UniqueConstraint(
                fields=["flagger", "idea"],
                condition=Q(idea__isnull=False),
                name="%(app_label)s_%(class)s_idea_once",
            ),
            models.UniqueConstraint(
                fields=["flagger", "comment"],
                condition=Q(comment__isnull=False),
                name="%(app_label)s_%(class)s_comment_once",
            ),
        ]
        indexes = [models.Index(fields=["outcome", "created_at"], name="voice_flag_queue_idx")]

    def __str__(self):
        return f"{self.flagger} flagged {self.idea or self.comment} ({self.reason})"

    @property
    def target(self):
        return self.idea if self.idea_id else self.comment
