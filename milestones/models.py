"""Milestones, their prerequisites and tasks: the dated steps toward a goal."""

from django.apps import apps
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from goals.models import MAX_DAYS

OPEN = ("todo", "doing")
NOT_STARTED = ("todo",)


def reminder_pending(mark_field: str, date_field: str, statuses=OPEN) -> Q:
    """Milestones whose reminder (noted in `mark_field`) is not yet decided for the date it
    is about (`date_field`). The sweep filters with exactly this condition, so PostgreSQL
    and SQLite read it from the partial index of the same condition."""
    return Q(status__in=statuses) & (
        Q(**{f"{mark_field}__isnull": True})
        | Q(**{f"{mark_field}__lt": F(date_field)})
        | Q(**{f"{mark_field}__gt": F(date_field)})
    )


class MilestoneQuerySet(models.QuerySet):
    def covered_by(self, grants):
        """The milestones these stakeholder grants cover: a grant without milestones
        shares its whole goal, one with milestones only those. The one place that says
        what a grant's scope means."""
        whole_goals, chosen = self._covered_ids(grants)
        return self.filter(pk__in=whole_goals.union(chosen))

    def _covered_ids(self, grants):
        """covered_by()'s two halves as id querysets, for a UNION (see granted_to)."""
        whole_goals = (
            self.model.objects.filter(
                goal_id__in=grants.filter(milestones__isnull=True).values("goal_id")
            )
            .order_by()
            .values("pk")
        )
        chosen = grants.filter(milestones__isnull=False).order_by().values("milestones")
        return whole_goals, chosen

    def granted_to(self, user, *, today=None, at_least: str = "view"):
        """Milestones of goals not in the trash that a person owns, or that an active
        stakeholder grant of theirs with at least `at_least` access ("view", "comment",
        "contribute") covers on `today` (their own date, default `user.today()`)."""
        if not user.is_authenticated:
            return self.none()
        # The stakeholders app sits above this one: its model by name, never an import.
        Stakeholder = apps.get_model("stakeholders", "Stakeholder")
        grants = Stakeholder.objects.granting(
            user, today=today or user.today()
        ).with_access_at_least(at_least)
        # One IN over a UNION rather than `owner = me OR pk IN (covered)`: PostgreSQL
        # answers an OR of a column test and a subquery by reading every milestone in the
        # table; each part of the UNION is read by its own index (bench/bench_visibility.py).
        owned = self.model.objects.filter(goal__owner=user).order_by().values("pk")
        return self.filter(goal__deleted_at__isnull=True).filter(
            pk__in=owned.union(*self._covered_ids(grants))
        )

    def visible_to(self, user, *, today=None):
        """Milestones a person may see: all of their own goals' (not in the trash), all of
        a goal shared with them whole, and the ones a scoped stakeholder was given."""
        return self.granted_to(user, today=today, at_least="view")

    def open(self):
        return self.filter(status__in=[Milestone.Status.TODO, Milestone.Status.DOING])


def milestone_url(*, goal_id: int, milestone_id: int) -> str:
    """Where a milestone is shown: on its goal's page, at the milestone."""
    return f"{reverse('goals:detail', args=[goal_id])}#milestone-{milestone_id}"


