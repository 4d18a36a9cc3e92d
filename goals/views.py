"""Pages of goals and playbooks that need no plan: trash, restore, the playbook library.

Each view parses the input, calls one service or selector and renders; the rules live in
goals/services.py, goals/playbooks.py and goals/selectors.py. The pages that show or copy
a plan (new goal, settings, repeat, save as playbook, start) are in milestones/views/.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.drawn_forms import drawn_form
from ecosystem.lookups import detail_or_404
from ecosystem.pages import htmx_redirect, safe_next
from ecosystem.pagination import Paginator

from . import selectors, services
from .forms import (
    PlaybookFilterForm,
    PlaybookStartForm,
)
from .models import Goal, Playbook

PLAYBOOKS_PER_PAGE = 20
TRASH_PER_PAGE = 50


def goal_for_change(request, pk) -> Goal:
    """The goal if the person sees it (404 otherwise) and may change it (403 otherwise):
    the form of an owner's step is shown, and read, only to its owner."""
    goal = detail_or_404(selectors.goal_detail, user=request.user, pk=pk)
    services.check_can_manage_goal(user=request.user, goal=goal)
    return goal


@login_required
@require_http_methods(["GET", "POST"])
def goal_trash(request, pk):
    """GET asks to confirm (the page a browser without JavaScript lands on); POST trashes."""
    goal = goal_for_change(request, pk)
    if request.method == "POST":
        services.goal_trash(goal=goal, by=request.user)
        return htmx_redirect(request, f"{reverse('dashboard')}?trashed={goal.pk}")
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
    return htmx_redirect(request, safe_next(request, goal.get_absolute_url()))


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
    context["filter_form"] = drawn_form(
        "goals/partials/playbook_filter.html",
        form,
        choices=form.fields["category"].listed(),
    )
    return render(request, "goals/playbook_list.html", context)


def playbook_page(request, pk, start_form):
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
    return playbook_page(request, pk, PlaybookStartForm())
