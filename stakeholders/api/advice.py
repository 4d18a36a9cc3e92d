"""API of advice on milestones: read by whoever sees the milestone (hidden advice: the
owner and its author), posted with comment access, edited by its author, marked helpful
or hidden by the goal's owner."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response

from ecosystem.api import StrictSerializer, created
from milestones.models import Milestone

from ..models import Advice
from ..selectors import advice_detail, advice_of_milestone, milestone_for_advice
from ..services import (
    advice_delete,
    advice_edit,
    advice_moderate,
    advice_post,
    check_can_comment,
    check_is_owner,
)


def _visible_milestone(user, pk) -> Milestone:
    try:
        return milestone_for_advice(user=user, pk=pk)
    except Milestone.DoesNotExist:
        raise exceptions.NotFound from None


def _visible_advice(user, pk) -> Advice:
    try:
        return advice_detail(user=user, pk=pk)
    except Advice.DoesNotExist:
        raise exceptions.NotFound from None


class AdviceSerializer(serializers.ModelSerializer):
    """Advice on a milestone: `body_html` is the stored, sanitised rendering of `body`."""

    author_name = serializers.SerializerMethodField()
    is_author = serializers.SerializerMethodField()

    class Meta:
        model = Advice
        fields = [
            "id",
            "milestone",
            "author_name",
            "is_author",
            "body",
            "body_html",
            "helpful",
            "hidden",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_author_name(self, advice) -> str:
        return advice.author.name if advice.author_id else ""

    def get_is_author(self, advice) -> bool:
        request = self.context.get("request")
        return request is not None and advice.author_id == request.user.pk


class AdviceCreateSerializer(StrictSerializer):
    body = serializers.CharField(
        max_length=32000,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Markdown. Scripts, raw HTML event handlers and links other than http, "
        "https or mailto are refused.",
    )


class AdviceUpdateSerializer(StrictSerializer):
    """`body` by its author; `helpful` and `hidden` by the goal's owner."""

    body = serializers.CharField(
        max_length=32000, allow_blank=True, trim_whitespace=False, required=False
    )
    helpful = serializers.BooleanField(required=False)
    hidden = serializers.BooleanField(
        required=False, help_text="Hidden advice is seen only by the owner and its author."
    )


@extend_schema_view(
    post=extend_schema(request=AdviceCreateSerializer, responses={201: AdviceSerializer})
)
class MilestoneAdviceListView(generics.ListCreateAPIView):
    """Advice on a milestone, newest first. Posting needs comment access (or the owner)."""

    serializer_class = AdviceSerializer

    def get_milestone(self) -> Milestone:
        if not hasattr(self, "_milestone"):
            self._milestone = _visible_milestone(self.request.user, self.kwargs["pk"])
        return self._milestone

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no milestone
            return Advice.objects.none()
        return advice_of_milestone(user=self.request.user, milestone=self.get_milestone())

    def create(self, request, *args, **kwargs):
        milestone = self.get_milestone()
        check_can_comment(user=request.user, milestone=milestone)
        serializer = AdviceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        advice = advice_post(milestone=milestone, by=request.user, **serializer.validated_data)
        return created(self._answer(advice))

    def _answer(self, advice) -> dict:
        fresh = advice_detail(user=self.request.user, pk=advice.pk)
        return AdviceSerializer(fresh, context=self.get_serializer_context()).data


class AdviceDetailView(generics.GenericAPIView):
    """One piece of advice: its author edits the body; the goal's owner marks it helpful or
    hides it; either deletes it."""

    serializer_class = AdviceSerializer

    def _answer(self, advice) -> Response:
        fresh = advice_detail(user=self.request.user, pk=advice.pk)
        return Response(AdviceSerializer(fresh, context=self.get_serializer_context()).data)

    def get(self, request, pk):
        return self._answer(_visible_advice(request.user, pk))

    @extend_schema(request=AdviceUpdateSerializer, responses=AdviceSerializer)
    def patch(self, request, pk):
        advice = _visible_advice(request.user, pk)
        if advice.author_id != request.user.pk:
            # Refused before the input is read when neither author nor owner.
            check_is_owner(user=request.user, goal=advice.milestone.goal)
        serializer = AdviceUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        body = changes.pop("body", None)
        # Edited and moderated together, or not at all.
        with transaction.atomic():
            if body is not None:
                advice = advice_edit(advice=advice, by=request.user, body=body)
            if changes:
                advice = advice_moderate(advice=advice, by=request.user, **changes)
        return self._answer(advice)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        advice_delete(advice=_visible_advice(request.user, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
