from celery import shared_task

from .services import member_invitation_send


@shared_task(name="partners.send_member_invitation")
def send_member_invitation(*, membership_id: int) -> bool:
    """Email an invitation; safe to run twice (see the service)."""
    return member_invitation_send(membership_id=membership_id)


@shared_task(name="partners.send_stakeholder_invitation")
def send_stakeholder_invitation(*, stakeholder_id: int) -> bool:
    """Email a stakeholder invitation link (nothing if it was answered or withdrawn)."""
    from .stakeholders import stakeholder_invitation_send

    return stakeholder_invitation_send(stakeholder_id=stakeholder_id)


@shared_task(name="partners.lapse_stakeholders")
def lapse_stakeholders() -> int:
    """Record lapsed access (idempotent: a lapsed row is not lapsed again)."""
    from .stakeholders import stakeholders_lapse_expired

    return stakeholders_lapse_expired()
