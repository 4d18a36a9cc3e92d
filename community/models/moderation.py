"""Moderation: flags, the actions moderators take, and suspensions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AbstractFlag(models.Model):
    """What every report shares, whatever it points at: who raised it and why, and what
    came of it. A concrete flag adds its targets, constraints and `target` property (and,
    to live beside another, its own `flagger` related_name)."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        ABUSE = "abuse", _("Abuse or harassment")
        OFF_TOPIC = "off_topic", _("Off-topic")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        OPEN = "open", _("Waiting for review")
        DISMISSED = "dismissed", _("Reviewed: no action")
        UPHELD = "upheld", _("Reviewed: action taken")

    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_raised"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    outcome_note = models.CharField(_("what the moderator did"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.flagger} flagged {self.target} ({self.reason})"

    @property
    def target(self):
        raise NotImplementedError


class Flag(AbstractFlag):
    """A member's report of a thread or post; one per member per item."""

    community = models.ForeignKey(
        "community.Community", on_delete=models.CASCADE, related_name="flags"
    )
    thread = models.ForeignKey(
        "community.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=True, post__isnull=False)
                | Q(thread__isnull=False, post__isnull=True),
                name="%(app_label)s_%(class)s_one_target",
            ),
            models.UniqueConstraint(
                fields=["flagger", "post"],
                condition=Q(post__isnull=False),
                name="%(app_label)s_%(class)s_post_once",
            ),
            models.UniqueConstraint(
                fields=["flagger", "thread"],
                condition=Q(thread__isnull=False),
                name="%(app_label)s_%(class)s_thread_once",
            ),
        ]
        indexes = [
            models.Index(fields=["outcome", "created_at"], name="community_flag_queue_idx"),
            models.Index(
                fields=["community", "outcome", "created_at"], name="community_flag_comm_idx"
            ),
        ]

    @property
    def target(self):
        return self.post if self.post_id else self.thread


class ModerationAction(models.Model):
    """The moderation log: who did what to which item or person, when and why."""

    class Action(models.TextChoices):
        DISMISS = "dismiss", _("Dismiss the flags")
        HIDE = "hide", _("Hide")
        RESTORE = "restore", _("Restore")
        LOCK = "lock", _("Lock the thread")
        UNLOCK = "unlock", _("Unlock the thread")
        PIN = "pin", _("Pin the thread")
        UNPIN = "unpin", _("Unpin the thread")
        MOVE = "move", _("Move the thread")
        DELETE = "delete", _("Delete")
        WARN = "warn", _("Warn the person")
        SUSPEND = "suspend", _("Suspend the person")
        AUTO_HIDE = "auto_hide", _("Hidden after flags")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    community = models.ForeignKey(
        "community.Community",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    thread = models.ForeignKey(
        "community.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person acted on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_received",
    )
    # What was acted on when it belongs to an app above the community (an idea, a comment
    # on one), which this table cannot point at: its name and address when acted on.
    item_label = models.CharField(_("item"), max_length=200, blank=True)
    item_url = models.CharField(_("item address"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    until = models.DateTimeField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        indexes = [
            models.Index(fields=["community", "-created_at"], name="community_modlog_comm_idx"),
            models.Index(fields=["action", "-created_at"], name="community_modlog_action_idx"),
        ]

    def __str__(self):
        return f"{self.actor} {self.action} {self.post or self.thread or self.subject}"


class SuspensionQuerySet(models.QuerySet):
    def in_force(self, now=None):
        return self.filter(until__gt=now or timezone.now())


class Suspension(models.Model):
    """A person may read but not post, in one community or (staff only) everywhere."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    community = models.ForeignKey(
        "community.Community",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="suspensions",
        help_text=_("Empty: platform-wide (staff only)."),
    )
    until = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=500)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-until"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        indexes = [models.Index(fields=["user", "until"], name="community_suspension_idx")]

    def __str__(self):
        where = self.community or _("everywhere")
        return f"{self.user} suspended in {where} until {self.until:%Y-%m-%d %H:%M}"
