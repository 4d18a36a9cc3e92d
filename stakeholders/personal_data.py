"""Stakeholders' part of "Download my data" and of deleting an account."""

from django.db.models import Q

from ecosystem.accounts.hooks import account_deleting, personal_data

from .models import Advice, Stakeholder

_STAKEHOLDER_FIELDS = (
    "id",
    "goal_id",
    "goal__title",
    "user_id",
    "email",
    "organization__name",
    "role",
    "access",
    "ends_on",
    "status",
    "invited_at",
    "responded_at",
)


def personal_rows(*, user) -> dict:
    return {
        "stakeholders_of_my_goals": Stakeholder.objects.filter(goal__owner=user).values(
            *_STAKEHOLDER_FIELDS
        ),
        "invitations_i_hold": Stakeholder.objects.filter(user=user).values(*_STAKEHOLDER_FIELDS),
        "advice": Advice.objects.filter(author=user).values(
            "id", "milestone_id", "body", "helpful", "created_at", "updated_at"
        ),
    }


def _erase(sender, *, user, **kwargs) -> None:
    """The person's place around others' goals ends (accepted or pending), and the rows
    of their own goals go with them. Advice they gave stays with the goal it helped,
    without their name."""
    Stakeholder.objects.filter(
        Q(user=user) | Q(goal__owner=user) | Q(user__isnull=True, email__iexact=user.email)
    ).delete()


def connect() -> None:
    personal_data.register("stakeholders", personal_rows)
    account_deleting.connect(_erase, dispatch_uid="stakeholders.erase")
