"""API of the writes that copy a whole plan (milestones/plans.py): repeat a goal, save it
as a playbook, start a goal from a playbook. Each refuses before reading its input."""

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from ecosystem.api import StrictSerializer, created
from goals.access import check_can_manage_goal
from goals.api.goals import GoalSerializer, goal_answer, visible_goal
from goals.api.playbooks import PlaybookDetailSerializer, playbook_answer
from goals.selectors import playbook_detail

from ..plans import goal_repeat, goal_save_as_playbook, playbook_start


class GoalRepeatInputSerializer(StrictSerializer):
    target_date = serializers.DateField()
    title = serializers.CharField(max_length=200, required=False)


class GoalRepeatView(APIView):
    """Next season: a new goal with the whole plan re-anchored on a new target date."""

    @extend_schema(request=GoalRepeatInputSerializer, responses={201: GoalSerializer})
    def post(self, request, pk):
        goal = visible_goal(request.user, pk)
        # Refuse before reading the input: stakeholders who see it get 403, valid or not.
        check_can_manage_goal(user=request.user, goal=goal)
        data = GoalRepeatInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new_goal = goal_repeat(goal=goal, by=request.user, **data.validated_data)
        return created(goal_answer(request.user, new_goal))


class SaveAsPlaybookInputSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200, required=False)
    public = serializers.BooleanField(required=False)


class GoalSaveAsPlaybookView(APIView):
    """Turn a goal's plan into a reusable playbook (dated rules become offsets)."""

    @extend_schema(request=SaveAsPlaybookInputSerializer, responses={201: PlaybookDetailSerializer})
    def post(self, request, pk):
        goal = visible_goal(request.user, pk)
        # Refuse before reading the input: stakeholders who see it get 403, valid or not.
        check_can_manage_goal(user=request.user, goal=goal)
        data = SaveAsPlaybookInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        playbook = goal_save_as_playbook(goal=goal, by=request.user, **data.validated_data)
        return created(playbook_answer(request, playbook))


class PlaybookStartInputSerializer(StrictSerializer):
    target_date = serializers.DateField()
    title = serializers.CharField(
        max_length=200, required=False, help_text="Default: the playbook's title."
    )


class PlaybookStartView(APIView):
    """Start a goal from a playbook: its milestones, prerequisites and tasks are copied."""

    @extend_schema(request=PlaybookStartInputSerializer, responses={201: GoalSerializer})
    def post(self, request, pk):
        try:
            playbook = playbook_detail(user=request.user, pk=pk)
        except ObjectDoesNotExist:
            raise NotFound from None
        data = PlaybookStartInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = playbook_start(playbook=playbook, by=request.user, **data.validated_data)
        return created(goal_answer(request.user, goal))
