"""Writes on a goal's ecosystem: stakeholders and advice.

Only the goal's owner invites, changes or removes stakeholders; every change is written to
the audit log in the same transaction. The invitation's link, email, answer and lapse are
in lifecycle.py.
"""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.audit.services import audit_record
from ecosystem.enqueue import enqueue
from ecosystem.markdown import markdown_problems, render_markdown
from goals import access as goal_access
from milestones import access as milestone_access
from milestones.models import Milestone

from . import notices
from .lifecycle import invitation_token
from .models import Advice, Stakeholder
from .tasks import send_stakeholder_invitation

# --- Who may do what: the rules live in goals/access.py and milestones/access.py ---------


def check_is_owner(*, user, goal) -> None:
    """Inviting and managing stakeholders, moderating advice: the goal's owner only."""
    goal_access.check_can_manage_goal(user=user, goal=goal)


def check_can_comment(*, user, milestone: Milestone) -> None:
    milestone_access.check_can_comment(user=user, milestone=milestone)


def _clean_scope(goal, milestones, ends_on, *, today):
    milestones = list(milestones or [])
    if any(milestone.goal_id != goal.pk for milestone in milestones):
        raise ValidationError({"milestones": _("Choose milestones of this goal only.")})
    if ends_on is not None and ends_on < today:
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
    milestones = _clean_scope(goal, milestones, ends_on, today=by.today())
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
    notices.invitation_received(
        stakeholder=stakeholder,
        link=reverse("stakeholders:invitation", args=[invitation_token(stakeholder)]),
    )
    transaction.on_commit(
        lambda: enqueue(send_stakeholder_invitation, stakeholder_id=stakeholder.pk)
    )
    return stakeholder


# A second "send it again" within this time is refused: a double click sends one email.
RESEND_INTERVAL = timedelta(minutes=2)


@transaction.atomic
def stakeholder_invitation_resend(*, stakeholder: Stakeholder, by) -> Stakeholder:
    """The owner asks for the invitation email again (it was lost, or its link expired).

    A new claim: invitation_sent_at is cleared and the task enqueued, which emails a fresh
    link (it works INVITATION_DAYS from the sending). The earlier link keeps working until
    its own expiry; answering either one closes both.
    """
    check_is_owner(user=by, goal=stakeholder.goal)
    stakeholder = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    if stakeholder.status != Stakeholder.Status.INVITED or not stakeholder.invitation_key:
        raise ValidationError(
            _("%(name)s already answered; there is no invitation to send.")
            % {"name": stakeholder.display_name}
        )
    sent_at = stakeholder.invitation_sent_at
    if sent_at is not None and timezone.now() - sent_at < RESEND_INTERVAL:
        raise ValidationError(
            _("The invitation was sent less than %(minutes)s minutes ago; wait a moment.")
            % {"minutes": int(RESEND_INTERVAL.total_seconds() // 60)}
        )
    stakeholder.invitation_sent_at = None
    stakeholder.save(update_fields=["invitation_sent_at", "updated_at"])
    audit_record(
        actor=by,
        verb="stakeholder.resend",
        target=stakeholder.goal,
        payload={"stakeholder": stakeholder.pk},
    )
    transaction.on_commit(
        lambda: enqueue(send_stakeholder_invitation, stakeholder_id=stakeholder.pk)
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
        new_scope = _clean_scope(stakeholder.goal, new_scope, None, today=by.today())
    if changes.get("ends_on") is not None:
        _clean_scope(stakeholder.goal, [], changes["ends_on"], today=by.today())
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
    notices.advice_posted(advice=advice)
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
