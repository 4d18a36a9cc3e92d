"""Pages of threads: start one, read it (a page of posts), pin, lock or rename it, reply,
accept an answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecosystem.fragments import CSRF_PLACEHOLDER

from .. import access, selectors, services
from ..forms import PostForm, ThreadForm
from ..models import Post
from . import thread_drawing
from .common import (
    FOCUS_ATTRIBUTE,
    TRUE_VALUES,
    bound_status,
    community_or_404,
    post_or_404,
    text_of,
    thread_or_404,
    where_left_off,
    with_retry_after,
)
from .post_fragments import attach_post_fragments

POSTS_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def thread_create(request, slug):
    community = community_or_404(request, slug)
    standing = access.standing_in(user=request.user, community=community)
    initial = {"playbook_milestone": request.GET.get("playbook_milestone")}
    form = ThreadForm(request.POST or None, moderator=standing.moderates, initial=initial)
    refusal = access.reason(access.post_refusal(standing))
    if refusal and request.method == "GET":
        messages.error(request, refusal)
        return redirect(community)
    if refusal:
        # Nothing typed is lost: the form comes back with the text and the reason.
        form.is_valid()
        form.add_error(None, refusal)
    elif request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                community=community, author=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as refused:  # a newcomer's limit: the text is kept
            form.add_error(None, str(refused))
            if hasattr(refused, "retry_after"):
                context = {"form": form, "community": community}
                page = render(request, "community/thread_form.html", context)
                return with_retry_after(page, refused)
        else:
            messages.success(request, _("Your thread is posted."))
            return redirect(thread)
    context = {"form": form, "community": community}
    status = 403 if refusal else bound_status(form)
    return render(request, "community/thread_form.html", context, status=status)


def _page_number(request, thread) -> str | int | None:
    """The page asked for; `?post=<id>` asks for the page that holds that post."""
    post_id = request.GET.get("post", "")
    if post_id.isdigit():
        try:
            post = selectors.post_detail(user=request.user, pk=int(post_id))
        except Post.DoesNotExist:
            post = None
        if post is not None and post.thread_id == thread.pk:
            return selectors.post_position(post=post) // POSTS_PER_PAGE + 1
    return request.GET.get("page")


def _thread_context(
    request,
    thread,
    *,
    page_number,
    reply_form=None,
    standing=None,
    marks=None,
    **extra,
) -> dict:
    """Everything the thread page shows: `selectors.thread_page` (the same data the API
    answers with) and where the reader left off. A caller holding the reader's `standing`
    and `marks` (thread_drawing.py) passes them."""
    page = Paginator(selectors.post_list(thread=thread), POSTS_PER_PAGE).get_page(page_number)
    data = selectors.thread_page(
        user=request.user,
        thread=thread,
        posts=page.object_list,
        standing=standing,
        marks=marks,
    )
    posts = data.posts
    question = posts[0] if page.number == 1 and posts else None

    # Where the reader left off (their marks, read before this page moves them forward).
    first_unread = selectors.first_unread_post(thread=thread, marks=data.marks)
    services.thread_mark_read(
        thread=thread,
        user=request.user,
        post_id=posts[-1].pk if posts else None,
        marks=data.marks,
    )

    context = {
        "thread": thread,
        "community": data.community,
        "page": page,
        "question": question,
        "replies": posts[1:] if question is not None else posts,
        "accepted": data.accepted,
        "permissions": data.permissions,
        "membership": data.standing.membership,
        "reply_form": reply_form or PostForm(),
        **where_left_off(first_unread, {post.pk for post in posts}),
    }
    context.update(extra)
    return context


@require_GET
def thread_detail(request, pk):
    """A page of a thread; what it shows of the posts is kept (thread_drawing.py)."""
    thread = thread_or_404(request, pk)
    context = thread_drawing.page_context(
        request,
        thread,
        draw=lambda **known: _drawn_context(request, thread, **known),
    )
    return render(request, "community/thread.html", context)


def _drawn_context(request, thread, *, standing, marks) -> dict:
    """The page's context with its posts drawn (their kept drawings where there are)."""
    context = _thread_context(
        request,
        thread,
        page_number=_page_number(request, thread),
        standing=standing,
        marks=marks,
    )
    attach_post_fragments(
        request,
        thread=thread,
        question=context["question"],
        replies=context["replies"],
        permissions=context["permissions"],
        page=context["page"],
        token=CSRF_PLACEHOLDER,  # the reader's own is put in when the page is served
    )
    return context


def _thread_main(request, thread, *, page_number, status: int = 200, **extra):
    """The thread's changing part: the full page, or for htmx only #thread-main."""
    context = _thread_context(request, thread, page_number=page_number, **extra)
    template = "community/thread.html#main" if request.htmx else "community/thread.html"
    return render(request, template, context, status=200 if request.htmx else status)


@login_required
@require_POST
def thread_edit(request, pk):
    """Moderators pin, unpin, lock and unlock (each a moderation action, in the log); the
    author or a moderator may retitle."""
    thread = thread_or_404(request, pk)
    changes = {
        flag: request.POST[flag] in TRUE_VALUES
        for flag in ("pinned", "locked")
        if flag in request.POST
    }
    if "title" in request.POST:
        changes["title"] = request.POST["title"].strip()
    if not changes:
        messages.error(request, _("Nothing to change."))
        return redirect(thread)
    try:
        services.thread_update(thread=thread, by=request.user, **changes)
    except ValidationError as error:
        messages.error(request, text_of(error))
    else:
        messages.success(request, _("The thread was updated."))
    return redirect(thread)


@login_required
@require_POST
def post_create(request, pk):
    thread = thread_or_404(request, pk)
    form = PostForm(request.POST)
    status = 400
    limit = None
    if form.is_valid():
        try:
            post = services.post_create(
                thread=thread, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
            status = 403
            limit = refusal if hasattr(refusal, "retry_after") else None
        else:
            if not request.htmx:
                messages.success(request, _("Your reply is posted."))
                return redirect(post.get_absolute_url())
            page_number = selectors.post_position(post=post) // POSTS_PER_PAGE + 1
            response = _thread_main(request, thread, page_number=page_number, focus=post.pk)
            response["HX-Push-Url"] = post.get_absolute_url()
            return response
    form.fields["body"].widget.attrs[FOCUS_ATTRIBUTE] = ""
    response = _thread_main(
        request, thread, page_number=request.POST.get("page"), reply_form=form, status=status
    )
    if limit is not None and not request.htmx:  # htmx swaps only 2xx answers in
        return with_retry_after(response, limit)
    return response


@login_required
@require_POST
def accept_answer(request, pk, post_pk):
    thread = thread_or_404(request, pk)
    post = post_or_404(request, post_pk)
    try:
        services.thread_accept_answer(thread=thread, post=post, by=request.user)
    except ValidationError as error:
        notice, level = text_of(error), "error"
    else:
        notice, level = _("The answer is accepted: it now shows under the question."), "success"
    if request.htmx:
        return _thread_main(
            request,
            thread,
            page_number=request.POST.get("page"),
            notice=notice,
            notice_level=level,
            focus="accepted" if level == "success" else "notice",
        )
    getattr(messages, level)(request, notice)
    return redirect(thread)
