"""People: every user is a customer; partner and moderator roles come from other tables."""

import zoneinfo
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def language_choices():
    """The languages the site is written in, each named in itself ("Русский")."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


def offered_language(code: str) -> str:
    """`code` when the site is written in it, else the site's default language."""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The time zone of that name; UTC for a name this machine's zone data lacks (a row
    saved before the data dropped it must not break a page or a sweep)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Profiles are shown to signed-in people; private fields stay in the serializers."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(is_active=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person on the platform. Signs in with an email address."""

    email = models.EmailField(_("email address"), unique=True)
    handle = models.SlugField(
        _("@name"),
        max_length=30,
        unique=True,
        null=True,
        blank=True,
        help_text=_("How people mention you in communities (@name). Set on your first post."),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("How other people see you. Leave empty to show the start of your email."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        choices=time_zone_choices,
        help_text=_("Dates such as 'today' and reminders follow this time zone."),
    )
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(
        _("language"),
        max_length=12,
        choices=language_choices,
        default=settings.LANGUAGE_CODE,
        help_text=_("Pages, emails and reminders are written in this language."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Platform staff: verify partners, moderate communities."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Raised by every write of a row that gives a role or standing (ecosystem/accounts/
    # roles.py): what is kept of the person's roles, shared goals and community standing
    # is keyed on it.
    roles_version = models.PositiveIntegerField(default=0, editable=False)
    # Raised by every write of the person's notifications (ecosystem/notifications/
    # unread.py): the navigation's cached unread count is keyed on it.
    notifications_version = models.PositiveIntegerField(default=0, editable=False)
    # Raised by every write of a peer suggestion for the person (community/peers/kept.py):
    # whether the dashboard has any to show is kept on it.
    peers_version = models.PositiveIntegerField(default=0, editable=False)
    deleted_at = models.DateTimeField(
        _("deleted"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the person deleted their account: what stays shows 'Deleted user'."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.name

    # Raised by `UPDATE ... + 1` in the transaction of the change they stand for, never
    # written back from a row read earlier: a whole-row save leaves them as they are, so
    # a page's stale copy of the person cannot take a cached reading back to before.
    VERSION_FIELDS = frozenset({"roles_version", "notifications_version", "peers_version"})

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.VERSION_FIELDS
            ]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def name(self) -> str:
        if self.deleted_at is not None:
            return str(_("Deleted user"))
        return self.display_name or self.email.split("@", 1)[0]

    def get_absolute_url(self):
        return reverse("accounts:person", args=[self.handle]) if self.handle else ""

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name

    @property
    def locale(self) -> str:
        """The language to write to this person in: their own, if the site offers it."""
        return offered_language(self.language)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zone_named(self.time_zone)

    def today(self) -> date:
        """Today's date where this person lives (deadlines are days in their time zone)."""
        return timezone.now().astimezone(self.zone).date()


class DataExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An export is its owner's alone (staff included: it holds private data)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class DataExport(models.Model):
    """One "Download my data": a zip of JSON and CSV files built by a task, kept privately
    under VAR_DIR/exports and reached through a signed link that expires."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # The builder's claim: set before any work, so a task delivered twice builds once.
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("ready"), null=True, blank=True)
    file_name = models.CharField(max_length=200, blank=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        indexes = [
            models.Index(fields=["user", "-requested_at"], name="accounts_export_user_idx"),
        ]

    def __str__(self):
        return f"Data export {self.pk} of {self.user_id}"
