"""Pages of a goal that show or copy its plan: new goal (blank or from a playbook), the
goal's settings, repeat next season, save as a playbook, start from a playbook.

Each view parses the input, calls one service or selector and renders; the rules live in
goals/services.py, milestones/plans.py and the selectors. Goal pages that need no plan
(trash, restore, the playbook library) are in goals/views.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecosystem.pages import htmx_redirect
from goals import selectors, services
from goals.calendars import new_goal_calendar
from goals.feasibility import Feasibility, playbook_feasibility, schedule_message
from goals.forms import (
    GoalEditForm,
    GoalNewForm,
    GoalRepeatForm,
    PlaybookStartForm,
    SaveAsPlaybookForm,
    with_new_goal_calendar,
)
from goals.hooks import goal_settings
from goals.models import Goal, Playbook
from goals.views import goal_for_change, playbook_page

from .. import labels, plans
from ..selectors import goal_schedule, open_milestone_count


def _posted(request):
    """The form's data; "Use <date>" (the earliest feasible target) replaces the target."""
    data = request.POST.copy()
    if data.get("use_earliest"):
        data["target_date"] = data["use_earliest"]
    return data


def _stop_if_infeasible(
    request, form, playbook, *, working_weekdays, non_working_dates
) -> Feasibility | None:
    """Before saving a goal from a playbook: a target in the past is refused; a target the
    plan cannot meet on the calendar the goal will get is said, with the earliest date it
    can, unless the person chose to keep theirs ("keep_target"). Adds the error to the form
    (so nothing is saved)."""
    target_date = form.cleaned_data["target_date"]
    services.check_target_not_past(target_date=target_date, today=request.user.today())
    feasibility = playbook_feasibility(
        playbook,
        target_date=target_date,
        today=request.user.today(),
        working_weekdays=working_weekdays,
        non_working_dates=non_working_dates,
    )
    form.feasibility = feasibility
    if feasibility is not None and not feasibility.feasible and not request.POST.get("keep_target"):
        form.add_error("target_date", feasibility.message)
    return feasibility


def _started_message(request, feasibility, text) -> None:
    if feasibility is not None and not feasibility.feasible:
        messages.warning(request, f"{text} {feasibility.message}")
    else:
        messages.success(request, text)


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request):
    """The new-goal form. Its working week and non-working dates are prefilled with the
    calendar the goal would get, refreshed (htmx: `refresh=calendar` answers the "When you
    work" section alone; without script, on submit) while the person has not edited them."""
    playbook = None
    if request.GET.get("playbook", "").isdigit():
        playbook = selectors.playbook_list_for(request.user).filter(pk=request.GET["playbook"])
        playbook = playbook.first()
    data = holidays_of = None
    if request.method == "POST":
        data, holidays_of = with_new_goal_calendar(_posted(request), user=request.user)
    form = GoalNewForm(
        data,
        user=request.user,
        initial=GoalNewForm.initial_for(user=request.user, playbook=playbook),
    )
    form.holidays_of = holidays_of
    if request.htmx and request.POST.get("refresh") == "calendar":
        return render(request, "goals/new.html#calendar", {"form": form})
    feasibility = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "by": request.user,
            "title": data["title"],
            "target_date": data["target_date"],
            "description": data["description"],
            "category": data["category"],
            "region": data["region"],
            "working_weekdays": data["working_weekdays"],
            "non_working_dates": data["non_working_dates"],
        }
        try:
            if data["playbook"] is not None:
                feasibility = _stop_if_infeasible(
                    request,
                    form,
                    data["playbook"],
                    working_weekdays=data["working_weekdays"],
                    non_working_dates=data["non_working_dates"],
                )
                if not form.errors:
                    goal = plans.playbook_start(playbook=data["playbook"], **fields)
            else:
                services.check_target_not_past(
                    target_date=data["target_date"], today=request.user.today()
                )
                goal = services.goal_create(**fields)
        except ValidationError as error:
            form.add_service_error(error)
        if not form.errors:
            _started_message(
                request, feasibility, _("Your goal was created and its plan worked back.")
            )
            return htmx_redirect(request, goal.get_absolute_url())
    return render(request, "goals/new.html", {"form": form})


