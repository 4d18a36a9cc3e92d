from django.urls import path

from milestones.views import dependencies, milestones, tasks
from milestones.views import help as milestone_help

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
    # The plan of one goal, edited in place with htmx (milestones/views/)
    path("goals/<int:pk>/", milestones.goal_detail, name="detail"),
    path("goals/<int:pk>/milestones/add/", milestones.milestone_add, name="milestone-add"),
    path("goals/<int:pk>/dependencies/add/", dependencies.dependency_add, name="dependency-add"),
    path("milestones/<int:pk>/edit/", milestones.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/status/", milestones.milestone_status, name="milestone-status"),
    path("milestones/<int:pk>/move/", milestones.milestone_move, name="milestone-move"),
    path("milestones/<int:pk>/delete/", milestones.milestone_delete, name="milestone-delete"),
    path("milestones/<int:pk>/tasks/add/", tasks.task_add, name="task-add"),
    path("milestones/<int:pk>/help/", milestone_help.milestone_help, name="milestone-help"),
    path("dependencies/<int:pk>/delete/", dependencies.dependency_delete, name="dependency-delete"),
    path("tasks/<int:pk>/toggle/", tasks.task_toggle, name="task-toggle"),
    path("tasks/<int:pk>/delete/", tasks.task_delete, name="task-delete"),
    # Private calendar feed (goals/calendar_views.py)
    path("calendar/", calendar_views.calendar_settings, name="calendar"),
    path("calendar/regenerate/", calendar_views.calendar_regenerate, name="calendar-regenerate"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
]
