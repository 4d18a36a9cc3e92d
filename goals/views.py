"""Pages of goals and playbooks: new goal, settings, trash, repeat, save as playbook, library.

Each view parses the input, calls one service or selector and renders; the rules live in
goals/services.py, goals/playbooks.py and goals/selectors.py.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.lookups import detail_or_404
from milestones.selectors import goal_schedule

from . import playbooks, selectors, services
from .feasibility import Feasibility, playbook_feasibility, schedule_message
from .forms import (
    GoalEditForm,
    GoalNewForm,
    GoalRepeatForm,
    PlaybookFilterForm,
    PlaybookStartForm,
    SaveAsPlaybookForm,
)
from .hooks import goal_settings
from .models import Goal, Playbook

PLAYBOOKS_PER_PAGE = 20
TRASH_PER_PAGE = 50


def _posted(request):
    """The form's data; "Use <date>" (the earliest feasible target) replaces the target."""
    data = request.POST.copy()
    if data.get("use_earliest"):
        data["target_date"] = data["use_earliest"]
    return data


def _stop_if_infeasible(request, form, playbook, **calendar) -> Feasibility | None:
    """Before saving a goal from a playbook: a target in the past is refused; a target the
    plan cannot meet is said, with the earliest date it can, unless the person chose to
    keep theirs ("keep_target"). Adds the error to the form (so nothing is saved)."""
    target_date = form.cleaned_data["target_date"]
    services.check_target_not_past(target_date=target_date, today=request.user.today())
    feasibility = playbook_feasibility(
        playbook, target_date=target_date, today=request.user.today(), **calendar
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


def _goal_for_change(request, pk) -> Goal:
    """The goal if the person sees it (404 otherwise) and may change it (403 otherwise):
    the form of an owner's step is shown, and read, only to its owner."""
    goal = detail_or_404(selectors.goal_detail, user=request.user, pk=pk)
    services.check_can_manage_goal(user=request.user, goal=goal)
    return goal


def _redirect(request, url):
    """A redirect, or for an htmx request the header that makes htmx navigate there."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _safe_next(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request):
    initial = {}
    if "playbook" in request.GET:
        initial["playbook"] = request.GET["playbook"]
    form = GoalNewForm(
        _posted(request) if request.method == "POST" else None, user=request.user, initial=initial
    )
    feasibility = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "owner": request.user,
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
                    goal = playbooks.playbook_start(
                        playbook=data["playbook"], by=fields.pop("owner"), **fields
                    )
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
            return _redirect(request, goal.get_absolute_url())
    return render(request, "goals/new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk):
    goal = _goal_for_change(request, pk)
    form = GoalEditForm(request.POST or None, initial=GoalEditForm.initial_for(goal))
    if request.method == "POST" and form.is_valid():
        changes = form.changes_for(goal)
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
            return _redirect(request, goal.get_absolute_url())
    context = {"form": form, "goal": goal}
    context.update(goal_settings.context(user=request.user, goal=goal))
    return render(request, "goals/edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def goal_trash(request, pk):
    """GET asks to confirm (the page a browser without JavaScript lands on); POST trashes."""
    goal = _goal_for_change(request, pk)
    if request.method == "POST":
        services.goal_trash(goal=goal, by=request.user)
        return _redirect(request, f"{reverse('dashboard')}?trashed={goal.pk}")
    return render(
        request,
        "goals/trash_confirm.html",
        {"goal": goal, "retention_days": settings.TRASH_RETENTION_DAYS},
    )


@login_required
@require_POST
def goal_restore(request, pk):
    goal = detail_or_404(selectors.goal_for_restore, user=request.user, pk=pk)
    services.goal_restore(goal=goal, by=request.user)
    messages.success(request, _("“%(title)s” was restored.") % {"title": goal.title})
    return _redirect(request, _safe_next(request, goal.get_absolute_url()))


@login_required
def trash_list(request):
    paginator = Paginator(selectors.goal_trash_for(request.user), TRASH_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "goals/trash_list.html",
        {
            "page": page,
            "goals": page.object_list,
            "retention_days": settings.TRASH_RETENTION_DAYS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_repeat(request, pk):
    goal = _goal_for_change(request, pk)
    form = GoalRepeatForm(
        request.POST or None,
        initial={"target_date": selectors.one_year_after(goal.target_date)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new_goal = services.goal_repeat(
                goal=goal,
                by=request.user,
                target_date=form.cleaned_data["target_date"],
                title=form.cleaned_data["title"] or None,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The goal was repeated with its plan re-anchored."))
            return _redirect(request, new_goal.get_absolute_url())
    return render(request, "goals/repeat.html", {"form": form, "goal": goal})


@login_required
@require_http_methods(["GET", "POST"])
def goal_save_as_playbook(request, pk):
    goal = _goal_for_change(request, pk)
    form = SaveAsPlaybookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            playbook = playbooks.goal_save_as_playbook(
                goal=goal,
                by=request.user,
                title=form.cleaned_data["title"] or None,
                public=form.cleaned_data["public"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The plan was saved as a playbook."))
            return _redirect(request, playbook.get_absolute_url())
    return render(request, "goals/save_as_playbook.html", {"form": form, "goal": goal})


@login_required
def playbook_list(request):
    form = PlaybookFilterForm(request.GET or None)
    category = search = None
    if form.is_bound and form.is_valid():
        category = form.cleaned_data["category"]
        search = form.cleaned_data["q"]
    paginator = Paginator(
        selectors.playbook_list_for(request.user, category=category, search=search),
        PLAYBOOKS_PER_PAGE,
    )
    page = paginator.get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "playbooks": page.object_list}
    if request.htmx and request.htmx.target == "playbook-results":
        return render(request, "goals/playbook_list.html#results", context)
    return render(request, "goals/playbook_list.html", context)


def _playbook_page(request, pk, start_form):
    try:
        page = selectors.playbook_page(user=request.user, pk=pk, today=request.user.today())
    except Playbook.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "goals/playbook_detail.html",
        {"page": page, "playbook": page.playbook, "start_form": start_form},
    )


@login_required
def playbook_detail(request, pk):
    return _playbook_page(request, pk, PlaybookStartForm())


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
        try:
            feasibility = _stop_if_infeasible(request, form, playbook)
            if not form.errors:
                goal = playbooks.playbook_start(
                    playbook=playbook,
                    by=request.user,
                    target_date=form.cleaned_data["target_date"],
                    title=form.cleaned_data["title"] or None,
                )
        except ValidationError as error:
            form.add_service_error(error)
        if not form.errors:
            _started_message(request, feasibility, _("Your goal was started from the playbook."))
            return _redirect(request, goal.get_absolute_url())
    return _playbook_page(request, pk, form)
