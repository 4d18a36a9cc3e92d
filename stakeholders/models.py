"""The goal's ecosystem: the people and partner organisations invited into a customer's
goal (stakeholders, whose invitation is the row itself until answered) and the advice they
post on its milestones."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from milestones.models import Milestone
from partners.models import Membership, PartnerOrganization


def _organizations_of(user):
    """Ids of the organisations a person is an active member of, as a subquery."""
    return Membership.objects.active().of(user).values("organization_id")


class StakeholderQuerySet(models.QuerySet):
    def granting(self, user, *, today):
        """Stakeholder rows that give `user` access on `today` (the person's own date,
        `user.today()`): active, not past their end date, naming the user or an
        organisation they are an active member of, on a goal not in the trash. What a
        grant covers (the whole goal or its milestones) is `MilestoneQuerySet.covered_by`.
        Evaluated on every request, so removal and lapse take effect at once."""
        if not user.is_authenticated:
            return self.none()
        member_of = _organizations_of(user)
        # A UNION, not `user = me OR organization_id IN (...)`: PostgreSQL reads that OR
        # over every row, and guesses a third of the table matches, a guess every
        # visibility query built on this one then inherits (bench/bench_visibility.py).
        naming_me = (
            Stakeholder.objects.filter(user=user)
            .order_by()
            .values("pk")
            .union(
                Stakeholder.objects.filter(organization_id__in=member_of).order_by().values("pk")
            )
        )
        return self.in_force(today=today).filter(pk__in=naming_me)

    def granting_through_organizations(self, user, *, today, organization_ids=None, member_of=None):
        """The rows of `granting` that name an organisation the person is an active member
        of (and one of `organization_ids`, when given): the partner dashboard's grants,
        without the UNION with the rows naming the person, which costs it 0.8 ms a view.
        `member_of`: those organisations' ids as the caller just read them by the same rule
        (`PartnerOrganization.objects.with_member`, or as kept under the person's roles
        version: partners.selectors.member_organizations), asked here otherwise."""
        if not user.is_authenticated:
            return self.none()
        if member_of is None:
            member_of = _organizations_of(user)
        rows = self.in_force(today=today).filter(organization_id__in=member_of)
        if organization_ids is not None:
            rows = rows.filter(organization_id__in=organization_ids)
        return rows

    def in_force(self, *, today):
        """Rows that give access on `today`: active, not past their end date, on a goal
        not in the trash (whoever they name)."""
        return self.filter(
            Q(status=Stakeholder.Status.ACTIVE),
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            goal__deleted_at__isnull=True,
        )

    def with_access_at_least(self, access: str):
        """Rows whose access level includes `access` (contribute includes comment, which
        includes view)."""
        floor = Stakeholder.ACCESS_LEVELS[access]
        return self.filter(
            access__in=[level for level, rank in Stakeholder.ACCESS_LEVELS.items() if rank >= floor]
        )

    def visible_to(self, user):
        """The goal's owner sees every stakeholder of it; a stakeholder sees their own row
        (whatever its status, so they can read an invitation or see it lapsed)."""
        if not user.is_authenticated:
            return self.none()
        member_of = _organizations_of(user)
        # A UNION of three index reads, not an OR that makes PostgreSQL read every goal
        # and stakeholder (as granting() above).
        rows = Stakeholder.objects.order_by()
        seen = (
            rows.filter(goal__owner=user)
            .values("pk")
            .union(
                rows.filter(user=user).values("pk"),
                rows.filter(organization_id__in=member_of).values("pk"),
            )
        )
        return self.filter(goal__deleted_at__isnull=True).filter(pk__in=seen)


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
    # Set when the invitation email is claimed for sending (a task delivered twice finds
    # it set and sends nothing); cleared when the owner asks to send it again.
    invitation_sent_at = models.DateTimeField(
        _("invitation emailed at"), null=True, blank=True, editable=False
    )
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
            models.Index(fields=["user", "status"], name="stakeholders_user_idx"),
            models.Index(fields=["organization", "status"], name="stakeholders_org_idx"),
            models.Index(fields=["email", "status"], name="stakeholders_email_idx"),
            models.Index(fields=["status", "ends_on"], name="stakeholders_lapse_idx"),
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
        indexes = [
            models.Index(fields=["milestone", "-created_at"], name="stakeholders_advice_ms_idx")
        ]

    def __str__(self):
        return f"Advice by {self.author} on {self.milestone}"
