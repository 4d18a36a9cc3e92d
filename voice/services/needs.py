"""Needs per stage and the answers to "how well was it met, and by whom"."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from milestones.plan_version import plan_changed
from partners.models import Resource
from stakeholders.models import Stakeholder

from ..access import check_can_answer, check_can_change_needs
from ..models import Need, NeedAnswer


@transaction.atomic
def need_add(*, by, title: str, playbook_milestone=None, milestone=None) -> Need:
    """Add a need to a playbook milestone (goals started from it inherit it) or to one goal
    milestone. Exactly one of the two."""
    if (playbook_milestone is None) == (milestone is None):
        raise ValidationError(
            {"milestone": _("Give either a playbook milestone or a goal milestone.")}
        )
    check_can_change_needs(user=by, playbook_milestone=playbook_milestone, milestone=milestone)
    need = Need(
        playbook_milestone=playbook_milestone,
        milestone=milestone,
        title=(title or "").strip(),
        created_by=by,
    )
    need.full_clean(exclude=["playbook_milestone", "milestone", "created_by"])
    need.save()
    return need


@transaction.atomic
def need_remove(*, need: Need, by) -> None:
    check_can_change_needs(
        user=by, playbook_milestone=need.playbook_milestone, milestone=need.milestone
    )
    need.delete()


def needs_ask(*, milestone) -> int:
    """Ask the goal's owner about each need of a milestone just done (once per need and
    milestone: a milestone done, reopened and done again asks nothing new). Raises the
    plan's version first: the goal page keeps that none are open under it (voice/hooks.py),
    and bulk_create sends no signal."""
    needs = list(Need.objects.of_milestone(milestone).values_list("pk", flat=True))
    if needs:
        plan_changed(milestone.goal_id)
    rows = [
        NeedAnswer(
            need_id=need_id,
            milestone=milestone,
            customer_id=milestone.goal.owner_id,
            stage_id=milestone.source_id,
        )
        for need_id in needs
    ]
    NeedAnswer.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _clean_met_by(*, answer: NeedAnswer, met_by: str, stakeholder, resource):
    if met_by not in NeedAnswer.MetBy.values:
        raise ValidationError(
            {"met_by": _("Choose who met it: a stakeholder, a resource, the community or nobody.")}
        )
    if stakeholder is not None:
        if met_by != NeedAnswer.MetBy.STAKEHOLDER:
            raise ValidationError({"stakeholder": _("Name a stakeholder only when one met it.")})
        if stakeholder.goal_id != answer.milestone.goal_id:
            raise ValidationError({"stakeholder": _("Choose a stakeholder of this goal.")})
    if resource is not None:
        if met_by != NeedAnswer.MetBy.RESOURCE:
            raise ValidationError({"resource": _("Name a resource only when one met it.")})
        if not Resource.objects.visible_to(answer.customer).filter(pk=resource.pk).exists():
            raise ValidationError({"resource": _("Choose a resource you can see.")})


@transaction.atomic
def need_answer(
    *, answer: NeedAnswer, by, rating: int, met_by: str, stakeholder=None, resource=None
) -> NeedAnswer:
    """Say how well the need was met (1 to 5) and by whom; answering again corrects it."""
    check_can_answer(user=by, answer=answer)
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Rate it from 1 (not met) to 5 (fully met).")})
    _clean_met_by(answer=answer, met_by=met_by, stakeholder=stakeholder, resource=resource)
    answer.rating = rating
    answer.met_by = met_by
    answer.stakeholder = stakeholder
    answer.resource = resource
    answer.answered_at = timezone.now()
    answer.skipped_at = None
    answer.save()
    return answer


@transaction.atomic
def need_skip(*, answer: NeedAnswer, by) -> NeedAnswer:
    """Skipping is fine: the question goes away, nothing is counted."""
    check_can_answer(user=by, answer=answer)
    if answer.answered_at is None and answer.skipped_at is None:
        answer.skipped_at = timezone.now()
        answer.save(update_fields=["skipped_at"])
    return answer


def stakeholders_for_answer(answer: NeedAnswer):
    return Stakeholder.objects.filter(goal_id=answer.milestone.goal_id)
