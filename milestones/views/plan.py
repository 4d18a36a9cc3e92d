"""The goal page's plan region: looking things up (404 for what a person may not see),
the day the plan is seen from, and rendering the region after a read or a write.

Every write answers an htmx request with the whole plan region re-rendered (summary,
timeline, table and milestone list), so everything moves at once; a plain form POST
redirects back to the goal page with a message. The list renders one milestone open at a
time (its details, tasks, forms and help; `?open=<id>`, or the milestone a write concerned);
the others are one line each, so the page stays small whatever the plan's size. Invalid
input re-renders the region (or the page, status 400) with the errors on their fields and
changes nothing.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ecosystem.lookups import detail_or_404
from goals import access as goal_access
from goals import scheduling
from goals import selectors as goal_selectors
from goals.models import Goal
from goals.timeline_drawing import drawn_timeline

from .. import labels, selectors
from ..forms import DependencyForm, MilestoneAddForm, MilestoneForm, TaskForm
from ..hooks import milestone_help, plan_sections
from ..models import Dependency, Milestone, Task
from ..plan_version import PLAN_GOAL_FIELDS
from .closed_list import drawn_closed_list
from .plan_body import body_key, cached_body, drawn_body

# The picture sits in the wider of two columns: drawn at about its on-screen width, its
# text stays legible without scaling.
TIMELINE_WIDTH = 720
PLAN_TEMPLATE = "milestones/partials/plan.html"
PAGE_TEMPLATE = "goals/detail.html"
FOCUS_ATTRIBUTE = "data-focus-after-swap"  # static/js/app.js focuses it after an htmx swap


# --- Looking things up: what a person may not see answers 404 ----------------------------


def goal_or_404(user, pk) -> Goal:
    return detail_or_404(goal_selectors.goal_detail, user=user, pk=pk)


def milestone_or_404(user, pk) -> Milestone:
    return detail_or_404(selectors.milestone_detail, user=user, pk=pk)


def dependency_or_404(user, pk) -> Dependency:
    return detail_or_404(selectors.dependency_detail, user=user, pk=pk)


def task_or_404(user, pk) -> Task:
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


def as_of_from(request) -> AsOf:
    raw = (request.POST.get("as_of") or request.GET.get("as_of") or "").strip()
    today = request.user.today()
    if not raw:
        return AsOf(day=today, requested="", invalid="")
    try:
        return AsOf(day=date.fromisoformat(raw), requested=raw, invalid="")
    except ValueError:
        return AsOf(day=today, requested="", invalid=raw[:40])


def open_from(request) -> int | None:
    """The milestone asked to be open (?open=<id>); anything else opens none."""
    raw = request.GET.get("open", "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def plan_url(goal: Goal, as_of: AsOf, *, open_milestone: int | None = None) -> str:
    """The goal page as of the same day, with a milestone open and scrolled to."""
    url = reverse("goals:detail", args=[goal.pk])
    query = [f"as_of={as_of.requested}"] if as_of.requested else []
    if open_milestone:
        query.append(f"open={open_milestone}")
    anchor = f"#milestone-{open_milestone}" if open_milestone else "#plan"
    return f"{url}{'?' if query else ''}{'&'.join(query)}{anchor}"


# --- The plan region ----------------------------------------------------------------------


@dataclass
class PlanItem:
    """One milestone in the editable list, with what its controls need."""

    milestone: Milestone
    dates: scheduling.ScheduledMilestone
    prerequisites: list[Dependency]
    is_first: bool
    is_last: bool
    is_open: bool = False
    task_form: TaskForm | None = None
    dependency_form: DependencyForm | None = None
    edit_form: MilestoneForm | None = None
    confirming_delete: bool = False
    can_edit: bool = False

    @property
    def tasks_label(self) -> str:
        return labels.tasks_label(
            milestone_status=self.milestone.status,
            done=self.milestone.tasks_done,
            total=self.milestone.task_count,
        )

    @property
    def open_task_count(self) -> int:
        """Open tasks of a done milestone (offered to be closed); 0 otherwise."""
        if self.milestone.status != "done":
            return 0
        return labels.open_tasks(done=self.milestone.tasks_done, total=self.milestone.task_count)

    @property
    def close_tasks_label(self) -> str:
        return labels.close_tasks_label(self.open_task_count)


def timeline_of(plan: selectors.GoalPlan) -> str:
    """The timeline picture and table of a plan (rows in schedule order), drawn at the
    page's width (from the cache when the same plan was drawn before)."""
    return drawn_timeline(
        rows=plan.timeline_rows,
        dependencies=plan.timeline_dependencies,
        target_date=plan.goal.target_date,
        today=plan.as_of,
        width=TIMELINE_WIDTH,
        goal_finished=labels.goal_is_finished(plan.goal.status),
    )


