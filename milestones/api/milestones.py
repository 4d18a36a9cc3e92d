"""API of milestones, prerequisites, tasks and the work-back schedule of a goal.

Writes go through milestones.services, which check who may act (404 unseen, 403 not
allowed), lock the goal and store the recomputed latest dates; reads come from
milestones.selectors or `visible_to(user)`. Where a body is parsed, the service's own
check is asked first, so a refusal never depends on whether the body was valid.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.urls import include, path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from ecosystem.api import StrictModelSerializer, StrictSerializer, created
from goals.models import MAX_DAYS
from goals.selectors import goal_detail

from ..models import Dependency, Milestone, Task
from ..scheduling import ScheduleOutOfRange
from ..selectors import (
    dependency_list,
    goal_plan,
    milestone_detail,
    milestone_list,
    milestone_queryset,
)
from ..services import (
    check_can_change_plan,
    check_can_edit_milestone,
    check_can_edit_task,
    dependency_create,
    dependency_delete,
    milestone_create,
    milestone_delete,
    milestone_update,
    task_create,
    task_delete,
    task_update,
)

WRITABLE_METHODS = ["get", "post", "patch", "delete", "head", "options"]


def _visible_goal(user, pk):
    try:
        return goal_detail(user=user, pk=pk)
    except ObjectDoesNotExist:
        raise exceptions.NotFound from None


def _visible_milestone(user, pk) -> Milestone:
    try:
        return milestone_detail(user=user, pk=pk)
    except ObjectDoesNotExist:
        raise exceptions.NotFound from None


# --- Milestones -------------------------------------------------------------------------


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
            self._goal = _visible_goal(self.request.user, self.kwargs["pk"])
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


# --- Prerequisites ----------------------------------------------------------------------


class DependencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Dependency
        fields = ["id", "goal", "predecessor", "successor", "lag_days", "created_at"]
        read_only_fields = fields


class DependencyCreateSerializer(StrictSerializer):
    """Milestone ids; both must belong to the goal in the path."""

    predecessor = serializers.PrimaryKeyRelatedField(queryset=Milestone.objects.none())
    successor = serializers.PrimaryKeyRelatedField(queryset=Milestone.objects.none())
    lag_days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            visible = Milestone.objects.visible_to(request.user)
            self.fields["predecessor"].queryset = visible
            self.fields["successor"].queryset = visible


@extend_schema_view(post=extend_schema(responses={201: DependencySerializer}))
class GoalDependencyListView(generics.ListCreateAPIView):
    """A goal's prerequisites: the predecessor finishes before the successor starts."""

    def get_serializer_class(self):
        if self.request is not None and self.request.method == "POST":
            return DependencyCreateSerializer
        return DependencySerializer

    def get_goal(self):
        if not hasattr(self, "_goal"):
            self._goal = _visible_goal(self.request.user, self.kwargs["pk"])
        return self._goal

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Dependency.objects.none()
        visible = Dependency.objects.visible_to(self.request.user).values("pk")
        return dependency_list(goal=self.get_goal()).filter(pk__in=visible)

    def create(self, request, *args, **kwargs):
        goal = self.get_goal()
        # Refuse before reading the input: a viewer learns nothing from validation.
        check_can_change_plan(user=request.user, goal=goal)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dependency = dependency_create(goal=goal, by=request.user, **serializer.validated_data)
        return created(DependencySerializer(dependency).data)


class DependencyViewSet(
    mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    serializer_class = DependencySerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Dependency.objects.visible_to(self.request.user).select_related("goal")

    def perform_destroy(self, instance):
        dependency_delete(dependency=instance, by=self.request.user)


# --- Tasks ------------------------------------------------------------------------------


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
            self._milestone = _visible_milestone(self.request.user, self.kwargs["pk"])
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


# --- The schedule -----------------------------------------------------------------------


class ScheduleQuerySerializer(StrictSerializer):
    as_of = serializers.DateField(
        required=False,
        help_text="YYYY-MM-DD; the forward pass starts here. Default: your own today.",
    )


class ScheduleMilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="dates.id")
    title = serializers.CharField(source="milestone.title")
    # A plain string here: a second "status" enum of the same choices in another component
    # would make drf-spectacular warn about the enum's name (MilestoneStatusEnum above).
    status = serializers.CharField(
        source="milestone.status", help_text="todo, doing, done or skipped."
    )
    latest_start = serializers.DateField(source="dates.latest_start")
    latest_finish = serializers.DateField(source="dates.latest_finish")
    earliest_start = serializers.DateField(source="dates.earliest_start", allow_null=True)
    earliest_finish = serializers.DateField(source="dates.earliest_finish", allow_null=True)
    slack_days = serializers.IntegerField(
        source="dates.slack_days",
        allow_null=True,
        help_text="Working days from earliest to latest start (open milestones only).",
    )
    is_critical = serializers.BooleanField(source="dates.is_critical")
    is_late = serializers.BooleanField(source="dates.is_late")


class ScheduleSerializer(serializers.Serializer):
    target_date = serializers.DateField()
    as_of = serializers.DateField()
    projected_finish = serializers.DateField(allow_null=True)
    feasible = serializers.BooleanField()
    float_days = serializers.IntegerField(allow_null=True)
    milestones = ScheduleMilestoneSerializer(many=True)


class GoalScheduleView(APIView):
    """The work-back plan as of a day: latest dates from the target, earliest from as_of."""

    @extend_schema(parameters=[ScheduleQuerySerializer], responses=ScheduleSerializer)
    def get(self, request, pk):
        goal = _visible_goal(request.user, pk)
        # A plain dict, not the QueryDict: DRF reads an empty form value as "not given",
        # and "?as_of=" is a date that cannot be parsed, not a request for today.
        query = ScheduleQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        try:
            plan = goal_plan(
                goal=goal, viewer=request.user, as_of=query.validated_data.get("as_of")
            )
        except ScheduleOutOfRange as error:
            raise exceptions.ValidationError({"as_of": [str(error)]}) from error
        schedule = plan.schedule
        return Response(
            ScheduleSerializer(
                {
                    "target_date": schedule.target_date,
                    "as_of": schedule.as_of,
                    "projected_finish": schedule.projected_finish,
                    "feasible": schedule.feasible,
                    "float_days": schedule.float_days,
                    "milestones": plan.rows,
                }
            ).data
        )


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
    path(
        "milestones/<int:pk>/tasks/",
        MilestoneTaskListView.as_view(),
        name="api-milestone-tasks",
    ),
    path("", include(router.urls)),
]
