"""Writes on accounts."""

import re

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.text import slugify

from .models import User


@transaction.atomic
def user_update_profile(*, user: User, **changes) -> User:
    """Change the editable profile fields (display name, time zone, region, language)."""
    allowed = {"display_name", "handle", "time_zone", "region", "language"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=list(changes))
    return user


def user_ensure_handle(*, user: User) -> str:
    """Give a person an @name the first time they need one (their first community post),
    made from their display name or email, with a number when it is taken."""
    if user.handle:
        return user.handle
    base = slugify(user.display_name or user.email.split("@", 1)[0])[:24].strip("-") or "member"
    for attempt in range(1, 1000):
        candidate = base if attempt == 1 else f"{base}-{attempt}"
        try:
            with transaction.atomic():
                updated = User.objects.filter(pk=user.pk, handle__isnull=True).update(
                    handle=candidate
                )
        except IntegrityError:
            continue
        if not updated:  # someone else set it meanwhile
            user.refresh_from_db(fields=["handle"])
            return user.handle
        user.handle = candidate
        return candidate
    raise RuntimeError("no free handle")


_MENTION = re.compile(r"(?<![\w@/\[])@([a-z0-9][a-z0-9-]{0,29})(?![\w-])", re.IGNORECASE)


def mentioned_users(text: str, *, limit: int = 20):
    """The active people a text mentions by @name (the first `limit` names), one query."""
    names = list(dict.fromkeys(match.lower() for match in _MENTION.findall(text)))[:limit]
    if not names:
        return User.objects.none()
    return User.objects.filter(handle__in=names, is_active=True)


def link_mentions(text: str) -> str:
    """Turn `@name` into a markdown link to the person, for names that exist (one query)."""
    names = {match.lower() for match in _MENTION.findall(text)}
    if not names:
        return text
    known = set(
        User.objects.filter(handle__in=names, is_active=True).values_list("handle", flat=True)
    )

    def replace(match):
        name = match.group(1).lower()
        if name not in known:
            return match.group(0)
        return f"[@{name}]({reverse('accounts:person', args=[name])})"

    return _MENTION.sub(replace, text)
