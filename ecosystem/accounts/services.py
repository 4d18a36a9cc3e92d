"""Writes on accounts."""

from django.db import transaction

from .models import User


@transaction.atomic
def user_update_profile(*, user: User, **changes) -> User:
    """Change the editable profile fields (display name, time zone, region, language)."""
    allowed = {"display_name", "time_zone", "region", "language"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=list(changes))
    return user
