"""API of peers (/api/v1/peers/)."""

from django.urls import path

from .conversation import (
    BlockDetailView,
    BlockListView,
    ConnectionListView,
    MentoringView,
    MessageListView,
    ReportCreateView,
    ShareGoalView,
)
from .people import (
    IntroductionAcceptView,
    IntroductionDeclineView,
    IntroductionListView,
    ProfileView,
    SuggestionDismissView,
    SuggestionListView,
)

urlpatterns = [
    path("peers/profile/", ProfileView.as_view(), name="api-peers-profile"),
    path("peers/suggestions/", SuggestionListView.as_view(), name="api-peers-suggestions"),
    path(
        "peers/suggestions/<int:pk>/dismiss/",
        SuggestionDismissView.as_view(),
        name="api-peers-suggestion-dismiss",
    ),
    path("peers/introductions/", IntroductionListView.as_view(), name="api-peers-intros"),
    path(
        "peers/introductions/<int:pk>/accept/",
        IntroductionAcceptView.as_view(),
        name="api-peers-intro-accept",
    ),
    path(
        "peers/introductions/<int:pk>/decline/",
        IntroductionDeclineView.as_view(),
        name="api-peers-intro-decline",
    ),
    path("peers/connections/", ConnectionListView.as_view(), name="api-peers-connections"),
    path(
        "peers/connections/<int:pk>/messages/",
        MessageListView.as_view(),
        name="api-peers-messages",
    ),
    path(
        "peers/connections/<int:pk>/share-goal/",
        ShareGoalView.as_view(),
        name="api-peers-share-goal",
    ),
    path("peers/blocks/", BlockListView.as_view(), name="api-peers-blocks"),
    path("peers/blocks/<int:pk>/", BlockDetailView.as_view(), name="api-peers-block"),
    path("peers/reports/", ReportCreateView.as_view(), name="api-peers-reports"),
    path("peers/mentoring/", MentoringView.as_view(), name="api-peers-mentoring"),
]
