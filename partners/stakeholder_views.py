"""Pages of a goal's ecosystem: the invitation a stakeholder answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .stakeholders import InvitationError, stakeholder_answer, stakeholder_from_token


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Show plainly what will be shared, then accept or decline."""
    try:
        stakeholder = stakeholder_from_token(token)
    except InvitationError as error:
        return render(
            request, "stakeholders/invitation.html", {"error": error.messages[0]}, status=410
        )
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            stakeholder = stakeholder_answer(token=token, user=request.user, accept=accept)
        except (InvitationError, ValidationError) as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(request.path)
        if accept:
            messages.success(
                request, _("You joined “%(goal)s”.") % {"goal": stakeholder.goal.title}
            )
            return redirect(stakeholder.goal.get_absolute_url())
        messages.info(request, _("You declined the invitation."))
        return redirect("dashboard")
    return render(
        request,
        "stakeholders/invitation.html",
        {
            "stakeholder": stakeholder,
            "scope": list(stakeholder.milestones.order_by("latest_start", "position")),
        },
    )


def ecosystem_map(request, *args, **kwargs):
    """Placeholder: replaced by the real page."""
    raise Http404


def stakeholder_list(request, *args, **kwargs):
    """Placeholder: replaced by the real page."""
    raise Http404


def stakeholder_edit(request, *args, **kwargs):
    """Placeholder: replaced by the real page."""
    raise Http404


def stakeholder_remove(request, *args, **kwargs):
    """Placeholder: replaced by the real page."""
    raise Http404


def advice_post(request, *args, **kwargs):
    """Placeholder: replaced by the real page."""
    raise Http404


def advice_moderate(request, *args, **kwargs):
    """Placeholder: replaced by the real page."""
    raise Http404


def advice_delete(request, *args, **kwargs):
    """Placeholder: replaced by the real page."""
    raise Http404


def partner_dashboard(request, *args, **kwargs):
    """Placeholder: replaced by the real page."""
    raise Http404
