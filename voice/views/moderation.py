"""Flagging an idea or a comment (the idea's page), and staff's queue of flagged ideas and
comments with their decisions. Thin: parse, call voice.moderation, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from ..models import Idea, IdeaComment
from ..moderation.access import check_can_decide
from ..moderation.forms import DecisionForm, with_decision_forms
from ..moderation.selectors import attach_open_flags, idea_queue
from ..moderation.services import idea_moderate

QUEUE_PER_PAGE = 20
DONE = {
    "hide": _("It is hidden; its author sees why."),
    "restore": _("It is restored."),
    "dismiss": _("The flags were dismissed."),
}


def _queue_page(request, *, status: int = 200, page_number=None):
    check_can_decide(user=request.user)
    page = Paginator(idea_queue(user=request.user), QUEUE_PER_PAGE).get_page(
        page_number or request.GET.get("page")
    )
    entries = with_decision_forms(attach_open_flags(page.object_list))
    context = {"page": page, "section": {"entries": entries, "total": page.paginator.count}}
    return render(request, "voice/moderation_queue.html", context, status=status)


@login_required
@require_GET
def queue(request):
    """Staff: flagged ideas and comments, oldest first, each with its flags and the
    decisions (hide, restore, dismiss)."""
    return _queue_page(request)


def _target(request, kind: str, pk: int):
    if kind == "ideas":
        return {"idea": get_object_or_404(Idea.objects.visible_to(request.user), pk=pk)}
    if kind == "comments":
        comments = IdeaComment.objects.visible_to(request.user).select_related("idea", "author")
        return {"comment": get_object_or_404(comments, pk=pk)}
    raise Http404


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("voice:moderation-queue")


@login_required
@require_POST
def act(request, kind, pk):
    """One decision on a flagged idea or comment; back to the queue it was taken from."""
    item = _target(request, kind, pk)
    check_can_decide(user=request.user)  # 403 before the input is read
    form = DecisionForm(request.POST, prefix=f"{kind}-{pk}")
    if form.is_valid():
        try:
            idea_moderate(by=request.user, **form.cleaned_data, **item)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, DONE[form.cleaned_data["action"]])
            return redirect(_back(request))
    # Refused (already resolved, no reason given): the reason at the top of the queue.
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, message)
    return _queue_page(request, status=400, page_number=request.POST.get("page"))
