from celery import shared_task

from ecosystem.enqueue import enqueue

from .lifecycle import (
    stakeholder_invitation_send,
    stakeholder_invitations_unsent,
    stakeholders_lapse_expired,
)

# The task names are those they had in partners/: messages already queued and the beat
# schedule keep finding them.


@shared_task(name="partners.send_stakeholder_invitation", ignore_result=True)
def send_stakeholder_invitation(*, stakeholder_id: int) -> bool:
    """Email a stakeholder invitation link (nothing if it was answered or withdrawn)."""
    return stakeholder_invitation_send(stakeholder_id=stakeholder_id)


@shared_task(name="partners.lapse_stakeholders")
def lapse_stakeholders() -> int:
    """Record lapsed access (idempotent: a lapsed row is not lapsed again)."""
    return stakeholders_lapse_expired()


@shared_task(name="stakeholders.send_unsent_invitations")
def send_unsent_invitations() -> int:
    """The sweep: enqueue the invitations whose message was lost (`manage.py
    send_unsent_invitations`); each is emailed once, whoever sends it."""
    due = stakeholder_invitations_unsent()
    for stakeholder_id in due:
        enqueue(send_stakeholder_invitation, stakeholder_id=stakeholder_id)
    return len(due)
