"""Partners' part of "Download my data" and of deleting an account."""

from django.db.models import Q

from ecosystem.accounts.hooks import account_deleting, personal_data

from .models import Membership, Resource, ResourceUse


def personal_rows(*, user) -> dict:
    return {
        "partner_memberships": Membership.objects.filter(user=user).values(
            "organization__name", "role", "invited_at", "accepted_at"
        ),
        "resources_written": Resource.objects.filter(author=user).values(
            "id", "organization__name", "kind", "title", "summary", "body", "link", "status"
        ),
        "resources_marked_helpful": ResourceUse.objects.filter(user=user).values(
            "resource_id", "resource__title", "milestone_id", "milestone__title", "created_at"
        ),
    }


def _erase(sender, *, user, **kwargs) -> None:
    """Memberships end; the organisation's resources they wrote stay the organisation's."""
    Membership.objects.filter(
        Q(user=user) | Q(accepted_at__isnull=True, email__iexact=user.email)
    ).delete()


def connect() -> None:
    personal_data.register("partners", personal_rows)
    account_deleting.connect(_erase, dispatch_uid="partners.erase")
