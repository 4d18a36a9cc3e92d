"""Writes between peers: one function per change, keyword-only, `by=` the acting person,
checking first (`community.peers.access`), then validating, in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.audit.services import audit_record
from ecosystem.markdown import markdown_problems, render_markdown
from goals.models import Goal
from stakeholders.models import Stakeholder
from stakeholders.services import stakeholder_invite

from ..models import (
    Connection,
    Introduction,
    MentorOffer,
    PeerBlock,
    PeerMessage,
    PeerProfile,
    PeerReport,
    PeerSuggestion,
)
from . import access, notices
from .kept import peers_changed

MAX_MESSAGE_LENGTH = 5000
PROFILE_FIELDS = ("findable", "all_goals", "paused", "show_name", "show_region", "show_progress")


@transaction.atomic
def peer_profile_update(*, by, goals=None, **changes) -> PeerProfile:
    """Opt in or out, pause, choose what peers see, and for which goals (`goals`: the
    person's own goals; others answer 400 naming `goals`)."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    profile, _created = PeerProfile.objects.select_for_update().get_or_create(user=by)
    for name, value in changes.items():
        setattr(profile, name, bool(value))
    profile.save()
    if goals is not None:
        goals = list(goals)
        if any(goal.owner_id != by.pk or goal.deleted_at is not None for goal in goals):
            raise ValidationError({"goals": _("Choose among your own goals.")})
        profile.goals.set(goals)
    audit_record(actor=by, verb="peers.profile", target=profile, payload=dict(changes))
    return profile


@transaction.atomic
def mentor_offer_set(*, by, playbook, monthly_capacity: int, active: bool = True) -> MentorOffer:
    """Volunteer (or stop) as a mentor of a playbook one has finished."""
    access.check_can_mentor(user=by, playbook=playbook)
    if not 1 <= int(monthly_capacity) <= 20:
        raise ValidationError({"monthly_capacity": _("Between 1 and 20 newcomers a month.")})
    offer, _created = MentorOffer.objects.update_or_create(
        user=by,
        playbook=playbook,
        defaults={"monthly_capacity": int(monthly_capacity), "active": active},
    )
    return offer


@transaction.atomic
def introduction_request(*, by, recipient, note: str = "", suggestion=None) -> Introduction:
    access.check_can_introduce(user=by, recipient=recipient)
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": _("Keep the note under 500 characters.")})
    try:
        with transaction.atomic():
            introduction = Introduction.objects.create(
                sender=by, recipient=recipient, note=note, suggestion=suggestion
            )
    except IntegrityError as error:
        raise ValidationError(
            {"recipient": _("Your request is already waiting for an answer.")}
        ) from error
    notices.introduction_requested(introduction=introduction)
    return introduction


def _connect(first, second, *, introduction=None) -> Connection:
    a, b = sorted([first, second], key=lambda user: user.pk)
    connection, created = Connection.objects.get_or_create(
        first=a, second=b, defaults={"introduction": introduction}
    )
    if not created and connection.ended_at is not None:
        connection.ended_at = None
        connection.save(update_fields=["ended_at"])
    return connection


@transaction.atomic
def introduction_accept(*, introduction: Introduction, by) -> Connection:
    """The recipient accepts: the two are connected and may write to each other."""
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    access.check_can_answer(user=by, introduction=introduction)
    introduction.status, introduction.answered_at = Introduction.Status.ACCEPTED, timezone.now()
    introduction.save(update_fields=["status", "answered_at"])
    connection = _connect(introduction.sender, introduction.recipient, introduction=introduction)
    notices.introduction_accepted(introduction=introduction, connection=connection)
    return connection


@transaction.atomic
def introduction_decline(*, introduction: Introduction, by) -> Introduction:
    """The recipient declines; no reason is asked and none is shown."""
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    access.check_can_answer(user=by, introduction=introduction)
    introduction.status, introduction.answered_at = Introduction.Status.DECLINED, timezone.now()
    introduction.save(update_fields=["status", "answered_at"])
    return introduction


@transaction.atomic
def person_block(*, by, subject) -> PeerBlock:
    """Block a person: any connection ends, pending requests either way close, and
    neither is suggested to the other again. The blocked person is not told."""
    access.check_can_block(user=by, subject=subject)
    block, _created = PeerBlock.objects.get_or_create(blocker=by, blocked=subject)
    Connection.objects.between(by, subject).filter(ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    Introduction.objects.filter(
        Q(sender=by, recipient=subject) | Q(sender=subject, recipient=by),
        status=Introduction.Status.PENDING,
    ).update(status=Introduction.Status.DECLINED, answered_at=timezone.now())
    PeerSuggestion.objects.filter(
        Q(person=by, peer=subject) | Q(person=subject, peer=by), dismissed_at__isnull=True
    ).update(dismissed_at=timezone.now())
    peers_changed(by.pk, subject.pk)  # an update sends no signal (kept.py)
    audit_record(actor=by, verb="peers.block", target=subject)
    return block


@transaction.atomic
def person_unblock(*, by, block: PeerBlock) -> None:
    if block.blocker_id != by.pk:
        raise PermissionDenied(_("Only the person who blocked may unblock."))
    block.delete()


@transaction.atomic
def person_report(*, by, subject, reason: str, note: str = "", message=None) -> PeerReport:
    """Report a person (and the message that prompted it) to platform staff."""
    access.check_can_report(user=by, subject=subject)
    if reason not in PeerReport.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if message is not None and message.author_id != subject.pk:
        raise ValidationError({"message": _("This message is not theirs.")})
    report = PeerReport.objects.create(
        reporter=by,
        subject=subject,
        reason=reason,
        note=(note or "").strip()[:1000],
        message=message,
    )
    audit_record(actor=by, verb="peers.report", target=subject, payload={"report": report.pk})
    return report


@transaction.atomic
def peer_report_resolve(*, report: PeerReport, by, uphold: bool, hide: bool = False) -> PeerReport:
    """Staff review a report: dismiss it, or uphold it (optionally hiding the message)."""
    access.check_can_moderate_peers(user=by)
    report.outcome = PeerReport.Outcome.UPHELD if uphold else PeerReport.Outcome.DISMISSED
    report.resolved_at, report.resolved_by = timezone.now(), by
    report.save(update_fields=["outcome", "resolved_at", "resolved_by"])
    if hide and report.message_id:
        message_hide(message=report.message, by=by)
    audit_record(
        actor=by,
        verb="peers.report_resolve",
        target=report.subject,
        payload={"report": report.pk, "outcome": report.outcome},
    )
    return report


def clean_message(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first: the message is empty.")})
    if len(body) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {
                "body": _("A message can be at most %(limit)s characters.")
                % {"limit": f"{MAX_MESSAGE_LENGTH:,}"}
            }
        )
    problems = markdown_problems(body)
    if problems:
        raise ValidationError({"body": problems})
    return render_markdown(body)


@transaction.atomic
def message_post(*, connection: Connection, by, body: str) -> PeerMessage:
    access.check_can_message(user=by, connection=connection)
    body_html = clean_message(body)
    return PeerMessage.objects.create(
        connection=connection, author=by, body=body.strip(), body_html=body_html
    )


@transaction.atomic
def message_hide(*, message: PeerMessage, by) -> PeerMessage:
    """Staff hide a message: the other person no longer sees it; its author does, marked."""
    access.check_can_moderate_peers(user=by)
    if message.hidden_at is None:
        message.hidden_at, message.hidden_by = timezone.now(), by
        message.save(update_fields=["hidden_at", "hidden_by"])
        audit_record(
            actor=by,
            verb="peers.message_hide",
            target=message.author,
            payload={"message": message.pk},
        )
    return message


@transaction.atomic
def goal_share_with_peer(*, connection: Connection, by, goal: Goal) -> Stakeholder:
    """One click: invite the peer into one's goal as a view stakeholder (they accept the
    invitation as any other; the stakeholders app decides the rest)."""
    access.check_can_share_goal(user=by, connection=connection, goal=goal)
    peer = connection.other(by)
    return stakeholder_invite(
        goal=goal,
        by=by,
        email=peer.email,
        role=Stakeholder.Role.PEER,
        access=Stakeholder.Access.VIEW,
    )


@transaction.atomic
def suggestion_dismiss(*, suggestion: PeerSuggestion, by) -> PeerSuggestion:
    if suggestion.person_id != by.pk:
        raise PermissionDenied(_("Only the person it is for dismisses a suggestion."))
    if suggestion.dismissed_at is None:
        suggestion.dismissed_at = timezone.now()
        suggestion.save(update_fields=["dismissed_at"])
    return suggestion
