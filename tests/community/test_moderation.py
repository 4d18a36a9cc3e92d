"""Moderation services: flags that hide at a threshold, moderators' actions with a log,
suspensions, and the limits on newcomers.

`build_world` is shared with the API and page tests of moderation: a public community
(growers) with its author, members, moderator and a suspended member; another community
(analysts) with its own moderator; a members-only one (circle); and staff.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community.models import (
    Community,
    CommunityMembership,
    Flag,
    ModerationAction,
    Post,
    Suspension,
    Thread,
)
from community.moderation import PostingLimitReached, flag_create, moderate
from community.selectors import (
    attach_open_flags,
    flags_raised_by,
    moderation_log,
    moderation_notices_for,
    moderation_queue,
    thread_detail,
    thread_list,
)
from community.services import (
    community_create,
    community_join,
    moderator_appoint,
    post_create,
    thread_create,
)
from ecosystem.accounts.models import User
from ecosystem.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Action = ModerationAction.Action
ROLES = (
    "author",
    "member",
    "moderator",
    "other_moderator",
    "staff",
    "suspended",
    "anonymous",
)


@dataclass
class World:
    people: dict
    growers: Community  # public: author, member, flaggers, moderator, suspended belong
    analysts: Community  # public: other_moderator moderates it
    circle: Community  # members only: author, member and moderator belong
    thread: Thread  # in growers, by author
    post: Post  # a reply in thread, by author
    secret_thread: Thread  # in circle, by author
    secret_post: Post  # a reply in secret_thread, by author

    def __getitem__(self, role) -> User | None:
        return self.people[role]


def build_world() -> World:
    staff = UserFactory(is_staff=True, display_name="Sam Staff")
    people = {
        "author": UserFactory(display_name="Ari Author"),
        "member": UserFactory(display_name="Mere Member"),
        "second": UserFactory(display_name="Tama Second"),
        "third": UserFactory(display_name="Hine Third"),
        "moderator": UserFactory(display_name="Moana Moderator"),
        "other_moderator": UserFactory(display_name="Oscar Othermod"),
        "staff": staff,
        "suspended": UserFactory(display_name="Sid Suspended"),
        "anonymous": None,
    }
    growers = community_create(by=staff, name="Hawke's Bay apple growers", purpose="Apples")
    analysts = community_create(by=staff, name="Data analysts 2027", purpose="Certificates")
    circle = community_create(
        by=staff,
        name="Orchard owners' circle",
        purpose="In confidence",
        visibility=Community.Visibility.MEMBERS_ONLY,
    )
    for role in ("author", "member", "second", "third", "suspended"):
        community_join(community=growers, user=people[role])
    moderator_appoint(community=growers, user=people["moderator"], by=staff)
    moderator_appoint(community=analysts, user=people["other_moderator"], by=staff)
    for role in ("author", "member"):
        CommunityMembership.objects.create(community=circle, user=people[role])
    moderator_appoint(community=circle, user=people["moderator"], by=staff)
    thread = thread_create(
        community=growers, author=people["author"], title="When to thin?", kind="question",
        body="When do you **thin** Gala?",
    )  # fmt: skip
    post = post_create(thread=thread, author=people["author"], body="Buy my pills at spam.example")
    secret_thread = thread_create(
        community=circle, author=people["author"], title="Our margins", kind="discussion",
        body="Margins are thin",
    )  # fmt: skip
    secret_post = post_create(thread=secret_thread, author=people["author"], body="Really thin")
    moderate(
        by=staff,
        action=Action.SUSPEND,
        subject=people["suspended"],
        community=growers,
        until=timezone.now() + timedelta(days=7),
        reason="Repeated insults",
    )
    return World(
        people=people,
        growers=growers,
        analysts=analysts,
        circle=circle,
        thread=thread,
        post=post,
        secret_thread=secret_thread,
        secret_post=secret_post,
    )


@pytest.fixture
def world() -> World:
    return build_world()


def flag_three_times(world, target: dict) -> None:
    for role in ("member", "second", "third"):
        flag_create(by=world[role], reason=Flag.Reason.SPAM, **target)


def refresh(obj):
    obj.refresh_from_db()
    return obj


# --- Flags ------------------------------------------------------------------------------


def test_a_member_flags_a_post_once_with_a_note(world):
    flag = flag_create(
        by=world["member"], post=world.post, reason=Flag.Reason.SPAM, note="Selling pills"
    )

    assert (flag.community, flag.outcome, flag.note) == (world.growers, "open", "Selling pills")
    assert refresh(world.post).hidden_at is None


def test_flagging_twice_says_so_and_keeps_the_first_flag(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM, note="Pills")

    with pytest.raises(ValidationError) as refused:
        flag_create(by=world["member"], post=world.post, reason=Flag.Reason.ABUSE)

    assert "You already flagged this." in refused.value.messages
    flag = Flag.objects.get()
    assert (flag.reason, flag.note) == ("spam", "Pills")


def test_no_one_flags_what_they_wrote(world):
    with pytest.raises(ValidationError, match="wrote yourself"):
        flag_create(by=world["author"], post=world.post, reason=Flag.Reason.SPAM)
    assert not Flag.objects.exists()


@pytest.mark.parametrize("role", ["other_moderator", "suspended"])
def test_non_members_and_the_suspended_cannot_flag(world, role):
    with pytest.raises(PermissionDenied):
        flag_create(by=world[role], post=world.post, reason=Flag.Reason.ABUSE)
    assert not Flag.objects.exists()


def test_a_deleted_post_cannot_be_flagged(world):
    moderate(by=world["moderator"], action=Action.DELETE, post=world.post, reason="Spam")

    with pytest.raises(ValidationError, match="deleted"):
        flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM)


def test_three_members_flagging_a_post_hide_it_pending_review(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM)
    flag_create(by=world["second"], post=world.post, reason=Flag.Reason.SPAM)
    assert refresh(world.post).hidden_at is None

    flag_create(by=world["third"], post=world.post, reason=Flag.Reason.OFF_TOPIC)

    post = refresh(world.post)
    assert post.hidden_at is not None
    assert "3 members flagged it" in post.hidden_reason
    entry = ModerationAction.objects.get(action=Action.AUTO_HIDE)
    assert (entry.actor, entry.post, entry.community) == (None, post, world.growers)
    assert entry.subject == world["author"]  # so the author is told
    assert AuditEvent.objects.filter(verb="moderation.auto_hide").count() == 1


def test_the_threshold_is_a_setting(world, settings):
    settings.MODERATION_FLAG_THRESHOLD = 2
    flag_create(by=world["member"], thread=world.thread, reason=Flag.Reason.ABUSE)
    flag_create(by=world["second"], thread=world.thread, reason=Flag.Reason.ABUSE)

    assert refresh(world.thread).hidden_at is not None


def test_a_hidden_thread_leaves_the_list_but_not_for_its_author_and_moderators(world):
    flag_three_times(world, {"thread": world.thread})

    def listed(role):
        return world.thread in thread_list(community=world.growers, user=world[role])

    assert {role: listed(role) for role in ("member", "author", "moderator", "staff")} == {
        "member": False,
        "author": True,
        "moderator": True,
        "staff": True,
    }


def test_a_hidden_threads_page_is_found_by_its_author_moderators_and_staff_only(world):
    # thread_detail first looks among the threads open to all; a hidden one is not.
    flag_three_times(world, {"thread": world.thread})

    def found(role):
        try:
            return thread_detail(user=world[role], pk=world.thread.pk) == world.thread
        except Thread.DoesNotExist:
            return False

    assert {role: found(role) for role in ("member", "author", "moderator", "staff")} == {
        "member": False,
        "author": True,
        "moderator": True,
        "staff": True,
    }


# --- Acting on flagged items ------------------------------------------------------------


def test_hiding_an_item_hidden_by_flags_confirms_it_with_the_reason(world):
    flag_three_times(world, {"post": world.post})

    entry = moderate(
        by=world["moderator"], action=Action.HIDE, post=world.post, reason="Spam: advertising"
    )

    post = refresh(world.post)
    assert post.hidden_reason == "Spam: advertising"
    assert set(Flag.objects.values_list("outcome", "outcome_note")) == {
        ("upheld", "Spam: advertising")
    }
    assert (entry.actor, entry.action, entry.subject) == (
        world["moderator"],
        "hide",
        world["author"],
    )
    assert AuditEvent.objects.filter(verb="moderation.hide", actor=world["moderator"]).exists()


def test_hiding_needs_a_reason_and_changes_nothing_without_one(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM)

    with pytest.raises(ValidationError) as refused:
        moderate(by=world["moderator"], action=Action.HIDE, post=world.post, reason="  ")

    assert "reason" in refused.value.message_dict
    assert refresh(world.post).hidden_at is None
    assert Flag.objects.get().outcome == "open"


def test_dismissing_restores_an_item_hidden_by_flags_and_tells_the_flaggers(world):
    flag_three_times(world, {"post": world.post})

    moderate(by=world["moderator"], action=Action.DISMISS, post=world.post, reason="Not spam")

    assert refresh(world.post).hidden_at is None
    assert set(Flag.objects.values_list("outcome", "outcome_note")) == {("dismissed", "Not spam")}
    mine = flags_raised_by(user=world["member"]).get()
    assert mine.get_outcome_display() == "Reviewed: no action"


@pytest.mark.parametrize(
    ("first", "again", "message"),
    [
        (Action.DISMISS, Action.DISMISS, "already resolved"),
        (Action.HIDE, Action.HIDE, "already hidden"),
        (Action.DELETE, Action.DELETE, "already deleted"),
        (Action.DISMISS, Action.RESTORE, "nothing to restore"),
    ],
)
def test_acting_on_an_item_already_resolved_says_so(world, first, again, message):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM)
    moderate(by=world["moderator"], action=first, post=world.post, reason="Reviewed")
    entries = ModerationAction.objects.count()

    with pytest.raises(ValidationError, match=message):
        moderate(by=world["staff"], action=again, post=world.post, reason="Again")

    assert ModerationAction.objects.count() == entries


def test_only_staff_restore_a_deleted_post(world):
    moderate(by=world["moderator"], action=Action.DELETE, post=world.post, reason="Spam")

    with pytest.raises(PermissionDenied, match="Only staff"):
        moderate(by=world["moderator"], action=Action.RESTORE, post=world.post)
    moderate(by=world["staff"], action=Action.RESTORE, post=world.post, reason="Mistake")

    assert refresh(world.post).deleted_at is None


def test_deleting_a_thread_answers_the_flags_on_its_posts(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM)

    moderate(by=world["moderator"], action=Action.DELETE, thread=world.thread, reason="Spam")

    assert refresh(world.thread).deleted_at is not None
    assert Flag.objects.get().outcome == "upheld"


def test_lock_and_unlock_a_thread_but_not_a_post(world):
    moderate(by=world["moderator"], action=Action.LOCK, thread=world.thread)
    assert refresh(world.thread).locked is True
    with pytest.raises(ValidationError, match="already locked"):
        moderate(by=world["moderator"], action=Action.LOCK, thread=world.thread)
    with pytest.raises(ValidationError, match="Only threads"):
        moderate(by=world["moderator"], action=Action.LOCK, post=world.post)

    moderate(by=world["moderator"], action=Action.UNLOCK, thread=world.thread)
    assert refresh(world.thread).locked is False


def test_moving_a_thread_takes_its_flags_along_into_a_community_one_moderates(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.OFF_TOPIC)
    with pytest.raises(PermissionDenied, match="communities you moderate"):
        moderate(
            by=world["moderator"],
            action=Action.MOVE,
            thread=world.thread,
            to_community=world.analysts,
        )

    entry = moderate(
        by=world["staff"], action=Action.MOVE, thread=world.thread, to_community=world.analysts
    )

    assert refresh(world.thread).community == world.analysts
    assert Flag.objects.get().community == world.analysts
    assert entry.reason == "Moved to Data analysts 2027"
    assert entry.community == world.growers  # logged where it was


def test_an_item_action_needs_an_item(world):
    with pytest.raises(ValidationError, match="post or thread"):
        moderate(by=world["staff"], action=Action.HIDE, subject=world["member"], reason="x")


# --- People: warnings and suspensions ---------------------------------------------------


def test_warning_the_author_of_a_post(world):
    entry = moderate(
        by=world["moderator"], action=Action.WARN, post=world.post, reason="No advertising"
    )

    assert (entry.subject, entry.community, entry.post) == (
        world["author"],
        world.growers,
        world.post,
    )


def test_a_suspension_must_end_in_the_future_and_nothing_is_created_otherwise(world):
    before = Suspension.objects.count()
    for until in (None, timezone.now() - timedelta(hours=1)):
        with pytest.raises(ValidationError) as refused:
            moderate(
                by=world["moderator"],
                action=Action.SUSPEND,
                subject=world["member"],
                community=world.growers,
                until=until,
                reason="Insults",
            )
        assert refused.value.message_dict["until"] == ["A suspension must end in the future."]
    assert Suspension.objects.count() == before


@pytest.mark.parametrize(("by", "subject"), [("moderator", "staff"), ("staff", "staff")])
def test_staff_cannot_be_suspended_nor_anyone_by_themselves(world, by, subject):
    with pytest.raises(ValidationError):
        moderate(
            by=world[by],
            action=Action.SUSPEND,
            subject=world[subject],
            community=world.growers,
            until=timezone.now() + timedelta(days=1),
            reason="Because",
        )


def test_a_moderator_has_no_power_in_another_community(world):
    for action, target in [
        (Action.HIDE, {"post": world.post}),
        (Action.DELETE, {"thread": world.thread}),
        (Action.LOCK, {"thread": world.thread}),
        (Action.WARN, {"subject": world["member"], "community": world.growers}),
    ]:
        with pytest.raises(PermissionDenied):
            moderate(by=world["other_moderator"], action=action, reason="Mine now", **target)
    assert not ModerationAction.objects.exclude(action=Action.SUSPEND).exists()


def test_a_platform_wide_suspension_is_staff_alone(world):
    until = timezone.now() + timedelta(days=3)
    with pytest.raises(PermissionDenied, match="Only platform staff"):
        moderate(
            by=world["moderator"],
            action=Action.SUSPEND,
            subject=world["member"],
            until=until,
            reason="Spam everywhere",
        )

    moderate(
        by=world["staff"],
        action=Action.SUSPEND,
        subject=world["member"],
        until=until,
        reason="Spam everywhere",
    )

    community_join(community=world.analysts, user=world["member"])
    with pytest.raises(PermissionDenied, match="on this platform"):
        thread_create(
            community=world.analysts, author=world["member"], title="Hi", kind="tip", body="Hi"
        )


def test_a_suspended_person_reads_but_cannot_post_and_is_told_until_when_and_why(world):
    suspended = world["suspended"]
    assert Thread.objects.visible_to(suspended).filter(pk=world.thread.pk).exists()

    with pytest.raises(PermissionDenied) as refused:
        post_create(thread=world.thread, author=suspended, body="Let me in")

    message = str(refused.value)
    assert "suspended in this community until" in message
    assert "Repeated insults" in message
    # Elsewhere they post as usual.
    community_join(community=world.analysts, user=suspended)
    thread_create(community=world.analysts, author=suspended, title="Hi", kind="tip", body="Hi")


def test_a_suspension_ends_on_its_date(world):
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        post = post_create(thread=world.thread, author=world["suspended"], body="Back, and polite")
    assert world.thread.posts.filter(pk=post.pk, hidden_at__isnull=True).exists()


# --- Limits for newcomers ---------------------------------------------------------------


@pytest.fixture
def newcomer(world):
    person = UserFactory(display_name="Nina Newcomer", date_joined=timezone.now())
    community_join(community=world.growers, user=person)
    return person


def test_a_newcomer_starts_three_threads_on_the_first_day_then_waits(world, newcomer):
    for number in range(3):
        thread_create(
            community=world.growers, author=newcomer, title=f"Q{number}", kind="question",
            body="Why?",
        )  # fmt: skip

    with pytest.raises(PostingLimitReached) as refused:
        thread_create(
            community=world.growers, author=newcomer, title="Q4", kind="question", body="Why?"
        )

    assert "at most 3 threads in their first 24 hours" in str(refused.value)
    assert 23 * 3600 < refused.value.retry_after <= 24 * 3600 + 1
    assert Thread.objects.filter(author=newcomer).count() == 3
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        thread_create(
            community=world.growers, author=newcomer, title="Q4", kind="question", body="Why?"
        )


def test_a_newcomer_replies_ten_times_on_the_first_day(world, newcomer):
    for number in range(10):
        post_create(thread=world.thread, author=newcomer, body=f"Reply {number}")

    with pytest.raises(PostingLimitReached, match="at most 10 replies"):
        post_create(thread=world.thread, author=newcomer, body="Reply 11")
    assert Post.objects.filter(author=newcomer).count() == 10


def test_three_links_in_a_post_are_refused_naming_the_limit(world):
    body = "[a](https://a.example) [b](https://b.example) [c](https://c.example)"

    with pytest.raises(ValidationError) as refused:
        post_create(thread=world.thread, author=world["member"], body=body)

    assert refused.value.message_dict["body"] == [
        "A post can contain at most 2 links; this one has 3."
    ]


def test_an_unverified_email_cannot_post(world):
    person = UserFactory(verified=False)
    community_join(community=world.growers, user=person)

    with pytest.raises(PermissionDenied, match="Verify your email"):
        post_create(thread=world.thread, author=person, body="Hello")

    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    post_create(thread=world.thread, author=person, body="Hello")


# --- Reads: the queue and the log -------------------------------------------------------


def test_the_queue_lists_each_item_once_oldest_first_with_all_its_flags(world):
    flag_create(by=world["member"], thread=world.thread, reason=Flag.Reason.OFF_TOPIC)
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM, note="Pills")
    flag_create(by=world["second"], post=world.post, reason=Flag.Reason.ABUSE)

    entries = list(moderation_queue(user=world["moderator"]))
    attach_open_flags(entries)

    assert [(entry.thread_id, entry.post_id) for entry in entries] == [
        (world.thread.pk, None),
        (None, world.post.pk),
    ]
    assert [(flag.flagger, flag.note) for flag in entries[1].open_flags] == [
        (world["member"], "Pills"),
        (world["second"], ""),
    ]
    assert entries[0].thread_body_html == "<p>When do you <strong>thin</strong> Gala?</p>\n"


def test_the_queue_and_the_log_are_scoped_to_what_one_moderates(world):
    flag_create(by=world["member"], post=world.post, reason=Flag.Reason.SPAM)
    moderate(by=world["moderator"], action=Action.WARN, post=world.post, reason="No ads")
    moderate(
        by=world["staff"],
        action=Action.SUSPEND,
        subject=world["member"],
        until=timezone.now() + timedelta(days=1),
        reason="Everywhere",
    )

    assert moderation_queue(user=world["other_moderator"]).count() == 0
    assert moderation_queue(user=world["moderator"]).count() == 1
    assert moderation_log(user=world["other_moderator"]).count() == 0
    assert {entry.reason for entry in moderation_log(user=world["moderator"])} == {
        "No ads",
        "Repeated insults",
    }
    assert moderation_log(user=world["staff"]).count() == 3
    assert moderation_log(user=world["staff"], action="suspend", actor=world["staff"]).count() == 2


def test_authors_and_the_suspended_are_told_what_moderators_did_and_why(world):
    flag_three_times(world, {"post": world.post})
    moderate(by=world["moderator"], action=Action.HIDE, post=world.post, reason="Advertising")
    moderate(by=world["moderator"], action=Action.LOCK, thread=world.thread)

    notices = list(moderation_notices_for(user=world["author"]))

    assert [(notice.action, notice.reason) for notice in notices] == [
        ("hide", "Advertising"),
        ("auto_hide", "Hidden after 3 members flagged it, pending review."),
    ]
    (suspension,) = moderation_notices_for(user=world["suspended"])
    assert (suspension.action, suspension.reason) == ("suspend", "Repeated insults")
    assert not moderation_notices_for(user=world["member"]).exists()
