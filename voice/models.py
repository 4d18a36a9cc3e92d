"""The customer's voice: the needs each stage of a journey raises and how well they were
met, ideas for partners' products and the platform, and why goals are abandoned."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from goals.models import Playbook
from milestones.models import Milestone
from partners.models import Membership

# A model of this app, defined beside its rules in voice/moderation/.
from .moderation.models import IdeaFlag  # noqa: F401

MIN_GROUP_SIZE = 5  # no aggregate is shown over fewer customers than this


class NeedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A playbook's needs to whoever sees the playbook; a goal milestone's own needs
        to whoever sees the milestone."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(playbook_milestone__playbook__in=Playbook.objects.visible_to(user).values("pk"))
            | Q(milestone__in=Milestone.objects.visible_to(user).values("pk"))
        )

    def of_milestone(self, milestone):
        """A goal milestone's needs: its own, and those of the playbook milestone it was
        copied from (inherited, so a playbook's change reaches every goal started from it)."""
        condition = Q(milestone=milestone)
        if milestone.source_id:
            condition |= Q(playbook_milestone_id=milestone.source_id)
        return self.filter(condition)


class Need(models.Model):
    """A need a stage of the journey raises ("finance for fertiliser"): on a playbook
    milestone (each goal milestone copied from it inherits it) or on one goal milestone."""

    playbook_milestone = models.ForeignKey(
        "goals.PlaybookMilestone",
        verbose_name=_("playbook milestone"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="needs",
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("goal milestone"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="needs",
    )
    title = models.CharField(_("need"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(playbook_milestone__isnull=True, milestone__isnull=False)
                | Q(playbook_milestone__isnull=False, milestone__isnull=True),
                name="%(app_label)s_%(class)s_one_stage",
            ),
        ]

    def __str__(self):
        return self.title


class NeedAnswerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An answer is its customer's alone: partners and staff see only aggregates."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(customer=user, milestone__goal__deleted_at__isnull=True)

    def pending(self):
        return self.filter(answered_at__isnull=True, skipped_at__isnull=True)

    def answered(self):
        return self.filter(answered_at__isnull=False, rating__isnull=False)


class NeedAnswer(models.Model):
    """How well one need was met at a finished milestone (1 to 5) and by whom. Asked when
    the milestone is done; skipping is an answer too."""

    class MetBy(models.TextChoices):
        STAKEHOLDER = "stakeholder", _("A stakeholder")
        RESOURCE = "resource", _("A resource")
        COMMUNITY = "community", _("The community")
        NOBODY = "nobody", _("Nobody")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="answers")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="need_answers")
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_answers"
    )
    # The stage it belongs to, for aggregates (the playbook milestone it was copied from).
    stage = models.ForeignKey(
        "goals.PlaybookMilestone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="need_answers",
    )
    rating = models.PositiveSmallIntegerField(
        _("how well it was met"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    met_by = models.CharField(_("met by"), max_length=12, choices=MetBy.choices, blank=True)
    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder",
        verbose_name=_("which stakeholder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resource = models.ForeignKey(
        "partners.Resource",
        verbose_name=_("which resource"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="need_answers",
    )
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    skipped_at = models.DateTimeField(_("skipped"), null=True, blank=True)

    objects = NeedAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("need answer")
        verbose_name_plural = _("need answers")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "milestone"], name="%(app_label)s_%(class)s_once_per_milestone"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="%(app_label)s_%(class)s_rating_range",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "answered_at"], name="voice_answer_customer_idx"),
            models.Index(fields=["stage", "answered_at"], name="voice_answer_stage_idx"),
        ]

    def __str__(self):
        return f"{self.need} ({self.rating or '-'})"


class IdeaQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Ideas are for everyone signed in; a hidden one only to its author and staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(Q(hidden_at__isnull=True) | Q(author=user))


class Idea(models.Model):
    """A customer's idea for a partner's products or services, or for the platform (no
    organisation), tied to a playbook stage; voted on, answered with a status."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UNDER_REVIEW = "under_review", _("Under review")
        PLANNED = "planned", _("Planned")
        STARTED = "started", _("Started")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Declined")
        MERGED = "merged", _("Merged into another idea")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ideas"
    )
    organization = models.ForeignKey(
        "partners.PartnerOrganization",
        verbose_name=_("for organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ideas",
        help_text=_("Leave empty for an idea about the platform."),
    )
    stage = models.ForeignKey(
        "goals.PlaybookMilestone",
        verbose_name=_("playbook stage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("details (markdown)"), blank=True, max_length=10000)
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.OPEN
    )
    status_note = models.CharField(_("answer"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="%(app_label)s_%(class)s_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="voice_idea_org_status_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("voice:idea-detail", args=[self.pk])


class IdeaVote(models.Model):
    """One person's vote for an idea (one each; merging moves it, never counts it twice)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "voter"], name="%(app_label)s_%(class)s_once"),
        ]

    def __str__(self):
        return f"{self.voter} → {self.idea}"


class IdeaCommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A comment on an idea the person sees; a hidden one only to its author and staff."""
        if not user.is_authenticated:
            return self.none()
        visible = self.filter(idea__in=Idea.objects.visible_to(user).values("pk"))
        if user.is_staff:
            return visible
        return visible.filter(Q(hidden_at__isnull=True) | Q(author=user))


class IdeaComment(models.Model):
    """A comment on an idea (markdown, rendered once and sanitised)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_comments"
    )
    body = models.TextField(_("comment (markdown)"), max_length=5000)
    body_html = models.TextField(blank=True, editable=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IdeaCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["idea", "created_at"], name="voice_comment_idea_idx")]

    def __str__(self):
        return _("A comment on “%(idea)s”") % {"idea": self.idea.title}

    def get_absolute_url(self):
        return f"{reverse('voice:idea-detail', args=[self.idea_id])}#comment-{self.pk}"


class LeavingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Why a goal was abandoned is its customer's answer: theirs alone to read."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(customer=user, goal__deleted_at__isnull=True)

    def pending(self):
        return self.filter(answered_at__isnull=True, skipped_at__isnull=True)


class Leaving(models.Model):
    """Why a customer abandoned a goal: a few reasons from a short list and a note, both
    optional. Asked when the goal is abandoned; partners and staff see counts only."""

    class Reason(models.TextChoices):
        NO_TIME = "no_time", _("Not enough time")
        COST = "cost", _("Too costly")
        HELP_MISSING = "help_missing", _("The help I needed was missing")
        PLAN_UNREALISTIC = "plan_unrealistic", _("The plan was not realistic")
        CIRCUMSTANCES = "circumstances", _("My circumstances changed")
        ELSEWHERE = "elsewhere", _("I reached it another way")
        OTHER = "other", _("Something else")

    goal = models.OneToOneField("goals.Goal", on_delete=models.CASCADE, related_name="leaving")
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leavings"
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    skipped_at = models.DateTimeField(null=True, blank=True)

    objects = LeavingQuerySet.as_manager()

    class Meta:
        verbose_name = _("reasons for leaving")
        verbose_name_plural = _("reasons for leaving")

    def __str__(self):
        return f"{self.goal}: {', '.join(self.reasons)}"


def organizations_of(user):
    """Ids of the organisations a person is an active member of (a subquery)."""
    return Membership.objects.active().of(user).values("organization_id")
