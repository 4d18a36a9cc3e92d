"""Goal pages that need no plan. They share the `goals` namespace with the plan's pages
(milestones/urls.py); ecosystem/urls.py includes both under it."""

from django.urls import path

from . import views

urlpatterns = [
    path("goals/trash/", views.trash_list, name="trash-list"),
    path("goals/<int:pk>/delete/", views.goal_trash, name="trash"),
    path("goals/<int:pk>/restore/", views.goal_restore, name="restore"),
    path("playbooks/", views.playbook_list, name="playbook-list"),
    path("playbooks/<int:pk>/", views.playbook_detail, name="playbook-detail"),
]
