"""Notifications: what a person is told, how they want to be told, and what was emailed.

The app sits at the bottom of the project (beside accounts and audit): goals, milestones,
stakeholders and community call `services.notify`; this app imports none of them. What a
notification is about is a generic target (content type and id), as in the audit log:
explicit foreign keys would make this app depend on every app above it, and the title,
body and link are written at creation time so the bell, the centre and the emails never
load the target. The target is still kept, to ask its model's `visible_to(user)` before
showing or emailing the text (access can be revoked after a notification was written).
"""

from datetime import time

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_LEAD_DAYS = 14
DEFAULT_LEAD_DAYS = 3
DEFAULT_REMINDER_TIME = time(8, 0)


class Kind(models.TextChoices):
    """What happened. Each kind has its own preference and its own unsubscribe link."""

    MILESTONE_START_BY = "milestone_start_by", _("A milestone should start")
    MILESTONE_DUE_SOON = "milestone_due_soon", _("A milestone is due soon")
    MILESTONE_OVERDUE = "milestone_overdue", _("A milestone is overdue")
    MILESTONE_DONE = "milestone_done", _("Someone completes a milestone of my goal")
    INVITATION_RECEIVED = "invitation_received", _("I am invited to a goal")
    INVITATION_ACCEPTED = "invitation_accepted", _("Someone accepted my invitation")
    INVITATION_DECLINED = "invitation_declined", _("Someone declined my invitation")
    ADVICE_POSTED = "advice_posted", _("Advice on my milestone")
    THREAD_REPLY = "thread_reply", _("A reply to my thread")
    MENTION = "mention", _("Someone mentions me")
    ANSWER_ACCEPTED = "answer_accepted", _("My answer is accepted")
    FLAG_OUTCOME = "flag_outcome", _("The outcome of a flag on my post")
    PEERS_SUGGESTED = "peers_suggested", _("Peers further along are suggested to me")
    PEER_INTRODUCTION = "peer_introduction", _("Someone asks to be introduced to me")
    PEER_CONNECTED = "peer_connected", _("Someone accepts my introduction")
    IDEA_STATUS = "idea_status", _("An idea I voted for is answered")
    DATA_EXPORT_READY = "data_export_ready", _("My data is ready to download")
    WEBHOOK_DISABLED = "webhook_disabled", _("A webhook of my organisation is disabled")


REMINDER_KINDS = (Kind.MILESTONE_START_BY, Kind.MILESTONE_DUE_SOON, Kind.MILESTONE_OVERDUE)


class Channel(models.TextChoices):
    """How a person wants to hear about one kind of notification."""

    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("In the app and by email")
    DIGEST = "digest", _("In the app and in a daily digest email")
    OFF = "off", _("Off")


# Reminders are what the product promises to send; the rest waits in the app unless asked.
DEFAULT_CHANNELS = dict.fromkeys(Kind, Channel.IN_APP) | {
    Kind.MILESTONE_START_BY: Channel.EMAIL,
    Kind.MILESTONE_DUE_SOON: Channel.EMAIL,
    Kind.MILESTONE_OVERDUE: Channel.EMAIL,
    Kind.INVITATION_ACCEPTED: Channel.EMAIL,
    Kind.INVITATION_DECLINED: Channel.EMAIL,
    Kind.DATA_EXPORT_READY: Channel.EMAIL,
    Kind.WEBHOOK_DISABLED: Channel.EMAIL,
}


