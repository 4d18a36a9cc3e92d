"""API of the customer's voice: needs and their answers, ideas, and the ecosystem's health.

Writes go through voice.services, whose checks (voice/access.py) answer 404 for what a
person may not see and 403 for what they see but may not do, before any input is
validated (400 naming the field). Reads come from voice.selectors and voice.health.
"""

from django.urls import path

from . import health, ideas, moderation, needs

urlpatterns = [
    path("needs/", needs.NeedListView.as_view(), name="api-need-list"),
    path("needs/<int:pk>/", needs.NeedDetailView.as_view(), name="api-need-detail"),
    path("needs/answers/", needs.AnswerListView.as_view(), name="api-need-answer-list"),
    path(
        "needs/answers/<int:pk>/", needs.AnswerDetailView.as_view(), name="api-need-answer-detail"
    ),
    path(
        "needs/answers/<int:pk>/skip/", needs.AnswerSkipView.as_view(), name="api-need-answer-skip"
    ),
    path("ideas/", ideas.IdeaListView.as_view(), name="api-idea-list"),
    path("ideas/<int:pk>/", ideas.IdeaDetailView.as_view(), name="api-idea-detail"),
    path("ideas/<int:pk>/vote/", ideas.IdeaVoteView.as_view(), name="api-idea-vote"),
    path("ideas/<int:pk>/comments/", ideas.IdeaCommentListView.as_view(), name="api-idea-comments"),
    path("ideas/<int:pk>/status/", ideas.IdeaStatusView.as_view(), name="api-idea-status"),
    path("ideas/<int:pk>/merge/", ideas.IdeaMergeView.as_view(), name="api-idea-merge"),
    path("ideas/<int:pk>/hide/", ideas.IdeaHideView.as_view(), name="api-idea-hide"),
    path("ideas/<int:pk>/flag/", moderation.IdeaFlagView.as_view(), name="api-idea-flag"),
    path(
        "ideas/comments/<int:pk>/flag/",
        moderation.CommentFlagView.as_view(),
        name="api-idea-comment-flag",
    ),
    path("ideas/moderation/", moderation.IdeaQueueView.as_view(), name="api-idea-moderation"),
    path(
        "ideas/moderation/ideas/<int:pk>/",
        moderation.DecisionView.as_view(),
        {"kind": "ideas"},
        name="api-idea-decision",
    ),
    path(
        "ideas/moderation/comments/<int:pk>/",
        moderation.DecisionView.as_view(),
        {"kind": "comments"},
        name="api-idea-comment-decision",
    ),
    path("health/", health.HealthView.as_view(), name="api-health"),
]
