"""Who may do what between peers: each rule written once, as in `community.access`.

A `*_refusal` answers why not (PermissionDenied: 403; ValidationError: 400) or None;
`check_can_*` raises it. Who may *see* a suggestion, introduction, connection or message
is the models' `visible_to`; a person blocked either way is simply never found.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from goals.models import Goal

from ..access import Refusal, _raise
from ..models import Connection, Introduction, PeerBlock, PeerProfile


def findable(user) -> bool:
    return PeerProfile.objects.findable().filter(user=user).exists()


def introduce_refusal(*, user, recipient) -> Refusal:
    if not user.is_authenticated:
        return PermissionDenied(_("Sign in to ask for an introduction."))
    if recipient.pk == user.pk:
        return ValidationError({"recipient": _("You cannot ask yourself for an introduction.")})
    if PeerBlock.objects.between(user, recipient).exists() or not findable(recipient):
        # Not found, whichever the reason: a block is never revealed.
        return ValidationError({"recipient": _("This person cannot be introduced now.")})
    if Connection.objects.between(user, recipient).filter(ended_at__isnull=True).exists():
        return ValidationError({"recipient": _("You are already connected.")})
    if Introduction.objects.filter(
        sender=user, recipient=recipient, status=Introduction.Status.PENDING
    ).exists():
        return ValidationError({"recipient": _("Your request is already waiting for an answer.")})
    return None


def check_can_introduce(*, user, recipient) -> None:
    _raise(introduce_refusal(user=user, recipient=recipient))


def answer_refusal(*, user, introduction: Introduction) -> Refusal:
    if introduction.recipient_id != user.pk:
        return PermissionDenied(_("Only the person asked answers an introduction."))
    if introduction.status != Introduction.Status.PENDING:
        return ValidationError(_("This introduction has already been answered."))
    return None


def check_can_answer(*, user, introduction: Introduction) -> None:
    _raise(answer_refusal(user=user, introduction=introduction))


def block_refusal(*, user, subject) -> Refusal:
    if subject.pk == user.pk:
        return ValidationError({"person": _("You cannot block yourself.")})
    return None


def check_can_block(*, user, subject) -> None:
    _raise(block_refusal(user=user, subject=subject))


def report_refusal(*, user, subject) -> Refusal:
    if subject.pk == user.pk:
        return ValidationError({"person": _("You cannot report yourself.")})
    return None


def check_can_report(*, user, subject) -> None:
    _raise(report_refusal(user=user, subject=subject))


def message_refusal(*, user, connection: Connection) -> Refusal:
    if not connection.has(user) or connection.ended_at is not None:
        return PermissionDenied(_("Only the two people connected write here."))
    return None


def check_can_message(*, user, connection: Connection) -> None:
    _raise(message_refusal(user=user, connection=connection))


def moderate_peers_refusal(*, user) -> Refusal:
    """Private conversations are moderated by platform staff only (not communities')."""
    if not user.is_staff:
        return PermissionDenied(_("Only platform staff review reports about people."))
    return None


def check_can_moderate_peers(*, user) -> None:
    _raise(moderate_peers_refusal(user=user))


def share_goal_refusal(*, user, connection: Connection, goal) -> Refusal:
    refusal = message_refusal(user=user, connection=connection)
    if refusal is not None:
        return refusal
    if goal.owner_id != user.pk or goal.deleted_at is not None:
        return ValidationError({"goal": _("Choose one of your own goals.")})
    return None


def check_can_share_goal(*, user, connection: Connection, goal) -> None:
    _raise(share_goal_refusal(user=user, connection=connection, goal=goal))


def mentor_refusal(*, user, playbook) -> Refusal:
    if (
        not Goal.objects.alive()
        .filter(owner=user, playbook=playbook, status=Goal.Status.ACHIEVED)
        .exists()
    ):
        return ValidationError({"playbook": _("Finish a goal with this playbook to mentor it.")})
    return None


def check_can_mentor(*, user, playbook) -> None:
    _raise(mentor_refusal(user=user, playbook=playbook))
