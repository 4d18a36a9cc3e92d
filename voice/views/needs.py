"""Needs per stage: a goal's and a playbook's needs pages, and the one-tap answers asked
in the goal page's plan region when a milestone is done (and why a goal was abandoned)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.lookups import detail_or_404
from goals import selectors as goal_selectors
from goals.access import can_edit_playbook
from goals.models import Playbook, PlaybookMilestone
from milestones.access import can_change_plan
from milestones.models import Milestone

from .. import selectors
from ..access import check_can_change_needs
from ..forms import AnswerForm, LeavingForm, NeedForm
from ..models import Leaving
from ..peer_offer import peer_for_leaving
from ..services.leaving import leaving_answer, leaving_skip
from ..services.needs import need_add, need_answer, need_remove, need_skip


def _errors(form_or_error) -> str:
    if isinstance(form_or_error, ValidationError):
        return " ".join(form_or_error.messages)
    return " ".join(str(e) for errors in form_or_error.errors.values() for e in errors)


def _number(value) -> int:
    return int(value) if value and str(value).isdigit() else 0


def _add(request, *, form, **stage):
    """Add the need the form names: (form, 201) when added, (form with errors, 400) not."""
    if form.is_valid():
        try:
            need_add(by=request.user, title=form.cleaned_data["title"], **stage)
        except ValidationError as error:
            form.add_error("title", error.message_dict.get("title", error.messages))
        else:
            messages.success(request, _("Need added."))
            return form, 201
    return form, 400


@login_required
@require_http_methods(["GET", "POST"])
def goal_needs(request, pk):
    """Each milestone of a goal with its needs (inherited from the playbook, or its own);
    the owner adds and removes its own."""
    goal = detail_or_404(goal_selectors.goal_detail, user=request.user, pk=pk)
    form, status = NeedForm(), 200
    if request.method == "POST":
        milestone = get_object_or_404(
            Milestone.objects.visible_to(request.user).filter(goal=goal),
            pk=_number(request.POST.get("milestone")),
        )
        check_can_change_needs(user=request.user, milestone=milestone)
        form, status = _add(request, form=NeedForm(request.POST), milestone=milestone)
        if status == 201:
            if not request.htmx:
                return redirect("voice:goal-needs", pk=goal.pk)
            form, status = NeedForm(), 200
    context = {
        "goal": goal,
        "rows": selectors.goal_needs(goal=goal, user=request.user),
        "can_change": can_change_plan(request.user, goal),
        "form": form,
    }
    template = "voice/partials/goal_needs.html" if request.htmx else "voice/goal_needs.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def playbook_needs(request, pk):
    playbook = get_object_or_404(Playbook.objects.visible_to(request.user), pk=pk)
    form, status = NeedForm(), 200
    if request.method == "POST":
        stage = get_object_or_404(
            PlaybookMilestone.objects.filter(playbook=playbook),
            pk=_number(request.POST.get("playbook_milestone")),
        )
        check_can_change_needs(user=request.user, playbook_milestone=stage)
        form, status = _add(request, form=NeedForm(request.POST), playbook_milestone=stage)
        if status == 201:
            if not request.htmx:
                return redirect("voice:playbook-needs", pk=playbook.pk)
            form, status = NeedForm(), 200
    context = {
        "playbook": playbook,
        "stages": selectors.playbook_needs(playbook=playbook),
        "can_change": can_edit_playbook(request.user, playbook),
        "form": form,
    }
    template = "voice/partials/playbook_needs.html" if request.htmx else "voice/playbook_needs.html"
    return render(request, template, context, status=status)


@login_required
@require_POST
def need_delete(request, pk):
    need = detail_or_404(selectors.need_detail, user=request.user, pk=pk)
    need_remove(need=need, by=request.user)
    messages.success(request, _("Need removed."))
    if need.milestone_id:
        return redirect("voice:goal-needs", pk=need.milestone.goal_id)
    return redirect("voice:playbook-needs", pk=need.playbook_milestone.playbook_id)


@login_required
@require_POST
def answer(request, pk):
    """One tap: a rating button (1 to 5) with who met it, or Skip."""
    item = detail_or_404(selectors.answer_detail, user=request.user, pk=pk)
    status, error = 200, ""
    if "skip" in request.POST:
        need_skip(answer=item, by=request.user)
    else:
        form = AnswerForm(request.POST)
        if form.is_valid():
            need_answer(answer=item, by=request.user, **form.cleaned_data)
        else:
            status, error = 400, _errors(form)
    if request.htmx:
        return render(
            request,
            "voice/partials/answer_done.html",
            {"item": item, "error": error},
            status=status,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Thank you: noted."))
    return redirect(item.milestone.goal.get_absolute_url())


@login_required
@require_POST
def leaving(request, pk):
    """Why the goal was abandoned: reasons and a note, or Skip."""
    goal = detail_or_404(goal_selectors.goal_detail, user=request.user, pk=pk)
    item = get_object_or_404(Leaving.objects.visible_to(request.user), goal=goal)
    status, error = 200, ""
    if "skip" in request.POST:
        leaving_skip(leaving=item, by=request.user)
    else:
        form = LeavingForm(request.POST)
        if form.is_valid():
            leaving_answer(leaving=item, by=request.user, **form.cleaned_data)
        else:
            status, error = 400, _errors(form)
    # Answered or skipped: the confirmation offers someone who finished the same playbook.
    offer = None if error else peer_for_leaving(goal=goal, user=request.user)
    context = {"error": error, "goal": goal, "offer": offer}
    if request.htmx:
        return render(request, "voice/partials/leaving_done.html", context, status=status)
    if error:
        messages.error(request, error)
    elif offer is not None:
        return render(request, "voice/leaving_done.html", context)
    else:
        messages.success(request, _("Thank you for telling us."))
    return redirect(goal.get_absolute_url())
