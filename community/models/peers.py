"""Peers further along: who chose to be findable, suggestions, introductions, connections,
their private conversations, blocks, reports and mentors.

Opt-in only: a person nobody may find has no `PeerProfile` (or one not `findable`). What
peers see of them is decided by the profile's `show_*` switches; never their email.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def week_of(day: date) -> date:
    """The Monday of the ISO week `day` falls in: the key suggestions are unique per."""
    return day - timedelta(days=day.weekday())


class PeerProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A profile's settings are its owner's alone; peers see what it lets them through
        suggestions and connections."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def findable(self):
        return self.filter(findable=True, paused=False, user__is_active=True)


class PeerProfile(models.Model):
    """A person's choice to be found by peers, and what peers may see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_profile"
    )
    findable = models.BooleanField(_("peers may find me"), default=False)
    all_goals = models.BooleanField(
        _("for all my goals"),
        default=True,
        help_text=_("Off: only for the goals chosen below."),
    )
    goals = models.ManyToManyField(
        "goals.Goal", verbose_name=_("goals"), blank=True, related_name="+"
    )
    paused = models.BooleanField(
        _("paused"), default=False, help_text=_("No new suggestions while paused.")
    )
    show_name = models.BooleanField(_("show my display name"), default=True)
    show_region = models.BooleanField(_("show my region"), default=True)
    show_progress = models.BooleanField(_("show my goal's playbook and progress"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PeerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("peer profile")
        verbose_name_plural = _("peer profiles")
        indexes = [
            models.Index(
                fields=["user"], name="community_peer_findable_idx", condition=Q(findable=True)
            ),
        ]

    def __str__(self):
        return str(self.user)


class MentorOfferQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class MentorOffer(models.Model):
    """A person who finished a playbook volunteers to mentor newcomers on it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_offers"
    )
    playbook = models.ForeignKey(
        "goals.Playbook", on_delete=models.CASCADE, related_name="mentor_offers"
    )
    monthly_capacity = models.PositiveSmallIntegerField(
        _("newcomers a month"), default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MentorOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor offer")
        verbose_name_plural = _("mentor offers")
        constraints = [
            models.UniqueConstraint(fields=["user", "playbook"], name="community_mentor_once"),
        ]
        indexes = [models.Index(fields=["playbook", "active"], name="community_mentor_pb_idx")]

    def __str__(self):
        return f"{self.user} mentors {self.playbook}"


class PeerBlockQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the person who blocked knows: the blocked one is never told."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(blocker=user)

    def between(self, a, b):
        return self.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a))


class PeerBlock(models.Model):
    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_blocks"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeerBlockQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="community_block_once"),
            models.CheckConstraint(
                condition=~Q(blocker=F("blocked")), name="community_block_not_self"
            ),
        ]
        indexes = [models.Index(fields=["blocked"], name="community_block_blocked_idx")]

    def __str__(self):
        return f"{self.blocker} blocked {self.blocked}"


class PeerSuggestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A suggestion is shown to the person it is for; the peer is never told."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(person=user)


class PeerSuggestion(models.Model):
    """The weekly sweep's suggestion of a peer further along; one per pair per ISO week."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_suggestions"
    )
    peer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE, related_name="+")
    peer_goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("week of"), help_text=_("The Monday of its ISO week."))
    reasons = models.JSONField(default=list)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeerSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-week", "id"]
        verbose_name = _("peer suggestion")
        verbose_name_plural = _("peer suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "peer", "week"], name="community_suggestion_weekly"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "-week"], name="community_sugg_person_idx"),
            # The sweep reads recent weeks' pairs to leave them out.
            models.Index(fields=["week"], name="community_sugg_week_idx"),
        ]

    def __str__(self):
        return f"{self.peer} for {self.person} ({self.week})"


class IntroductionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(sender=user) | Q(recipient=user))


class Introduction(models.Model):
    """A request to talk, with a short note; the recipient accepts or declines (no reason
    is asked, none is shown)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not accepted")

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introductions_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introductions_received"
    )
    suggestion = models.ForeignKey(
        PeerSuggestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=Q(status="pending"),
                name="community_intro_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(sender=F("recipient")), name="community_intro_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "status"], name="community_intro_in_idx"),
            models.Index(fields=["sender", "status"], name="community_intro_out_idx"),
        ]

    def __str__(self):
        return f"{self.sender} → {self.recipient} ({self.status})"


class ConnectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Connections a person is one of the two of, while neither has blocked the other."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(first=user) | Q(second=user), ended_at__isnull=True)

    def between(self, a, b):
        first, second = sorted([a.pk, b.pk])
        return self.filter(first_id=first, second_id=second)


class Connection(models.Model):
    """Two people who agreed to talk; `first` has the smaller id. Their conversation is
    the connection's messages."""

    first = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    introduction = models.ForeignKey(
        Introduction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="community_connection_once"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="community_connection_ordered"
            ),
        ]
        indexes = [models.Index(fields=["second"], name="community_connection_2nd_idx")]

    def __str__(self):
        return f"{self.first} ↔ {self.second}"

    def other(self, user):
        return self.second if user.pk == self.first_id else self.first

    def has(self, user) -> bool:
        return user.pk in (self.first_id, self.second_id)


class PeerMessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The two people's messages (a hidden one only to its author); staff see the
        messages reported to them."""
        if not user.is_authenticated:
            return self.none()
        mine = Q(connection__in=Connection.objects.visible_to(user)) & (
            Q(hidden_at__isnull=True) | Q(author=user)
        )
        if user.is_staff:
            return self.filter(mine | Q(reports__isnull=False)).distinct()
        return self.filter(mine)


class PeerMessage(models.Model):
    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=5000)
    body_html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PeerMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("peer message")
        verbose_name_plural = _("peer messages")
        indexes = [models.Index(fields=["connection", "created_at"], name="community_pmsg_idx")]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class PeerReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A report is its reporter's and staff's (the platform's moderators)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(reporter=user)


class PeerReport(models.Model):
    """A person reported to staff, optionally with the message that prompted it."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        ABUSE = "abuse", _("Abuse or harassment")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        OPEN = "open", _("Waiting for review")
        DISMISSED = "dismissed", _("Reviewed: no action")
        UPHELD = "upheld", _("Reviewed: action taken")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_reports"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    message = models.ForeignKey(
        PeerMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PeerReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("peer report")
        verbose_name_plural = _("peer reports")
        indexes = [models.Index(fields=["outcome", "created_at"], name="community_preport_q_idx")]

    def __str__(self):
        return f"{self.reporter} reported {self.subject}"
