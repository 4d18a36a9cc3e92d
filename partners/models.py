"""Partner organisations, their members, and the resources they publish."""

import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.accounts.models import time_zone_choices, zone_named


class PartnerOrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The directory is open to everyone signed in; unverified ones are labelled."""
        if not user.is_authenticated:
            return self.none()
        return self

    def with_member(self, user):
        """Organisations this person is an active member of."""
        return self.filter(pk__in=Membership.objects.active().of(user).values("organization_id"))


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
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        choices=time_zone_choices,
        help_text=_("The organisation's day: when a milestone it helps with is told as coming."),
    )
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

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zone_named(self.time_zone)

    def today(self, now: datetime | None = None) -> date:
        """The organisation's date at `now` (default: this instant) in its time zone."""
        return (now or timezone.now()).astimezone(self.zone).date()


class MembershipQuerySet(models.QuerySet):
    def active(self):
        """Accepted memberships: the person is a member (an invitation is not, yet)."""
        return self.filter(accepted_at__isnull=False, user__isnull=False)

    def admins(self):
        """Accepted memberships with the admin role (who answers for the organisation)."""
        return self.active().filter(role=Membership.Role.ADMIN)

    def of(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def visible_to(self, user):
        """Members of an organisation to its active members; pending invitations (an
        address of someone who has not joined) to its admins only; a person's own rows,
        and invitations sent to their address, to them."""
        if not user.is_authenticated:
            return self.none()
        mine = Membership.objects.active().of(user)
        admin_of = mine.filter(role=Membership.Role.ADMIN)
        return self.filter(
            Q(organization_id__in=mine.values("organization_id"), accepted_at__isnull=False)
            | Q(organization_id__in=admin_of.values("organization_id"))
            | Q(user=user)
            | Q(accepted_at__isnull=True, email__iexact=user.email)
        )


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

    objects = MembershipQuerySet.as_manager()

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
        member_of = Membership.objects.active().of(user).values("organization_id")
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


class ResourceUseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A use to the person who made it, and to the members of the resource's
        organisation (that their resource helped; which goal, only as the goal's own
        `visible_to` allows)."""
        if not user.is_authenticated:
            return self.none()
        member_of = Membership.objects.active().of(user).values("organization_id")
        return self.filter(Q(user=user) | Q(resource__organization_id__in=member_of))


class ResourceUse(models.Model):
    """A person marked a resource helpful from a milestone's help panel: the one record
    of a resource being used (once per person, resource and milestone)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="uses")
    milestone = models.ForeignKey(
        "milestones.Milestone", on_delete=models.CASCADE, related_name="resource_uses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_uses"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResourceUseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("resource use")
        verbose_name_plural = _("resource uses")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "milestone", "user"], name="%(app_label)s_%(class)s_once"
            )
        ]

    def __str__(self):
        return f"{self.resource} used on {self.milestone}"
