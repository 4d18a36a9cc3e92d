from celery import shared_task

from ecosystem.enqueue import enqueue

# The module, not its functions: services enqueue these tasks, so each module names the
# other and the names are looked up when a task runs.
from . import services


@shared_task(name="partners.send_member_invitation", ignore_result=True)
def send_member_invitation(*, membership_id: int) -> bool:
    """Email an invitation; safe to run twice: the service claims the row before sending."""
    return services.member_invitation_send(membership_id=membership_id)


@shared_task(name="partners.send_unsent_member_invitations")
def send_unsent_member_invitations() -> int:
    """The sweep: enqueue the invitations whose message was lost (`manage.py
    send_unsent_invitations`); each is emailed once, whoever sends it."""
    due = services.member_invitations_unsent()
    for membership_id in due:
        enqueue(send_member_invitation, membership_id=membership_id)
    return len(due)
