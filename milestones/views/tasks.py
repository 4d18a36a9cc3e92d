"""A milestone's tasks: add, tick, remove."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import services
from ..forms import TaskForm, add_service_error
from .plan import (
    after_write,
    as_of_from,
    fix_errors_message,
    goal_or_404,
    milestone_or_404,
    refused,
    task_or_404,
)

TRUE_VALUES = {"1", "on", "true", "yes"}


@login_required
@require_POST
def task_add(request, pk):
    milestone = milestone_or_404(request.user, pk)
    # Refuse before reading the input: someone who may not add learns nothing from it.
    services.check_can_edit_milestone(user=request.user, milestone=milestone)
    goal = goal_or_404(request.user, milestone.goal_id)
    as_of = as_of_from(request)
    form = TaskForm(request.POST, milestone=milestone)
    if form.is_valid():
        try:
            task = services.task_create(
                milestone=milestone, by=request.user, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return after_write(
                request,
                goal,
                as_of=as_of,
                message=_("Task “%(title)s” added.") % {"title": task.title},
                focus_milestone=milestone.pk,
            )
    return refused(request, goal, as_of=as_of, message=fix_errors_message(), task_form=form)


@login_required
@require_POST
def task_toggle(request, pk):
    """Set a task done or not: the form sends done=1 when ticked and nothing when not,
    so a repeated submit leaves the task as the person last saw it."""
    task = task_or_404(request.user, pk)
    goal = goal_or_404(request.user, task.milestone.goal_id)
    as_of = as_of_from(request)
    done = request.POST.get("done", "").lower() in TRUE_VALUES
    services.task_update(task=task, by=request.user, done=done)
    message = (_("Task “%(title)s” done.") if done else _("Task “%(title)s” not done yet.")) % {
        "title": task.title
    }
    return after_write(
        request,
        goal,
        as_of=as_of,
        message=message,
        focus_milestone=task.milestone_id,
        focus_task=task.pk,
    )


@login_required
@require_POST
def task_delete(request, pk):
    task = task_or_404(request.user, pk)
    goal = goal_or_404(request.user, task.milestone.goal_id)
    as_of = as_of_from(request)
    services.task_delete(task=task, by=request.user)
    return after_write(
        request,
        goal,
        as_of=as_of,
        message=_("Task “%(title)s” removed.") % {"title": task.title},
        focus_milestone=task.milestone_id,
    )


@login_required
@require_POST
def tasks_close(request, pk):
    """Close every open task of a milestone at once (offered on a done milestone)."""
    milestone = milestone_or_404(request.user, pk)
    goal = goal_or_404(request.user, milestone.goal_id)
    as_of = as_of_from(request)
    closed = services.milestone_close_tasks(milestone=milestone, by=request.user)
    message = (
        ngettext("%(count)d task closed.", "%(count)d tasks closed.", closed) % {"count": closed}
        if closed
        else _("Every task was already done.")
    )
    return after_write(request, goal, as_of=as_of, message=message, focus_milestone=milestone.pk)
