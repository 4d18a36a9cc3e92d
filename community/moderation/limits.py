"""Limits that keep spam out: newcomers' posting limits and links per post."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Post, Thread


class PostingLimitReached(PermissionDenied):
    """A newcomer reached their posting limit; waiting `retry_after` seconds lifts it."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def check_posting_limits(*, user, starting_thread: bool) -> None:
    """In an account's first hours, at most a few threads and replies (settings)."""
    now = timezone.now()
    newcomer_until = user.date_joined + timedelta(hours=settings.NEWCOMER_HOURS)
    if user.is_staff or now >= newcomer_until:
        return
    since = user.date_joined
    if starting_thread:
        limit = settings.NEWCOMER_MAX_THREADS
        count = Thread.objects.filter(author=user, created_at__gte=since).count()
        what = _("threads")
    else:
        limit = settings.NEWCOMER_MAX_REPLIES
        count = Post.objects.filter(author=user, created_at__gte=since).count() - (
            Thread.objects.filter(author=user, created_at__gte=since).count()
        )
        what = _("replies")
    if count >= limit:
        retry_after = int((newcomer_until - now).total_seconds()) + 1
        raise PostingLimitReached(
            _(
                "New accounts can post at most %(limit)s %(what)s in their first %(hours)s "
                "hours. You can post again after %(when)s."
            )
            % {
                "limit": limit,
                "what": what,
                "hours": settings.NEWCOMER_HOURS,
                # In the person's own time zone, whether they asked by page or by token.
                "when": formats.date_format(
                    newcomer_until.astimezone(user.zone), "DATETIME_FORMAT"
                ),
            },
            retry_after=retry_after,
        )


# Links that leave the platform; @mentions (relative links to a person) do not count.
_LINK = re.compile(r"<a\s[^>]*href=\"(?:https?:|mailto:)", re.IGNORECASE)


def check_link_count(*, body_html: str) -> None:
    """At most MAX_LINKS_PER_POST links in a post (waiting does not change a link count)."""
    links = len(_LINK.findall(body_html))
    if links > settings.MAX_LINKS_PER_POST:
        raise ValidationError(
            {
                "body": _("A post can contain at most %(limit)s links; this one has %(count)s.")
                % {"limit": settings.MAX_LINKS_PER_POST, "count": links}
            }
        )
