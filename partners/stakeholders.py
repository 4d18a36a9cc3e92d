"""Writes on a goal's ecosystem: stakeholders, their invitations, and advice.

Only the goal's owner invites, changes or removes stakeholders; every change is written to
the audit log in the same transaction. An invitation link is signed, expires after
INVITATION_DAYS, works once, and follows the email address it was sent to.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.audit.services import audit_record
from ecosystem.markdown import markdown_problems, render_markdown
from milestones.models import Milestone

from .models import Advice, Membership, Stakeholder

INVITATION_DAYS = 14
_SIGNING_SALT = "partners.stakeholder-invitation"


class InvitationError(ValidationError):
    """An invitation link that cannot be used: expired, used or tampered with."""


# --- Who may do what -------------------------------------------------------------------


def access_of(*, user, milestone: Milestone) -> str | None:
    """The access a person has on a milestone: "owner", or the best of their grants that
    cover it ("contribute", "comment", "view"), or None."""
    if not user.is_authenticated:
        return None
    if milestone.goal.owner_id == user.pk:
        return "owner"
    grants = (
        Stakeholder.objects.granting(user)
        .filter(goal_id=milestone.goal_id)
        .filter(Q(milestones__isnull=True) | Q(milestones=milestone))
    )
    accesses = {grant.access for grant in grants}
    if not accesses:
        return None
    return max(accesses, key=Stakeholder.ACCESS_LEVELS.__getitem__)


def editable_milestone_ids(*, user, goal, milestone_ids) -> set[int]:
    """Which of these milestones a person may edit: all for the owner; for stakeholders
    with contribute access, those in their scope (every one when scoped to the whole
    goal). At most two queries, whatever the number of milestones."""
    milestone_ids = set(milestone_ids)
    if user.is_authenticated and goal.owner_id == user.pk:
        return milestone_ids
    grants = Stakeholder.objects.granting(user).filter(
        goal_id=goal.pk, access=Stakeholder.Access.CONTRIBUTE
    )
    if grants.filter(milestones__isnull=True).exists():
        return milestone_ids
    scoped = Stakeholder.milestones.through.objects.filter(
        stakeholder__in=grants.values("pk")
    ).values_list("milestone_id", flat=True)
    return milestone_ids & set(scoped)


def check_is_owner(*, user, goal) -> None:
    if not user.is_authenticated or goal.owner_id != user.pk:
        raise PermissionDenied(_("Only the goal's owner can do this."))


def check_can_contribute(*, user, milestone: Milestone) -> None:
    """Owner, or a stakeholder with contribute access whose scope covers the milestone."""
    if access_of(user=user, milestone=milestone) not in ("owner", Stakeholder.Access.CONTRIBUTE):
        raise PermissionDenied(_("You can see this milestone but not change it."))


def check_can_comment(*, user, milestone: Milestone) -> None:
    if access_of(user=user, milestone=milestone) not in (
        "owner",
        Stakeholder.Access.COMMENT,
        Stakeholder.Access.CONTRIBUTE,
    ):
        raise PermissionDenied(_("Your access to this goal does not include posting advice."))


# --- Invitations -----------------------------------------------------------------------


def invitation_token(stakeholder: Stakeholder) -> str:
    return signing.TimestampSigner(salt=_SIGNING_SALT).sign_object(
        {"id": stakeholder.pk, "key": stakeholder.invitation_key}
    )


def invitation_url(stakeholder: Stakeholder) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "partners:invitation", args=[invitation_token(stakeholder)]
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
        if not Membership.objects.filter(
            organization_id=stakeholder.organization_id,
            user=user,
            role=Membership.Role.ADMIN,
            accepted_at__isnull=False,
        ).exists():
            raise PermissionDenied(
                _("Only an admin of %(organization)s can answer this invitation.")
                % {"organization": stakeholder.organization.name}
            )
    elif stakeholder.email.lower() != user.email.lower():
        raise PermissionDenied(
            _("This invitation was sent to %(email)s. Sign in with that address to answer it.")
            % {"email": stakeholder.email}
        )


def _clean_scope(goal, milestones, ends_on):
    milestones = list(milestones or [])
    if any(milestone.goal_id != goal.pk for milestone in milestones):
        raise ValidationError({"milestones": _("Choose milestones of this goal only.")})
    if ends_on is not None and ends_on < timezone.localdate():
        raise ValidationError({"ends_on": _("The end date is in the past.")})
    return milestones


@transaction.atomic
def stakeholder_invite(
    *,
    goal,
    by,
    role: str,
    access: str = Stakeholder.Access.VIEW,
    email: str = "",
    organization=None,
    milestones=(),
    ends_on=None,
) -> Stakeholder:
    """Invite a person by email or a partner organisation into a goal."""
    check_is_owner(user=by, goal=goal)
    email = (email or "").strip().lower()
    if bool(email) == (organization is not None):
        raise ValidationError(
            {"email": _("Invite either a person by email or a partner organisation.")}
        )
    if email and email == by.email.lower():
        raise ValidationError(
            {"email": _("You cannot invite yourself: the goal is already yours.")}
        )
    milestones = _clean_scope(goal, milestones, ends_on)
    open_rows = Stakeholder.objects.filter(goal=goal, status__in=Stakeholder.OPEN_STATUSES)
    if email and open_rows.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("%(email)s is already invited to this goal.") % {"email": email}}
        )
    if organization is not None and open_rows.filter(organization=organization).exists():
        raise ValidationError(
            {"organization": _("This organisation is already invited to this goal.")}
        )
    stakeholder = Stakeholder(
        goal=goal,
        email=email,
        organization=organization,
        role=role,
        access=access,
        ends_on=ends_on,
        invited_by=by,
        invitation_key=secrets.token_urlsafe(24),
    )
    stakeholder.full_clean(exclude=["goal", "organization", "user", "invited_by", "milestones"])
    try:
        with transaction.atomic():
            stakeholder.save()
    except IntegrityError as error:
        raise ValidationError({"email": _("This invitation already exists.")}) from error
    stakeholder.milestones.set(milestones)
    audit_record(
        actor=by,
        verb="stakeholder.invite",
        target=goal,
        payload={
            "stakeholder": stakeholder.pk,
            "email": email,
            "organization": organization.pk if organization else None,
            "role": role,
            "access": access,
            "milestones": [milestone.pk for milestone in milestones],
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
    )
    from .tasks import send_stakeholder_invitation

    transaction.on_commit(lambda: send_stakeholder_invitation.delay(stakeholder_id=stakeholder.pk))
    return stakeholder


def stakeholder_invitation_send(*, stakeholder_id: int) -> bool:
    """Email the invitation link (to the person, or to the organisation's admins)."""
    from django.core.mail import send_mail

    stakeholder = (
        Stakeholder.objects.select_related("goal", "goal__owner", "organization")
        .filter(pk=stakeholder_id, status=Stakeholder.Status.INVITED)
        .exclude(invitation_key="")
        .first()
    )
    if stakeholder is None:
        return False
    if stakeholder.organization_id:
        recipients = list(
            Membership.objects.filter(
                organization_id=stakeholder.organization_id,
                role=Membership.Role.ADMIN,
                accepted_at__isnull=False,
            ).values_list("email", flat=True)
        )
    else:
        recipients = [stakeholder.email]
    goal = stakeholder.goal
    send_mail(
        subject=_("%(owner)s invites you to help with “%(goal)s”")
        % {"owner": goal.owner.name, "goal": goal.title},
        message=_(
            "%(owner)s invites you as %(role)s with %(access)s access to their goal "
            "“%(goal)s” (target %(target)s).\n\nSee what will be shared and accept or decline:\n"
            "%(url)s\n\nThe link works once and expires in %(days)s days."
        )
        % {
            "owner": goal.owner.name,
            "role": stakeholder.get_role_display(),
            "access": stakeholder.get_access_display(),
            "goal": goal.title,
            "target": goal.target_date.isoformat(),
            "url": invitation_url(stakeholder),
            "days": INVITATION_DAYS,
        },
        from_email=None,
        recipient_list=recipients,
    )
    return True


@transaction.atomic
def stakeholder_answer(*, token: str, user, accept: bool) -> Stakeholder:
    """The invitee accepts or declines; the link then stops working."""
    stakeholder = stakeholder_from_token(token)
    stakeholder = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    if stakeholder.status != Stakeholder.Status.INVITED or not stakeholder.invitation_key:
        raise InvitationError(_("This invitation was already answered."))
    _check_invitee(stakeholder, user)
    if accept and stakeholder.goal.owner_id == user.pk:
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
    return stakeholder


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, by, **changes) -> Stakeholder:
    """The owner changes role, access, scope or end date; effective on the next request."""
    check_is_owner(user=by, goal=stakeholder.goal)
    allowed = {"role", "access", "milestones", "ends_on"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if stakeholder.status not in Stakeholder.OPEN_STATUSES:
        raise ValidationError(
            _("This stakeholder is no longer part of the goal; invite them again.")
        )
    new_scope = changes.pop("milestones", None)
    if new_scope is not None:
        new_scope = _clean_scope(stakeholder.goal, new_scope, None)
    if changes.get("ends_on") is not None:
        _clean_scope(stakeholder.goal, [], changes["ends_on"])
    payload = {
        field: {"from": str(getattr(stakeholder, field)), "to": str(value)}
        for field, value in changes.items()
    }
    for field, value in changes.items():
        setattr(stakeholder, field, value)
    stakeholder.full_clean(exclude=["goal", "organization", "user", "invited_by", "milestones"])
    stakeholder.save()
    if new_scope is not None:
        stakeholder.milestones.set(new_scope)  # an empty list shares the whole goal
        payload["milestones"] = [milestone.pk for milestone in new_scope]
    audit_record(
        actor=by,
        verb="stakeholder.change",
        target=stakeholder.goal,
        payload={"stakeholder": stakeholder.pk, **payload},
    )
    return stakeholder


@transaction.atomic
def stakeholder_remove(*, stakeholder: Stakeholder, by) -> Stakeholder:
    """The owner removes a stakeholder (or withdraws an invitation) at once."""
    check_is_owner(user=by, goal=stakeholder.goal)
    if stakeholder.status in (Stakeholder.Status.INVITED, Stakeholder.Status.ACTIVE):
        stakeholder.status = Stakeholder.Status.REMOVED
        stakeholder.invitation_key = ""
        stakeholder.save(update_fields=["status", "invitation_key", "updated_at"])
        audit_record(
            actor=by,
            verb="stakeholder.remove",
            target=stakeholder.goal,
            payload={"stakeholder": stakeholder.pk},
        )
    return stakeholder


@transaction.atomic
def stakeholders_lapse_expired(*, today=None) -> int:
    """Mark as lapsed the active stakeholders whose end date has passed (access already
    stopped at the date itself; this records it for the owner to see)."""
    today = today or timezone.localdate()
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


def stakeholders_release_milestone(*, milestone: Milestone, by) -> int:
    """Before a milestone is deleted: a stakeholder scoped to it alone would be left with
    an empty scope, which means the whole goal, so their access ends instead."""
    released = 0
    for stakeholder in Stakeholder.objects.filter(
        milestones=milestone, status__in=Stakeholder.OPEN_STATUSES
    ).prefetch_related("milestones"):
        if {scoped.pk for scoped in stakeholder.milestones.all()} == {milestone.pk}:
            stakeholder.status = Stakeholder.Status.REMOVED
            stakeholder.invitation_key = ""
            stakeholder.save(update_fields=["status", "invitation_key", "updated_at"])
            audit_record(
                actor=by,
                verb="stakeholder.remove",
                target=stakeholder.goal,
                payload={"stakeholder": stakeholder.pk, "why": "milestone deleted"},
            )
            released += 1
    return released


# --- Advice ----------------------------------------------------------------------------


@transaction.atomic
def advice_post(*, milestone: Milestone, by, body: str) -> Advice:
    check_can_comment(user=by, milestone=milestone)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your advice first.")})
    problems = markdown_problems(body)
    if problems:
        raise ValidationError({"body": problems})
    advice = Advice(milestone=milestone, author=by, body=body, body_html=render_markdown(body))
    advice.full_clean(exclude=["milestone", "author"])
    advice.save()
    return advice


@transaction.atomic
def advice_edit(*, advice: Advice, by, body: str) -> Advice:
    if advice.author_id != by.pk:
        raise PermissionDenied(_("Only its author edits advice."))
    check_can_comment(user=by, milestone=advice.milestone)
    problems = markdown_problems(body or "")
    if not (body or "").strip():
        raise ValidationError({"body": _("Write your advice first.")})
    if problems:
        raise ValidationError({"body": problems})
    advice.body, advice.body_html = body.strip(), render_markdown(body)
    advice.save(update_fields=["body", "body_html", "updated_at"])
    return advice


@transaction.atomic
def advice_moderate(*, advice: Advice, by, helpful: bool | None = None, hidden: bool | None = None):
    """The owner marks advice helpful or hides it."""
    check_is_owner(user=by, goal=advice.milestone.goal)
    if helpful is not None:
        advice.helpful = helpful
    if hidden is not None:
        advice.hidden = hidden
    advice.save(update_fields=["helpful", "hidden", "updated_at"])
    return advice


@transaction.atomic
def advice_delete(*, advice: Advice, by) -> None:
    if advice.author_id != by.pk:
        check_is_owner(user=by, goal=advice.milestone.goal)
    advice.delete()
