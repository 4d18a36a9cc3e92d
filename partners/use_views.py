"""The help panel's "Helpful" button on a partner's resource (see partners/uses.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem.lookups import detail_or_404
from milestones.models import Milestone

from . import selectors
from .uses import check_can_use_resource, resource_use


@login_required
@require_POST
def resource_used(request, pk):
    """Mark a resource helpful for one of the person's milestones (`milestone` in the
    form): 404 for a resource or milestone they may not see, 400 for one it does not fit."""
    resource = detail_or_404(selectors.resource_for, user=request.user, pk=pk)
    raw = request.POST.get("milestone", "")
    milestone = Milestone.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if milestone is None:
        return HttpResponseBadRequest(_("Choose a milestone."))
    check_can_use_resource(user=request.user, resource=resource, milestone=milestone)
    try:
        resource_use(resource=resource, milestone=milestone, by=request.user)
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    if request.htmx:
        return render(request, "partners/partials/resource_used.html", {"resource": resource})
    messages.success(request, _("Thank you: %(title)s is marked helpful.") % {"title": resource})
    return redirect(reverse("goals:milestone-help", args=[milestone.pk]))
