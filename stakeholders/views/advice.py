"""Pages of advice on a milestone: the list (a page of its own, or the goal page's panel
through htmx), posting, and the owner's helpful / hidden marks; deleting after confirming.

Each view parses the input, calls one service (stakeholders/services.py) or selector
(stakeholders/selectors.py) and renders; what a person may not see answers 404, what
they see but may not change 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.lookups import detail_or_404
from ecosystem.pages import safe_next
from goals import access as goal_access
from milestones import access as milestone_access
from milestones.models import Milestone

from .. import selectors, services
from ..forms import AdviceForm
from ..models import Advice
from .stakeholders import CONFIRMED

ADVICE_PARTIAL = "stakeholders/partials/advice.html"


def _milestone_or_404(user, pk) -> Milestone:
    return detail_or_404(selectors.milestone_for_advice, user=user, pk=pk)


def _advice_or_404(user, pk) -> Advice:
    return detail_or_404(selectors.advice_detail, user=user, pk=pk)


def _safe_next(request) -> str:
    """The page to go back to after a plain POST, if it is one of ours (without its #part)."""
    return safe_next(request).split("#", 1)[0]


# --- Advice on a milestone ----------------------------------------------------------------


def _advice_context(request, milestone: Milestone, *, form=None, notice="", next_url=""):
    """What the advice partial needs for one milestone."""
    user = request.user
    can_comment = milestone_access.can_comment(user, milestone)
    return {
        "milestone": milestone,
        "goal": milestone.goal,
        "advice_list": selectors.advice_for_milestones(user=user, milestones=[milestone])[
            milestone.pk
        ],
        "can_comment": can_comment,
        "is_owner": goal_access.is_owner(user, milestone.goal),
        "advice_form": form if form is not None else AdviceForm(milestone=milestone),
        "advice_notice": notice,
        "advice_next": next_url or reverse("stakeholders:advice-post", args=[milestone.pk]),
    }


def _advice_answer(request, milestone: Milestone, *, message: str, next_url: str):
    """After a change to advice: the fresh list (htmx) or back where the person was."""
    if request.htmx:
        context = _advice_context(request, milestone, notice=message, next_url=next_url)
        return render(request, ADVICE_PARTIAL, context)
    messages.success(request, message)
    back = next_url or reverse("stakeholders:advice-post", args=[milestone.pk])
    return redirect(f"{back}#advice-{milestone.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def advice_post(request, pk):
    """GET: the advice on one milestone (a page of its own, for links and for browsers
    without JavaScript). POST: post advice (comment access or the owner)."""
    milestone = _milestone_or_404(request.user, pk)
    if request.method == "GET":
        return render(request, "stakeholders/advice_page.html", _advice_context(request, milestone))
    services.check_can_comment(user=request.user, milestone=milestone)
    next_url = _safe_next(request)
    form = AdviceForm(request.POST, milestone=milestone)
    if form.is_valid():
        try:
            services.advice_post(
                milestone=milestone, by=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _advice_answer(
                request, milestone, message=_("Your advice was posted."), next_url=next_url
            )
    context = _advice_context(request, milestone, form=form, next_url=next_url)
    if request.htmx:
        return render(request, ADVICE_PARTIAL, context)
    return render(request, "stakeholders/advice_page.html", context, status=400)


TOGGLES = {"1": True, "0": False}


@login_required
@require_POST
def advice_moderate(request, pk):
    """The owner marks advice helpful (helpful=1/0) or hides it (hidden=1/0)."""
    advice = _advice_or_404(request.user, pk)
    milestone = advice.milestone
    services.check_is_owner(user=request.user, goal=milestone.goal)
    helpful = TOGGLES.get(request.POST.get("helpful", ""))
    hidden = TOGGLES.get(request.POST.get("hidden", ""))
    next_url = _safe_next(request)
    if helpful is None and hidden is None:
        message = _("Nothing was changed: say whether the advice is helpful or hidden.")
        if request.htmx:
            context = _advice_context(request, milestone, notice=message, next_url=next_url)
            return render(request, ADVICE_PARTIAL, context)
        messages.error(request, message)
        back = next_url or reverse("stakeholders:advice-post", args=[milestone.pk])
        return redirect(f"{back}#advice-{milestone.pk}")
    services.advice_moderate(advice=advice, by=request.user, helpful=helpful, hidden=hidden)
    if hidden is not None:
        message = _("The advice is hidden.") if hidden else _("The advice is shown again.")
    else:
        message = _("Marked as helpful.") if helpful else _("No longer marked as helpful.")
    return _advice_answer(request, milestone, message=message, next_url=next_url)


@login_required
@require_POST
def advice_delete(request, pk):
    """Its author or the goal's owner deletes advice, after confirming."""
    advice = _advice_or_404(request.user, pk)
    milestone = advice.milestone
    if advice.author_id != request.user.pk:
        # The same rule as the service: only the author or the owner.
        services.check_is_owner(user=request.user, goal=milestone.goal)
    next_url = _safe_next(request)
    if request.POST.get("confirm") != CONFIRMED:
        return render(
            request,
            "stakeholders/advice_delete_confirm.html",
            {"advice": advice, "milestone": milestone, "next_url": next_url},
        )
    services.advice_delete(advice=advice, by=request.user)
    return _advice_answer(
        request, milestone, message=_("The advice was deleted."), next_url=next_url
    )
