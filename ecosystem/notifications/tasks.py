"""Delivery tasks. Thin: each calls one delivery function that claims its rows first, so a
task delivered twice, or run by two workers at once, sends each email once."""

from celery import shared_task

from . import delivery


@shared_task(name="notifications.deliver_emails")
def deliver_emails() -> int:
    """Send one batch of due notification emails; when the batch was full, enqueue the
    next batch (one task per batch, never one per email). Returns how many were sent."""
    result = delivery.emails_send_pending()
    if result.full:
        deliver_emails.apply_async(ignore_result=True)
    return result.sent


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    """Send the daily digests whose local time has come. Returns how many were sent."""
    return delivery.digests_send_due()
