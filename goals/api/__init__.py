"""API of goals and playbooks: CRUD by viewsets, the restore step by a view with its own
input and output serializers (repeat, save as playbook and start copy a plan: milestones.api).

Every write goes through goals.services or goals.playbooks, which check who may act (404
unseen, 403 not allowed); every read comes from goals.selectors or `visible_to(user)`, so
the API can never disagree with the browser. Where a body is parsed, the service's own
check is asked first, so a refusal never depends on whether the body was valid.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .goals import GoalRestoreView, GoalViewSet
from .playbooks import PlaybookViewSet

router = SimpleRouter()
router.register("goals", GoalViewSet, basename="api-goal")
router.register("playbooks", PlaybookViewSet, basename="api-playbook")

urlpatterns = [
    path("goals/<int:pk>/restore/", GoalRestoreView.as_view(), name="api-goal-restore"),
    path("", include(router.urls)),
]
