"""What partners add to lower apps' pages through their hooks (see ecosystem/hooks.py)."""

from ecosystem.accounts.hooks import person_page
from ecosystem.accounts.roles import connect_role_rows
from milestones.hooks import milestone_help

from . import personal_data
from .models import Membership
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


def connect() -> None:
    personal_data.connect()
    connect_role_rows(Membership)  # an active member is a partner (the navigation's role)
    person_page.register("partners.organizations", organizations_of_person)
    milestone_help.register("partners.resources", resources_for_help)
