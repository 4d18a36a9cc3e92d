"""What the community pages share: lookups that answer 404, pages, refusals."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

from ecosystem.lookups import detail_or_404

from .. import selectors
from ..models import Community, Post, Thread

TRUE_VALUES = {"1", "on", "true", "yes"}
FOCUS_ATTRIBUTE = "data-focus-after-swap"  # static/js/app.js focuses it after an htmx swap


def community_or_404(request, slug) -> Community:
    return detail_or_404(selectors.community_for, user=request.user, slug=slug)


def thread_or_404(request, pk) -> Thread:
    return detail_or_404(selectors.thread_detail, user=request.user, pk=pk)


def post_or_404(request, pk) -> Post:
    return detail_or_404(selectors.post_detail, user=request.user, pk=pk)


def where_left_off(first_unread: Post | None, shown_ids) -> dict:
    """The reader's place on a thread page showing posts `shown_ids`: the "new since your
    last visit" marker when their first unread post is among them, else a link to it."""
    on_this_page = first_unread is not None and first_unread.pk in shown_ids
    return {
        "unread_marker_id": first_unread.pk if on_this_page else None,
        "continue_url": (
            first_unread.get_absolute_url()
            if first_unread is not None and not on_this_page
            else None
        ),
    }


def page_of(request, queryset, per_page: int, page_number=None, *, paginator=Paginator):
    return paginator(queryset, per_page).get_page(page_number or request.GET.get("page"))


def text_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def bound_status(form, refused_status: int = 400) -> int:
    """A refused submission answers 400 (the page still shows the form and the text)."""
    return refused_status if form.is_bound and form.errors else 200


def with_retry_after(response, refusal):
    """A newcomer's posting limit lifts with time: answer 429 with Retry-After (the page
    still shows the form, the text as typed and the reason)."""
    response.status_code = 429
    response["Retry-After"] = str(refusal.retry_after)
    return response
