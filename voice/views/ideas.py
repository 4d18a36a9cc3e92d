"""The ideas board: the list (filter by status, organisation; post a new idea) and an
idea's page, where people vote and comment and the partner answers, merges or staff hide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ecosystem.lookups import detail_or_404
from goals.models import Playbook, PlaybookMilestone

from .. import selectors
from ..access import can_merge_idea, check_can_answer_idea, check_can_hide_idea, idea_permissions
from ..forms import CommentForm, IdeaFilterForm, IdeaForm, MergeForm, StatusForm
from ..moderation.access import check_can_flag, may_flag
from ..moderation.forms import FlagForm
from ..moderation.services import idea_flag
from ..services.ideas import (
    idea_comment,
    idea_hide,
    idea_merge,
    idea_post,
    idea_set_status,
    idea_unvote,
    idea_vote,
)

IDEAS_PER_PAGE = 30
VOTE_SAID = {
    "vote": gettext_lazy("Your vote is counted."),
    "unvote": gettext_lazy("Your vote is taken back."),
}


def _stages(user):
    return (
        PlaybookMilestone.objects.filter(playbook__in=Playbook.objects.visible_to(user))
        .select_related("playbook")
        .order_by("playbook__title", "position", "id")
    )


def _apply_errors(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@login_required
@require_http_methods(["GET", "POST"])
def idea_list(request):
    filters = IdeaFilterForm(request.GET)
    ideas = selectors.idea_list(user=request.user).order_by("-vote_count", "-created_at", "-id")
    if filters.is_valid() and filters.cleaned_data["status"]:
        ideas = ideas.filter(status=filters.cleaned_data["status"])
    if request.GET.get("organization"):
        ideas = ideas.filter(organization__slug=request.GET["organization"])
    form, status = IdeaForm(stages=_stages(request.user)), 200
    if request.method == "POST":
        form = IdeaForm(request.POST, stages=_stages(request.user))
        if form.is_valid():
            try:
                idea = idea_post(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Your idea is posted."))
                return redirect(idea.get_absolute_url())
        status = 400
    page = Paginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "voice/idea_list.html",
        {"page": page, "ideas": page.object_list, "form": form, "filters": filters},
        status=status,
    )


def _render_idea(request, idea, *, status=200, forms=None):
    idea = selectors.idea_detail(user=request.user, pk=idea.pk)
    comments = list(selectors.idea_comments(user=request.user, idea=idea))
    for comment in comments:
        comment.can_flag = may_flag(user=request.user, item=comment)
        comment.flag_form = FlagForm(auto_id=f"flag-comment-{comment.pk}-%s")
    context = {
        "idea": idea,
        "comments": comments,
        "permissions": idea_permissions(request.user, idea),
        "flag_form": FlagForm(auto_id="flag-idea-%s"),
        "comment_form": CommentForm(),
        "status_form": StatusForm(initial={"status": idea.status, "note": idea.status_note}),
        "merge_form": MergeForm(),
        **(forms or {}),
    }
    template = "voice/partials/idea.html" if request.htmx else "voice/idea_detail.html"
    return render(request, template, context, status=status)


def _flag(request, idea) -> FlagForm | None:
    """Flag the idea, or one of its comments (`comment`): who may is asked before the
    form is read (404 not visible, 403 may not). The form back when its input is bad."""
    target = {"idea": idea}
    comment_pk = request.POST.get("comment", "")
    if comment_pk:
        comments = selectors.idea_comments(user=request.user, idea=idea)
        pk = int(comment_pk) if comment_pk.isdigit() else 0
        target = {"comment": get_object_or_404(comments, pk=pk)}
    check_can_flag(user=request.user, **target)
    form = FlagForm(request.POST, auto_id="flag-idea-%s")
    if not form.is_valid():
        return form
    idea_flag(by=request.user, **target, **form.cleaned_data)
    messages.success(request, _("Thank you: staff will review it."))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def idea_detail(request, pk):
    """The idea; a POST names its action: vote, unvote, comment, status, merge, hide, show."""
    idea = detail_or_404(selectors.idea_detail, user=request.user, pk=pk)
    if request.method == "GET":
        return _render_idea(request, idea)
    action = request.POST.get("action")
    try:
        if action == "vote":
            idea_vote(idea=idea, by=request.user)
        elif action == "unvote":
            idea_unvote(idea=idea, by=request.user)
        elif action == "comment":
            form = CommentForm(request.POST)
            if not form.is_valid():
                return _render_idea(request, idea, status=400, forms={"comment_form": form})
            idea_comment(idea=idea, by=request.user, body=form.cleaned_data["body"])
        elif action == "status":
            check_can_answer_idea(user=request.user, idea=idea)
            form = StatusForm(request.POST)
            if not form.is_valid():
                return _render_idea(request, idea, status=400, forms={"status_form": form})
            idea_set_status(idea=idea, by=request.user, **form.cleaned_data)
        elif action == "merge":
            if not can_merge_idea(request.user, idea):
                raise PermissionDenied(_("Staff merge ideas; a partner merges its own."))
            form = MergeForm(request.POST)
            into = None
            if form.is_valid():
                into = (
                    selectors.idea_list(user=request.user)
                    .filter(pk=form.cleaned_data["into"])
                    .first()
                )
                if into is None:
                    form.add_error("into", _("No such idea."))
            if into is None:
                return _render_idea(request, idea, status=400, forms={"merge_form": form})
            idea = idea_merge(idea=idea, into=into, by=request.user)
        elif action == "flag":
            refused = _flag(request, idea)
            if refused is not None:
                return _render_idea(request, idea, status=400, forms={"flag_form": refused})
        elif action in ("hide", "show"):
            check_can_hide_idea(user=request.user, idea=idea)
            idea_hide(idea=idea, by=request.user, hidden=action == "hide")
        else:
            messages.error(request, _("Unknown action."))
            return _render_idea(request, idea, status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _render_idea(request, idea, status=400)
    if action in VOTE_SAID:
        # Said out loud too: the vote button that had focus is gone after an htmx swap.
        messages.success(request, VOTE_SAID[action])
    if request.htmx:
        return _render_idea(request, idea)
    return redirect(idea.get_absolute_url())
