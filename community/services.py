"""Writes on communities, threads, posts and reactions.

Check, then do: each `check_*` raises PermissionDenied or ValidationError with a message a
person can act on; each verb runs in one transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ecosystem.accounts.services import link_mentions, user_ensure_handle
from ecosystem.audit.services import audit_record
from ecosystem.markdown import markdown_problems, render_markdown

from .models import (
    MAX_POST_LENGTH,
    Community,
    CommunityMembership,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadReadMark,
)


def membership_in(*, user, community) -> CommunityMembership | None:
    if not user.is_authenticated:
        return None
    return CommunityMembership.objects.filter(community=community, user=user).first()


def can_moderate(*, user, community) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    membership = membership_in(user=user, community=community)
    return membership is not None and membership.is_moderator


def check_can_moderate(*, user, community) -> None:
    if not can_moderate(user=user, community=community):
        raise PermissionDenied(_("Only this community's moderators (or staff) can do this."))


def check_can_post(*, user, community) -> None:
    if community.status != Community.Status.ACTIVE:
        raise PermissionDenied(_("This community is not open yet."))
    if user.is_staff:
        return
    membership = membership_in(user=user, community=community)
    if membership is None or not membership.is_active:
        raise PermissionDenied(_("Join this community to post in it."))
    from .moderation import check_email_verified, check_not_suspended

    check_email_verified(user=user)
    check_not_suspended(user=user, community=community)


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
def community_create(
    *,
    by,
    name: str,
    purpose: str,
    slug: str | None = None,
    category=None,
    region=None,
    visibility: str = Community.Visibility.PUBLIC,
) -> Community:
    """Staff create an active community; anyone else proposes one for staff to approve."""
    community = Community(
        name=name,
        slug=slug or slugify(name)[:80],
        purpose=purpose,
        category=category,
        region=region,
        visibility=visibility,
        status=Community.Status.ACTIVE if by.is_staff else Community.Status.PROPOSED,
        created_by=by,
    )
    community.full_clean(exclude=["created_by", "category", "region"])
    try:
        with transaction.atomic():
            community.save()
    except IntegrityError as error:
        raise ValidationError({"slug": _("This slug is already taken.")}) from error
    audit_record(
        actor=by, verb="community.create", target=community, payload={"status": community.status}
    )
    return community


@transaction.atomic
def community_review(*, community: Community, by, approve: bool) -> Community:
    """Staff approve a proposed community (its proposer becomes its first moderator) or
    decline it."""
    if not by.is_staff:
        raise PermissionDenied(_("Only platform staff review proposed communities."))
    if community.status != Community.Status.PROPOSED:
        raise ValidationError(_("This community was already reviewed."))
    community.status = Community.Status.ACTIVE if approve else Community.Status.DECLINED
    community.save(update_fields=["status"])
    if approve and community.created_by_id:
        CommunityMembership.objects.update_or_create(
            community=community,
            user_id=community.created_by_id,
            defaults={
                "role": CommunityMembership.Role.MODERATOR,
                "status": CommunityMembership.Status.ACTIVE,
            },
        )
    audit_record(
        actor=by, verb="community.approve" if approve else "community.decline", target=community
    )
    return community


@transaction.atomic
def community_update(*, community: Community, by, **changes) -> Community:
    check_can_moderate(user=by, community=community)
    allowed = {"name", "purpose", "category", "region", "visibility"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(community, field, value)
    community.full_clean(exclude=["created_by", "category", "region"])
    community.save()
    return community


@transaction.atomic
def moderator_appoint(*, community: Community, user, by) -> CommunityMembership:
    """Staff appoint moderators (the first ones); moderators may appoint more."""
    check_can_moderate(user=by, community=community)
    membership, _created = CommunityMembership.objects.update_or_create(
        community=community,
        user=user,
        defaults={
            "role": CommunityMembership.Role.MODERATOR,
            "status": CommunityMembership.Status.ACTIVE,
        },
    )
    audit_record(
        actor=by, verb="community.moderator_appoint", target=community, payload={"user": user.pk}
    )
    return membership


@transaction.atomic
def community_join(*, community: Community, user) -> CommunityMembership:
    """Join a public community at once; ask to join a members-only one."""
    if community.status != Community.Status.ACTIVE:
        raise ValidationError(_("This community is not open yet."))
    if membership_in(user=user, community=community) is not None:
        raise ValidationError(_("You are already a member or have asked to join."))
    status = (
        CommunityMembership.Status.ACTIVE
        if community.is_public
        else CommunityMembership.Status.PENDING
    )
    return CommunityMembership.objects.create(community=community, user=user, status=status)


@transaction.atomic
def community_leave(*, community: Community, user) -> None:
    membership = membership_in(user=user, community=community)
    if membership is None:
        raise ValidationError(_("You are not a member of this community."))
    membership.delete()


@transaction.atomic
def membership_approve(*, membership: CommunityMembership, by) -> CommunityMembership:
    check_can_moderate(user=by, community=membership.community)
    if membership.status != CommunityMembership.Status.PENDING:
        raise ValidationError(_("This request was already handled."))
    membership.status = CommunityMembership.Status.ACTIVE
    membership.save(update_fields=["status"])
    audit_record(
        actor=by,
        verb="community.member_approve",
        target=membership.community,
        payload={"user": membership.user_id},
    )
    return membership


@transaction.atomic
def membership_decline(*, membership: CommunityMembership, by) -> None:
    check_can_moderate(user=by, community=membership.community)
    audit_record(
        actor=by,
        verb="community.member_decline",
        target=membership.community,
        payload={"user": membership.user_id},
    )
    membership.delete()


@transaction.atomic
def thread_create(
    *, community: Community, author, title: str, kind: str, body: str, playbook_milestone=None
) -> Thread:
    """Start a thread; its first post is its body. Announcements are for moderators."""
    from .moderation import check_link_count, check_posting_limits

    check_can_post(user=author, community=community)
    if kind == Thread.Kind.ANNOUNCEMENT and not can_moderate(user=author, community=community):
        raise ValidationError({"kind": _("Only moderators and staff post announcements.")})
    body_html = clean_body(body)
    check_link_count(body_html=body_html)
    check_posting_limits(user=author, starting_thread=True)
    thread = Thread(
        community=community,
        author=author,
        title=(title or "").strip(),
        kind=kind,
        playbook_milestone=playbook_milestone,
        post_count=1,
    )
    thread.full_clean(exclude=["community", "author", "playbook_milestone", "accepted_post"])
    thread.save()
    user_ensure_handle(user=author)
    Post.objects.create(thread=thread, author=author, body=body.strip(), body_html=body_html)
    return thread


@transaction.atomic
def thread_update(*, thread: Thread, by, **changes) -> Thread:
    """Authors retitle their threads; moderators also pin, lock and unlock."""
    moderator = can_moderate(user=by, community=thread.community)
    if {"pinned", "locked"} & set(changes) and not moderator:
        raise PermissionDenied(_("Only moderators pin or lock threads."))
    if "title" in changes and not (moderator or thread.author_id == by.pk):
        raise PermissionDenied(_("Only the author or a moderator can rename a thread."))
    unknown = set(changes) - {"title", "pinned", "locked"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(thread, field, value)
    thread.full_clean(exclude=["community", "author", "playbook_milestone", "accepted_post"])
    thread.save()
    for flag in ("pinned", "locked"):
        if flag in changes:
            audit_record(
                actor=by, verb=f"thread.{flag if changes[flag] else 'un' + flag}", target=thread
            )
    return thread


@transaction.atomic
def post_create(*, thread: Thread, author, body: str) -> Post:
    if thread.locked:
        raise ValidationError({"body": _("This thread is locked: no new replies.")})
    from .moderation import check_link_count, check_posting_limits

    check_can_post(user=author, community=thread.community)
    body_html = clean_body(body)
    check_link_count(body_html=body_html)
    check_posting_limits(user=author, starting_thread=False)
    post = Post.objects.create(thread=thread, author=author, body=body.strip(), body_html=body_html)
    user_ensure_handle(user=author)
    Thread.objects.filter(pk=thread.pk).update(
        post_count=F("post_count") + 1, last_activity_at=timezone.now()
    )
    return post


@transaction.atomic
def post_edit(*, post: Post, by, body: str) -> Post:
    """The author edits a post; the previous version is kept."""
    if post.author_id != by.pk:
        raise PermissionDenied(_("Only the author can edit this post."))
    if post.deleted_at is not None:
        raise ValidationError(_("This post was deleted."))
    if post.thread.locked:
        raise ValidationError({"body": _("This thread is locked.")})
    from .moderation import check_link_count, check_not_suspended

    if not by.is_staff:
        check_not_suspended(user=by, community=post.thread.community)
    body_html = clean_body(body)
    check_link_count(body_html=body_html)
    PostRevision.objects.create(post=post, body=post.body, edited_by=by)
    post.body, post.body_html, post.edited_at = body.strip(), body_html, timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    return post


@transaction.atomic
def post_delete(*, post: Post, by) -> Post:
    """Soft delete by its author or a moderator; staff can restore."""
    if post.author_id != by.pk:
        check_can_moderate(user=by, community=post.thread.community)
        if post.deleted_at is None:
            # A moderator's delete goes through the moderation log, so the author sees why.
            from .moderation import moderate

            moderate(by=by, action="delete", post=post, reason=_("Deleted by a moderator."))
            post.refresh_from_db(fields=["deleted_at"])
        return post
    if post.deleted_at is None:
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at"])
    return post


@transaction.atomic
def reaction_add(*, post: Post, user) -> Reaction:
    if post.author_id == user.pk:
        raise ValidationError(_("You cannot mark your own post as helpful."))
    if post.deleted_at is not None:
        raise ValidationError(_("This post was deleted."))
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(post=post, user=user)
    except IntegrityError as error:
        raise ValidationError(_("You already marked this post as helpful.")) from error
    Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
    return reaction


@transaction.atomic
def reaction_remove(*, post: Post, user) -> None:
    deleted, _details = Reaction.objects.filter(post=post, user=user).delete()
    if not deleted:
        raise ValidationError(_("You had not marked this post as helpful."))
    Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)


@transaction.atomic
def thread_accept_answer(*, thread: Thread, post: Post, by) -> Thread:
    """The question's author or a moderator accepts one answer."""
    if thread.kind != Thread.Kind.QUESTION:
        raise ValidationError({"post": _("Only questions have accepted answers.")})
    if not (thread.author_id == by.pk or can_moderate(user=by, community=thread.community)):
        raise PermissionDenied(_("Only the person who asked or a moderator accepts an answer."))
    if post.thread_id != thread.pk:
        raise ValidationError({"post": _("That answer belongs to another thread.")})
    if post.deleted_at is not None:
        raise ValidationError({"post": _("That answer was deleted.")})
    first_post_id = thread.posts.order_by("created_at", "id").values_list("id", flat=True).first()
    if post.pk == first_post_id:
        raise ValidationError({"post": _("The question itself cannot be its answer.")})
    thread.accepted_post = post
    thread.save(update_fields=["accepted_post"])
    return thread


