"""What the goal's ecosystem does and shows through lower apps' hooks (see
ecosystem/hooks.py): a deleted milestone ends the access scoped to it alone, the
milestone's help panel lists the advice on it, and a written grant raises the roles
version of the people it names (what they keep of "goals shared with me" is read
afresh: goals.selectors.goals_shared_with)."""

from django.db.models.signals import post_delete, post_save

from ecosystem.accounts.roles import roles_changed
from goals.models import Goal
from milestones.access import can_comment
from milestones.hooks import milestone_deleting, milestone_help
from partners.models import Membership

from . import personal_data
from .models import Stakeholder
from .selectors import advice_for_milestones
from .services import stakeholders_release_milestone


def _release_scope(sender, *, milestone, by, **kwargs) -> None:
    stakeholders_release_milestone(milestone=milestone, by=by)


def advice_for_help(*, user, milestone) -> dict:
    return {
        "advice_list": advice_for_milestones(user=user, milestones=[milestone])[milestone.pk],
        "can_comment": can_comment(user, milestone),
    }


def _people_named(rows) -> set[int]:
    """The people these (user_id, organization_id) pairs name: each user, and each named
    organisation's active members."""
    people = {user for user, _ in rows if user}
    organizations = {organization for _, organization in rows if organization}
    if organizations:
        people.update(
            Membership.objects.active()
            .filter(organization_id__in=organizations)
            .values_list("user_id", flat=True)
        )
    return people


def _grant_written(sender, instance, **kwargs) -> None:
    """A stakeholder row was saved or deleted (by a service, the admin or a cascade)."""
    roles_changed(*_people_named([(instance.user_id, instance.organization_id)]))


def _goal_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """A goal went to or came back from the trash (goals.services, the only writers of
    `deleted_at`): the people its rows name see it go or come back."""
    if update_fields is not None and "deleted_at" in update_fields:
        named = Stakeholder.objects.filter(goal=instance).values_list("user_id", "organization_id")
        roles_changed(*_people_named(named))


def connect() -> None:
    personal_data.connect()
    post_save.connect(_grant_written, sender=Stakeholder, dispatch_uid="stakeholders.grant")
    post_delete.connect(_grant_written, sender=Stakeholder, dispatch_uid="stakeholders.grant")
    post_save.connect(_goal_saved, sender=Goal, dispatch_uid="stakeholders.goal_trash")
    milestone_deleting.connect(_release_scope, dispatch_uid="stakeholders.release_scope")
    milestone_help.register("stakeholders.advice", advice_for_help)
