from django.urls import path

from milestones.views import plan as milestone_views

from . import calendar_views, views

app_name = "goals"

urlpatterns = [
    # Goals and playbooks (goals/views.py)
    path("goals/new/", views.goal_new, name="new"),
    path("goals/trash/", views.trash_list, name="trash-list"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="edit"),
    path("goals/<int:pk>/delete/", views.goal_trash, name="trash"),
    path("goals/<int:pk>/restore/", views.goal_restore, name="restore"),
    path("goals/<int:pk>/repeat/", views.goal_repeat, name="repeat"),
    path("goals/<int:pk>/save-as-playbook/", views.goal_save_as_playbook, name="save-as-playbook"),
    path("playbooks/", views.playbook_list, name="playbook-list"),
    path("playbooks/<int:pk>/", views.playbook_detail, name="playbook-detail"),
    path("playbooks/<int:pk>/start/", views.playbook_start, name="playbook-start"),
    # The plan of one goal, edited in place with htmx (milestones/views.py)
    path("goals/<int:pk>/", milestone_views.goal_detail, name="detail"),
    path("goals/<int:pk>/milestones/add/", milestone_views.milestone_add, name="milestone-add"),
    path("goals/<int:pk>/dependencies/add/", milestone_views.dependency_add, name="dependency-add"),
    path("milestones/<int:pk>/edit/", milestone_views.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/status/", milestone_views.milestone_status, name="milestone-status"),
    path("milestones/<int:pk>/move/", milestone_views.milestone_move, name="milestone-move"),
    path("milestones/<int:pk>/delete/", milestone_views.milestone_delete, name="milestone-delete"),
    path("milestones/<int:pk>/tasks/add/", milestone_views.task_add, name="task-add"),
    path("milestones/<int:pk>/help/", milestone_views.milestone_help, name="milestone-help"),
    path(
        "dependencies/<int:pk>/delete/", milestone_views.dependency_delete, name="dependency-delete"
    ),
    path("tasks/<int:pk>/toggle/", milestone_views.task_toggle, name="task-toggle"),
    path("tasks/<int:pk>/delete/", milestone_views.task_delete, name="task-delete"),
    # Private calendar feed (goals/calendar_views.py)
    path("calendar/", calendar_views.calendar_settings, name="calendar"),
    path("calendar/regenerate/", calendar_views.calendar_regenerate, name="calendar-regenerate"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
]
