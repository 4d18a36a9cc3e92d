from django.urls import path

from .views import health, ideas, moderation, needs

app_name = "voice"

urlpatterns = [
    path("goals/<int:pk>/needs/", needs.goal_needs, name="goal-needs"),
    path("goals/<int:pk>/leaving/", needs.leaving, name="leaving"),
    path("playbooks/<int:pk>/needs/", needs.playbook_needs, name="playbook-needs"),
    path("needs/<int:pk>/delete/", needs.need_delete, name="need-delete"),
    path("needs/answers/<int:pk>/", needs.answer, name="answer"),
    path("ideas/", ideas.idea_list, name="idea-list"),
    path("ideas/<int:pk>/", ideas.idea_detail, name="idea-detail"),
    path("ideas/moderation/", moderation.queue, name="moderation-queue"),
    path("ideas/moderation/<str:kind>/<int:pk>/act/", moderation.act, name="moderation-act"),
    path("health/", health.ecosystem_health, name="health"),
    path("partners/<slug:slug>/voice/", health.partner_health, name="partner-health"),
]
