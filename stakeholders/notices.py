"""What the people around a goal are told: invitations received and answered, advice on a
milestone. Called by the services inside their transaction, so a notification is written
with the change it tells of, once (its key), and its email leaves only after commit.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from ecosystem.accounts.models import User
from ecosystem.notifications.models import Kind
from ecosystem.notifications.services import notify
from partners.models import Membership

from .models import Advice, Stakeholder

EXCERPT = 280


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def invitation_received(*, stakeholder: Stakeholder, link: str) -> int:
    """Tell the invitee, when they already have an account (the invitation email goes to
    the address either way): the person, or the organisation's admins. `link` is the
    invitation's own page (its signed token is the key, as in the email)."""
    if stakeholder.organization_id:
        recipients = (
            Membership.objects.admins()
            .filter(organization_id=stakeholder.organization_id)
            .values_list("user_id", flat=True)
        )
    else:
        recipients = User.objects.filter(
            email__iexact=stakeholder.email, is_active=True
        ).values_list("pk", flat=True)
    goal = stakeholder.goal
    recipients = set(recipients) - {goal.owner_id}
    if not recipients:
        return 0
    return notify(
        recipients=recipients,
        kind=Kind.INVITATION_RECEIVED,
        title=lambda: (
            _("%(owner)s invites you to help with “%(goal)s”")
            % {"owner": goal.owner.name, "goal": goal.title}
        ),
        body=lambda: (
            _("As %(role)s, with %(access)s access. Accept or decline from the invitation.")
            % {"role": stakeholder.get_role_display(), "access": stakeholder.get_access_display()}
        ),
        link=link,
        dedupe_key=f"invitation_received:stakeholder:{stakeholder.pk}",
    )


def invitation_answered(*, stakeholder: Stakeholder, by) -> int:
    """Tell the goal's owner that an invitation was accepted or declined."""
    accepted = stakeholder.status == Stakeholder.Status.ACTIVE
    goal = stakeholder.goal
    who = stakeholder.organization.name if stakeholder.organization_id else by.name
    kind = Kind.INVITATION_ACCEPTED if accepted else Kind.INVITATION_DECLINED
    return notify(
        recipients=[goal.owner_id],
        kind=kind,
        target=stakeholder,
        title=lambda: (
            (
                _("%(who)s accepted your invitation to “%(goal)s”")
                if accepted
                else _("%(who)s declined your invitation to “%(goal)s”")
            )
            % {"who": who, "goal": goal.title}
        ),
        body=lambda: (
            _("Role: %(role)s; access: %(access)s.")
            % {"role": stakeholder.get_role_display(), "access": stakeholder.get_access_display()}
        ),
        link=reverse("stakeholders:list", args=[goal.pk]),
        dedupe_key=f"{kind}:stakeholder:{stakeholder.pk}",
    )


def advice_posted(*, advice: Advice) -> int:
    """Tell the goal's owner of advice on their milestone (not their own advice)."""
    milestone = advice.milestone
    owner_id = milestone.goal.owner_id
    if advice.author_id == owner_id:
        return 0
    return notify(
        recipients=[owner_id],
        kind=Kind.ADVICE_POSTED,
        target=advice,
        title=lambda: (
            _("%(author)s left advice on “%(milestone)s”")
            % {"author": advice.author.name, "milestone": milestone.title}
        ),
        body=_excerpt(advice.body),
        link=reverse("stakeholders:advice-post", args=[milestone.pk]),
        dedupe_key=f"advice_posted:advice:{advice.pk}",
    )
