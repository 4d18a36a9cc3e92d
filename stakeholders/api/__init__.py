"""API of a goal's ecosystem: stakeholders, invitations, advice and the partner dashboard
(one module each); mounted under /api/v1/ by ecosystem/urls.py."""

from django.urls import path

from .advice import AdviceDetailView, MilestoneAdviceListView
from .dashboard import PartnerDashboardView
from .invitations import InvitationAcceptView, InvitationDeclineView, InvitationView
from .stakeholders import GoalStakeholderListView, StakeholderDetailView

urlpatterns = [
    path(
        "goals/<int:pk>/stakeholders/",
        GoalStakeholderListView.as_view(),
        name="api-goal-stakeholders",
    ),
    path("stakeholders/<int:pk>/", StakeholderDetailView.as_view(), name="api-stakeholder"),
    path("invitations/<str:token>/", InvitationView.as_view(), name="api-invitation"),
    path(
        "invitations/<str:token>/accept/",
        InvitationAcceptView.as_view(),
        name="api-invitation-accept",
    ),
    path(
        "invitations/<str:token>/decline/",
        InvitationDeclineView.as_view(),
        name="api-invitation-decline",
    ),
    path(
        "milestones/<int:pk>/advice/",
        MilestoneAdviceListView.as_view(),
        name="api-milestone-advice",
    ),
    path("advice/<int:pk>/", AdviceDetailView.as_view(), name="api-advice"),
    path("partner-dashboard/", PartnerDashboardView.as_view(), name="api-partner-dashboard"),
]
