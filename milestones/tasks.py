"""Periodic jobs of milestones. Thin: each task calls one service and is safe to run twice."""

from celery import shared_task

from .reminders import reminders_send_due


# acks_late with reject_on_worker_lost (also the project default): a worker killed mid-sweep
# leaves the message to be delivered again; the sweep's claims make a second run harmless.
@shared_task(name="milestones.send_due_reminders", acks_late=True, reject_on_worker_lost=True)
def send_due_reminders() -> dict:
    """Send the start-by, due-soon and overdue reminders whose local time has come."""
    result = reminders_send_due()
    return {"examined": result.examined, "offered": result.offered, "decided": result.decided}
