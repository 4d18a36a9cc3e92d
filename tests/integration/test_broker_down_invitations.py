"""With Redis stopped, inviting someone still answers and loses nothing (issue 15).

Invitations are fire-and-forget tasks published with no result kept (ecosystem.enqueue):
waiting on a result backend that does not answer would hold the page for about 20 s,
and an on_commit callback that raised would turn a committed invitation into a 500.
"""

import pytest

from partners.models import Membership
from partners.services import organization_create
from stakeholders.models import Stakeholder
from tests.factories import GoalFactory, UserFactory

# The fixture that points the site's Celery app at a closed port, shared with the
# reminder drills.
from tests.integration.test_reminders_worker import broker_down  # noqa: F401


@pytest.mark.django_db(transaction=True)
def test_inviting_a_member_with_the_broker_down_answers_and_the_invitation_waits(
    client,
    broker_down,  # noqa: F811
    caplog,
):
    admin = UserFactory()
    supplier = organization_create(by=admin, name="Orchard Supplies", kind="supplier")
    client.force_login(admin)

    response = client.post(
        f"/partners/{supplier.slug}/members/invite/",
        {"invite-email": "new@example.org", "invite-role": "member"},
    )

    assert response.status_code == 302
    invitation = Membership.objects.get(organization=supplier, email="new@example.org")
    assert invitation.invitation_sent_at is None  # not sent, not lost: it waits
    assert "Could not enqueue partners.send_member_invitation" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_inviting_a_stakeholder_with_the_broker_down_answers_and_the_invitation_waits(
    client,
    broker_down,  # noqa: F811
    caplog,
):
    goal = GoalFactory()
    client.force_login(goal.owner)

    response = client.post(
        f"/goals/{goal.pk}/stakeholders/",
        {"email": "helper@example.org", "role": "advisor", "access": "view"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    invited = Stakeholder.objects.get(goal=goal, email="helper@example.org")
    assert invited.invitation_sent_at is None
    assert "Could not enqueue partners.send_stakeholder_invitation" in caplog.text
