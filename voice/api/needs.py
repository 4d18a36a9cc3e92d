"""Needs per stage, and my answers to how well each was met."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ecosystem.api import StrictSerializer
from goals.models import Playbook, PlaybookMilestone
from milestones.models import Milestone
from partners.models import Resource
from stakeholders.models import Stakeholder

from .. import selectors
from ..access import can_change_needs_of
from ..models import Need, NeedAnswer
from ..services.needs import need_add, need_answer, need_remove, need_skip


class NeedSerializer(serializers.ModelSerializer):
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = Need
        fields = ["id", "title", "playbook_milestone", "milestone", "created_at", "permissions"]
        read_only_fields = fields

    def get_permissions(self, need) -> dict:
        user = self.context["request"].user
        return {
            "delete": can_change_needs_of(
                user, playbook_milestone=need.playbook_milestone, milestone=need.milestone
            )
        }


class NeedCreateSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    playbook_milestone = serializers.IntegerField(required=False)
    milestone = serializers.IntegerField(required=False)


class NeedListView(generics.ListAPIView):
    """Needs I can see (a playbook's, my goals'): filter by ?playbook_milestone=, ?milestone=
    (a goal milestone's own and inherited needs) or ?playbook=."""

    serializer_class = NeedSerializer

    def get_queryset(self):
        needs = selectors.need_list(user=self.request.user)
        params = self.request.query_params
        for name in ("playbook_milestone", "milestone", "playbook"):
            value = params.get(name)
            if value is not None and not value.isdigit():
                raise serializers.ValidationError({name: [_("Give an id (a whole number).")]})
        if params.get("playbook_milestone"):
            needs = needs.filter(playbook_milestone_id=params["playbook_milestone"])
        if params.get("playbook"):
            needs = needs.filter(playbook_milestone__playbook_id=params["playbook"])
        if params.get("milestone"):
            milestone = get_object_or_404(
                Milestone.objects.visible_to(self.request.user), pk=params["milestone"]
            )
            needs = needs.filter(pk__in=Need.objects.of_milestone(milestone).values("pk"))
        return needs.order_by("id")

    def post(self, request):
        data = NeedCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        stage = milestone = None
        if "playbook_milestone" in fields:
            stage = (
                PlaybookMilestone.objects.filter(
                    playbook__in=Playbook.objects.visible_to(request.user)
                )
                .select_related("playbook")
                .filter(pk=fields["playbook_milestone"])
                .first()
            )
            if stage is None:
                raise serializers.ValidationError({"playbook_milestone": [_("No such milestone.")]})
        if "milestone" in fields:
            milestone = (
                Milestone.objects.visible_to(request.user)
                .select_related("goal")
                .filter(pk=fields["milestone"])
                .first()
            )
            if milestone is None:
                raise serializers.ValidationError({"milestone": [_("No such milestone.")]})
        need = need_add(
            by=request.user, title=fields["title"], playbook_milestone=stage, milestone=milestone
        )
        return Response(
            NeedSerializer(need, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class NeedDetailView(APIView):
    def _need(self, request, pk):
        return get_object_or_404(selectors.need_list(user=request.user), pk=pk)

    @extend_schema(responses=NeedSerializer)
    def get(self, request, pk):
        return Response(NeedSerializer(self._need(request, pk), context={"request": request}).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        need_remove(need=self._need(request, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnswerSerializer(serializers.ModelSerializer):
    need_title = serializers.CharField(source="need.title", read_only=True)
    milestone_title = serializers.CharField(source="milestone.title", read_only=True)
    goal = serializers.IntegerField(source="milestone.goal_id", read_only=True)

    class Meta:
        model = NeedAnswer
        fields = [
            "id",
            "need",
            "need_title",
            "milestone",
            "milestone_title",
            "goal",
            "rating",
            "met_by",
            "stakeholder",
            "resource",
            "asked_at",
            "answered_at",
            "skipped_at",
        ]
        read_only_fields = fields


class AnswerInputSerializer(StrictSerializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    met_by = serializers.ChoiceField(choices=NeedAnswer.MetBy.choices)
    stakeholder = serializers.PrimaryKeyRelatedField(
        queryset=Stakeholder.objects.all(), required=False, allow_null=True
    )
    resource = serializers.PrimaryKeyRelatedField(
        queryset=Resource.objects.all(), required=False, allow_null=True
    )


class AnswerListView(generics.ListAPIView):
    """My questions and answers; ?pending=1 lists only those not answered nor skipped."""

    serializer_class = AnswerSerializer

    def get_queryset(self):
        answers = selectors.answer_list(user=self.request.user)
        pending = self.request.query_params.get("pending")
        if pending not in (None, "", "0", "1"):
            raise serializers.ValidationError({"pending": [_("Give 1 or 0.")]})
        if pending == "1":
            answers = answers.pending()
        return answers


class AnswerDetailView(APIView):
    def _answer(self, request, pk):
        return get_object_or_404(selectors.answer_list(user=request.user), pk=pk)

    @extend_schema(responses=AnswerSerializer)
    def get(self, request, pk):
        return Response(AnswerSerializer(self._answer(request, pk)).data)

    @extend_schema(request=AnswerInputSerializer, responses=AnswerSerializer)
    def patch(self, request, pk):
        answer = self._answer(request, pk)
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = need_answer(answer=answer, by=request.user, **data.validated_data)
        return Response(AnswerSerializer(answer).data)


class AnswerSkipView(APIView):
    @extend_schema(request=None, responses=AnswerSerializer)
    def post(self, request, pk):
        answer = get_object_or_404(selectors.answer_list(user=request.user), pk=pk)
        return Response(AnswerSerializer(need_skip(answer=answer, by=request.user)).data)