def _achieved_question(goal, changes: dict, *, confirmed: bool) -> str:
    """Marking a goal achieved while some of its milestones are open asks first."""
    if changes.get("status") != Goal.Status.ACHIEVED or confirmed:
        return ""
    open_count, total = open_milestone_count(goal)
    return labels.achieved_question(open_count=open_count, total=total) if open_count else ""


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk):
    goal = goal_for_change(request, pk)
    form = GoalEditForm(request.POST or None, initial=GoalEditForm.initial_for(goal))
    if request.method == "POST" and form.is_valid():
        changes = form.changes_for(goal)
        asking = _achieved_question(goal, changes, confirmed=form.cleaned_data["confirm_achieved"])
        if asking:
            form.ask_achieved(asking)
    if request.method == "POST" and form.is_valid():
        try:
            if changes:
                goal = services.goal_update(goal=goal, by=request.user, **changes)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            # A target its plan cannot meet is said, not only "saved".
            saved = _("The goal's settings were saved.")
            late = schedule_message(goal_schedule(goal=goal, as_of=request.user.today()).schedule)
            if late:
                messages.warning(request, f"{saved} {late}")
            else:
                messages.success(request, saved)
            return htmx_redirect(request, goal.get_absolute_url())
    context = {"form": form, "goal": goal}
    context.update(goal_settings.context(user=request.user, goal=goal))
    return render(request, "goals/edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def goal_repeat(request, pk):
    goal = goal_for_change(request, pk)
    form = GoalRepeatForm(
        request.POST or None,
        initial={"target_date": selectors.one_year_after(goal.target_date)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new_goal = plans.goal_repeat(
                goal=goal,
                by=request.user,
                target_date=form.cleaned_data["target_date"],
                title=form.cleaned_data["title"] or None,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The goal was repeated with its plan re-anchored."))
            return htmx_redirect(request, new_goal.get_absolute_url())
    return render(request, "goals/repeat.html", {"form": form, "goal": goal})


@login_required
@require_http_methods(["GET", "POST"])
def goal_save_as_playbook(request, pk):
    goal = goal_for_change(request, pk)
    form = SaveAsPlaybookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            playbook = plans.goal_save_as_playbook(
                goal=goal,
                by=request.user,
                title=form.cleaned_data["title"] or None,
                public=form.cleaned_data["public"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The plan was saved as a playbook."))
            return htmx_redirect(request, playbook.get_absolute_url())
    return render(request, "goals/save_as_playbook.html", {"form": form, "goal": goal})


@login_required
@require_http_methods(["GET", "POST"])
def playbook_start(request, pk):
    if request.method == "GET":
        return redirect("goals:playbook-detail", pk=pk)
    try:
        playbook = selectors.playbook_detail(user=request.user, pk=pk)
    except Playbook.DoesNotExist:
        raise Http404 from None
    form = PlaybookStartForm(_posted(request))
    if form.is_valid():
        # The calendar the goal will get: the feasibility said is the plan's on it.
        calendar = new_goal_calendar(
            playbook=playbook,
            region=request.user.region,
            today=request.user.today(),
            target_date=form.cleaned_data["target_date"],
        )
        try:
            feasibility = _stop_if_infeasible(
                request,
                form,
                playbook,
                working_weekdays=calendar.working_weekdays,
                non_working_dates=calendar.non_working_dates,
            )
            if not form.errors:
                goal = plans.playbook_start(
                    playbook=playbook,
                    by=request.user,
                    target_date=form.cleaned_data["target_date"],
                    title=form.cleaned_data["title"] or None,
                    working_weekdays=calendar.working_weekdays,
                    non_working_dates=calendar.non_working_dates,
                )
        except ValidationError as error:
            form.add_service_error(error)
        if not form.errors:
            _started_message(request, feasibility, _("Your goal was started from the playbook."))
            return htmx_redirect(request, goal.get_absolute_url())
    return playbook_page(request, pk, form)
