from celery import shared_task

from .services import member_invitation_send


@shared_task(name="partners.send_member_invitation")
def send_member_invitation(*, membership_id: int) -> bool:
    """Email an invitation; safe to run twice (see the service)."""
    return member_invitation_send(membership_id=membership_id)
