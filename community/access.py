"""Who may do what in the communities: each rule written once.

Who may *see* a community, thread or post is decided by the models' querysets
(`Community.objects.visible_to(user)`, `Thread.objects.visible_to(user)`,
`Post.objects.visible_to(user)`, `readable_community_ids(user)`); this module says who may
*do* what there, and is the one place services, pages, the API, the admin and the
templates (through `community.selectors.thread_page`) ask.

Each rule is one `*_refusal(...)` function answering why not: the exception to raise
(PermissionDenied for who may not, 403; ValidationError for what cannot be done to this
item now, 400), or None when they may. `can_*` is "no refusal"; `check_can_*` raises it.
Rules read a person's `Standing` in a community, loaded once per page or action and only
as far as a rule needs, so a page of fifty posts asks the database what a page of one does.
Nothing here depends on a date; suspensions and newcomer limits compare instants.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from .models import Community, Flag, Post, Thread
from .standing import Refusal, Standing, raise_refusal, reason, standing_in

__all__ = ["Refusal", "Standing", "reason", "standing_in"]  # re-exported for callers

# The person's standing and how a refusal is said or raised: community/standing.py.
_raise = raise_refusal


# --- Moderate -----------------------------------------------------------------------------


def moderate_refusal(standing: Standing) -> Refusal:
    if standing.moderates:
        return None
    return PermissionDenied(_("Only this community's moderators (or staff) can do this."))


def can_moderate(*, user, community: Community | None) -> bool:
    """Whether a person moderates a community; with no community (a platform-wide warning
    or suspension), staff only."""
    if community is None:
        return user.is_authenticated and user.is_staff
    return moderate_refusal(standing_in(user=user, community=community)) is None


def check_can_moderate(*, user, community: Community | None) -> None:
    if community is None:
        if not can_moderate(user=user, community=None):
            raise PermissionDenied(_("Only platform staff can do this."))
        return
    _raise(moderate_refusal(standing_in(user=user, community=community)))


def can_moderate_anything(user) -> bool:
    """Staff, and anyone who moderates a community, may open the queue and the log."""
    if not user.is_authenticated:
        return False
    return user.is_staff or Community.objects.moderated_by(user).exists()


def check_can_moderate_anything(user) -> None:
    if not can_moderate_anything(user):
        raise PermissionDenied(_("Only staff and community moderators moderate."))


def check_can_moderate_in_scope(*, user, community: Community) -> None:
    """A moderator narrowing the queue or the log to a community they do not moderate."""
    if not can_moderate(user=user, community=community):
        raise PermissionDenied(_("You moderate other communities, not this one."))


def restore_refusal(*, user, item) -> Refusal:
    """What a moderator of its community may bring back: a hidden post or thread; a
    deleted one, staff only."""
    if item.hidden_at is None and item.deleted_at is None:
        return ValidationError(_("This is not hidden or deleted: nothing to restore."))
    if item.deleted_at is not None and not user.is_staff:
        return PermissionDenied(_("Only staff restore deleted posts and threads."))
    return None


def person_action_refusal(*, user, subject) -> Refusal:
    """Whom a moderator may warn or suspend: someone else, and not staff."""
    if subject is None:
        return ValidationError({"target": _("Choose the person.")})
    if subject.pk == user.pk:
        return ValidationError({"target": _("You cannot warn or suspend yourself.")})
    if subject.is_staff:
        return ValidationError({"target": _("Staff cannot be warned or suspended here.")})
    return None


# --- Communities: open, review, join, read ------------------------------------------------


def opens_communities(user) -> bool:
    """Staff open a community at once; anyone else proposes one for staff to review."""
    return user.is_authenticated and user.is_staff


def review_refusal(*, user, community: Community) -> Refusal:
    if not opens_communities(user):
        return PermissionDenied(_("Only platform staff review proposed communities."))
    if community.status != Community.Status.PROPOSED:
        return ValidationError(_("This community was already reviewed."))
    return None


def can_review(*, user, community: Community) -> bool:
    return review_refusal(user=user, community=community) is None


def check_can_review(*, user, community: Community) -> None:
    _raise(review_refusal(user=user, community=community))


def signed_out_refusal(standing: Standing, doing: str) -> Refusal:
    """Reading a public community needs no account; taking part does, and says so (the
    page adds a sign-in link)."""
    if standing.signed_in:
        return None
    return PermissionDenied(_("Sign in to %(doing)s.") % {"doing": doing})


def join_refusal(standing: Standing) -> Refusal:
    if (refusal := signed_out_refusal(standing, _("join this community"))) is not None:
        return refusal
    if standing.community.status != Community.Status.ACTIVE:
        return ValidationError(_("This community is not open yet."))
    if standing.membership is not None:
        return ValidationError(_("You are already a member or have asked to join."))
    return None


def check_can_join(standing: Standing) -> None:
    _raise(join_refusal(standing))


def read_refusal(standing: Standing) -> Refusal:
    """Reading a community's threads and its members; who may see it at all is
    `Community.objects.visible_to`."""
    if standing.reads:
        return None
    return PermissionDenied(_("Only its members read this community's threads and members."))


def check_can_read(standing: Standing) -> None:
    _raise(read_refusal(standing))


# --- Post: start a thread, reply ----------------------------------------------------------


def suspension_refusal(standing: Standing) -> Refusal:
    """A suspended person may read but not post where suspended, and is told why."""
    suspension = standing.suspension
    if suspension is None:
        return None
    where = _("on this platform") if suspension.community_id is None else _("in this community")
    return PermissionDenied(
        _("You are suspended %(where)s until %(until)s: %(reason)s")
        % {
            "where": where,
            # In the person's own time zone, whether they asked by page or by token.
            "until": formats.date_format(
                suspension.until.astimezone(standing.user.zone), "DATETIME_FORMAT"
            ),
            "reason": suspension.reason,
        }
    )


def post_refusal(standing: Standing) -> Refusal:
    """Start a thread (and, in an open thread, reply): the community's active members with
    a verified email who are not suspended there, and staff."""
    if (refusal := signed_out_refusal(standing, _("post in this community"))) is not None:
        return refusal
    if standing.community.status != Community.Status.ACTIVE:
        return PermissionDenied(_("This community is not open yet."))
    if standing.is_staff:
        return None
    if not standing.is_member:
        return PermissionDenied(_("Join this community to post in it."))
    if not standing.email_verified:
        return PermissionDenied(_("Verify your email address before posting."))
    return suspension_refusal(standing)


def check_can_post(standing: Standing) -> None:
    _raise(post_refusal(standing))


def reply_refusal(standing: Standing, thread: Thread) -> Refusal:
    """Reply (comment) in a thread: whoever may post in its community, while it is open."""
    refusal = post_refusal(standing)
    if refusal is None and thread.locked:
        refusal = ValidationError({"body": _("This thread is locked: no new replies.")})
    return refusal


def check_can_reply(standing: Standing, thread: Thread) -> None:
    _raise(reply_refusal(standing, thread))


# --- Threads and posts: rename, edit, delete, accept, mark helpful, see hidden ------------


def rename_refusal(standing: Standing, thread: Thread) -> Refusal:
    if standing.wrote(thread) or standing.moderates:
        return None
    return PermissionDenied(_("Only the author or a moderator can rename a thread."))


def check_can_rename(standing: Standing, thread: Thread) -> None:
    _raise(rename_refusal(standing, thread))


def thread_change_refusal(standing: Standing, thread: Thread, fields) -> Refusal:
    """Changing a thread's `fields`: pinning and locking are for moderators, a new title
    for the author or a moderator."""
    if {"pinned", "locked"} & set(fields) and (refusal := moderate_refusal(standing)):
        return refusal
    if "title" in fields:
        return rename_refusal(standing, thread)
    return None


def check_can_change_thread(standing: Standing, thread: Thread, fields) -> None:
    _raise(thread_change_refusal(standing, thread, fields))


def edit_refusal(standing: Standing, post: Post) -> Refusal:
    """The author edits their post (the previous version is kept) unless suspended here,
    while the post and its thread are open."""
    if not standing.wrote(post):
        return PermissionDenied(_("Only the author can edit this post."))
    if not standing.is_staff and (refusal := suspension_refusal(standing)) is not None:
        return refusal
    if post.deleted_at is not None:
        return ValidationError(_("This post was deleted."))
    if post.thread.locked:
        return ValidationError({"body": _("This thread is locked.")})
    return None


def check_can_edit(standing: Standing, post: Post) -> None:
    _raise(edit_refusal(standing, post))


def delete_refusal(standing: Standing, post: Post) -> Refusal:
    """The author deletes their own post; moderators delete any (through the log)."""
    if standing.wrote(post):
        return None
    return moderate_refusal(standing)


def check_can_delete(standing: Standing, post: Post) -> None:
    _raise(delete_refusal(standing, post))


def accept_refusal(standing: Standing, thread: Thread) -> Refusal:
    """The person who asked, or a moderator, accepts one answer to a question."""
    if not (standing.wrote(thread) or standing.moderates):
        return PermissionDenied(_("Only the person who asked or a moderator accepts an answer."))
    if thread.kind != Thread.Kind.QUESTION:
        return ValidationError({"post": _("Only questions have accepted answers.")})
    return None


def check_can_accept(standing: Standing, thread: Thread) -> None:
    _raise(accept_refusal(standing, thread))


def helpful_refusal(standing: Standing, post: Post) -> Refusal:
    if (refusal := signed_out_refusal(standing, _("mark posts helpful"))) is not None:
        return refusal
    if standing.wrote(post):
        return ValidationError(_("You cannot mark your own post as helpful."))
    if post.deleted_at is not None:
        return ValidationError(_("This post was deleted."))
    return None


def check_can_mark_helpful(standing: Standing, post: Post) -> None:
    _raise(helpful_refusal(standing, post))


def sees_hidden(standing: Standing, item) -> bool:
    """Who reads a hidden post and why it was hidden or deleted: its author, the
    community's moderators and staff (`Thread.objects.visible_to` says the same of
    hidden threads)."""
    return standing.moderates or standing.wrote(item)


# --- Flag ---------------------------------------------------------------------------------


def flag_refusal(standing: Standing, item, *, already_flagged: bool) -> Refusal:
    """Members (and staff) flag what others wrote, once, while it is there. A suspended
    person could otherwise hide others' posts by flagging them."""
    if (refusal := signed_out_refusal(standing, _("flag posts for moderators"))) is not None:
        return refusal
    if not standing.is_staff:
        if not standing.is_member:
            return PermissionDenied(_("Join this community to flag its posts."))
        if (refusal := suspension_refusal(standing)) is not None:
            return refusal
    return written_item_flag_refusal(standing, item, already_flagged=already_flagged)


def written_item_flag_refusal(standing: Standing, item, *, already_flagged: bool) -> Refusal:
    """The part of flagging that holds wherever something was written (a post, a thread,
    an idea or its comment, whose app asks this): what someone else wrote, once, while it
    is there."""
    if standing.wrote(item):
        return ValidationError({"reason": _("You cannot flag what you wrote yourself.")})
    if getattr(item, "deleted_at", None) is not None:
        return ValidationError(_("This was deleted already: there is nothing left to flag."))
    if already_flagged:
        return ValidationError({"reason": _("You already flagged this.")})
    return None


def check_can_flag(standing: Standing, *, post: Post | None = None, thread=None) -> None:
    item = post if post is not None else thread
    already = (
        standing.signed_in
        and Flag.objects.filter(flagger=standing.user, post=post, thread=thread).exists()
    )
    _raise(flag_refusal(standing, item, already_flagged=already))
