"""A goal's prerequisites: the predecessor finishes before the successor starts."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, serializers, viewsets

from ecosystem.api import StrictSerializer, created
from goals.models import MAX_DAYS

from ..models import Dependency, Milestone
from ..selectors import dependency_list
from ..services import check_can_change_plan, dependency_create, dependency_delete
from .common import visible_goal


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
            self._goal = visible_goal(self.request.user, self.kwargs["pk"])
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
