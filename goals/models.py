"""Goals and playbooks: what a customer wants by when, and reusable plans to get there."""

import secrets
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ALL_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]
MAX_DAYS = 3650


def default_working_weekdays():
    return list(ALL_WEEKDAYS)


WEEKDAY_NAMES = {
    1: _("Monday"),
    2: _("Tuesday"),
    3: _("Wednesday"),
    4: _("Thursday"),
    5: _("Friday"),
    6: _("Saturday"),
    7: _("Sunday"),
}


def weekdays_label(weekdays) -> str:
    """A working week in words: "every day", "Monday to Friday", "Monday, Wednesday"."""
    days = sorted(set(weekdays))
    if days == ALL_WEEKDAYS:
        return str(_("every day"))
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return str(_("%(first)s to %(last)s")) % {
            "first": WEEKDAY_NAMES[days[0]],
            "last": WEEKDAY_NAMES[days[-1]],
        }
    return ", ".join(str(WEEKDAY_NAMES[day]) for day in days)


class GoalQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def in_trash(self):
        return self.filter(deleted_at__isnull=False)

    def owned_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def visible_to(self, user, *, today=None):
        """Goals a person may see, not in the trash: their own, and those where they (or
        an organisation they belong to) are an active stakeholder whose access has not
        lapsed on `today`, the person's own date (default `user.today()`, never the
        server's). A customer's goal is theirs: staff see nothing here (superusers use the
        admin). Evaluated on every request, so removal and lapse act at once."""
        if not user.is_authenticated:
            return self.none()
        # The stakeholders app sits above this one: its model by name, never an import.
        Stakeholder = apps.get_model("stakeholders", "Stakeholder")
        granted = Stakeholder.objects.granting(user, today=today or user.today())
        # One IN over a UNION, not `owner = me OR pk IN (granted)`: PostgreSQL cannot read
        # an OR of a column test and a subquery from an index, so that form read every
        # goal in the table (bench/bench_visibility.py); each half of the UNION is read by
        # its own index, and the goals then by primary key.
        own_and_granted = (
            self.model.objects.filter(owner=user)
            .order_by()
            .values("pk")
            .union(granted.order_by().values("goal_id"))
        )
        return self.alive().filter(pk__in=own_and_granted)

    def purge_due(self, now=None):
        now = now or timezone.now()
        return self.filter(deleted_at__lt=now - timedelta(days=settings.TRASH_RETENTION_DAYS))


class Goal(models.Model):
    """What a customer wants to achieve, with a target date; the plan works back from it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ACHIEVED = "achieved", _("Achieved")
        ABANDONED = "abandoned", _("Abandoned")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    category = models.ForeignKey(
        "reference.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    working_weekdays = models.JSONField(
        _("working weekdays"),
        default=default_working_weekdays,
        help_text=_("ISO weekdays you work on: 1 is Monday, 7 is Sunday."),
    )
    non_working_dates = models.JSONField(
        _("non-working dates"),
        default=list,
        blank=True,
        help_text=_("Holidays and blackout dates (YYYY-MM-DD)."),
    )
    playbook = models.ForeignKey(
        "goals.Playbook",
        verbose_name=_("started from playbook"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    repeats = models.ForeignKey(
        "self",
        verbose_name=_("repeats goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repetitions",
    )
    deleted_at = models.DateTimeField(_("moved to trash at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Raised in the same transaction as every write of the goal's milestones, prerequisites
    # and tasks (milestones/plan_version.py): the goal page's cached plan is keyed on it.
    plan_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["target_date", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        indexes = [
            models.Index(
                fields=["owner", "deleted_at", "target_date"], name="goals_goal_owner_idx"
            ),
            models.Index(
                fields=["deleted_at"],
                name="goals_goal_trash_idx",
                condition=Q(deleted_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("goals:detail", args=[self.pk])

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None

    @property
    def purge_on(self):
        if self.deleted_at is None:
            return None
        return (self.deleted_at + timedelta(days=settings.TRASH_RETENTION_DAYS)).date()


class PlaybookQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Public playbooks, and the private ones a person wrote."""
        if not user.is_authenticated:
            return self.filter(public=True)
        return self.filter(Q(public=True) | Q(author=user))


