"""An invitation's life: the signed link, the email, the answer, and the lapse at the end
date.

An invitation link is signed, expires after INVITATION_DAYS, works once, and follows the
email address it was sent to. Every answer and lapse is written to the audit log in the
same transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ecosystem.audit.services import audit_record
from goals import access as goal_access
from partners import access as partner_access
from partners.models import Membership

from . import notices
from .models import Stakeholder
from .signals import invitation_accepted

INVITATION_DAYS = 14
# An invitation is emailed by a task enqueued after commit; one still unsent this long
# after it was written lost its message (the broker was unreachable, or the task died),
# and the sweep enqueues it again.
UNSENT_AFTER = timedelta(minutes=1)
SWEEP_BATCH = 500
# Unchanged since the app moved out of partners/: links already emailed keep working.
_SIGNING_SALT = "partners.stakeholder-invitation"


class InvitationError(ValidationError):
    """An invitation link that cannot be used: expired, used or tampered with."""


def invitation_token(stakeholder: Stakeholder) -> str:
    return signing.TimestampSigner(salt=_SIGNING_SALT).sign_object(
        {"id": stakeholder.pk, "key": stakeholder.invitation_key}
    )


def invitation_url(stakeholder: Stakeholder) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "stakeholders:invitation", args=[invitation_token(stakeholder)]
    )


def stakeholder_from_token(token: str) -> Stakeholder:
    """The open invitation a token names, or InvitationError saying why not."""
    signer = signing.TimestampSigner(salt=_SIGNING_SALT)
    try:
        data = signer.unsign_object(token, max_age=timedelta(days=INVITATION_DAYS))
    except signing.SignatureExpired:
        raise InvitationError(
            _("This invitation link has expired (links last %(days)s days). Ask for a new one.")
            % {"days": INVITATION_DAYS}
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvitationError(
            _("This invitation link is not valid. Check that it was copied whole.")
        ) from None
    stakeholder = (
        Stakeholder.objects.select_related("goal", "goal__owner", "organization", "user")
        .filter(pk=data.get("id"))
        .first()
    )
    if stakeholder is None or stakeholder.goal.deleted_at is not None:
        raise InvitationError(_("This invitation no longer exists."))
    if not stakeholder.invitation_key or stakeholder.invitation_key != data.get("key"):
        raise InvitationError(_("This invitation link was already used or replaced."))
    if stakeholder.status != Stakeholder.Status.INVITED:
        raise InvitationError(_("This invitation was already answered."))
    return stakeholder


def _check_invitee(stakeholder: Stakeholder, user) -> None:
    if stakeholder.organization_id:
        if not partner_access.is_organization_admin(user, stakeholder.organization):
            raise PermissionDenied(
                _("Only an admin of %(organization)s can answer this invitation.")
                % {"organization": stakeholder.organization.name}
            )
    elif stakeholder.email.lower() != user.email.lower():
        raise PermissionDenied(
            _("This invitation was sent to %(email)s. Sign in with that address to answer it.")
            % {"email": stakeholder.email}
        )


def stakeholder_invitation_send(*, stakeholder_id: int) -> bool:
    """Email the invitation link (to the person, or to the organisation's admins), once.

    The row is claimed (invitation_sent_at set) in the same transaction as the sending,
    before the email goes: a task delivered twice finds it claimed and sends nothing, and
    an email that fails to go releases the claim, so a retry sends it. An invitation
    answered or withdrawn meanwhile is not emailed. The owner's "send it again"
    (stakeholder_invitation_resend) clears the claim, so that is a new one.
    """
    with transaction.atomic():
        claimed = (
            Stakeholder.objects.filter(
                pk=stakeholder_id,
                status=Stakeholder.Status.INVITED,
                invitation_sent_at__isnull=True,
            )
            .exclude(invitation_key="")
            .update(invitation_sent_at=timezone.now())
        )
        if not claimed:
            return False
        stakeholder = Stakeholder.objects.select_related("goal", "goal__owner").get(
            pk=stakeholder_id
        )
        # In the inviter's language: the person invited may not have an account yet.
        with translation.override(stakeholder.goal.owner.locale):
            send_mail(**_invitation_email(stakeholder))
    return True


def stakeholder_invitations_unsent(*, now=None) -> list[int]:
    """Open invitations whose email was never sent and whose message must have been lost
    (older than UNSENT_AFTER), oldest first; the sweep sends each through
    stakeholder_invitation_send, whose claim keeps it to one email."""
    now = now or timezone.now()
    return list(
        Stakeholder.objects.filter(
            status=Stakeholder.Status.INVITED,
            invitation_sent_at__isnull=True,
            updated_at__lt=now - UNSENT_AFTER,
        )
        .exclude(invitation_key="")
        .order_by("updated_at", "id")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def _invitation_email(stakeholder: Stakeholder) -> dict:
    if stakeholder.organization_id:
        recipients = list(
            Membership.objects.admins()
            .filter(organization_id=stakeholder.organization_id)
            .values_list("email", flat=True)
        )
    else:
        recipients = [stakeholder.email]
    goal = stakeholder.goal
    return {
        "subject": _("%(owner)s invites you to help with “%(goal)s”")
        % {"owner": goal.owner.name, "goal": goal.title},
        "message": _(
            "%(owner)s invites you as %(role)s with %(access)s access to their goal "
            "“%(goal)s” (target %(target)s).\n\nSee what will be shared and accept or decline:\n"
            "%(url)s\n\nThe link works once and expires in %(days)s days."
        )
        % {
            "owner": goal.owner.name,
            "role": stakeholder.get_role_display(),
            "access": stakeholder.get_access_display(),
            "goal": goal.title,
            "target": date_format(goal.target_date),
            "url": invitation_url(stakeholder),
            "days": INVITATION_DAYS,
        },
        "from_email": None,
        "recipient_list": recipients,
    }


@transaction.atomic
def stakeholder_answer(*, token: str, user, accept: bool) -> Stakeholder:
    """The invitee accepts or declines; the link then stops working."""
    stakeholder = stakeholder_from_token(token)
    stakeholder = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    if stakeholder.status != Stakeholder.Status.INVITED or not stakeholder.invitation_key:
        raise InvitationError(_("This invitation was already answered."))
    _check_invitee(stakeholder, user)
    if accept and goal_access.is_owner(user, stakeholder.goal):
        raise ValidationError(_("You cannot join your own goal as a stakeholder."))
    stakeholder.status = Stakeholder.Status.ACTIVE if accept else Stakeholder.Status.DECLINED
    if accept and not stakeholder.organization_id:
        stakeholder.user = user
    stakeholder.invitation_key = ""
    stakeholder.responded_at = timezone.now()
    stakeholder.save(
        update_fields=["status", "user", "invitation_key", "responded_at", "updated_at"]
    )
    audit_record(
        actor=user,
        verb="stakeholder.accept" if accept else "stakeholder.decline",
        target=stakeholder.goal,
        payload={"stakeholder": stakeholder.pk},
    )
    notices.invitation_answered(stakeholder=stakeholder, by=user)
    if accept:
        invitation_accepted.send(sender=Stakeholder, stakeholder=stakeholder, by=user)
    return stakeholder


@transaction.atomic
def stakeholders_lapse_expired(*, today=None) -> int:
    """Mark as lapsed the active stakeholders whose end date has passed (access already
    stopped at the date itself; this records it for the owner to see). Access ends with
    the end date in each stakeholder's own time zone, so by default a row is recorded as
    lapsed only once that date is over everywhere (in UTC-12, the last zone to leave it)."""
    today = today or (timezone.now() - timedelta(hours=12)).date()
    lapsing = list(
        Stakeholder.objects.select_for_update()
        .filter(status=Stakeholder.Status.ACTIVE, ends_on__lt=today)
        .select_related("goal")
    )
    for stakeholder in lapsing:
        stakeholder.status = Stakeholder.Status.LAPSED
        stakeholder.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=None,
            verb="stakeholder.lapse",
            target=stakeholder.goal,
            payload={"stakeholder": stakeholder.pk, "ends_on": stakeholder.ends_on.isoformat()},
        )
    return len(lapsing)