class NotificationSettings(models.Model):
    """A person's delivery settings that are not per kind. A missing row means defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    reminder_time = models.TimeField(
        _("local time for reminders and the digest"),
        default=DEFAULT_REMINDER_TIME,
        help_text=_("In your own time zone."),
    )
    reminder_lead_days = models.PositiveSmallIntegerField(
        _("days of warning before a milestone is due"),
        default=DEFAULT_LEAD_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LEAD_DAYS)],
    )
    quiet_hours_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_hours_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    remind_contributed = models.BooleanField(
        _("remind me about milestones I contribute to"),
        default=False,
        help_text=_(
            "Also send me reminders for milestones on other people's goals where I have "
            "contribute access."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(reminder_lead_days__gte=1, reminder_lead_days__lte=MAX_LEAD_DAYS),
                name="%(app_label)s_%(class)s_lead_days_range",
            ),
            models.CheckConstraint(
                condition=Q(quiet_hours_start__isnull=True, quiet_hours_end__isnull=True)
                | Q(quiet_hours_start__isnull=False, quiet_hours_end__isnull=False),
                name="%(app_label)s_%(class)s_quiet_hours_both_or_neither",
            ),
        ]

    def __str__(self):
        return f"Notification settings of {self.user_id}"


class NotificationPreference(models.Model):
    """How one person wants one kind of notification. A missing row means the default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="%(app_label)s_%(class)s_one_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.channel}"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A notification is seen by its recipient only: staff and superusers included."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a person is told once: a reminder, an invitation, a reply, a mention."""

    class Delivery(models.TextChoices):
        IN_APP = "in_app", _("In the app")
        EMAIL = "email", _("Email")
        DIGEST = "digest", _("Daily digest")

    class EmailState(models.TextChoices):
        NONE = "", _("No email")
        PENDING = "pending", _("Waiting to be sent")
        CLAIMED = "claimed", _("Claimed by a sender")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not sent")
        SKIPPED = "skipped", _("Not sent: no longer wanted or visible")

    # Every query starts from the recipient: the composite indexes below serve them (and
    # the foreign key), so no single-column index slows the sweep's bulk inserts.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("about type"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    target_id = models.PositiveBigIntegerField(_("about id"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, max_length=2000)
    link = models.CharField(_("link"), max_length=500, blank=True)
    dedupe_key = models.CharField(
        _("deduplication key"),
        max_length=200,
        help_text=_("The same key for the same recipient is written once, ever."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IN_APP
    )
    email_state = models.CharField(
        _("email"), max_length=10, choices=EmailState.choices, default="", blank=True
    )
    email_after = models.DateTimeField(_("email not before"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(_("email claimed at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    digest = models.ForeignKey(
        "notifications.Digest",
        verbose_name=_("sent in digest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        db_index=False,  # partial index below: most rows are in no digest
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="%(app_label)s_%(class)s_dedupe"
            ),
        ]
        indexes = [
            # The centre: newest first, all kinds or one.
            models.Index(
                fields=["recipient", "-created_at", "-id"], name="notifications_centre_idx"
            ),
            models.Index(
                fields=["recipient", "kind", "-created_at"], name="notifications_kind_idx"
            ),
            # The bell and the unread filter.
            models.Index(
                fields=["recipient", "-created_at"],
                name="notifications_unread_idx",
                condition=Q(read_at__isnull=True),
            ),
            # The email sender claims what is due.
            models.Index(
                fields=["email_after", "id"],
                name="notifications_email_due_idx",
                condition=Q(email_state="pending"),
            ),
            # Claims left behind by a killed sender.
            models.Index(
                fields=["email_claimed_at"],
                name="notifications_email_stale_idx",
                condition=Q(email_state__in=["claimed", "sending"]),
            ),
            models.Index(
                fields=["digest"],
                name="notifications_in_digest_idx",
                condition=Q(digest__isnull=False),
            ),
            # What the next digest of each person will carry.
            models.Index(
                fields=["recipient", "created_at"],
                name="notifications_digest_due_idx",
                condition=Q(delivery="digest", digest__isnull=True),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.link

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Digest(models.Model):
    """One daily digest email: written (claimed) before it is sent, once per local day."""

    class State(models.TextChoices):
        CLAIMED = "claimed", _("Claimed")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not sent")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    local_date = models.DateField(_("day (recipient's time zone)"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.CLAIMED
    )
    item_count = models.PositiveIntegerField(_("items"), default=0)
    created_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-local_date", "-id"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "local_date"], name="%(app_label)s_%(class)s_one_per_day"
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="notifications_digest_open_idx",
                condition=Q(state__in=["claimed", "sending"]),
            ),
        ]

    def __str__(self):
        return f"Digest for {self.recipient_id} on {self.local_date}"
