"""Pages of a post: edit it, delete it, mark it helpful."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import access, selectors, services
from ..forms import PostForm
from .common import bound_status, post_or_404, text_of


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = post_or_404(request, pk)
    standing = access.standing_in(user=request.user, community=post.thread.community)
    form = PostForm(request.POST or None, initial={"body": post.body})
    form.fields["body"].label = _("Your post")
    try:
        access.check_can_edit(standing, post)  # 403 for anyone but the author
    except ValidationError as error:
        if request.method == "GET":
            messages.error(request, text_of(error))
            return redirect(post.get_absolute_url())
        # Deleted or locked meanwhile: nothing typed is lost.
        form.is_valid()
        form.add_service_error(error)
    else:
        if request.method == "POST" and form.is_valid():
            try:
                services.post_edit(post=post, by=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Your post was saved."))
                return redirect(post.get_absolute_url())
    context = {"form": form, "post": post, "thread": post.thread}
    return render(request, "community/post_edit.html", context, status=bound_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request, pk):
    post = post_or_404(request, pk)
    standing = access.standing_in(user=request.user, community=post.thread.community)
    access.check_can_delete(standing, post)
    if post.deleted_at is not None:
        messages.info(request, _("This post was already deleted."))
        return redirect(post.get_absolute_url())
    if request.method == "POST":
        services.post_delete(post=post, by=request.user)
        messages.success(request, _("The post was deleted."))
        return redirect(post.get_absolute_url())
    return render(request, "community/post_delete.html", {"post": post, "thread": post.thread})


@login_required
@require_POST
def post_helpful(request, pk):
    """Mark a post helpful or take the mark back: `action` says which (the button shows the
    current state); without it, the mark toggles."""
    post = post_or_404(request, pk)
    action = request.POST.get("action")
    if action not in {"add", "remove"}:
        marked = selectors.helpful_post_ids(user=request.user, posts=[post])
        action = "remove" if marked else "add"
    error = ""
    try:
        if action == "add":
            services.reaction_add(post=post, user=request.user)
        else:
            services.reaction_remove(post=post, user=request.user)
    except ValidationError as refused:
        error = text_of(refused)
    if request.htmx:
        post.refresh_from_db(fields=["helpful_count"])
        post.marked_helpful = bool(selectors.helpful_post_ids(user=request.user, posts=[post]))
        standing = access.standing_in(user=request.user, community=post.thread.community)
        post.can_mark_helpful = access.helpful_refusal(standing, post) is None
        context = {"post": post, "error": error, "focus_helpful": True}
        return render(request, "community/partials/helpful.html", context)
    if error:
        messages.error(request, error)
    elif action == "add":
        messages.success(request, _("You marked the post as helpful."))
    else:
        messages.success(request, _("You took back your helpful mark."))
    return redirect(post.get_absolute_url())
