"""Writes of notifications and preferences. `notify` is the one entry point for events.

A notification is written in the caller's transaction, under a unique key per recipient
(`dedupe_key`), so an event or a sweep that runs twice writes it once. Email is never sent
here: rows waiting for email are marked pending, and a delivery task is enqueued after
commit; when the broker cannot be reached the failure is logged and the periodic
delivery sweep sends them from the database.
"""

import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import tasks
from .models import (
    DEFAULT_CHANNELS,
    MAX_LEAD_DAYS,
    Channel,
    Kind,
    Notification,
    NotificationPreference,
    NotificationSettings,
)
from .selectors import DeliveryProfile, channels_for, delivery_profiles
from .tokens import DIGEST
from .unread import unread_changed

logger = logging.getLogger(__name__)

# Several senders may share a large batch of new emails; each sender claims its own rows.
MAX_SENDERS_PER_WRITE = 20
EMAILED_CHANNELS = (Channel.EMAIL, Channel.DIGEST)
SETTINGS_FIELDS = (
    "reminder_time",
    "reminder_lead_days",
    "quiet_hours_start",
    "quiet_hours_end",
    "remind_contributed",
)


@dataclass(frozen=True)
class Draft:
    """A notification to write, before the recipient's preferences are applied."""

    recipient_id: int
    kind: str
    title: str
    dedupe_key: str
    body: str = ""
    link: str = ""
    target_type_id: int | None = None
    target_id: int | None = None


def target_reference(target) -> tuple[int | None, int | None]:
    """The generic reference (content type id, primary key) of any model instance."""
    if target is None:
        return None, None
    return ContentType.objects.get_for_model(target).pk, target.pk


def notifications_write(
    drafts: Iterable[Draft],
    *,
    now: datetime | None = None,
    profiles: dict[int, DeliveryProfile] | None = None,
) -> int:
    """Write notifications in bulk as each recipient wants them (off: not at all).

    A draft whose (recipient, dedupe_key) was already written is ignored by the database,
    so writing twice is writing once. Returns how many rows were offered to the database.
    """
    drafts = list(drafts)
    if not drafts:
        return 0
    now = now or timezone.now()
    if profiles is None:
        profiles = delivery_profiles(
            {draft.recipient_id for draft in drafts}, {draft.kind for draft in drafts}
        )
    rows = []
    emails_due_now = 0
    for draft in drafts:
        profile = profiles.get(draft.recipient_id)
        if profile is None:
            continue  # an inactive account
        channel = profile.channel(draft.kind)
        if channel == Channel.OFF:
            continue
        row = Notification(
            recipient_id=draft.recipient_id,
            kind=draft.kind,
            title=draft.title[:200],
            body=draft.body[:2000],
            link=draft.link[:500],
            dedupe_key=draft.dedupe_key[:200],
            target_type_id=draft.target_type_id,
            target_id=draft.target_id,
            created_at=now,
            delivery=channel,
        )
        if channel == Channel.EMAIL:
            row.email_state = Notification.EmailState.PENDING
            row.email_after = profile.email_not_before(now)
            emails_due_now += row.email_after <= now
        rows.append(row)
    _insert_ignoring_repeats(rows)
    if emails_due_now:
        senders = min(
            MAX_SENDERS_PER_WRITE, math.ceil(emails_due_now / settings.NOTIFICATION_EMAIL_BATCH)
        )
        transaction.on_commit(lambda: enqueue_email_delivery(senders=senders))
    return len(rows)


# Columns the bulk insert writes; the others are NULL or set later by delivery.
INSERT_COLUMNS = {
    "recipient_id": "bigint",
    "kind": "text",
    "target_type_id": "integer",
    "target_id": "bigint",
    "title": "text",
    "body": "text",
    "link": "text",
    "dedupe_key": "text",
    "created_at": "timestamptz",
    "delivery": "text",
    "email_state": "text",
    "email_after": "timestamptz",
}


