"""The goal page: the plan worked back from the target, its timeline, and in-place editing.

Every write answers an htmx request with the whole plan region re-rendered (summary,
timeline, table and milestone list), so everything moves at once; a plain form POST
redirects back to the goal page with a message. Invalid input re-renders the region (or
the page, status 400) with the errors on their fields and changes nothing.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecosystem.lookups import detail_or_404
from goals import selectors as goal_selectors
from goals.access import is_owner
from goals.models import Goal
from goals.timeline import Timeline, build_timeline

from .. import scheduling, selectors, services
from ..forms import DependencyForm, MilestoneForm, TaskForm, add_service_error
from ..hooks import milestone_help as milestone_help_sections
from ..models import Dependency, Milestone, Task

# The picture sits in the wider of two columns: drawn at about its on-screen width, its
# text stays legible without scaling.
TIMELINE_WIDTH = 720
PLAN_TEMPLATE = "milestones/partials/plan.html"
PAGE_TEMPLATE = "goals/detail.html"
TRUE_VALUES = {"1", "on", "true", "yes"}
FOCUS_ATTRIBUTE = "data-focus-after-swap"  # static/js/app.js focuses it after an htmx swap


# --- Looking things up: what a person may not see answers 404 ----------------------------


def _goal_or_404(user, pk) -> Goal:
    return detail_or_404(goal_selectors.goal_detail, user=user, pk=pk)


def _milestone_or_404(user, pk) -> Milestone:
    return detail_or_404(selectors.milestone_detail, user=user, pk=pk)


def _dependency_or_404(user, pk) -> Dependency:
    return detail_or_404(selectors.dependency_detail, user=user, pk=pk)


def _task_or_404(user, pk) -> Task:
    return detail_or_404(selectors.task_detail, user=user, pk=pk)


# --- The day the plan is seen from --------------------------------------------------------


@dataclass(frozen=True)
class AsOf:
    """The day the forward pass starts from, and the ?as_of= the person asked for."""

    day: date
    requested: str  # the valid YYYY-MM-DD asked for, "" for today
    invalid: str  # the unreadable value asked for, "" if none

    @property
    def query(self) -> str:
        return f"?as_of={self.requested}" if self.requested else ""


def _as_of(request) -> AsOf:
    raw = (request.POST.get("as_of") or request.GET.get("as_of") or "").strip()
    today = request.user.today()
    if not raw:
        return AsOf(day=today, requested="", invalid="")
    try:
        return AsOf(day=date.fromisoformat(raw), requested=raw, invalid="")
    except ValueError:
        return AsOf(day=today, requested="", invalid=raw[:40])


# --- The plan region ----------------------------------------------------------------------


@dataclass
class PlanItem:
    """One milestone in the editable list, with what its controls need."""

    milestone: Milestone
    dates: scheduling.ScheduledMilestone
    prerequisites: list[Dependency]
    is_first: bool
    is_last: bool
    task_form: TaskForm
    edit_form: MilestoneForm | None = None
    confirming_delete: bool = False
    can_edit: bool = False


def timeline_of(plan: selectors.GoalPlan) -> Timeline:
    """The timeline picture of a plan (rows in schedule order), drawn at the page's width."""
    return build_timeline(
        rows=plan.timeline_rows,
        dependencies=plan.timeline_dependencies,
        target_date=plan.goal.target_date,
        today=plan.as_of,
        width=TIMELINE_WIDTH,
    )


