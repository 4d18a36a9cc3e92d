"""The thread page's posts, rendered once and reused from the cache.

Rendering a post is most of a thread page's cost (about 2 ms each: badges, dates, links,
buttons). Each rendered post is cached under a key made of everything it is drawn from:
the post's text (a hash of its sanitised HTML), its state (edited, deleted, hidden, why,
helpful count, accepted), its author's name and badges, and what the reader may do with
it (edit, delete, flag, mark helpful, accept, sees hidden, is its author), in the
reader's language and time zone, plus the page number its forms carry. A write changes
one of these, so the next page view misses and renders afresh: a cached post is never
stale, and readers who may do the same things share one copy. What belongs to one reader
only, the CSRF token, is left out of the cache and put back on the way out.

Only the full page of a GET uses it; the htmx answers to a write (with a notice, focus or
an error) render every post afresh.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils import timezone, translation

from ecosystem.cache import kept as kept_cache
from ecosystem.fragments import CSRF_PLACEHOLDER, code_version, form_token, with_token

POST_TEMPLATE = "community/partials/post.html"
TIMEOUT_SECONDS = 24 * 3600


def _key(post, *, thread, user, permissions, page_number, is_question) -> str:
    badges = post.badges
    parts = (
        code_version(),
        post.pk,
        post.thread_id,
        hashlib.sha256(post.body_html.encode()).hexdigest(),
        post.created_at.isoformat(),
        post.edited_at.isoformat() if post.edited_at else "",
        post.deleted_at.isoformat() if post.deleted_at else "",
        post.hidden_at.isoformat() if post.hidden_at else "",
        post.hidden_reason,
        post.deletion_reason,
        post.helpful_count,
        post.pk == thread.accepted_post_id,
        post.author.name if post.author else None,
        (badges.staff, badges.moderator, tuple(badges.organizations)) if badges else None,
        post.sees_hidden,
        post.can_edit,
        post.can_delete,
        post.can_flag,
        post.can_mark_helpful,
        post.marked_helpful,
        permissions.accept,
        user.is_authenticated and post.author_id == user.pk,
        page_number,
        is_question,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"community:post:{post.pk}:{digest}"


def attach_post_fragments(
    request, *, thread, question, replies, permissions, page, token: str | None = None
) -> None:
    """Give each post shown (`question`, then `replies`) its rendered HTML as `fragment`,
    from the cache where an identical drawing is there, else rendered now and cached,
    with the reader's form token (or `token`: CSRF_PLACEHOLDER for a drawing to keep)."""
    shown = [(question, True)] if question is not None else []
    shown += [(post, False) for post in replies]
    if not shown:
        return
    keys = {
        post.pk: _key(
            post,
            thread=thread,
            user=request.user,
            permissions=permissions,
            page_number=page.number,
            is_question=is_question,
        )
        for post, is_question in shown
    }
    found = kept_cache.get_many(list(keys.values()))
    missing = {}
    for post, is_question in shown:
        if keys[post.pk] in found:
            continue
        missing[keys[post.pk]] = render_to_string(
            POST_TEMPLATE,
            {
                "post": post,
                "thread": thread,
                "user": request.user,
                "permissions": permissions,
                "page": page,
                "is_question": is_question,
                "csrf_token": CSRF_PLACEHOLDER,
            },
        )
    if missing:
        kept_cache.set_many(missing, TIMEOUT_SECONDS)
    token = form_token(request) if token is None else token
    for post, _is_question in shown:
        post.fragment = with_token(found.get(keys[post.pk]) or missing[keys[post.pk]], token)
