"""Partner organisations, their members, and the resources they publish."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PartnerOrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The directory is open to everyone signed in; unverified ones are labelled."""
        if not user.is_authenticated:
            return self.none()
        return self

    def with_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__accepted_at__isnull=False)


class PartnerOrganization(models.Model):
    """An organisation around customers: a supplier, tutor, agency, extension service…"""

    class Kind(models.TextChoices):
        SUPPLIER = "supplier", _("Supplier")
        TRAINING_PROVIDER = "training_provider", _("Training provider")
        TUTOR = "tutor", _("Tutor")
        EMPLOYER = "employer", _("Employer")
        GOVERNMENT_AGENCY = "government_agency", _("Government agency")
        EXTENSION_SERVICE = "extension_service", _("Extension service")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        DATA_PROVIDER = "data_provider", _("Data provider")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    website = models.URLField(_("website"), blank=True)
    regions = models.ManyToManyField(
        "reference.Region", verbose_name=_("regions served"), blank=True, related_name="partners"
    )
    categories = models.ManyToManyField(
        "reference.Category",
        verbose_name=_("categories served"),
        blank=True,
        related_name="partners",
    )
    verified = models.BooleanField(_("verified by staff"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnerOrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        indexes = [
            models.Index(fields=["kind", "name"], name="partners_org_kind_idx"),
            models.Index(fields=["verified", "name"], name="partners_org_verified_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", args=[self.slug])


class Membership(models.Model):
    """A person's role in an organisation. An invitation is a membership not yet accepted;
    it follows the email address, so the invitee may sign up first."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        MEMBER = "member", _("Member")

    organization = models.ForeignKey(
        PartnerOrganization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="partner_memberships",
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    invitation_sent_at = models.DateTimeField(_("invitation emailed at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        ordering = ["organization", "email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"], name="%(app_label)s_%(class)s_unique_email"
            ),
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=Q(user__isnull=False),
                name="%(app_label)s_%(class)s_unique_user",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "accepted_at"], name="partners_membership_user_idx"),
            models.Index(fields=["email"], name="partners_membership_email_idx"),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()}) @ {self.organization}"

    @property
    def is_active(self) -> bool:
        return self.accepted_at is not None and self.user_id is not None


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Resource.Status.PUBLISHED)

    def visible_to(self, user):
        """Published resources to everyone signed in; drafts and unpublished ones to the
        organisation's members (and staff, who moderate)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        member_of = Membership.objects.filter(user=user, accepted_at__isnull=False).values(
            "organization_id"
        )
        return self.filter(
            Q(status=Resource.Status.PUBLISHED)
            | Q(organization_id__in=member_of)
            | Q(organization__isnull=True, author=user)
        )


class Resource(models.Model):
    """Something a partner offers that helps with a milestone: a guide, a course, an offer…"""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide or best practice")
        COURSE = "course", _("Course")
        OFFER = "offer", _("Product or offer")
        EVENT = "event", _("Event")
        DATA_FEED = "data_feed", _("Data feed or forecast")
        ADVICE = "advice", _("Advice")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished by staff")

    organization = models.ForeignKey(
        PartnerOrganization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resources",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("body (markdown)"), blank=True, max_length=32000)
    body_html = models.TextField(_("body (sanitised HTML)"), blank=True, editable=False)
    link = models.URLField(_("link"), blank=True)
    categories = models.ManyToManyField(
        "reference.Category", verbose_name=_("categories"), blank=True, related_name="resources"
    )
    regions = models.ManyToManyField(
        "reference.Region", verbose_name=_("regions"), blank=True, related_name="resources"
    )
    window_start = models.DateField(_("available from"), null=True, blank=True)
    window_end = models.DateField(_("available until"), null=True, blank=True)
    playbook_milestones = models.ManyToManyField(
        "goals.PlaybookMilestone",
        verbose_name=_("playbook milestones it fits"),
        blank=True,
        related_name="resources",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    unpublished_reason = models.CharField(_("why staff unpublished it"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=Q(window_start__isnull=True)
                | Q(window_end__isnull=True)
                | Q(window_end__gte=F("window_start")),
                name="%(app_label)s_%(class)s_window_order",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"], name="partners_resource_status_idx"),
            models.Index(fields=["organization", "status"], name="partners_resource_org_idx"),
            models.Index(fields=["status", "window_end"], name="partners_resource_window_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:resource-detail", args=[self.pk])


class StakeholderQuerySet(models.QuerySet):
    def granting(self, user, *, today=None):
        """Stakeholder rows that give `user` access right now: active, not past their end
        date, naming the user or an organisation they are an active member of. Evaluated
        on every request, so removal and lapse take effect at once."""
        if not user.is_authenticated:
            return self.none()
        from django.utils import timezone

        today = today or timezone.localdate()
        member_of = Membership.objects.filter(user=user, accepted_at__isnull=False).values(
            "organization_id"
        )
        return self.filter(
            Q(status=Stakeholder.Status.ACTIVE),
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            Q(user=user) | Q(organization_id__in=member_of),
            goal__deleted_at__isnull=True,
        )

    def visible_to(self, user):
        """The goal's owner sees every stakeholder of it; a stakeholder sees their own row
        (whatever its status, so they can read an invitation or see it lapsed)."""
        if not user.is_authenticated:
            return self.none()
        member_of = Membership.objects.filter(user=user, accepted_at__isnull=False).values(
            "organization_id"
        )
        return self.filter(goal__deleted_at__isnull=True).filter(
            Q(goal__owner=user) | Q(user=user) | Q(organization_id__in=member_of)
        )


class Stakeholder(models.Model):
    """A person or partner organisation invited into a customer's goal, with a role, an
    access level, an optional scope of milestones and an optional end date."""

    class Role(models.TextChoices):
        SUPPLIER = "supplier", _("Supplier")
        TUTOR = "tutor", _("Tutor")
        MENTOR = "mentor", _("Mentor")
        PEER = "peer", _("Peer")
        AGENCY = "agency", _("Agency")
        EMPLOYER = "employer", _("Employer")
        ADVISOR = "advisor", _("Advisor")
        OTHER = "other", _("Other")

    class Access(models.TextChoices):
        VIEW = "view", _("View: sees the plan")
        COMMENT = "comment", _("Comment: also posts advice")
        CONTRIBUTE = "contribute", _("Contribute: also edits milestones and ticks tasks")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        REMOVED = "removed", _("Removed")
        LAPSED = "lapsed", _("Lapsed")

    OPEN_STATUSES = (Status.INVITED, Status.ACTIVE)
    ACCESS_LEVELS = {Access.VIEW: 1, Access.COMMENT: 2, Access.CONTRIBUTE: 3}

    goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE, related_name="stakeholders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="stakeholder_roles",
    )
    email = models.EmailField(_("email address"), blank=True)
    organization = models.ForeignKey(
        PartnerOrganization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="stakeholder_roles",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    access = models.CharField(
        _("access"), max_length=10, choices=Access.choices, default=Access.VIEW
    )
    milestones = models.ManyToManyField(
        "milestones.Milestone",
        verbose_name=_("milestones in scope"),
        blank=True,
        related_name="stakeholders",
        help_text=_("Leave empty to share the whole goal."),
    )
    ends_on = models.DateField(_("access ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    invitation_key = models.CharField(max_length=64, blank=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StakeholderQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "role", "id"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=True) & ~Q(email=""))
                | (Q(organization__isnull=False) & Q(email="") & Q(user__isnull=True)),
                name="%(app_label)s_%(class)s_person_or_organization",
            ),
            models.UniqueConstraint(
                fields=["goal", "email"],
                condition=Q(status__in=["invited", "active"]) & ~Q(email=""),
                name="%(app_label)s_%(class)s_open_person_once",
            ),
            models.UniqueConstraint(
                fields=["goal", "organization"],
                condition=Q(status__in=["invited", "active"]) & Q(organization__isnull=False),
                name="%(app_label)s_%(class)s_open_organization_once",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status"], name="partners_stakeholder_user_idx"),
            models.Index(fields=["organization", "status"], name="partners_stakeholder_org_idx"),
            models.Index(fields=["email", "status"], name="partners_stakeholder_email_idx"),
            models.Index(fields=["status", "ends_on"], name="partners_stakeholder_lapse_idx"),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.get_role_display()}) on {self.goal}"

    @property
    def display_name(self) -> str:
        if self.organization_id:
            return self.organization.name
        if self.user_id:
            return self.user.name
        return self.email

    def allows(self, access: str) -> bool:
        return self.ACCESS_LEVELS[self.access] >= self.ACCESS_LEVELS[access]


class AdviceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Advice on milestones a person may see; hidden advice only to the goal's owner
        and its author."""
        from milestones.models import Milestone

        if not user.is_authenticated:
            return self.none()
        return self.filter(milestone__in=Milestone.objects.visible_to(user)).filter(
            Q(hidden=False) | Q(milestone__goal__owner=user) | Q(author=user)
        )


class Advice(models.Model):
    """Advice a stakeholder (with comment access) or the owner posts on a milestone."""

    milestone = models.ForeignKey(
        "milestones.Milestone", on_delete=models.CASCADE, related_name="advice"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="advice"
    )
    body = models.TextField(_("advice (markdown)"), max_length=32000)
    body_html = models.TextField(editable=False)
    helpful = models.BooleanField(_("marked helpful by the owner"), default=False)
    hidden = models.BooleanField(_("hidden by the owner"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdviceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("advice")
        verbose_name_plural = _("advice")
        indexes = [models.Index(fields=["milestone", "-created_at"], name="partners_advice_ms_idx")]

    def __str__(self):
        return f"Advice by {self.author} on {self.milestone}"