def _render_plan(
    request,
    goal: Goal,
    *,
    as_of: AsOf,
    status: int = 200,
    notice: str = "",
    notice_is_error: bool = False,
    focus_milestone: int | None = None,
    focus_task: int | None = None,
    focus_add: bool = False,
    add_form: MilestoneForm | None = None,
    dependency_form: DependencyForm | None = None,
    editing: Milestone | None = None,
    edit_form: MilestoneForm | None = None,
    confirming_delete: int | None = None,
    task_form: TaskForm | None = None,
):
    """The plan region for htmx requests, else the whole goal page."""
    try:
        plan = selectors.goal_plan(goal=goal, viewer=request.user, as_of=as_of.day, with_tasks=True)
    except scheduling.ScheduleOutOfRange:
        # A far-off as_of can push earliest dates past the calendar's end: show today's plan.
        if not notice:
            notice = _("The plan cannot be worked out as of %(value)s; it is shown as of today.")
            notice %= {"value": as_of.requested}
            notice_is_error = True
        as_of = AsOf(day=request.user.today(), requested="", invalid="")
        plan = selectors.goal_plan(goal=goal, viewer=request.user, as_of=as_of.day, with_tasks=True)
    if as_of.invalid and not notice:
        notice = _("“%(value)s” is not a date (YYYY-MM-DD); the plan is shown as of today.") % {
            "value": as_of.invalid
        }
        notice_is_error = True
    if notice and not request.htmx:
        # On a full page the message list carries it (shown once, in this response).
        (messages.error if notice_is_error else messages.success)(request, notice)
        notice = ""

    prerequisites = plan.prerequisites
    dates_by_id = plan.dates_by_id
    by_position = plan.by_position
    items = []
    for index, milestone in enumerate(by_position):
        item = PlanItem(
            milestone=milestone,
            dates=dates_by_id[milestone.pk],
            prerequisites=prerequisites.get(milestone.pk, []),
            is_first=index == 0,
            is_last=index == len(by_position) - 1,
            task_form=(
                task_form
                if task_form is not None and task_form.milestone.pk == milestone.pk
                else TaskForm(milestone=milestone)
            ),
            confirming_delete=milestone.pk == confirming_delete,
            can_edit=milestone.pk in plan.editable_ids,
        )
        if editing is not None and editing.pk == milestone.pk:
            item.edit_form = edit_form or MilestoneForm.for_milestone(milestone)
        items.append(item)

    if add_form is None:
        add_form = MilestoneForm(prefix="add")
        if focus_add:
            # Ready for the next one: adding several milestones in a row stays in the form.
            add_form.fields["title"].widget.attrs[FOCUS_ATTRIBUTE] = ""
    focus_field = False
    for form in (add_form, dependency_form, edit_form, task_form):
        focus_field = focus_field or _focus_first_error(form)
    context = {
        "goal": goal,
        "can_change_plan": plan.can_change_plan,
        "can_manage_goal": plan.can_manage_goal,
        "plan": plan,
        "schedule": plan.schedule,
        "health": goal_selectors.health_of(plan.schedule),
        "closed_count": sum(1 for milestone in plan.milestones if not milestone.is_open),
        "timeline": timeline_of(plan),
        "items": items,
        "add_form": add_form,
        "dependency_form": dependency_form or DependencyForm(milestones=by_position),
        "as_of": as_of,
        "notice": notice,
        "notice_is_error": notice_is_error,
        "focus_milestone": focus_milestone,
        "focus_task": focus_task,
        # After an htmx swap app.js focuses the first [data-focus-after-swap]: the notice
        # takes it only when nothing closer to the change does.
        "notice_takes_focus": not (
            focus_milestone or focus_task or focus_add or focus_field or confirming_delete
        ),
    }
    template = PLAN_TEMPLATE if request.htmx else PAGE_TEMPLATE
    return render(request, template, context, status=status)


def _focus_first_error(form) -> bool:
    """Mark the first field with an error to take the focus after a swap."""
    if form is None or not form.is_bound:
        return False
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs[FOCUS_ATTRIBUTE] = ""
            return True
    return False


def _done(
    request,
    goal: Goal,
    *,
    as_of: AsOf,
    message: str,
    focus_milestone: int | None = None,
    focus_task: int | None = None,
    focus_add: bool = False,
):
    """After a successful write: the fresh region for htmx, else back to the goal page
    (scrolled to the milestone concerned)."""
    if request.htmx:
        return _render_plan(
            request,
            goal,
            as_of=as_of,
            notice=message,
            focus_milestone=None if focus_add else focus_milestone,
            focus_task=focus_task,
            focus_add=focus_add,
        )
    messages.success(request, message)
    anchor = f"#milestone-{focus_milestone}" if focus_milestone else "#plan"
    return redirect(f"{reverse('goals:detail', args=[goal.pk])}{as_of.query}{anchor}")