class Playbook(models.Model):
    """A reusable timeline a goal can be started from: milestones, durations, prerequisites."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    category = models.ForeignKey(
        "reference.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="playbooks",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="playbooks",
    )
    organization = models.ForeignKey(
        "partners.PartnerOrganization",
        verbose_name=_("published by organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="playbooks",
        help_text=_("Partners publish playbooks under their organisation's name."),
    )
    public = models.BooleanField(_("public"), default=False)
    working_weekdays = models.JSONField(
        _("working weekdays"),
        default=default_working_weekdays,
        help_text=_(
            "ISO weekdays the plan is worked on (1 is Monday, 7 is Sunday): "
            "a goal started from it gets this working week."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PlaybookQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("playbook")
        verbose_name_plural = _("playbooks")
        indexes = [
            models.Index(fields=["public", "category"], name="goals_playbook_public_idx"),
            models.Index(fields=["author"], name="goals_playbook_author_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("goals:playbook-detail", args=[self.pk])

    @property
    def working_week(self) -> str:
        return weekdays_label(self.working_weekdays)


class PlaybookMilestone(models.Model):
    """A step of a playbook; goals started from it copy it and remember where it came from."""

    playbook = models.ForeignKey(
        Playbook, verbose_name=_("playbook"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    duration_days = models.PositiveIntegerField(
        _("duration (working days)"),
        default=1,
        validators=[MaxValueValidator(MAX_DAYS)],
    )
    offset_days_before_target = models.PositiveIntegerField(
        _("must finish this many days before the target"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_DAYS)],
        help_text=_("A dated rule: e.g. export documents 14 days before the target."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("playbook milestone")
        verbose_name_plural = _("playbook milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_days__lte=MAX_DAYS),
                name="%(app_label)s_%(class)s_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(offset_days_before_target__isnull=True)
                | Q(offset_days_before_target__lte=MAX_DAYS),
                name="%(app_label)s_%(class)s_offset_range",
            ),
        ]

    def __str__(self):
        return self.title


class PlaybookDependency(models.Model):
    """In a playbook: the predecessor must finish before the successor starts, plus a lag."""

    predecessor = models.ForeignKey(
        PlaybookMilestone, on_delete=models.CASCADE, related_name="successor_links"
    )
    successor = models.ForeignKey(
        PlaybookMilestone, on_delete=models.CASCADE, related_name="predecessor_links"
    )
    lag_days = models.PositiveIntegerField(
        _("lag (working days)"), default=0, validators=[MaxValueValidator(MAX_DAYS)]
    )

    class Meta:
        verbose_name = _("playbook prerequisite")
        verbose_name_plural = _("playbook prerequisites")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="%(app_label)s_%(class)s_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="%(app_label)s_%(class)s_not_self",
            ),
            models.CheckConstraint(
                condition=Q(lag_days__lte=MAX_DAYS), name="%(app_label)s_%(class)s_lag_range"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class PlaybookTask(models.Model):
    milestone = models.ForeignKey(PlaybookMilestone, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("playbook task")
        verbose_name_plural = _("playbook tasks")

    def __str__(self):
        return self.title


# Validators shared by forms, serializers and services.
DAYS_VALIDATORS = [MinValueValidator(0), MaxValueValidator(MAX_DAYS)]


def new_calendar_token() -> str:
    """A fresh secret for a calendar feed URL: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar feed: the secret token in its URL is the only key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    # unique=True gives the index the feed lookup by token uses.
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    regenerated_at = models.DateTimeField(_("regenerated"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(_("Calendar feed of %(user)s") % {"user": self.user})

    def get_absolute_url(self):
        return reverse("goals:calendar-feed", args=[self.token])
