"""Reference tables shared by every app: what a goal is about, and where."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reference data is public to every signed-in or anonymous visitor."""
        return self


class ReferenceEntry(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Category(ReferenceEntry):
    """What a goal, playbook, resource or community is about (horticulture, a certificate)."""

    class Meta(ReferenceEntry.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Region(ReferenceEntry):
    """Where a customer, goal or partner is (a country, a growing district). Its country
    (ISO 3166-1 alpha-2) and subdivision (the ISO 3166-2 part after the dash) give a new
    goal there its public holidays; a region without them takes its parent's."""

    country_code = models.CharField(
        _("country code"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166-1 alpha-2, e.g. NZ; empty for no country (online)."),
    )
    subdivision_code = models.CharField(
        _("subdivision code"),
        max_length=10,
        blank=True,
        help_text=_("ISO 3166-2 without the country, e.g. HKB for Hawke's Bay."),
    )

    class Meta(ReferenceEntry.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")