def _refused(request, goal: Goal, *, as_of: AsOf, message: str, **form_state):
    """A write that could not be done: the region (htmx) or page (400) saying why."""
    return _render_plan(
        request,
        goal,
        as_of=as_of,
        status=200 if request.htmx else 400,
        notice=message,
        notice_is_error=True,
        **form_state,
    )


def _fix_errors_message() -> str:
    return _("Nothing was saved: please correct the errors shown.")


# --- Pages and actions --------------------------------------------------------------------


@login_required
@require_GET
def goal_detail(request, pk):
    """The goal page; ?as_of=YYYY-MM-DD shows the plan as seen from another day."""
    goal = _goal_or_404(request.user, pk)
    return _render_plan(request, goal, as_of=_as_of(request))


@login_required
@require_POST
def milestone_add(request, pk):
    goal = _goal_or_404(request.user, pk)
    # Refuse before reading the input: someone who may not add learns nothing from it.
    services.check_can_change_plan(user=request.user, goal=goal)
    as_of = _as_of(request)
    form = MilestoneForm(request.POST, prefix="add")
    if form.is_valid():
        try:
            milestone = services.milestone_create(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _done(
                request,
                goal,
                as_of=as_of,
                message=_("Milestone “%(title)s” added.") % {"title": milestone.title},
                focus_milestone=milestone.pk,
                focus_add=True,
            )
    return _refused(request, goal, as_of=as_of, message=_fix_errors_message(), add_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk):
    """GET: the edit form (only the milestone's item for htmx); POST: save the changes."""
    milestone = _milestone_or_404(request.user, pk)
    # The form is offered, and read, only to those who may save it.
    services.check_can_edit_milestone(user=request.user, milestone=milestone)
    goal = _goal_or_404(request.user, milestone.goal_id)
    as_of = _as_of(request)
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
        return _render_plan(request, goal, as_of=as_of, editing=milestone)
    form = MilestoneForm.for_milestone(milestone, data=request.POST)
    if form.is_valid():
        try:
            services.milestone_update(milestone=milestone, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _done(
                request,
                goal,
                as_of=as_of,
                message=_("Milestone “%(title)s” saved.") % {"title": form.cleaned_data["title"]},
                focus_milestone=milestone.pk,
            )
    return _refused(
        request,
        goal,
        as_of=as_of,
        message=_fix_errors_message(),
        editing=milestone,
        edit_form=form,
    )


@login_required
@require_POST
def milestone_status(request, pk):
    """Set a milestone's status (done sets completed_on; reopening clears it)."""
    milestone = _milestone_or_404(request.user, pk)
    goal = _goal_or_404(request.user, milestone.goal_id)
    as_of = _as_of(request)
    status = request.POST.get("status", "")
    try:
        services.milestone_update(milestone=milestone, by=request.user, status=status)
    except ValidationError as error:
        if status not in Milestone.Status.values:
            return _refused(request, goal, as_of=as_of, message=_("Choose a valid status."))
        return _refused(request, goal, as_of=as_of, message=" ".join(error.messages))
    message = {
        Milestone.Status.TODO: _("Milestone “%(title)s” reopened."),
        Milestone.Status.DOING: _("Milestone “%(title)s” started."),
        Milestone.Status.DONE: _("Milestone “%(title)s” marked done."),
        Milestone.Status.SKIPPED: _("Milestone “%(title)s” skipped."),
    }[status] % {"title": milestone.title}
    return _done(request, goal, as_of=as_of, message=message, focus_milestone=milestone.pk)


@login_required
@require_POST
def milestone_move(request, pk):
    """Move a milestone one place up or down in the list (its position among ties)."""
    milestone = _milestone_or_404(request.user, pk)
    goal = _goal_or_404(request.user, milestone.goal_id)
    # Refuse before reading the input (and before "already first" answers).
    services.check_can_change_plan(user=request.user, goal=goal)
    as_of = _as_of(request)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        return _refused(request, goal, as_of=as_of, message=_("Choose up or down."))
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
    return _done(request, goal, as_of=as_of, message=message, focus_milestone=milestone.pk)


@login_required
@require_POST
def milestone_delete(request, pk):
    """Delete a milestone after a confirmation step: without confirm=yes nothing is
    deleted and the confirmation is shown instead (in place, or on the page)."""
    milestone = _milestone_or_404(request.user, pk)
    goal = _goal_or_404(request.user, milestone.goal_id)
    # The confirmation is offered only to those who may delete.
    services.check_can_delete_milestone(user=request.user, milestone=milestone)
    as_of = _as_of(request)
    if request.POST.get("confirm") != "yes":
        return _render_plan(
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
    return _done(
        request,
        goal,
        as_of=as_of,
        message=_("Milestone “%(title)s” deleted.") % {"title": milestone.title},
    )


@login_required
@require_POST
def dependency_add(request, pk):
    goal = _goal_or_404(request.user, pk)
    # Refuse before reading the input: someone who may not add learns nothing from it.
    services.check_can_change_plan(user=request.user, goal=goal)
    as_of = _as_of(request)
    form = DependencyForm(request.POST, milestones=selectors.milestone_list(goal=goal))
    if form.is_valid():
        try:
            link = services.dependency_create(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _done(
                request,
                goal,
                as_of=as_of,
                message=_("“%(before)s” must now finish before “%(after)s” starts.")
                % {"before": link.predecessor.title, "after": link.successor.title},
                focus_milestone=link.successor_id,
            )
    return _refused(request, goal, as_of=as_of, message=_fix_errors_message(), dependency_form=form)


@login_required
@require_POST
def dependency_delete(request, pk):
    link = _dependency_or_404(request.user, pk)
    goal = _goal_or_404(request.user, link.goal_id)
    as_of = _as_of(request)
    successor_id = link.successor_id
    services.dependency_delete(dependency=link, by=request.user)
    return _done(
        request,
        goal,
        as_of=as_of,
        message=_("Prerequisite removed."),
        focus_milestone=successor_id,
    )


@login_required
@require_POST
def task_add(request, pk):
    milestone = _milestone_or_404(request.user, pk)
    # Refuse before reading the input: someone who may not add learns nothing from it.
    services.check_can_edit_milestone(user=request.user, milestone=milestone)
    goal = _goal_or_404(request.user, milestone.goal_id)
    as_of = _as_of(request)
    form = TaskForm(request.POST, milestone=milestone)
    if form.is_valid():
        try:
            task = services.task_create(
                milestone=milestone, by=request.user, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _done(
                request,
                goal,
                as_of=as_of,
                message=_("Task “%(title)s” added.") % {"title": task.title},
                focus_milestone=milestone.pk,
            )
    return _refused(request, goal, as_of=as_of, message=_fix_errors_message(), task_form=form)


@login_required
@require_POST
def task_toggle(request, pk):
    """Set a task done or not: the form sends done=1 when ticked and nothing when not,
    so a repeated submit leaves the task as the person last saw it."""
    task = _task_or_404(request.user, pk)
    goal = _goal_or_404(request.user, task.milestone.goal_id)
    as_of = _as_of(request)
    done = request.POST.get("done", "").lower() in TRUE_VALUES
    services.task_update(task=task, by=request.user, done=done)
    message = (_("Task “%(title)s” done.") if done else _("Task “%(title)s” not done yet.")) % {
        "title": task.title
    }
    return _done(
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
    task = _task_or_404(request.user, pk)
    goal = _goal_or_404(request.user, task.milestone.goal_id)
    as_of = _as_of(request)
    services.task_delete(task=task, by=request.user)
    return _done(
        request,
        goal,
        as_of=as_of,
        message=_("Task “%(title)s” removed.") % {"title": task.title},
        focus_milestone=task.milestone_id,
    )


@login_required
@require_GET
def milestone_help(request, pk):
    """Help for this step: partners' resources that fit the milestone, tips and answers
    from public communities, and stakeholders' advice, each added by its app through
    `hooks.milestone_help`. Loaded on demand from the goal page (htmx), or as a page of
    its own without JavaScript; a fixed number of queries."""
    milestone = _milestone_or_404(request.user, pk)
    goal = milestone.goal
    context = {
        "milestone": milestone,
        "goal": goal,
        **milestone_help_sections.context(user=request.user, milestone=milestone),
        "is_owner": is_owner(request.user, goal),
        "advice_next": f"{reverse('goals:detail', args=[goal.pk])}#milestone-{milestone.pk}",
    }
    template = "milestones/help.html#help" if request.htmx else "milestones/help.html"
    return render(request, template, context)
