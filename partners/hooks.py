"""What partners add to lower apps' pages through their hooks (see ecosystem/hooks.py)."""

from django.db.models.signals import post_save

from ecosystem.accounts.hooks import person_page
from ecosystem.accounts.roles import connect_role_rows, roles_changed
from milestones.hooks import milestone_help

from . import personal_data
from .models import Membership, PartnerOrganization
from .selectors import resources_for_milestone

HELP_RESOURCES = 10


def organizations_of_person(*, person, viewer) -> dict:
    """The organisations a person is an active member of, by name."""
    return {
        "organizations": [
            membership.organization
            for membership in Membership.objects.active()
            .of(person)
            .select_related("organization")
            .order_by("organization__name")
        ]
    }


def resources_for_help(*, user, milestone) -> dict:
    """Resources that fit the milestone, as of the viewer's own today."""
    resources = resources_for_milestone(milestone=milestone, today=user.today())
    return {"resources": list(resources[:HELP_RESOURCES])}


def _organization_saved(sender, instance, created, **kwargs) -> None:
    """Its members keep its name and slug under their roles version
    (selectors.member_organizations): a save raises theirs."""
    if not created:
        members = Membership.objects.active().filter(organization=instance)
        roles_changed(*members.values_list("user_id", flat=True))


def connect() -> None:
    personal_data.connect()
    connect_role_rows(Membership)  # an active member is a partner (the navigation's role)
    post_save.connect(_organization_saved, sender=PartnerOrganization, dispatch_uid="org-saved")
    person_page.register("partners.organizations", organizations_of_person)
    milestone_help.register("partners.resources", resources_for_help)
