"""A flag on an idea or on a comment on one (community's `Flag` belongs to communities,
whose tables cannot point at the ideas board above them; both share `AbstractFlag`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.models import AbstractFlag


class IdeaFlag(AbstractFlag):
    """A signed-in person's report of an idea or a comment on one, once each; staff decide.
    Who, why and what came of it are community's (`AbstractFlag`)."""

    idea = models.ForeignKey(
        "voice.Idea", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    comment = models.ForeignKey(
        "voice.IdeaComment", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    # Overridden: beside community's Flag's reverse name, and staff (not a community's
    # moderators) decide here.
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_flags_raised"
    )
    outcome_note = models.CharField(_("what staff did"), max_length=500, blank=True)

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

    @property
    def target(self):
        return self.idea if self.idea_id else self.comment
