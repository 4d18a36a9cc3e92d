from django.urls import path

from .views import advice, dashboard, stakeholders

app_name = "stakeholders"

urlpatterns = [
    path("invitations/<str:token>/", stakeholders.invitation, name="invitation"),
    path("goals/<int:pk>/ecosystem/", stakeholders.ecosystem_map, name="ecosystem-map"),
    path("goals/<int:pk>/stakeholders/", stakeholders.stakeholder_list, name="list"),
    path("stakeholders/<int:pk>/edit/", stakeholders.stakeholder_edit, name="edit"),
    path("stakeholders/<int:pk>/remove/", stakeholders.stakeholder_remove, name="remove"),
    path("stakeholders/<int:pk>/resend/", stakeholders.stakeholder_resend, name="resend"),
    path("milestones/<int:pk>/advice/", advice.advice_post, name="advice-post"),
    path("advice/<int:pk>/moderate/", advice.advice_moderate, name="advice-moderate"),
    path("advice/<int:pk>/delete/", advice.advice_delete, name="advice-delete"),
    path("partner-dashboard/", dashboard.partner_dashboard, name="partner-dashboard"),
]
