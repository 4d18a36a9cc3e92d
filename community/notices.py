"""What people in communities are told: a reply to their thread, a mention, their answer
accepted, a moderator's decision on their post. Called by the services and moderation
actions inside their transaction: the notification is written with the change, once (its
key), and only to people the community's own `visible_to` rules let see the post; its
email leaves only after commit.
"""

from django.utils.translation import gettext as _

from ecosystem.accounts.services import mentioned_users
from ecosystem.notifications.models import Kind
from ecosystem.notifications.services import notify

from .models import ModerationAction, Post, Thread

EXCERPT = 280
Action = ModerationAction.Action
OUTCOME_ACTIONS = {Action.HIDE, Action.AUTO_HIDE, Action.DELETE, Action.DISMISS, Action.RESTORE}


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _who_may_see(post: Post, people) -> list[int]:
    """Those of these people who may see the post (one query each: a handful at most)."""
    return [
        person.pk
        for person in people
        if Post.objects.visible_to(person).filter(pk=post.pk).exists()
    ]


def _mentions(post: Post, *, skip: set[int]) -> int:
    people = [person for person in mentioned_users(post.body) if person.pk not in skip]
    recipients = _who_may_see(post, people)
    if not recipients:
        return 0
    thread = post.thread
    return notify(
        recipients=recipients,
        kind=Kind.MENTION,
        target=post,
        title=lambda: (
            _("%(author)s mentioned you in “%(thread)s”")
            % {"author": post.author.name, "thread": thread.title}
        ),
        body=_excerpt(post.body),
        link=post.get_absolute_url(),
        dedupe_key=f"mention:post:{post.pk}",
    )


def thread_started(*, thread: Thread, post: Post) -> int:
    """The first post of a thread: the people it mentions."""
    return _mentions(post, skip={post.author_id})


def post_created(*, post: Post) -> int:
    """A reply: the thread's author (not their own reply), and the people it mentions."""
    thread = post.thread
    told = 0
    author = thread.author
    if author is not None and author.pk != post.author_id and _who_may_see(post, [author]):
        told += notify(
            recipients=[author.pk],
            kind=Kind.THREAD_REPLY,
            target=post,
            title=lambda: (
                _("%(author)s replied to “%(thread)s”")
                % {"author": post.author.name, "thread": thread.title}
            ),
            body=_excerpt(post.body),
            link=post.get_absolute_url(),
            dedupe_key=f"thread_reply:post:{post.pk}",
        )
    # The thread's author already hears of this reply: one notification, not two.
    return told + _mentions(post, skip={post.author_id, thread.author_id})


def post_edited(*, post: Post) -> int:
    """An edit may mention someone new; those already told are not told again (the key)."""
    return _mentions(post, skip={post.author_id})


def answer_accepted(*, thread: Thread, post: Post, by) -> int:
    """The answer's author, when someone else accepted it."""
    if post.author_id is None or post.author_id == by.pk:
        return 0
    return notify(
        recipients=[post.author_id],
        kind=Kind.ANSWER_ACCEPTED,
        target=post,
        title=lambda: _("Your answer to “%(thread)s” was accepted") % {"thread": thread.title},
        body=_excerpt(post.body),
        link=post.get_absolute_url(),
        dedupe_key=f"answer_accepted:post:{post.pk}",
    )


def moderation_outcome(*, entry: ModerationAction) -> int:
    """The author of a post or thread a moderator hid, deleted, restored or cleared of
    flags, with the moderator's reason (each decision is told once)."""
    if entry.action not in OUTCOME_ACTIONS:
        return 0
    item = entry.post if entry.post_id else entry.thread
    if item is None or item.author_id is None or item.author_id == entry.actor_id:
        return 0
    thread = entry.post.thread if entry.post_id else entry.thread

    def title() -> str:  # in each recipient's language
        what = _("your post in “%(thread)s”") if entry.post_id else _("your thread “%(thread)s”")
        titles = {
            Action.HIDE: _("A moderator hid %(what)s"),
            Action.AUTO_HIDE: _("Flags hid %(what)s until a moderator reviews it"),
            Action.DELETE: _("A moderator deleted %(what)s"),
            Action.RESTORE: _("A moderator restored %(what)s"),
            Action.DISMISS: _("Moderators found nothing wrong with %(what)s"),
        }
        return titles[entry.action] % {"what": what % {"thread": thread.title}}

    # A deleted thread is no longer anyone's to open: the notice stands on its own.
    target = None if entry.action == Action.DELETE and not entry.post_id else item
    return notify(
        recipients=[item.author_id],
        kind=Kind.FLAG_OUTCOME,
        target=target,
        title=title,
        body=lambda: _("Reason: %(reason)s") % {"reason": entry.reason} if entry.reason else "",
        link=item.get_absolute_url() if target is not None else "",
        dedupe_key=f"flag_outcome:moderation:{entry.pk}",
    )
