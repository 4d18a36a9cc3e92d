"""A goal's milestones: list and add; read, change and delete one."""

from rest_framework import generics, mixins, serializers, viewsets

from ecosystem.api import StrictModelSerializer
from goals.models import MAX_DAYS

from ..models import Milestone
from ..selectors import milestone_detail, milestone_list, milestone_queryset
from ..services import (
    check_can_change_plan,
    check_can_edit_milestone,
    milestone_create,
    milestone_delete,
    milestone_update,
)
from .common import WRITABLE_METHODS, visible_goal


class MilestoneSerializer(StrictModelSerializer):
    """A milestone with its stored work-back dates; POST and PATCH write its plain fields."""

    duration_days = serializers.IntegerField(
        min_value=0,
        max_value=MAX_DAYS,
        help_text="Working days; 0 makes it a checkpoint (an event on one day).",
    )
    task_count = serializers.IntegerField(read_only=True)
    tasks_done = serializers.IntegerField(read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "goal",
            "title",
            "description",
            "duration_days",
            "must_finish_by",
            "finish_offset_days",
            "status",
            "completed_on",
            "position",
            "source",
            "latest_start",
            "latest_finish",
            "task_count",
            "tasks_done",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "goal",
            "completed_on",
            "finish_offset_days",
            "source",
            "latest_start",
            "latest_finish",
            "created_at",
            "updated_at",
        ]


class GoalMilestoneListView(generics.ListCreateAPIView):
    """A goal's milestones, ordered as its schedule: (latest_start, position, id)."""

    serializer_class = MilestoneSerializer

    def get_goal(self):
        if not hasattr(self, "_goal"):
            self._goal = visible_goal(self.request.user, self.kwargs["pk"])
        return self._goal

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no goal
            return Milestone.objects.none()
        visible = Milestone.objects.visible_to(self.request.user).values("pk")
        return milestone_list(goal=self.get_goal()).filter(pk__in=visible)

    def create(self, request, *args, **kwargs):
        # Refuse before reading the input: a viewer learns nothing from validation.
        check_can_change_plan(user=request.user, goal=self.get_goal())
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        milestone = milestone_create(
            goal=self.get_goal(), by=self.request.user, **serializer.validated_data
        )
        serializer.instance = milestone_detail(user=self.request.user, pk=milestone.pk)


class MilestoneViewSet(
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """PATCH {"status": "done"} sets completed_on to the owner's today; done again changes
    nothing; reopening (todo, doing) clears it."""

    serializer_class = MilestoneSerializer
    lookup_value_regex = r"\d+"
    http_method_names = WRITABLE_METHODS

    def get_queryset(self):
        return (
            milestone_queryset()
            .visible_to(self.request.user)
            .select_related("goal", "goal__owner", "source")
        )

    def update(self, request, *args, **kwargs):
        # Refuse before reading the input: a viewer learns nothing from validation.
        check_can_edit_milestone(
            user=request.user, milestone=self.get_object(), fields=set(request.data)
        )
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        milestone = milestone_update(
            milestone=serializer.instance, by=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=milestone.pk)

    def perform_destroy(self, instance):
        milestone_delete(milestone=instance, by=self.request.user)