def render_plan(
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
    open_milestone: int | None = None,
    add_form: MilestoneAddForm | None = None,
    dependency_form: DependencyForm | None = None,
    editing: Milestone | None = None,
    edit_form: MilestoneForm | None = None,
    confirming_delete: int | None = None,
    task_form: TaskForm | None = None,
):
    """The plan region for htmx requests, else the whole goal page."""
    opened = _opened(
        open_milestone=open_milestone,
        focus_milestone=focus_milestone,
        editing=editing,
        confirming_delete=confirming_delete,
        task_form=task_form,
        dependency_form=dependency_form,
    )
    template = PLAN_TEMPLATE if request.htmx else PAGE_TEMPLATE
    plain = opened is None and add_form is None and not (notice or focus_task or focus_add)
    key = body_key(request, goal, as_of=as_of, plain=plain)
    body = cached_body(request, key)
    if body is not None:  # the owner's plan, unchanged since it was drawn: nothing to read
        context = {
            "goal": goal,
            "can_manage_goal": goal_access.can_manage_goal(request.user, goal),
            "plan_body_html": body,
            "as_of": as_of,
            **plan_sections.context(user=request.user, goal=goal),
        }
        return render(request, template, context, status=status)
    # Only the open milestone lists its tasks (the closed lines show counts, annotated):
    # with none open, no task is loaded.
    try:
        plan = selectors.goal_plan(
            goal=goal, viewer=request.user, as_of=as_of.day, with_tasks=opened is not None
        )
    except scheduling.ScheduleOutOfRange:
        # A far-off as_of can push earliest dates past the calendar's end: show today's plan.
        if not notice:
            notice = _("The plan cannot be worked out as of %(value)s; it is shown as of today.")
            notice %= {"value": as_of.requested}
            notice_is_error = True
        as_of = AsOf(day=request.user.today(), requested="", invalid="")
        plan = selectors.goal_plan(
            goal=goal, viewer=request.user, as_of=as_of.day, with_tasks=opened is not None
        )
    if as_of.invalid and not notice:
        notice = _("“%(value)s” is not a date (YYYY-MM-DD); the plan is shown as of today.") % {
            "value": as_of.invalid
        }
        notice_is_error = True
    if notice:
        key = None  # a plan shown as of another day than asked: read and drawn each time
    if notice and not request.htmx:
        # On a full page the message list carries it (shown once, in this response).
        (messages.error if notice_is_error else messages.success)(request, notice)
        notice = ""

    prerequisites = plan.prerequisites
    dates_by_id = plan.dates_by_id
    by_position = plan.by_position
    items, open_item = [], None
    for index, milestone in enumerate(by_position):
        item = PlanItem(
            milestone=milestone,
            dates=dates_by_id[milestone.pk],
            prerequisites=prerequisites.get(milestone.pk, []),
            is_first=index == 0,
            is_last=index == len(by_position) - 1,
            confirming_delete=milestone.pk == confirming_delete,
            can_edit=milestone.pk in plan.editable_ids,
        )
        if milestone.pk == opened:
            item.is_open, open_item = True, item
            item.task_form = task_form if task_form is not None else TaskForm(milestone=milestone)
            item.dependency_form = dependency_form or DependencyForm(
                milestones=by_position, initial={"successor": milestone.pk}
            )
            if editing is not None:
                item.edit_form = edit_form or MilestoneForm.for_milestone(milestone)
        items.append(item)

    if add_form is None:
        add_form = MilestoneAddForm(milestones=by_position)
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
        "health": labels.goal_health(
            goal_status=goal.status, schedule_health=selectors.health_of(plan.schedule)
        ),
        "goal_finished": labels.goal_is_finished(goal.status),
        "closed_count": sum(1 for milestone in plan.milestones if not milestone.is_open),
        "timeline_html": timeline_of(plan),
        "items": items,
        "add_form": add_form,
        "open_item": open_item,
        # Each closed milestone links to the page with it open: ?[as_of=…&]open=<id>.
        "open_prefix": reverse("goals:detail", args=[goal.pk])
        + ("?as_of=" + as_of.requested + "&open=" if as_of.requested else "?open="),
        **_help_of(request, goal, open_item, as_of),
        "as_of": as_of,
        "notice": notice,
        "notice_is_error": notice_is_error,
        "focus_milestone": focus_milestone,
        "focus_task": focus_task,
        # After an htmx swap app.js focuses the first [data-focus-after-swap]: the notice
        # takes it only when nothing closer to the change does.
        "notice_takes_focus": not (
            focus_milestone or focus_task or focus_add or focus_field or open_item
        ),
        # Questions from higher apps (the customer's voice): absent when none registers.
        **plan_sections.context(user=request.user, goal=goal),
    }
    if open_item is None and items:
        context["closed_list_html"] = drawn_closed_list(
            items, goal_finished=context["goal_finished"], open_prefix=context["open_prefix"]
        )
    if key is not None:
        context["plan_body_html"] = drawn_body(request, key, context)
    return render(request, template, context, status=status)


