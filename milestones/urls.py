"""The plan's pages, in the `goals` namespace they share with goals/urls.py (ecosystem/urls.py
includes both under it): the goal page edited in place with htmx, the pages that copy a
plan, and the private calendar feed."""

from django.urls import path

from .views import calendar, dependencies, goals, milestones, tasks
from .views import help as milestone_help

urlpatterns = [
    # New goal, settings, repeat, save as playbook, start (milestones/views/goals.py)
    path("goals/new/", goals.goal_new, name="new"),
    path("goals/<int:pk>/edit/", goals.goal_edit, name="edit"),
    path("goals/<int:pk>/repeat/", goals.goal_repeat, name="repeat"),
    path("goals/<int:pk>/save-as-playbook/", goals.goal_save_as_playbook, name="save-as-playbook"),
    path("playbooks/<int:pk>/start/", goals.playbook_start, name="playbook-start"),
    # The plan of one goal, edited in place with htmx
    path("goals/<int:pk>/", milestones.goal_detail, name="detail"),
    path("goals/<int:pk>/milestones/add/", milestones.milestone_add, name="milestone-add"),
    path("goals/<int:pk>/dependencies/add/", dependencies.dependency_add, name="dependency-add"),
    path("milestones/<int:pk>/edit/", milestones.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/status/", milestones.milestone_status, name="milestone-status"),
    path("milestones/<int:pk>/move/", milestones.milestone_move, name="milestone-move"),
    path("milestones/<int:pk>/delete/", milestones.milestone_delete, name="milestone-delete"),
    path("milestones/<int:pk>/tasks/add/", tasks.task_add, name="task-add"),
    path("milestones/<int:pk>/tasks/close/", tasks.tasks_close, name="tasks-close"),
    path("milestones/<int:pk>/help/", milestone_help.milestone_help, name="milestone-help"),
    path("dependencies/<int:pk>/delete/", dependencies.dependency_delete, name="dependency-delete"),
    path("tasks/<int:pk>/toggle/", tasks.task_toggle, name="task-toggle"),
    path("tasks/<int:pk>/delete/", tasks.task_delete, name="task-delete"),
    # Private calendar feed (milestones/views/calendar.py)
    path("calendar/", calendar.calendar_settings, name="calendar"),
    path("calendar/regenerate/", calendar.calendar_regenerate, name="calendar-regenerate"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
]
