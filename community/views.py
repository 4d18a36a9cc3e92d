"""The community pages: list and search, a community and its members, threads and posts.

Each view parses the input, calls one service or selector and renders; the rules live in
community/services.py and community/selectors.py. A community, thread or post the person
may not see answers 404; an action they may not take answers 403 (the services raise
PermissionDenied). A refused post re-renders its form with the text exactly as typed.
htmx requests (helpful, accept, reply, the thread filters) get only the part that changed;
every action also works as a plain form POST.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .forms import (
    CommunityForm,
    ModeratorAppointForm,
    PostForm,
    SearchForm,
    ThreadFilterForm,
    ThreadForm,
)
from .models import Community, CommunityMembership, Post, Thread

COMMUNITIES_PER_PAGE = 20
THREADS_PER_PAGE = 20
SEARCH_RESULTS_PER_PAGE = 20
MEMBERS_PER_PAGE = 50
POSTS_PER_PAGE = 50
TRUE_VALUES = {"1", "on", "true", "yes"}
FOCUS_ATTRIBUTE = "data-focus-after-swap"  # static/js/app.js focuses it after an htmx swap


# --- Looking things up: what a person may not see answers 404 ----------------------------


def _community(request, slug) -> Community:
    try:
        return selectors.community_for(user=request.user, slug=slug)
    except Community.DoesNotExist:
        raise Http404 from None


def _thread(request, pk) -> Thread:
    try:
        return selectors.thread_detail(user=request.user, pk=pk)
    except Thread.DoesNotExist:
        raise Http404 from None


def _post(request, pk) -> Post:
    try:
        return selectors.post_detail(user=request.user, pk=pk)
    except Post.DoesNotExist:
        raise Http404 from None


def _page(request, queryset, per_page: int):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _bound_status(form, refused_status: int = 400) -> int:
    """A refused submission answers 400 (the page still shows the form and the text)."""
    return refused_status if form.is_bound and form.errors else 200


# --- Communities --------------------------------------------------------------------------


@login_required
@require_GET
def community_list(request):
    communities = selectors.community_list_for(request.user)
    page = _page(request, communities.active(), COMMUNITIES_PER_PAGE)
    memberships = selectors.memberships_for(user=request.user, communities=page.object_list)
    for community in page.object_list:
        community.my_membership = memberships.get(community.pk)
    # Staff review every proposal; anyone else sees the ones they made (visible_to decides).
    proposals = communities.exclude(status=Community.Status.ACTIVE)
    if request.user.is_staff:
        proposals = proposals.filter(status=Community.Status.PROPOSED)
    context = {"page": page, "proposals": list(proposals[:50]), "search_form": SearchForm()}
    return render(request, "community/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def community_propose(request):
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if community.status == Community.Status.ACTIVE:
                messages.success(
                    request,
                    _("%(name)s is open. Appoint its first moderators on the members page.")
                    % {"name": community.name},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: %(name)s is proposed. Staff will review it, and you "
                        "become its first moderator when it is approved."
                    )
                    % {"name": community.name},
                )
            return redirect(community)
    return render(request, "community/form.html", {"form": form}, status=_bound_status(form))


@login_required
@require_GET
def search(request):
    form = SearchForm(request.GET)
    text = form.text()
    page = _page(
        request, selectors.search_threads(user=request.user, text=text), SEARCH_RESULTS_PER_PAGE
    )
    return render(request, "community/search.html", {"form": form, "text": text, "page": page})


def _membership_context(request, community) -> dict:
    membership = services.membership_in(user=request.user, community=community)
    return {
        "community": community,
        "membership": membership,
        "moderator": services.can_moderate(user=request.user, community=community),
        "can_read": selectors.community_readable_by(user=request.user, community=community),
    }


@login_required
@require_GET
def community_detail(request, slug):
    community = _community(request, slug)
    context = _membership_context(request, community)
    if context["can_read"]:
        form = ThreadFilterForm(request.GET)
        threads = selectors.thread_list(community=community, user=request.user, **form.filters())
        context.update(
            filter_form=form,
            page=_page(request, threads, THREADS_PER_PAGE),
            can_post=_can_post(request.user, community),
        )
        if request.htmx and request.htmx.target == "thread-results":
            return render(request, "community/detail.html#threads", context)
    return render(request, "community/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request, slug):
    community = _community(request, slug)
    services.check_can_moderate(user=request.user, community=community)
    initial = {
        "name": community.name,
        "purpose": community.purpose,
        "category": community.category_id,
        "region": community.region_id,
        "visibility": community.visibility,
    }
    form = CommunityForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(community=community, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The community's settings were saved."))
            return redirect(community)
    context = {"form": form, "community": community}
    return render(request, "community/form.html", context, status=_bound_status(form))


@login_required
@require_POST
def community_review(request, slug):
    community = _community(request, slug)
    decision = request.POST.get("decision")
    if decision not in {"approve", "decline"}:
        messages.error(request, _("Choose to approve or to decline the proposal."))
        return redirect("community:list")
    try:
        services.community_review(
            community=community, by=request.user, approve=decision == "approve"
        )
    except ValidationError as error:
        messages.error(request, _text(error))
    else:
        if decision == "approve":
            messages.success(request, _("%(name)s is approved and open.") % {"name": community})
        else:
            messages.success(request, _("%(name)s was declined.") % {"name": community})
    return redirect("community:list")


@login_required
@require_POST
def community_join(request, slug):
    community = _community(request, slug)
    try:
        membership = services.community_join(community=community, user=request.user)
    except ValidationError as error:
        messages.error(request, _text(error))
    else:
        if membership.is_active:
            messages.success(request, _("You joined %(name)s.") % {"name": community.name})
        else:
            messages.success(
                request,
                _("Your request to join %(name)s was sent to its moderators.")
                % {"name": community.name},
            )
    return redirect(community)


@login_required
@require_POST
def community_leave(request, slug):
    community = _community(request, slug)
    membership = services.membership_in(user=request.user, community=community)
    try:
        services.community_leave(community=community, user=request.user)
    except ValidationError as error:
        messages.error(request, _text(error))
    else:
        if membership is not None and not membership.is_active:
            messages.success(request, _("Your request to join was withdrawn."))
        else:
            messages.success(request, _("You left %(name)s.") % {"name": community.name})
    return redirect(community)


# --- Members ------------------------------------------------------------------------------


def _members_page(request, community, *, appoint_form=None, status: int = 200):
    context = _membership_context(request, community)
    if not context["can_read"]:
        raise PermissionDenied(_("Only members see who belongs to a members-only community."))
    page = _page(request, selectors.member_list(community=community), MEMBERS_PER_PAGE)
    badges = selectors.badges_for(
        authors=[membership.user for membership in page.object_list], community=community
    )
    for membership in page.object_list:
        membership.badges = badges.get(membership.user_id)
    context["page"] = page
    if context["moderator"]:
        context["requests"] = list(selectors.membership_requests(community=community))
        context["appoint_form"] = appoint_form or ModeratorAppointForm(community=community)
    return render(request, "community/members.html", context, status=status)


@login_required
@require_GET
def member_list(request, slug):
    return _members_page(request, _community(request, slug))


def _membership(community, pk) -> CommunityMembership:
    membership = get_object_or_404(
        CommunityMembership.objects.select_related("user"), pk=pk, community=community
    )
    membership.community = community
    return membership


@login_required
@require_POST
def member_approve(request, slug, pk):
    community = _community(request, slug)
    membership = _membership(community, pk)
    try:
        services.membership_approve(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, _text(error))
    else:
        messages.success(request, _("%(name)s is now a member.") % {"name": membership.user.name})
    return redirect("community:members", community.slug)


@login_required
@require_POST
def member_decline(request, slug, pk):
    community = _community(request, slug)
    membership = _membership(community, pk)
    if membership.is_active:
        messages.error(request, _("This request was already handled."))
        return redirect("community:members", community.slug)
    services.membership_decline(membership=membership, by=request.user)
    messages.success(
        request, _("The request from %(name)s was declined.") % {"name": membership.user.name}
    )
    return redirect("community:members", community.slug)


@login_required
@require_POST
def moderator_appoint(request, slug):
    community = _community(request, slug)
    services.check_can_moderate(user=request.user, community=community)
    form = ModeratorAppointForm(request.POST, community=community)
    if not form.is_valid():
        return _members_page(request, community, appoint_form=form, status=400)
    user = form.cleaned_data["user"]
    services.moderator_appoint(community=community, user=user, by=request.user)
    messages.success(request, _("%(name)s is now a moderator.") % {"name": user.name})
    return redirect("community:members", community.slug)


# --- Threads ------------------------------------------------------------------------------


def _post_refusal(user, community) -> str:
    """Why the person may not post here ("" when they may)."""
    try:
        services.check_can_post(user=user, community=community)
    except PermissionDenied as refusal:
        return str(refusal)
    return ""


def _can_post(user, community) -> bool:
    return not _post_refusal(user, community)


def _with_retry_after(response, refusal):
    """A newcomer's posting limit lifts with time: answer 429 with Retry-After (the page
    still shows the form, the text as typed and the reason)."""
    response.status_code = 429
    response["Retry-After"] = str(refusal.retry_after)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def thread_create(request, slug):
    community = _community(request, slug)
    moderator = services.can_moderate(user=request.user, community=community)
    initial = {"playbook_milestone": request.GET.get("playbook_milestone")}
    form = ThreadForm(request.POST or None, moderator=moderator, initial=initial)
    refusal = _post_refusal(request.user, community)
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
                return _with_retry_after(page, refused)
        else:
            messages.success(request, _("Your thread is posted."))
            return redirect(thread)
    context = {"form": form, "community": community}
    status = 403 if refusal else _bound_status(form)
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


def _thread_context(request, thread, *, page_number, reply_form=None, **extra) -> dict:
    """Everything the thread page shows, in the same number of queries for any thread."""
    community = thread.community
    page = Paginator(selectors.post_list(thread=thread), POSTS_PER_PAGE).get_page(page_number)
    posts = list(page.object_list)
    accepted = thread.accepted_post
    if accepted is not None and (accepted.deleted_at is not None or accepted.hidden_at is not None):
        accepted = None  # a hidden answer shows in place, as hidden, never above the replies
    shown = posts + ([accepted] if accepted is not None else [])
    badges = selectors.badges_for(authors=[post.author for post in shown], community=community)
    helpful = selectors.helpful_post_ids(user=request.user, posts=shown)
    moderator = services.can_moderate(user=request.user, community=community)
    deletion_reasons = selectors.deletion_reasons(posts=shown)
    for post in shown:
        post.badges = badges.get(post.author_id)
        post.marked_helpful = post.pk in helpful
        # Why a post was hidden or deleted: for its author, moderators and staff only.
        post.sees_moderation = moderator or post.author_id == request.user.pk
        post.deletion_reason = deletion_reasons.get(post.pk, "")
    question = posts[0] if page.number == 1 and posts else None

    # Where the reader left off, read before this page moves the mark forward.
    first_unread = selectors.first_unread_post(user=request.user, thread=thread)
    on_this_page = first_unread is not None and any(post.pk == first_unread.pk for post in posts)
    services.thread_mark_read(thread=thread, user=request.user, post=posts[-1] if posts else None)

    refusal = _post_refusal(request.user, community)
    membership = services.membership_in(user=request.user, community=community) if refusal else None
    context = {
        "thread": thread,
        "community": community,
        "page": page,
        "question": question,
        "replies": posts[1:] if question is not None else posts,
        "accepted": accepted,
        "moderator": moderator,
        "can_accept": services.can_accept_answers(thread=thread, user=request.user),
        "post_refusal": refusal,
        "membership": membership,
        "reply_form": reply_form or PostForm(),
        "unread_marker_id": first_unread.pk if on_this_page else None,
        "continue_url": (
            first_unread.get_absolute_url()
            if first_unread is not None and not on_this_page
            else None
        ),
    }
    context.update(extra)
    return context


@login_required
@require_GET
def thread_detail(request, pk):
    thread = _thread(request, pk)
    context = _thread_context(request, thread, page_number=_page_number(request, thread))
    return render(request, "community/thread.html", context)


def _thread_main(request, thread, *, page_number, status: int = 200, **extra):
    """The thread's changing part: the full page, or for htmx only #thread-main."""
    context = _thread_context(request, thread, page_number=page_number, **extra)
    template = "community/thread.html#main" if request.htmx else "community/thread.html"
    return render(request, template, context, status=200 if request.htmx else status)