def thread_mark_read(*, thread: Thread, user, post: Post | None) -> None:
    """Remember where a reader left off (never moves backward)."""
    if post is None or not user.is_authenticated:
        return
    mark, created = ThreadReadMark.objects.get_or_create(
        thread=thread, user=user, defaults={"last_read_post": post}
    )
    if not created and (mark.last_read_post_id or 0) < post.pk:
        mark.last_read_post = post
        mark.save(update_fields=["last_read_post", "updated_at"])


# --- Checks the community pages ask before showing a form (additive) ----------------------


def check_can_edit_post(*, post: Post, by) -> None:
    """The rule of `post_edit`, asked before the edit form is shown."""
    if post.author_id != by.pk:
        raise PermissionDenied(_("Only the author can edit this post."))
    if post.deleted_at is not None:
        raise ValidationError(_("This post was deleted."))


def check_can_delete_post(*, post: Post, by) -> None:
    """The rule of `post_delete`, asked before the confirmation is shown."""
    if post.author_id != by.pk:
        check_can_moderate(user=by, community=post.thread.community)


def can_accept_answers(*, thread: Thread, user) -> bool:
    """The rule of `thread_accept_answer` about who: the person who asked or a moderator."""
    if thread.kind != Thread.Kind.QUESTION or not user.is_authenticated:
        return False
    return thread.author_id == user.pk or can_moderate(user=user, community=thread.community)
