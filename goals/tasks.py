"""Periodic jobs of goals. Thin: each task calls one service and is safe to run twice."""

from celery import shared_task

from . import services


@shared_task(name="goals.purge_trash")
def purge_trash() -> int:
    """Delete for good the goals left in the trash past the retention period.

    Idempotent: a second run finds nothing more to purge. Returns how many goals went.
    """
    return services.goal_purge_expired()