@login_required
@require_POST
def thread_edit(request, pk):
    """Moderators pin, unpin, lock and unlock; the author or a moderator may retitle."""
    thread = _thread(request, pk)
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
        messages.error(request, _text(error))
    else:
        messages.success(request, _("The thread was updated."))
    return redirect(thread)


@login_required
@require_POST
def post_create(request, pk):
    thread = _thread(request, pk)
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
        return _with_retry_after(response, limit)
    return response


@login_required
@require_POST
def accept_answer(request, pk, post_pk):
    thread = _thread(request, pk)
    post = _post(request, post_pk)
    try:
        services.thread_accept_answer(thread=thread, post=post, by=request.user)
    except ValidationError as error:
        notice, level = _text(error), "error"
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


# --- Posts --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = _post(request, pk)
    try:
        services.check_can_edit_post(post=post, by=request.user)
    except ValidationError as error:
        messages.error(request, _text(error))
        return redirect(post.get_absolute_url())
    form = PostForm(request.POST or None, initial={"body": post.body})
    form.fields["body"].label = _("Your post")
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(post=post, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your post was saved."))
            return redirect(post.get_absolute_url())
    context = {"form": form, "post": post, "thread": post.thread}
    return render(request, "community/post_edit.html", context, status=_bound_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request, pk):
    post = _post(request, pk)
    services.check_can_delete_post(post=post, by=request.user)
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
    post = _post(request, pk)
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
        error = _text(refused)
    if request.htmx:
        post.refresh_from_db(fields=["helpful_count"])
        post.marked_helpful = bool(selectors.helpful_post_ids(user=request.user, posts=[post]))
        context = {"post": post, "error": error, "focus_helpful": True}
        return render(request, "community/partials/helpful.html", context)
    if error:
        messages.error(request, error)
    elif action == "add":
        messages.success(request, _("You marked the post as helpful."))
    else:
        messages.success(request, _("You took back your helpful mark."))
    return redirect(post.get_absolute_url())
