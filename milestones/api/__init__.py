"""API of milestones, prerequisites, tasks and the work-back schedule of a goal, and of the
writes that copy a whole plan (repeat, save as playbook, start from a playbook).

Writes go through milestones.services, which check who may act (404 unseen, 403 not
allowed), lock the goal and store the recomputed latest dates; reads come from
milestones.selectors or `visible_to(user)`. Where a body is parsed, the service's own
check is asked first, so a refusal never depends on whether the body was valid.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .milestones import GoalMilestoneListView, MilestoneViewSet
from .plans import GoalRepeatView, GoalSaveAsPlaybookView, PlaybookStartView
from .prerequisites import DependencyViewSet, GoalDependencyListView
from .schedule import GoalScheduleView
from .tasks import MilestoneTaskListView, TaskViewSet

router = SimpleRouter()
router.register("milestones", MilestoneViewSet, basename="api-milestone")
router.register("dependencies", DependencyViewSet, basename="api-dependency")
router.register("tasks", TaskViewSet, basename="api-task")

urlpatterns = [
    path(
        "goals/<int:pk>/milestones/",
        GoalMilestoneListView.as_view(),
        name="api-goal-milestones",
    ),
    path(
        "goals/<int:pk>/dependencies/",
        GoalDependencyListView.as_view(),
        name="api-goal-dependencies",
    ),
    path("goals/<int:pk>/schedule/", GoalScheduleView.as_view(), name="api-goal-schedule"),
    path("goals/<int:pk>/repeat/", GoalRepeatView.as_view(), name="api-goal-repeat"),
    path(
        "goals/<int:pk>/save-as-playbook/",
        GoalSaveAsPlaybookView.as_view(),
        name="api-goal-save-as-playbook",
    ),
    path("playbooks/<int:pk>/start/", PlaybookStartView.as_view(), name="api-playbook-start"),
    path(
        "milestones/<int:pk>/tasks/",
        MilestoneTaskListView.as_view(),
        name="api-milestone-tasks",
    ),
    path("", include(router.urls)),
]
