"""The community's part of "Download my data" and of deleting an account.

What others read stays (threads, posts, flags on the moderation record, reactions that
count in "helpful"), shown as "Deleted user" since the account keeps no name; what is the
person's alone goes (memberships, read marks, the peer profile, suggestions,
introductions and private conversations, blocks, mentoring offers)."""

from django.db.models import Q

from ecosystem.accounts.hooks import account_deleting, personal_data

from .models import (
    CommunityMembership,
    Connection,
    Flag,
    Introduction,
    MentorOffer,
    PeerBlock,
    PeerMessage,
    PeerProfile,
    PeerReport,
    PeerSuggestion,
    Post,
    Reaction,
    Suspension,
    Thread,
    ThreadReadMark,
)


def personal_rows(*, user) -> dict:
    return {
        "community_memberships": CommunityMembership.objects.filter(user=user).values(
            "community__name", "role", "status", "created_at"
        ),
        "threads": Thread.objects.filter(author=user).values(
            "id", "community__name", "title", "kind", "created_at", "deleted_at"
        ),
        "posts": Post.objects.filter(author=user).values(
            "id", "thread_id", "thread__title", "body", "created_at", "edited_at", "deleted_at"
        ),
        "threads_read": ThreadReadMark.objects.filter(user=user).values(
            "thread_id", "thread__title", "last_read_post_id", "updated_at"
        ),
        "reactions": Reaction.objects.filter(user=user).values("post_id", "created_at"),
        "flags_made": Flag.objects.filter(flagger=user).values(
            "id", "thread_id", "post_id", "reason", "note", "outcome", "created_at"
        ),
        "peer_profile": PeerProfile.objects.filter(user=user).values(
            "findable",
            "all_goals",
            "paused",
            "show_name",
            "show_region",
            "show_progress",
            "created_at",
        ),
        # The peers themselves are left out: who was suggested is theirs to show or not.
        "peer_suggestions": PeerSuggestion.objects.filter(person=user).values(
            "goal_id", "week", "reasons", "dismissed_at", "created_at"
        ),
        "community_suspensions": Suspension.objects.filter(user=user).values(
            "community__name", "until", "reason", "created_at"
        ),
        "mentor_offers": MentorOffer.objects.filter(user=user).values(
            "playbook__title", "monthly_capacity", "active", "created_at"
        ),
        "peer_introductions": Introduction.objects.filter(
            Q(sender=user) | Q(recipient=user)
        ).values("id", "sender_id", "recipient_id", "note", "status", "created_at"),
        "peer_connections": Connection.objects.filter(Q(first=user) | Q(second=user)).values(
            "id", "first_id", "second_id", "created_at", "ended_at"
        ),
        "peer_messages_written": PeerMessage.objects.filter(author=user).values(
            "connection_id", "body", "created_at"
        ),
        "peer_blocks": PeerBlock.objects.filter(blocker=user).values("blocked_id", "created_at"),
        "peer_reports_made": PeerReport.objects.filter(reporter=user).values(
            "subject_id", "reason", "note", "outcome", "created_at"
        ),
    }


def _erase(sender, *, user, **kwargs) -> None:
    CommunityMembership.objects.filter(user=user).delete()
    ThreadReadMark.objects.filter(user=user).delete()
    PeerProfile.objects.filter(user=user).delete()
    MentorOffer.objects.filter(user=user).delete()
    PeerSuggestion.objects.filter(Q(person=user) | Q(peer=user)).delete()
    PeerReport.objects.filter(Q(reporter=user) | Q(subject=user)).delete()
    Connection.objects.filter(Q(first=user) | Q(second=user)).delete()
    Introduction.objects.filter(Q(sender=user) | Q(recipient=user)).delete()
    PeerBlock.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()


def connect() -> None:
    personal_data.register("community", personal_rows)
    account_deleting.connect(_erase, dispatch_uid="community.erase")
