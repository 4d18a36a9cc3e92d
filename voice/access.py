"""Who may do what with needs, answers, ideas and reasons for leaving: each rule once.

Seeing is the models' `visible_to(user)`; here are the acts. Each `check_can_*` raises
`Http404` when the object is not visible to the person and `PermissionDenied` (403, with
the reason) when it is visible but the act is not theirs.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from goals.access import can_edit_playbook, can_see_playbook
from milestones.access import can_change_plan, can_see_milestone
from partners.access import is_active_member

from .models import Idea
from .moderation.access import may_flag


def _visible(queryset, obj) -> None:
    if not queryset.filter(pk=obj.pk).exists():
        raise Http404


# --- Needs --------------------------------------------------------------------------------


def can_change_needs_of(user, *, playbook_milestone=None, milestone=None) -> bool:
    """A playbook's needs are its editors'; a goal milestone's are the plan's (the owner)."""
    if playbook_milestone is not None:
        return can_edit_playbook(user, playbook_milestone.playbook)
    return can_change_plan(user, milestone.goal)


def check_can_change_needs(*, user, playbook_milestone=None, milestone=None) -> None:
    if playbook_milestone is not None:
        if not can_see_playbook(user, playbook_milestone.playbook):
            raise Http404
    elif not can_see_milestone(user, milestone):
        raise Http404
    if not can_change_needs_of(user, playbook_milestone=playbook_milestone, milestone=milestone):
        raise PermissionDenied(_("Only those who change this plan change its needs."))


def check_can_answer(*, user, answer) -> None:
    """Only the customer whose milestone it is answers (others do not see the question)."""
    if not user.is_authenticated or answer.customer_id != user.pk:
        raise Http404


# --- Ideas --------------------------------------------------------------------------------


def can_answer_idea(user, idea: Idea) -> bool:
    """The partner answers ideas for its organisation; staff answer ideas for the platform."""
    if idea.organization_id is None:
        return user.is_staff
    return is_active_member(user, idea.organization)


def can_merge_idea(user, idea: Idea, into: Idea | None = None) -> bool:
    """Staff merge any two ideas; a partner's members merge two of their organisation's."""
    if user.is_staff:
        return True
    if idea.organization_id is None:
        return False
    if into is not None and into.organization_id != idea.organization_id:
        return False
    return is_active_member(user, idea.organization)


def can_hide_idea(user) -> bool:
    return user.is_staff


def idea_permissions(user, idea: Idea) -> dict:
    open_for_votes = idea.status != Idea.Status.MERGED and idea.hidden_at is None
    return {
        "vote": user.is_authenticated and open_for_votes,
        "comment": user.is_authenticated and open_for_votes,
        "answer": can_answer_idea(user, idea),
        "merge": can_merge_idea(user, idea) and idea.status != Idea.Status.MERGED,
        "hide": can_hide_idea(user),
        "flag": may_flag(user=user, item=idea),
    }


def check_can_see_idea(*, user, idea: Idea) -> None:
    _visible(Idea.objects.visible_to(user), idea)


def check_can_vote(*, user, idea: Idea) -> None:
    check_can_see_idea(user=user, idea=idea)
    if idea.status == Idea.Status.MERGED:
        raise PermissionDenied(_("This idea was merged into another: vote for that one."))
    if idea.hidden_at is not None:
        raise PermissionDenied(_("This idea is hidden."))


check_can_comment = check_can_vote


def check_can_answer_idea(*, user, idea: Idea) -> None:
    check_can_see_idea(user=user, idea=idea)
    if not can_answer_idea(user, idea):
        raise PermissionDenied(_("Only the organisation this idea is for answers it."))


def check_can_merge_idea(*, user, idea: Idea, into: Idea) -> None:
    check_can_see_idea(user=user, idea=idea)
    check_can_see_idea(user=user, idea=into)
    if not can_merge_idea(user, idea, into):
        raise PermissionDenied(
            _("Staff merge ideas; a partner merges two ideas for its own organisation.")
        )


def check_can_hide_idea(*, user, idea: Idea) -> None:
    check_can_see_idea(user=user, idea=idea)
    if not can_hide_idea(user):
        raise PermissionDenied(_("Only staff hide ideas."))


# --- Aggregates ---------------------------------------------------------------------------


def can_see_health_of(user, organization=None) -> bool:
    """Staff see the whole ecosystem's health and every partner's; a partner's active
    members see their organisation's."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return organization is not None and is_active_member(user, organization)


def check_can_see_health(*, user, organization=None) -> None:
    if not can_see_health_of(user, organization):
        if organization is None:
            raise PermissionDenied(_("Only staff see the whole ecosystem's health."))
        raise PermissionDenied(_("Only this organisation's members see its customers' voice."))
