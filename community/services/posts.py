"""Writes on posts: reply, edit (the previous version is kept), delete, mark helpful.

Each verb checks first (`community.access`), then validates the text (400 naming `body`),
then writes in one transaction.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.accounts.services import link_mentions, user_ensure_handle
from ecosystem.markdown import markdown_problems, render_markdown

from .. import notices
from ..access import (
    check_can_delete,
    check_can_edit,
    check_can_mark_helpful,
    check_can_reply,
    standing_in,
)
from ..drawn_versions import posts_changed
from ..models import MAX_POST_LENGTH, Post, PostRevision, Reaction, Thread
from ..moderation.actions import content_delete
from ..moderation.limits import check_link_count, check_posting_limits


def clean_body(body: str) -> str:
    """Validate a post body and return its sanitised HTML."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first: the post is empty.")})
    if len(body) > MAX_POST_LENGTH:
        raise ValidationError(
            {
                "body": _("A post can be at most %(limit)s characters; this one has %(length)s.")
                % {"limit": f"{MAX_POST_LENGTH:,}", "length": f"{len(body):,}"}
            }
        )
    problems = markdown_problems(body)
    if problems:
        raise ValidationError({"body": problems})
    return render_markdown(link_mentions(body))


@transaction.atomic
def post_create(*, thread: Thread, author, body: str) -> Post:
    """Reply in a thread: members, moderators and staff, while it is not locked."""
    check_can_reply(standing_in(user=author, community=thread.community), thread)
    body_html = clean_body(body)
    check_link_count(body_html=body_html)
    check_posting_limits(user=author, starting_thread=False)
    post = Post.objects.create(thread=thread, author=author, body=body.strip(), body_html=body_html)
    user_ensure_handle(user=author)
    Thread.objects.filter(pk=thread.pk).update(
        post_count=F("post_count") + 1, last_activity_at=timezone.now()
    )
    notices.post_created(post=post)
    return post


@transaction.atomic
def post_edit(*, post: Post, by, body: str) -> Post:
    """The author edits a post; the previous version is kept."""
    check_can_edit(standing_in(user=by, community=post.thread.community), post)
    body_html = clean_body(body)
    check_link_count(body_html=body_html)
    PostRevision.objects.create(post=post, body=post.body, edited_by=by)
    post.body, post.body_html, post.edited_at = body.strip(), body_html, timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    notices.post_edited(post=post)
    return post


@transaction.atomic
def post_delete(*, post: Post, by) -> Post:
    """Soft delete by its author, or by a moderator through the moderation log (so the
    author sees why); deleting a deleted post changes nothing. Staff can restore."""
    check_can_delete(standing_in(user=by, community=post.thread.community), post)
    if post.deleted_at is not None:
        return post
    if post.author_id != by.pk:
        content_delete(by=by, post=post, reason=_("Deleted by a moderator."))
        post.refresh_from_db(fields=["deleted_at"])
        return post
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    return post


@transaction.atomic
def reaction_add(*, post: Post, user) -> Reaction:
    """Mark someone else's post helpful, once."""
    check_can_mark_helpful(standing_in(user=user, community=post.thread.community), post)
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(post=post, user=user)
    except IntegrityError as error:
        raise ValidationError(_("You already marked this post as helpful.")) from error
    Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
    posts_changed(post.thread_id)  # an update sends no signal (drawn_versions.py)
    return reaction


@transaction.atomic
def reaction_remove(*, post: Post, user) -> None:
    deleted, _details = Reaction.objects.filter(post=post, user=user).delete()
    if not deleted:
        raise ValidationError(_("You had not marked this post as helpful."))
    Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)
    posts_changed(post.thread_id)  # an update sends no signal (drawn_versions.py)
