"""The goal page and its milestones: add, edit, status, move, delete."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors, services
from ..forms import MilestoneAddForm, MilestoneForm, add_service_error
from ..models import Milestone
from .plan import (
    after_write,
    as_of_from,
    fix_errors_message,
    goal_or_404,
    milestone_or_404,
    open_from,
    refused,
    render_plan,
)


@login_required
@require_GET
def goal_detail(request, pk):
    """The goal page; ?as_of=YYYY-MM-DD shows the plan as seen from another day, and
    ?open=<id> that milestone open (what htmx loads when a milestone is opened)."""
    goal = goal_or_404(request.user, pk)
    return render_plan(request, goal, as_of=as_of_from(request), open_milestone=open_from(request))


@login_required
@require_POST
def milestone_add(request, pk):
    goal = goal_or_404(request.user, pk)
    # Refuse before reading the input: someone who may not add learns nothing from it.
    services.check_can_change_plan(user=request.user, goal=goal)
    as_of = as_of_from(request)
    form = MilestoneAddForm(request.POST, milestones=selectors.milestone_list(goal=goal))
    if form.is_valid():
        try:
            milestone = services.milestone_create(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            after = form.cleaned_data["after"]
            message = (
                _("Milestone “%(title)s” added after “%(after)s”.")
                % {"title": milestone.title, "after": after.title}
                if after is not None
                else _("Milestone “%(title)s” added.") % {"title": milestone.title}
            )
            return after_write(
                request,
                goal,
                as_of=as_of,
                message=message,
                focus_milestone=milestone.pk,
                focus_add=True,
            )
    return refused(request, goal, as_of=as_of, message=fix_errors_message(), add_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk):
    """GET: the edit form (only the milestone's item for htmx); POST: save the changes."""
    milestone = milestone_or_404(request.user, pk)
    # The form is offered, and read, only to those who may save it.
    services.check_can_edit_milestone(user=request.user, milestone=milestone)
    goal = goal_or_404(request.user, milestone.goal_id)
    as_of = as_of_from(request)
    if request.method == "GET":
        if request.htmx:
            return render(
                request,
                "milestones/partials/milestone_editor.html",
                {
                    "milestone": milestone,
                    "form": MilestoneForm.for_milestone(milestone),
                    "goal": goal,
                    "as_of": as_of,
                },
            )
        return render_plan(request, goal, as_of=as_of, editing=milestone)
    form = MilestoneForm.for_milestone(milestone, data=request.POST)
    if form.is_valid():
        try:
            services.milestone_update(milestone=milestone, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return after_write(
                request,
                goal,
                as_of=as_of,
                message=_("Milestone “%(title)s” saved.") % {"title": form.cleaned_data["title"]},
                focus_milestone=milestone.pk,
            )
    return refused(
        request,
        goal,
        as_of=as_of,
        message=fix_errors_message(),
        editing=milestone,
        edit_form=form,
    )


@login_required
@require_POST
def milestone_status(request, pk):
    """Set a milestone's status (done sets completed_on; reopening clears it)."""
    milestone = milestone_or_404(request.user, pk)
    goal = goal_or_404(request.user, milestone.goal_id)
    as_of = as_of_from(request)
    status = request.POST.get("status", "")
    try:
        services.milestone_update(milestone=milestone, by=request.user, status=status)
    except ValidationError as error:
        if status not in Milestone.Status.values:
            return refused(request, goal, as_of=as_of, message=_("Choose a valid status."))
        return refused(request, goal, as_of=as_of, message=" ".join(error.messages))
    message = {
        Milestone.Status.TODO: _("Milestone “%(title)s” reopened."),
        Milestone.Status.DOING: _("Milestone “%(title)s” started."),
        Milestone.Status.DONE: _("Milestone “%(title)s” marked done."),
        Milestone.Status.SKIPPED: _("Milestone “%(title)s” skipped."),
    }[status] % {"title": milestone.title}
    return after_write(request, goal, as_of=as_of, message=message, focus_milestone=milestone.pk)


@login_required
@require_POST
def milestone_move(request, pk):
    """Move a milestone one place up or down in the list (its position among ties)."""
    milestone = milestone_or_404(request.user, pk)
    goal = goal_or_404(request.user, milestone.goal_id)
    # Refuse before reading the input (and before "already first" answers).
    services.check_can_change_plan(user=request.user, goal=goal)
    as_of = as_of_from(request)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        return refused(request, goal, as_of=as_of, message=_("Choose up or down."))
    ordered = [
        other.pk
        for other in sorted(
            selectors.milestone_list(goal=goal),
            key=lambda other: (other.position, other.pk),
        )
    ]
    index = ordered.index(milestone.pk)
    neighbour = index - 1 if direction == "up" else index + 1
    if 0 <= neighbour < len(ordered):
        ordered[index], ordered[neighbour] = ordered[neighbour], ordered[index]
        services.milestone_reorder(goal=goal, by=request.user, ordered_ids=ordered)
        message = (
            _("Moved “%(title)s” up.") if direction == "up" else _("Moved “%(title)s” down.")
        ) % {"title": milestone.title}
    else:
        message = (
            _("“%(title)s” is already first.")
            if direction == "up"
            else _("“%(title)s” is already last.")
        ) % {"title": milestone.title}
    return after_write(request, goal, as_of=as_of, message=message, focus_milestone=milestone.pk)


@login_required
@require_POST
def milestone_delete(request, pk):
    """Delete a milestone after a confirmation step: without confirm=yes nothing is
    deleted and the confirmation is shown instead (in place, or on the page)."""
    milestone = milestone_or_404(request.user, pk)
    goal = goal_or_404(request.user, milestone.goal_id)
    # The confirmation is offered only to those who may delete.
    services.check_can_delete_milestone(user=request.user, milestone=milestone)
    as_of = as_of_from(request)
    if request.POST.get("confirm") != "yes":
        return render_plan(
            request,
            goal,
            as_of=as_of,
            confirming_delete=milestone.pk,
            # Without JavaScript the page opens at the top: say where to confirm.
            notice=""
            if request.htmx
            else _("Confirm below that “%(title)s” should be deleted.")
            % {"title": milestone.title},
        )
    services.milestone_delete(milestone=milestone, by=request.user)
    return after_write(
        request,
        goal,
        as_of=as_of,
        message=_("Milestone “%(title)s” deleted.") % {"title": milestone.title},
    )
