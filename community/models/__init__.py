"""Community models: communities and their conversations, and their moderation."""

from .communities import (
    MAX_POST_LENGTH,
    Community,
    CommunityMembership,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadReadMark,
    readable_community_ids,
)
from .moderation import AbstractFlag, Flag, ModerationAction, Suspension
from .peers import (
    Connection,
    Introduction,
    MentorOffer,
    PeerBlock,
    PeerMessage,
    PeerProfile,
    PeerReport,
    PeerSuggestion,
    week_of,
)

__all__ = [
    "MAX_POST_LENGTH",
    "AbstractFlag",
    "Community",
    "CommunityMembership",
    "Connection",
    "Flag",
    "Introduction",
    "MentorOffer",
    "ModerationAction",
    "PeerBlock",
    "PeerMessage",
    "PeerProfile",
    "PeerReport",
    "PeerSuggestion",
    "Post",
    "PostRevision",
    "Reaction",
    "Suspension",
    "Thread",
    "ThreadReadMark",
    "readable_community_ids",
    "week_of",
]
