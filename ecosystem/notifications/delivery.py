"""Sending what is waiting: notification emails in batches, and daily digests.

Exactly once where it can be, never twice where it cannot. A sender first claims a batch
of rows in its own committed transaction (`pending -> claimed`, rows locked with SKIP
LOCKED on PostgreSQL so two senders never take the same row), then marks each row
`sending` just before handing it to the mailer and `sent` just after. A sender killed
mid-batch leaves its unsent rows `claimed` (returned to `pending` after the claim
timeout: they were never handed to the mailer) and at most one row `sending` (marked
`failed` after the timeout: it may have left, so it is never sent again).
"""

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.utils import timezone

from .emails import digest_email, notification_email
from .models import Channel, Digest, Notification
from .selectors import DeliveryProfile, delivery_profiles, in_quiet_hours, mark_availability

logger = logging.getLogger(__name__)

State = Notification.EmailState
# A refusal that will not change by trying again: the row is marked failed, not retried.
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, ValueError)
RETRY_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class SendResult:
    claimed: int
    sent: int
    full: bool  # the batch was full: more may be waiting


def emails_recover_stale(*, now: datetime | None = None) -> tuple[int, int]:
    """Release claims left by a killed sender. Returns (returned to pending, failed)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.NOTIFICATION_EMAIL_CLAIM_SECONDS)
    returned = Notification.objects.filter(
        email_state=State.CLAIMED, email_claimed_at__lt=cutoff
    ).update(email_state=State.PENDING, email_claimed_at=None)
    failed = Notification.objects.filter(
        email_state=State.SENDING, email_claimed_at__lt=cutoff
    ).update(email_state=State.FAILED)
    if returned or failed:
        logger.warning(
            "Recovered stale email claims: %s returned to pending, %s marked failed "
            "(a sender stopped mid-batch).",
            returned,
            failed,
        )
    return returned, failed


def _claim_batch(*, now: datetime, size: int) -> list[int]:
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(email_state=State.PENDING, email_after__lte=now)
            .order_by("email_after", "id")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:size]
        )
        if ids:
            Notification.objects.filter(pk__in=ids).update(
                email_state=State.CLAIMED, email_claimed_at=now
            )
    return ids


def _still_wanted(notifications, profiles: dict[int, DeliveryProfile]) -> dict[int, bool]:
    """Whether each claimed email is still wanted: the person may have changed the kind's
    channel, or lost access to what it is about, since it was written."""
    by_recipient = defaultdict(list)
    for notification in notifications:
        by_recipient[notification.recipient_id].append(notification)
    wanted = {}
    for recipient_id, items in by_recipient.items():
        profile = profiles.get(recipient_id)
        mark_availability(items[0].recipient, items)
        for item in items:
            wanted[item.pk] = (
                profile is not None
                and profile.channel(item.kind) == Channel.EMAIL
                and item.available
            )
    return wanted


def emails_send_pending(*, now: datetime | None = None, size: int | None = None) -> SendResult:
    """Claim one batch of due emails and send it over one mailer connection."""
    now = now or timezone.now()
    size = size or settings.NOTIFICATION_EMAIL_BATCH
    emails_recover_stale(now=now)
    ids = _claim_batch(now=now, size=size)
    if not ids:
        return SendResult(claimed=0, sent=0, full=False)
    notifications = list(
        Notification.objects.filter(pk__in=ids, email_state=State.CLAIMED)
        .select_related("recipient")
        .order_by("id")
    )
    profiles = delivery_profiles(
        {item.recipient_id for item in notifications}, {item.kind for item in notifications}
    )
    wanted = _still_wanted(notifications, profiles)
    skipped = [item.pk for item in notifications if not wanted[item.pk]]
    Notification.objects.filter(pk__in=skipped, email_state=State.CLAIMED).update(
        email_state=State.SKIPPED
    )
    sent = 0
    remaining = [item for item in notifications if wanted[item.pk]]
    with mailers.default as connection:
        for index, item in enumerate(remaining):
            # The last mark before the mailer: a row found `sending` later is never resent.
            if not Notification.objects.filter(pk=item.pk, email_state=State.CLAIMED).update(
                email_state=State.SENDING
            ):
                continue
            try:
                connection.send_messages([notification_email(item)])
            except PERMANENT_ERRORS:
                logger.exception("Notification email %s was refused; not retried.", item.pk)
                Notification.objects.filter(pk=item.pk).update(email_state=State.FAILED)
                continue
            except Exception:
                # The mailer is unreachable: nothing left; give the rest back for later.
                logger.exception("Notification emails could not be sent; retrying later.")
                unsent = [item.pk, *(other.pk for other in remaining[index + 1 :])]
                Notification.objects.filter(
                    pk__in=unsent, email_state__in=[State.CLAIMED, State.SENDING]
                ).update(
                    email_state=State.PENDING,
                    email_after=timezone.now() + RETRY_AFTER,
                    email_claimed_at=None,
                )
                break
            Notification.objects.filter(pk=item.pk).update(
                email_state=State.SENT, emailed_at=timezone.now()
            )
            sent += 1
    return SendResult(claimed=len(ids), sent=sent, full=len(ids) == size)


# --- Daily digests ----------------------------------------------------------------------


def digest_is_due(profile: DeliveryProfile, now: datetime) -> bool:
    """Due once the person's local time passes their reminder time, outside quiet hours
    (a reminder time inside quiet hours moves to their end)."""
    local = profile.local_now(now).time()
    start, end = profile.quiet_hours_start, profile.quiet_hours_end
    if in_quiet_hours(local, start, end):
        return False
    at = end if in_quiet_hours(profile.reminder_time, start, end) else profile.reminder_time
    return local >= at


def _digest_claim(profile: DeliveryProfile, now: datetime) -> Digest | None:
    """Write today's digest row and give it every waiting item, in one transaction: a
    second run finds the row and claims nothing; an item belongs to one digest only."""
    local_date = profile.today(now)
    with transaction.atomic():
        digest, created = Digest.objects.get_or_create(
            recipient_id=profile.user_id, local_date=local_date, defaults={"created_at": now}
        )
        if not created:
            return None
        count = Notification.objects.filter(
            recipient_id=profile.user_id,
            delivery=Notification.Delivery.DIGEST,
            digest__isnull=True,
            created_at__lte=now,
        ).update(digest=digest)
        if not count:
            digest.delete()
            return None
        digest.item_count = count
        digest.save(update_fields=["item_count"])
    return digest


def _digest_send(digest: Digest) -> bool:
    if not Digest.objects.filter(pk=digest.pk, state=Digest.State.CLAIMED).update(
        state=Digest.State.SENDING
    ):
        return False
    digest = Digest.objects.select_related("recipient").get(pk=digest.pk)
    items = list(digest.notifications.order_by("created_at", "id"))
    items = [item for item in mark_availability(digest.recipient, items) if item.available]
    if items:
        try:
            with mailers.default as connection:
                connection.send_messages([digest_email(digest, items)])
        except Exception:
            logger.exception("Digest %s could not be sent.", digest.pk)
            Digest.objects.filter(pk=digest.pk).update(state=Digest.State.FAILED)
            return False
    Digest.objects.filter(pk=digest.pk).update(state=Digest.State.SENT, sent_at=timezone.now())
    return bool(items)


def digests_send_due(*, now: datetime | None = None) -> int:
    """Send the digest of everyone whose local digest time has come today and who has
    items waiting. Safe to run twice and at once: the day's row is the claim."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.NOTIFICATION_EMAIL_CLAIM_SECONDS)
    Digest.objects.filter(state=Digest.State.SENDING, created_at__lt=cutoff).update(
        state=Digest.State.FAILED
    )
    waiting = (
        Notification.objects.filter(delivery=Notification.Delivery.DIGEST, digest__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    profiles = delivery_profiles(set(waiting), [])
    for profile in profiles.values():
        if digest_is_due(profile, now):
            _digest_claim(profile, now)
    # Claimed digests, including those a killed run claimed but never started sending.
    sent = 0
    for digest in Digest.objects.filter(state=Digest.State.CLAIMED).order_by("id"):
        sent += _digest_send(digest)
    return sent
