"""A person's goals: CRUD by a viewset; restore and repeat as workflow steps."""

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ecosystem.api import StrictModelSerializer, StrictSerializer
from ecosystem.reference.selectors import region_list

from ..models import MAX_DAYS, Goal
from ..selectors import goal_detail, goal_for_restore, goal_list_for
from ..services import (
    check_can_manage_goal,
    check_can_restore_goal,
    check_target_not_past,
    goal_create,
    goal_restore,
    goal_trash,
    goal_update,
)
from .common import WRITABLE_METHODS, category_field


class GoalSerializer(StrictModelSerializer):
    """A goal as answered, and its fields as written by POST and PATCH."""

    category = category_field()
    region = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=region_list(),
        allow_null=True,
        required=False,
        help_text="A region slug; on creation, the owner's region when left out.",
    )
    working_weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7),
        allow_empty=False,
        required=False,
        help_text="ISO weekdays worked: 1 is Monday, 7 is Sunday. Default: the playbook's "
        "working week, all seven for a goal without one.",
    )
    non_working_dates = serializers.ListField(
        child=serializers.DateField(),
        max_length=MAX_DAYS,
        required=False,
        help_text="Holidays and blackout dates (YYYY-MM-DD). Default on creation: the "
        "public holidays of the goal's region from today to the target.",
    )
    milestone_count = serializers.IntegerField(read_only=True)
    milestones_closed = serializers.IntegerField(
        read_only=True, help_text="Milestones done or skipped."
    )

    class Meta:
        model = Goal
        fields = [
            "id",
            "title",
            "description",
            "category",
            "region",
            "target_date",
            "status",
            "working_weekdays",
            "non_working_dates",
            "playbook",
            "repeats",
            "milestone_count",
            "milestones_closed",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "playbook", "repeats", "created_at", "updated_at"]


def goal_answer(user, goal: Goal) -> dict:
    """Reload through the list selector so the answer carries the same counts as GET."""
    return GoalSerializer(goal_list_for(user).get(pk=goal.pk)).data


def visible_goal(user, pk) -> Goal:
    try:
        return goal_detail(user=user, pk=pk)
    except ObjectDoesNotExist:
        raise NotFound from None


def _restorable_goal(user, pk) -> Goal:
    """A goal its owner has in the trash, or one the person sees (the service decides)."""
    try:
        goal = goal_for_restore(user=user, pk=pk)
    except ObjectDoesNotExist:
        raise NotFound from None
    check_can_restore_goal(user=user, goal=goal)
    return goal


@extend_schema_view(destroy=extend_schema(description="Move the goal to the trash (restorable)."))
class GoalViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The signed-in person's goals (never anyone else's, staff included)."""

    serializer_class = GoalSerializer
    lookup_value_regex = r"\d+"
    http_method_names = WRITABLE_METHODS

    def get_queryset(self):
        return goal_list_for(self.request.user)

    def perform_create(self, serializer):
        check_target_not_past(
            target_date=serializer.validated_data["target_date"], today=self.request.user.today()
        )
        goal = goal_create(by=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=goal.pk)

    def update(self, request, *args, **kwargs):
        # Refuse before reading the input: stakeholders who see it get 403, valid or not.
        check_can_manage_goal(user=request.user, goal=self.get_object())
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        goal = goal_update(
            goal=serializer.instance, by=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=goal.pk)

    def perform_destroy(self, instance):
        goal_trash(goal=instance, by=self.request.user)


class EmptyInputSerializer(StrictSerializer):
    """No fields: anything sent answers 400 naming it."""


class GoalRestoreView(APIView):
    """Bring a goal back from the trash (its owner only; a goal not in the trash stays)."""

    @extend_schema(request=None, responses=GoalSerializer)
    def post(self, request, pk):
        goal = _restorable_goal(request.user, pk)
        EmptyInputSerializer(data=request.data).is_valid(raise_exception=True)
        goal = goal_restore(goal=goal, by=request.user)
        return Response(goal_answer(request.user, goal))
