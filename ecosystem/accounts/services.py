"""Writes on accounts."""

import re

from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from rest_framework.authtoken.models import Token

from ecosystem.audit.services import audit_record
from ecosystem.enqueue import enqueue

from . import tasks
from .access import check_can_delete_account
from .data_export import data_exports_remove
from .hooks import account_deleting
from .models import DataExport, User

DELETED_EMAIL_DOMAIN = "deleted.invalid"


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


# --- Your data ----------------------------------------------------------------------------


@transaction.atomic
def data_export_request(*, by: User) -> DataExport:
    """Ask for a new export of my data. An export still being built is returned as is
    (asking twice builds one zip); the task is enqueued after commit."""
    pending = DataExport.objects.filter(user=by, finished_at__isnull=True).first()
    if pending is not None:
        return pending
    export = DataExport.objects.create(user=by)
    # Unreachable broker: logged, and the export waits for the sweep (every 10 minutes).
    transaction.on_commit(lambda: enqueue(tasks.build_data_export, export_id=export.pk))
    return export


@transaction.atomic
def account_delete(*, user: User, by: User) -> User:
    """Delete a person's account: every app removes their private rows and keeps, shown
    as "Deleted user", what others still read (`hooks.account_deleting`); their tokens,
    email addresses, sessions and exports go; the row stays, without a name, an email
    or a password, so posts keep their author. One audit row without personal data."""
    check_can_delete_account(by, user)
    account_deleting.send(sender=User, user=user, by=by)
    Token.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    DataExport.objects.filter(user=user).delete()
    _end_sessions(user)
    user.email = f"deleted-{user.pk}@{DELETED_EMAIL_DOMAIN}"
    user.display_name = ""
    user.handle = None
    user.region = None
    user.time_zone = "UTC"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    audit_record(
        actor=by if by.pk != user.pk else None,
        verb="account.deleted",
        target=user,
        payload={"by_self": by.pk == user.pk},
    )
    transaction.on_commit(lambda: data_exports_remove(user=user))
    return user


def _end_sessions(user: User) -> None:
    """Delete the person's sessions (database sessions: each is decoded to find its
    owner; the changed password hash would sign them out anyway)."""
    now = timezone.now()
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=now).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
