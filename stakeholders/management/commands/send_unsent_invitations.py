from django.core.management.base import BaseCommand

from partners.services import member_invitation_send, member_invitations_unsent
from stakeholders.lifecycle import stakeholder_invitation_send, stakeholder_invitations_unsent


class Command(BaseCommand):
    help = (
        "Email, here and now, the invitations (to a goal, to a partner organisation) whose "
        "message was lost, e.g. while the broker was unreachable (the Celery beat jobs "
        "stakeholders.send_unsent_invitations and partners.send_unsent_member_invitations "
        "enqueue the same ones)."
    )

    def handle(self, *args, **options):
        goals = sum(
            stakeholder_invitation_send(stakeholder_id=pk)
            for pk in stakeholder_invitations_unsent()
        )
        organizations = sum(
            member_invitation_send(membership_id=pk) for pk in member_invitations_unsent()
        )
        self.stdout.write(
            f"Sent {goals} goal invitation(s) and {organizations} organisation invitation(s)."
        )