class Milestone(models.Model):
    """A dated step toward a goal. Its latest start and finish are worked back and stored."""

    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        DOING = "doing", _("Doing")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")

    goal = models.ForeignKey(
        "goals.Goal", verbose_name=_("goal"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    duration_days = models.PositiveIntegerField(
        _("duration (working days)"),
        default=1,
        validators=[MaxValueValidator(MAX_DAYS)],
        help_text=_("0 makes it a checkpoint: an event on one day, not work."),
    )
    must_finish_by = models.DateField(_("must finish by"), null=True, blank=True)
    # A dated rule that follows the target: must_finish_by is the target less this many
    # days, so moving the target moves it. None: no rule, or a date fixed by hand.
    finish_offset_days = models.PositiveIntegerField(
        _("must finish this many days before the target"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_DAYS)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.TODO
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    source = models.ForeignKey(
        "goals.PlaybookMilestone",
        verbose_name=_("from playbook milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goal_milestones",
    )
    latest_start = models.DateField(_("latest start"), null=True, blank=True)
    latest_finish = models.DateField(_("latest finish"), null=True, blank=True)
    # Reminder bookkeeping (milestones/reminders.py): the date each reminder was decided
    # for. A re-plan that moves a date makes it differ again, so the new date is reminded.
    start_reminded_for = models.DateField(null=True, blank=True, editable=False)
    due_soon_reminded_for = models.DateField(null=True, blank=True, editable=False)
    overdue_reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["latest_start", "position", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_days__lte=MAX_DAYS),
                name="%(app_label)s_%(class)s_duration_range",
            ),
        ]
        indexes = [
            models.Index(fields=["goal", "position"], name="milestones_goal_position_idx"),
            # Reminder sweeps and calendars read stored dates of open milestones.
            models.Index(fields=["status", "latest_start"], name="milestones_start_sweep_idx"),
            models.Index(fields=["status", "latest_finish"], name="milestones_finish_sweep_idx"),
            models.Index(fields=["source"], name="milestones_source_idx"),
            # The reminder sweep reads only open milestones whose reminder of that kind is
            # not yet decided for their current date: partial indexes hold just those.
            models.Index(
                fields=["latest_start", "id"],
                name="milestones_start_by_due_idx",
                condition=reminder_pending("start_reminded_for", "latest_start", NOT_STARTED),
            ),
            models.Index(
                fields=["latest_finish", "id"],
                name="milestones_due_soon_due_idx",
                condition=reminder_pending("due_soon_reminded_for", "latest_finish", OPEN),
            ),
            models.Index(
                fields=["latest_finish", "id"],
                name="milestones_overdue_due_idx",
                condition=reminder_pending("overdue_reminded_for", "latest_finish", OPEN),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return milestone_url(goal_id=self.goal_id, milestone_id=self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.TODO, self.Status.DOING)

    @property
    def is_checkpoint(self) -> bool:
        return self.duration_days == 0


class DependencyQuerySet(models.QuerySet):
    def visible_to(self, user, *, today=None):
        """A prerequisite is visible when both of its ends are."""
        if not user.is_authenticated:
            return self.none()
        visible = Milestone.objects.visible_to(user, today=today).values("pk")
        return self.filter(predecessor__in=visible, successor__in=visible)


class Dependency(models.Model):
    """A prerequisite: the predecessor must finish before the successor starts, plus a lag."""

    goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE, related_name="dependencies")
    predecessor = models.ForeignKey(
        Milestone,
        verbose_name=_("predecessor"),
        on_delete=models.CASCADE,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        Milestone,
        verbose_name=_("successor"),
        on_delete=models.CASCADE,
        related_name="predecessor_links",
    )
    lag_days = models.PositiveIntegerField(
        _("lag (working days)"), default=0, validators=[MaxValueValidator(MAX_DAYS)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DependencyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="%(app_label)s_%(class)s_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="%(app_label)s_%(class)s_not_self"
            ),
            models.CheckConstraint(
                condition=Q(lag_days__lte=MAX_DAYS), name="%(app_label)s_%(class)s_lag_range"
            ),
        ]
        indexes = [
            models.Index(fields=["goal"], name="milestones_dependency_goal_idx"),
            models.Index(fields=["successor"], name="milestones_dependency_succ_idx"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user, *, today=None):
        """Tasks of the milestones a person may see."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            milestone__in=Milestone.objects.visible_to(user, today=today).values("pk")
        )


class Task(models.Model):
    """A checklist item inside a milestone."""

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("title"), max_length=200)
    done = models.BooleanField(_("done"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["milestone", "position"], name="milestones_task_pos_idx")]

    def __str__(self):
        return self.title
