"""API of the communities (/api/v1/): communities and members, threads, posts, flags,
and moderation. Each module parses, calls a service or selector, and serializes; who may
see is the models' `visible_to`, who may do is `community.access`."""

from django.urls import include, path

from .communities import CommunityDetailView, CommunityListView, CommunityMemberListView
from .flags import MyFlagListView, MyNoticeListView, PostFlagView, ThreadFlagView
from .moderation import ModerationActionListView, QueueView
from .posts import PostDetailView, PostReactionView, ThreadPostListView
from .threads import (
    CommunityThreadListView,
    MilestoneCommunityTipsView,
    ThreadAcceptView,
    ThreadDetailView,
)

urlpatterns = [
    path("communities/", CommunityListView.as_view(), name="api-community-list"),
    path("communities/<slug:slug>/", CommunityDetailView.as_view(), name="api-community"),
    path(
        "communities/<slug:slug>/members/",
        CommunityMemberListView.as_view(),
        name="api-community-members",
    ),
    path(
        "communities/<slug:slug>/threads/",
        CommunityThreadListView.as_view(),
        name="api-community-threads",
    ),
    path("threads/<int:pk>/", ThreadDetailView.as_view(), name="api-thread"),
    path("threads/<int:pk>/posts/", ThreadPostListView.as_view(), name="api-thread-posts"),
    path("threads/<int:pk>/accept/", ThreadAcceptView.as_view(), name="api-thread-accept"),
    path("posts/<int:pk>/", PostDetailView.as_view(), name="api-post"),
    path("posts/<int:pk>/reactions/", PostReactionView.as_view(), name="api-post-reactions"),
    path(
        "milestones/<int:pk>/community-tips/",
        MilestoneCommunityTipsView.as_view(),
        name="api-milestone-community-tips",
    ),
    # Moderation (issue 7)
    path("posts/<int:pk>/flags/", PostFlagView.as_view(), name="api-post-flags"),
    path("threads/<int:pk>/flags/", ThreadFlagView.as_view(), name="api-thread-flags"),
    path("moderation/queue/", QueueView.as_view(), name="api-moderation-queue"),
    path("moderation/actions/", ModerationActionListView.as_view(), name="api-moderation-actions"),
    path("moderation/my-flags/", MyFlagListView.as_view(), name="api-moderation-my-flags"),
    path("moderation/notices/", MyNoticeListView.as_view(), name="api-moderation-notices"),
    # Peers further along (issue 12)
    path("", include("community.peers.api")),
]
