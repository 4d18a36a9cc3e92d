"""The moderation pages: flag a post or thread, the queue, acting on an item, the log, and
the flags a person raised.

Each view parses the input, calls community.moderation (writes) or community.selectors
(reads) and renders. Staff moderate every community, a community's moderators theirs only:
anyone else is refused (403) the queue and the log, and a moderator asking for another
community's queue or log too. What a person may not see answers 404. A refused action
comes back with the reason and with what was typed.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecosystem.lookups import detail_or_404
from ecosystem.pages import safe_next

from .. import access, moderation, selectors
from ..hooks import moderation_queue
from ..models import Community, ModerationAction, Post, Thread
from ..moderation_forms import FlagForm, LogFilterForm, ModerationActionForm, QueueFilterForm
from .common import page_of, post_or_404, text_of, thread_or_404

QUEUE_ITEMS_PER_PAGE = 20
LOG_ENTRIES_PER_PAGE = 50
FLAGS_PER_PAGE = 50
NOTICES_SHOWN = 20
KINDS = {"posts": "post", "threads": "thread"}
RESTORABLE = {
    ModerationAction.Action.HIDE,
    ModerationAction.Action.AUTO_HIDE,
    ModerationAction.Action.DELETE,
}
SUCCESS = {
    ModerationAction.Action.DISMISS: gettext_lazy(
        "The flags were dismissed; the flaggers are told."
    ),
    ModerationAction.Action.HIDE: gettext_lazy("It is hidden; its author sees why."),
    ModerationAction.Action.RESTORE: gettext_lazy("It is restored."),
    ModerationAction.Action.LOCK: gettext_lazy("The thread is locked."),
    ModerationAction.Action.UNLOCK: gettext_lazy("The thread is unlocked."),
    ModerationAction.Action.PIN: gettext_lazy("The thread is pinned."),
    ModerationAction.Action.UNPIN: gettext_lazy("The thread is unpinned."),
    ModerationAction.Action.MOVE: gettext_lazy("The thread was moved."),
    ModerationAction.Action.DELETE: gettext_lazy("It was deleted; its author sees why."),
    ModerationAction.Action.WARN: gettext_lazy("The warning is in the log."),
    ModerationAction.Action.SUSPEND: gettext_lazy("The person is suspended."),
}


def _moderated_choices(user) -> list[tuple[str, str]]:
    """(slug, name) of the active communities a person moderates, in one query."""
    return list(
        selectors.moderated_communities(user)
        .filter(status=Community.Status.ACTIVE)
        .order_by("name", "id")
        .values_list("slug", "name")
    )


def _community_in_scope(user, slug: str) -> Community | None:
    """The community a page is narrowed to: 404 when the person cannot see it, 403 when
    they do not moderate it."""
    return detail_or_404(selectors.moderation_scope, user=user, slug=slug)


# --- Flag a post or a thread --------------------------------------------------------------


def _flag(request, *, post: Post | None = None, thread: Thread | None = None):
    target = post if post is not None else thread
    form = FlagForm(request.POST or None)
    refusal, status = "", 200
    try:
        moderation.check_can_flag(by=request.user, post=post, thread=thread)
    except PermissionDenied as refused:
        refusal, status = str(refused), 403
    except ValidationError as refused:
        refusal = text_of(refused)
        status = 400 if request.method == "POST" else 200
    if not refusal and request.method == "POST" and form.is_valid():
        try:
            moderation.flag_create(by=request.user, post=post, thread=thread, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Thank you: the moderators will review it. “My flags” shows what they decide."),
            )
            return redirect(target.get_absolute_url())
    if form.is_bound and form.errors:
        status = 400
    context = {
        "form": form,
        "post": post,
        "thread": thread if thread is not None else post.thread,
        "refusal": refusal,
        "flag_threshold": settings.MODERATION_FLAG_THRESHOLD,
    }
    return render(request, "community/moderation/flag.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def flag_post(request, pk):
    return _flag(request, post=post_or_404(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def flag_thread(request, pk):
    return _flag(request, thread=thread_or_404(request, pk))


# --- The queue ----------------------------------------------------------------------------


def _item_prefix(kind: str, pk: int) -> str:
    return f"{kind}-{pk}"


def _queue_page(
    request, *, bound: ModerationActionForm | None = None, page_number=None, status: int = 200
):
    user = request.user
    access.check_can_moderate_anything(user)
    choices = _moderated_choices(user)
    filter_form = QueueFilterForm(request.GET, communities=choices)
    community = _community_in_scope(user, request.GET.get("community", ""))
    page = page_of(
        request,
        selectors.moderation_queue(user=user, community=community),
        QUEUE_ITEMS_PER_PAGE,
        page_number,
    )
    entries = list(page.object_list)
    selectors.attach_open_flags(entries)
    bound_shown = False
    # Staff moderate platform-wide: they may warn or suspend everywhere.
    platform_wide = access.can_moderate(user=user, community=None)
    for entry in entries:
        entry.kind = "post" if entry.post_id else "thread"
        entry.item = entry.post if entry.post_id else entry.thread
        entry.item_thread = entry.post.thread if entry.post_id else entry.thread
        entry.can_restore = access.restore_refusal(user=user, item=entry.item) is None
        entry.can_act_on_author = (
            access.person_action_refusal(user=user, subject=entry.item.author) is None
        )
        prefix = _item_prefix(entry.kind, entry.item.pk)
        if bound is not None and bound.prefix == prefix:
            entry.form, bound_shown = bound, True
        else:
            entry.form = ModerationActionForm(
                prefix=prefix, communities=choices, staff=platform_wide
            )
    if bound is not None and not bound_shown:
        # Resolved meanwhile or on another page: the reason still shows, at the top.
        for field_errors in bound.errors.values():
            for message in field_errors:
                messages.error(request, message)
    context = {
        "page": page,
        "entries": entries,
        "community": community,
        "filter_form": filter_form,
        "query": request.GET.urlencode(),
        **moderation_queue.context(user=user),
    }
    return render(request, "community/moderation/queue.html", context, status=status)


@login_required
@require_GET
def queue(request):
    return _queue_page(request)


@login_required
@require_POST
def act(request, kind, pk):
    """Take one action on a post or thread (the button pressed says which)."""
    if kind not in KINDS:
        raise Http404
    try:
        if kind == "posts":
            post, thread = selectors.moderation_target_post(user=request.user, pk=pk), None
        else:
            post, thread = None, selectors.moderation_target_thread(user=request.user, pk=pk)
    except (Post.DoesNotExist, Thread.DoesNotExist):
        raise Http404 from None
    target = post if post is not None else thread
    community = (post.thread if post is not None else thread).community
    # Refused before the input is read: 403 for those who do not moderate here.
    access.check_can_moderate(user=request.user, community=community)
    form = ModerationActionForm(
        request.POST,
        prefix=_item_prefix(KINDS[kind], target.pk),
        communities=_moderated_choices(request.user),
        staff=access.can_moderate(user=request.user, community=None),
    )
    status = 400
    if form.is_valid():
        try:
            moderation.moderate(by=request.user, **form.service_arguments(post=post, thread=thread))
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as refused:  # e.g. restoring a deletion is staff's alone
            form.add_error(None, str(refused))
            status = 403
        else:
            messages.success(request, SUCCESS[form.cleaned_data["action"]])
            return redirect(safe_next(request) or reverse("community:moderation-queue"))
    next_url = safe_next(request)
    if next_url and not next_url.startswith(reverse("community:moderation-queue")):
        # From the log (a restore): nothing was typed there but the reason, said at the top.
        for message in [m for field_errors in form.errors.values() for m in field_errors]:
            messages.error(request, message)
        return redirect(next_url)
    return _queue_page(request, bound=form, page_number=request.POST.get("page"), status=status)


# --- The log ------------------------------------------------------------------------------


@login_required
@require_GET
def log(request):
    user = request.user
    access.check_can_moderate_anything(user)
    choices = _moderated_choices(user)
    actors = None
    if access.can_moderate(user=user, community=None):  # the whole log: filter by who acted
        actors = (
            get_user_model()
            .objects.filter(pk__in=ModerationAction.objects.values("actor"))
            .order_by("display_name", "email")
        )
    form = LogFilterForm(request.GET, communities=choices, actors=actors)
    filters = form.filters()
    # Asked for directly, so that another community's log is refused (403), not ignored.
    filters["community"] = _community_in_scope(user, request.GET.get("community", ""))
    page = page_of(request, selectors.moderation_log(user=user, **filters), LOG_ENTRIES_PER_PAGE)
    entries = list(page.object_list)
    for entry in entries:
        # Undo a hide or a delete from the log, where the rule allows it.
        target = entry.post or entry.thread
        entry.can_restore = (
            entry.action in RESTORABLE
            and target is not None
            and access.restore_refusal(user=user, item=target) is None
        )
    context = {
        "page": page,
        "entries": entries,
        "filter_form": form,
        "return_to": request.get_full_path(),
    }
    return render(request, "community/moderation/log.html", context)


# --- What became of my flags --------------------------------------------------------------


@login_required
@require_GET
def my_flags(request):
    """The flags a person raised and their outcome; above them, what moderators did about
    the person or what they wrote, and why."""
    page = page_of(request, selectors.flags_raised_by(user=request.user), FLAGS_PER_PAGE)
    notices = list(selectors.moderation_notices_for(user=request.user)[:NOTICES_SHOWN])
    context = {"page": page, "flags": page.object_list, "notices": notices}
    return render(request, "community/moderation/my_flags.html", context)
