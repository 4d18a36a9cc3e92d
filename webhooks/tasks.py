"""Celery tasks of partner webhooks: take ids, call one service (webhooks/delivery.py)."""

from celery import shared_task
from django.conf import settings

from .coming import milestones_coming_sweep
from .delivery import deliveries_sweep, delivery_attempt


@shared_task(name="webhooks.deliver", bind=True, max_retries=None, acks_late=True)
def deliver_webhook(self, *, delivery_id: int) -> str:
    """One attempt; on failure, again after the row's backoff (Celery retry with a
    countdown), until the row says delivered or failed. Run twice, it sends once: the
    attempt claims the row first."""
    result = delivery_attempt(delivery_id=delivery_id)
    if result.retry_in is not None and self.request.retries < settings.WEBHOOK_MAX_ATTEMPTS:
        # Not raised: the retry is enqueued with its countdown and this run ends well. (Run
        # eagerly, in unit tests, nothing is enqueued: the row waits for the sweep.)
        self.retry(countdown=result.retry_in, kwargs={"delivery_id": delivery_id}, throw=False)
    return result.state


@shared_task(name="webhooks.deliver_pending")
def deliver_pending() -> int:
    """The sweep: free dead claims, enqueue what waits (`manage.py deliver_webhooks`)."""
    due = deliveries_sweep()
    for delivery_id in due:
        deliver_webhook.delay(delivery_id=delivery_id)
    return len(due)


@shared_task(name="webhooks.milestones_coming")
def milestones_coming() -> int:
    """The hourly "coming" sweep (`manage.py webhook_coming_milestones`)."""
    return milestones_coming_sweep()
