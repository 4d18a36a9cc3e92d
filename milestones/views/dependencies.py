"""A plan's dependencies: one milestone must finish before another starts."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import DependencyForm, add_service_error
from .plan import (
    after_write,
    as_of_from,
    dependency_or_404,
    fix_errors_message,
    goal_or_404,
    refused,
)


@login_required
@require_POST
def dependency_add(request, pk):
    goal = goal_or_404(request.user, pk)
    # Refuse before reading the input: someone who may not add learns nothing from it.
    services.check_can_change_plan(user=request.user, goal=goal)
    as_of = as_of_from(request)
    form = DependencyForm(request.POST, milestones=selectors.milestone_list(goal=goal))
    if form.is_valid():
        try:
            link = services.dependency_create(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return after_write(
                request,
                goal,
                as_of=as_of,
                message=_("“%(before)s” must now finish before “%(after)s” starts.")
                % {"before": link.predecessor.title, "after": link.successor.title},
                focus_milestone=link.successor_id,
            )
    return refused(request, goal, as_of=as_of, message=fix_errors_message(), dependency_form=form)


@login_required
@require_POST
def dependency_delete(request, pk):
    link = dependency_or_404(request.user, pk)
    goal = goal_or_404(request.user, link.goal_id)
    as_of = as_of_from(request)
    successor_id = link.successor_id
    services.dependency_delete(dependency=link, by=request.user)
    return after_write(
        request,
        goal,
        as_of=as_of,
        message=_("Prerequisite removed."),
        focus_milestone=successor_id,
    )
