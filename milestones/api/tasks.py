"""A milestone's checklist: list and add tasks; read, change and delete one."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, viewsets

from ecosystem.api import StrictModelSerializer, created

from ..models import Task
from ..services import (
    check_can_edit_milestone,
    check_can_edit_task,
    task_create,
    task_delete,
    task_update,
)
from .common import WRITABLE_METHODS, visible_milestone


class TaskSerializer(StrictModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "milestone", "title", "done", "position", "created_at"]
        read_only_fields = ["id", "milestone", "created_at"]


class TaskCreateSerializer(StrictModelSerializer):
    """A new task goes last in its milestone's checklist."""

    class Meta:
        model = Task
        fields = ["title", "done"]


@extend_schema_view(
    post=extend_schema(request=TaskCreateSerializer, responses={201: TaskSerializer})
)
class MilestoneTaskListView(generics.ListCreateAPIView):
    """A milestone's checklist, in order."""

    serializer_class = TaskSerializer

    def get_serializer_class(self):
        if self.request is not None and self.request.method == "POST":
            return TaskCreateSerializer
        return TaskSerializer

    def get_milestone(self):
        if not hasattr(self, "_milestone"):
            self._milestone = visible_milestone(self.request.user, self.kwargs["pk"])
        return self._milestone

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Task.objects.none()
        return (
            Task.objects.visible_to(self.request.user)
            .filter(milestone=self.get_milestone())
            .order_by("position", "id")
        )

    def create(self, request, *args, **kwargs):
        milestone = self.get_milestone()
        # Refuse before reading the input: a viewer learns nothing from validation.
        check_can_edit_milestone(user=request.user, milestone=milestone)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = task_create(milestone=milestone, by=request.user, **serializer.validated_data)
        return created(TaskSerializer(task).data)


class TaskViewSet(
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TaskSerializer
    lookup_value_regex = r"\d+"
    http_method_names = WRITABLE_METHODS

    def get_queryset(self):
        return Task.objects.visible_to(self.request.user).select_related(
            "milestone", "milestone__goal"
        )

    def update(self, request, *args, **kwargs):
        # Refuse before reading the input: a viewer learns nothing from validation.
        check_can_edit_task(user=request.user, task=self.get_object())
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        serializer.instance = task_update(
            task=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        task_delete(task=instance, by=self.request.user)
