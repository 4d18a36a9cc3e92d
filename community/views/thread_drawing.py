"""A thread page's posts, kept: the `#thread-main` region (the question, the accepted
answer, the replies, the pages and the reply form) drawn once and reused.

The view first decides from the database that the reader may see the thread
(`thread_or_404`), then reads what is theirs: their standing in the community
(membership, suspension, verified email) and their marks on the thread (their own posts,
helpful marks, flags, read mark; one query) and the first post they have not read. Only
then does it look in the cache, under a key of:
- the thread's row as read, with `posts_version`, which every write of its posts replaces
  (community/drawn_versions.py), and the community's row;
- the people version: the authors' names and badges (drawn_versions.py);
- the reader's standing as loaded, their marks and their first unread post (what they may
  do with each post follows from these and the posts: `community.access`), the query
  string (the page), the language, the time zone and the code's version.
Readers with the same standing and no post or mark in the thread share one drawing. The
form token is a placeholder, put back with the reader's own on the way out.

A miss draws the region from the posts as before (their own kept drawings still serve)
and keeps it with the ids of the posts it shows, which the page needs for where the
reader left off. Only a full page's GET uses this; htmx answers to a write draw afresh.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils import timezone, translation

from ecosystem.cache import kept as kept_cache
from ecosystem.fragments import CSRF_PLACEHOLDER, code_version, form_token, with_token

from .. import access, selectors, services
from ..drawn_versions import people_version
from ..models import Thread
from .common import where_left_off

MAIN_TEMPLATE = "community/thread.html#main"
TIMEOUT_SECONDS = 24 * 3600
THREAD_FIELDS = tuple(field.attname for field in Thread._meta.concrete_fields)


def _standing_facts(standing) -> tuple:
    """Everything the reader's standing holds (each read now if not yet)."""
    if not standing.signed_in:
        return (False,)
    membership, suspension = standing.membership, standing.suspension
    return (
        True,
        standing.is_staff,
        (membership.role, membership.status) if membership is not None else None,
        (suspension.pk, suspension.until, suspension.reason, suspension.community_id)
        if suspension is not None
        else None,
        standing.email_verified,
    )


def _key(request, thread, *, standing, marks, first_unread) -> str:
    community = thread.community
    facts = (
        code_version(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
        request.GET.urlencode(),
        bool(request.htmx),  # the region then carries the header's out-of-band update
        tuple(getattr(thread, name) for name in THREAD_FIELDS),
        (community.pk, community.slug, community.name, community.status, community.visibility),
        people_version(),
        _standing_facts(standing),
        tuple(sorted(marks.wrote)),
        tuple(sorted(marks.helpful)),
        tuple(sorted(marks.flagged)),
        marks.flagged_thread,
        first_unread.pk if first_unread is not None else None,
    )
    return f"community:thread-main:{thread.pk}:" + hashlib.sha256(repr(facts).encode()).hexdigest()


def page_context(request, thread, *, draw) -> dict:
    """The thread page's context with `kept_main`, its drawn `#thread-main`; `draw` gives
    the whole context when the region must be drawn (from the reader's `standing` and
    `marks`, read here)."""
    standing = access.standing_in(user=request.user, community=thread.community, kept=True)
    marks = selectors.reader_marks(user=request.user, thread=thread)
    first_unread = selectors.first_unread_post(thread=thread, marks=marks)
    key = _key(request, thread, standing=standing, marks=marks, first_unread=first_unread)
    kept = kept_cache.get(key)
    if kept is None:
        context = draw(standing=standing, marks=marks)
        shown = ([context["question"]] if context["question"] else []) + list(context["replies"])
        kept = {
            "main": render_to_string(
                MAIN_TEMPLATE, context | {"csrf_token": CSRF_PLACEHOLDER}, request=request
            ),
            "post_ids": [post.pk for post in shown],
        }
        kept_cache.set(key, kept, TIMEOUT_SECONDS)
    else:
        # Drawing moves the read mark; a kept page moves it the same way.
        last = kept["post_ids"][-1] if kept["post_ids"] else None
        services.thread_mark_read(thread=thread, user=request.user, post_id=last, marks=marks)
        context = {
            "thread": thread,
            "community": thread.community,
            "permissions": selectors.thread_permissions(
                standing=standing, thread=thread, marks=marks
            ),
            "membership": standing.membership,
            **where_left_off(first_unread, set(kept["post_ids"])),
        }
    context["kept_main"] = with_token(kept["main"], form_token(request))
    return context