def _opened(
    *, open_milestone, focus_milestone, editing, confirming_delete, task_form, dependency_form
) -> int | None:
    """The one milestone shown open: the one being edited, confirmed, or whose form has
    errors, else the one a write concerned, else the one asked for (?open=)."""
    if editing is not None:
        return editing.pk
    if confirming_delete:
        return confirming_delete
    if task_form is not None:
        return task_form.milestone.pk
    if dependency_form is not None:
        successor = dependency_form.data.get(f"{dependency_form.prefix}-successor", "")
        if successor.isdigit():
            return int(successor)
    return focus_milestone or open_milestone


def _help_of(request, goal: Goal, item: PlanItem | None, as_of: AsOf) -> dict:
    """Help for the open milestone (partners' resources, community tips, stakeholders'
    advice), read only when one is open: the closed list costs no help query."""
    if item is None:
        return {}
    milestone = item.milestone
    milestone.goal = goal  # the hooks read the goal's category and region
    return {
        **milestone_help.context(user=request.user, milestone=milestone),
        "is_owner": goal_access.is_owner(request.user, goal),
        "advice_next": plan_url(goal, as_of, open_milestone=milestone.pk),
    }


def _focus_first_error(form) -> bool:
    """Mark the first field with an error to take the focus after a swap."""
    if form is None or not form.is_bound:
        return False
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs[FOCUS_ATTRIBUTE] = ""
            return True
    return False


def after_write(
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
        # The write raised the plan's version (plan_version.py), on the row, not on this
        # goal read before it: read the new one, so what the region keeps under it (the
        # customer's voice, voice/hooks.py) is keyed on the plan as it is now.
        goal.refresh_from_db(fields=PLAN_GOAL_FIELDS)
        return render_plan(
            request,
            goal,
            as_of=as_of,
            notice=message,
            focus_milestone=None if focus_add else focus_milestone,
            focus_task=focus_task,
            focus_add=focus_add,
        )
    messages.success(request, message)
    return redirect(plan_url(goal, as_of, open_milestone=focus_milestone))


def refused(request, goal: Goal, *, as_of: AsOf, message: str, **form_state):
    """A write that could not be done: the region (htmx) or page (400) saying why."""
    return render_plan(
        request,
        goal,
        as_of=as_of,
        status=200 if request.htmx else 400,
        notice=message,
        notice_is_error=True,
        **form_state,
    )


def fix_errors_message() -> str:
    return _("Nothing was saved: please correct the errors shown.")