def _insert_ignoring_repeats(rows: list[Notification]) -> None:
    """Insert rows; one whose (recipient, dedupe_key) exists is skipped by the database.

    On PostgreSQL, one INSERT ... SELECT FROM unnest(arrays) per call: a dozen array
    parameters instead of a dozen per row, which is what keeps the reminder sweep's
    50,000 rows well inside its budget (bench/bench_reminders.py). Elsewhere, bulk_create.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        Notification.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    else:
        _insert_with_unnest(rows)
    # After the rows, never before: a reader between the two, outside a transaction,
    # would keep the old count under the new version.
    unread_changed({row.recipient_id for row in rows})


def _insert_with_unnest(rows: list[Notification]) -> None:
    table = connection.ops.quote_name(Notification._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in INSERT_COLUMNS)
    arrays = ", ".join(f"%s::{kind}[]" for kind in INSERT_COLUMNS.values())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}) "  # noqa: S608
            "ON CONFLICT DO NOTHING",
            [[getattr(row, column) for row in rows] for column in INSERT_COLUMNS],
        )


Words = str | Callable[[], str]


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: Words,
    dedupe_key: str,
    target=None,
    body: Words = "",
    link: str = "",
) -> int:
    """Tell these people about something, once per `dedupe_key`, as each of them wants.

    `title` and `body` are written once and kept, so each is written in its recipient's
    language: give a function of no arguments that returns the text (`lambda: _("...") %
    {...}`) and it is called once per language among the recipients, with that language
    active. A plain string is kept as it is, for every recipient.

    Callers decide who may be told (asking the models' `visible_to` rules) and leave out
    the person who acted. Call inside the transaction of the change, or from
    `transaction.on_commit`: either way nothing is emailed before the change is committed.
    """
    Kind(kind)  # an unknown kind is a programming error, not a silent no-op
    target_type_id, target_id = target_reference(target)
    recipient_ids = {getattr(recipient, "pk", recipient) for recipient in recipients}
    profiles = delivery_profiles(recipient_ids, [kind])
    words = {}
    for language in {profile.language for profile in profiles.values()}:
        with translation.override(language):
            words[language] = (_written(title), _written(body))
    return notifications_write(
        (
            Draft(
                recipient_id=profile.user_id,
                kind=kind,
                title=words[profile.language][0],
                body=words[profile.language][1],
                link=link,
                dedupe_key=dedupe_key,
                target_type_id=target_type_id,
                target_id=target_id,
            )
            for profile in sorted(profiles.values(), key=lambda profile: profile.user_id)
        ),
        profiles=profiles,
    )


def _written(words: Words) -> str:
    return str(words() if callable(words) else words)


def enqueue_email_delivery(*, senders: int = 1) -> bool:
    """Ask the workers to send pending emails. A broker that cannot be reached is logged,
    not raised: the rows wait in the database for the periodic delivery sweep."""
    try:
        for _sender in range(senders):
            # No result is wanted: with Redis down, a result subscription would hold the
            # request for about 20 s of retries; the publish alone gives up within a second.
            tasks.deliver_emails.apply_async(ignore_result=True)
    except Exception:
        logger.exception(
            "Could not enqueue notification email delivery; the periodic delivery sweep "
            "will send the pending emails from the database."
        )
        return False
    return True


# --- Reading ------------------------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, notification: Notification, by) -> Notification:
    """Mark one of my notifications read (reading it again changes nothing)."""
    if notification.recipient_id != by.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        ):
            unread_changed([by.pk])
    return notification


@transaction.atomic
def notification_mark_all_read(*, by, kind: str | None = None) -> int:
    """Mark all my unread notifications (of one kind) read; returns how many changed."""
    unread = Notification.objects.visible_to(by).unread()
    if kind:
        unread = unread.filter(kind=kind)
    marked = unread.update(read_at=timezone.now())
    if marked:
        unread_changed([by.pk])
    return marked


# --- Preferences --------------------------------------------------------------------------


def _validate_settings(values: dict) -> None:
    errors = {}
    lead = values.get("reminder_lead_days")
    if lead is not None and not 1 <= lead <= MAX_LEAD_DAYS:
        errors["reminder_lead_days"] = _("Choose between 1 and %(max)s days.") % {
            "max": MAX_LEAD_DAYS
        }
    start, end = values.get("quiet_hours_start"), values.get("quiet_hours_end")
    if (start is None) != (end is None):
        field = "quiet_hours_end" if end is None else "quiet_hours_start"
        errors[field] = _("Give both ends of the quiet hours, or neither.")
    elif start is not None and start == end:
        errors["quiet_hours_end"] = _("Quiet hours must end at another time than they start.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def preferences_update(*, by, channels: dict[str, str] | None = None, **changes) -> None:
    """Change my delivery settings and, per kind, my channel. Unknown kinds or channels
    answer a ValidationError naming `channels`."""
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    channels = channels or {}
    bad = {
        kind: channel
        for kind, channel in channels.items()
        if kind not in Kind.values or channel not in Channel.values
    }
    if bad:
        raise ValidationError(
            {
                "channels": _("Unknown kind or channel: %(items)s.")
                % {"items": ", ".join(f"{kind}={channel}" for kind, channel in bad.items())}
            }
        )
    current, _created = NotificationSettings.objects.select_for_update().get_or_create(user=by)
    values = {name: getattr(current, name) for name in SETTINGS_FIELDS} | changes
    _validate_settings(values)
    for name, value in changes.items():
        setattr(current, name, value)
    current.full_clean(exclude=["user"])
    current.save()
    for kind, channel in channels.items():
        NotificationPreference.objects.update_or_create(
            user=by, kind=kind, defaults={"channel": channel}
        )
    _skip_unwanted_emails(user_id=by.pk)


def _skip_unwanted_emails(*, user_id: int) -> int:
    """Pending emails of kinds a person no longer wants by email are not sent."""
    wanted = set(
        NotificationPreference.objects.filter(user_id=user_id, channel=Channel.EMAIL).values_list(
            "kind", flat=True
        )
    )
    chosen = set(
        NotificationPreference.objects.filter(user_id=user_id).values_list("kind", flat=True)
    )
    wanted |= {
        kind for kind, channel in DEFAULT_CHANNELS.items() if channel == Channel.EMAIL
    } - chosen
    return (
        Notification.objects.filter(
            recipient_id=user_id, email_state=Notification.EmailState.PENDING
        )
        .exclude(kind__in=wanted)
        .update(email_state=Notification.EmailState.SKIPPED)
    )


# --- Unsubscribing from an email link -------------------------------------------------------


@transaction.atomic
def unsubscribe(*, user_id: int, kind: str) -> list[str]:
    """Stop the emails of one kind, or the daily digest (`kind="digest"`), at once.

    What was emailed moves to the app only; what was off stays off. Pending emails of
    those kinds are not sent, and items waiting for the next digest stay in the app.
    Returns the kinds that changed. Account and security emails are not ours to stop.
    """
    if kind == DIGEST:
        kinds = [
            value
            for value, channel in channels_for(user_id=user_id).items()
            if channel == Channel.DIGEST
        ]
    else:
        kinds = [kind] if channels_for(user_id=user_id)[kind] in EMAILED_CHANNELS else []
    for value in kinds:
        NotificationPreference.objects.update_or_create(
            user_id=user_id, kind=value, defaults={"channel": Channel.IN_APP}
        )
    Notification.objects.filter(
        recipient_id=user_id, kind__in=kinds, delivery=Channel.DIGEST, digest__isnull=True
    ).update(delivery=Notification.Delivery.IN_APP)
    _skip_unwanted_emails(user_id=user_id)
    return kinds
