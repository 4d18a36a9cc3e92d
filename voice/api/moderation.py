"""API of the ideas board's moderation: flag an idea or a comment; staff's queue of
flagged ones and their decisions (hide, restore, dismiss the flags).

Not visible answers 404; who may flag (community's rule) or decide (staff) answers 403
before the input is read; bad input answers 400 naming the field.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from community.models import ModerationAction
from ecosystem.api import StrictSerializer

from ..models import Idea, IdeaComment, IdeaFlag
from ..moderation.access import check_can_decide, check_can_flag
from ..moderation.selectors import attach_open_flags, idea_queue
from ..moderation.services import DECISIONS, idea_flag, idea_moderate


class IdeaFlagInputSerializer(StrictSerializer):
    reason = serializers.ChoiceField(choices=IdeaFlag.Reason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class IdeaFlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = IdeaFlag
        fields = ["id", "idea", "comment", "reason", "note", "outcome", "created_at"]
        read_only_fields = fields


def _flag(request, **target) -> Response:
    check_can_flag(user=request.user, **target)
    data = IdeaFlagInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    flag = idea_flag(by=request.user, **target, **data.validated_data)
    return Response(IdeaFlagSerializer(flag).data, status=status.HTTP_201_CREATED)


class IdeaFlagView(APIView):
    """Flag an idea for staff, once (enough flags hide it until staff review it)."""

    @extend_schema(request=IdeaFlagInputSerializer, responses={201: IdeaFlagSerializer})
    def post(self, request, pk):
        return _flag(request, idea=get_object_or_404(Idea.objects.visible_to(request.user), pk=pk))


def _comment(request, pk) -> IdeaComment:
    comments = IdeaComment.objects.visible_to(request.user).select_related("idea", "author")
    return get_object_or_404(comments, pk=pk)


class CommentFlagView(APIView):
    """Flag a comment on an idea for staff, once."""

    @extend_schema(request=IdeaFlagInputSerializer, responses={201: IdeaFlagSerializer})
    def post(self, request, pk):
        return _flag(request, comment=_comment(request, pk))


class IdeaQueueFlagSerializer(serializers.Serializer):
    reason = serializers.CharField()
    note = serializers.CharField()
    flagger = serializers.CharField(source="flagger.display_name")
    created_at = serializers.DateTimeField()


class IdeaQueueItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("ideas", "ideas"), ("comments", "comments")])
    id = serializers.IntegerField(source="item.pk")
    idea = serializers.SerializerMethodField()
    author = serializers.CharField(source="item.author.display_name")
    body_html = serializers.CharField(source="item.body_html")
    hidden = serializers.SerializerMethodField()
    first_flagged_at = serializers.DateTimeField(source="created_at")
    flags = IdeaQueueFlagSerializer(source="open_flags", many=True)

    def get_idea(self, entry) -> int:
        return entry.idea_id or entry.comment.idea_id

    def get_hidden(self, entry) -> bool:
        return entry.item.hidden_at is not None


class IdeaQueueView(generics.ListAPIView):
    """Staff: flagged ideas and comments waiting for review, oldest first (403 for others)."""

    serializer_class = IdeaQueueItemSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return IdeaFlag.objects.none()
        check_can_decide(user=self.request.user)
        return idea_queue(user=self.request.user)

    def list(self, request, *args, **kwargs):
        entries = attach_open_flags(self.paginate_queryset(self.get_queryset()))
        return self.get_paginated_response(IdeaQueueItemSerializer(entries, many=True).data)


class IdeaDecisionInputSerializer(StrictSerializer):
    action = serializers.ChoiceField(choices=[(a.value, a.label) for a in DECISIONS])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class IdeaDecisionSerializer(serializers.ModelSerializer):
    """The moderation log's entry the decision wrote."""

    class Meta:
        model = ModerationAction
        fields = ["id", "action", "item_label", "item_url", "reason", "created_at"]
        read_only_fields = fields


class DecisionView(APIView):
    """Staff decide on a flagged idea (`ideas`) or comment (`comments`): hide (a reason
    is needed), restore, or dismiss the flags. Written to the moderation log."""

    @extend_schema(request=IdeaDecisionInputSerializer, responses=IdeaDecisionSerializer)
    def post(self, request, kind, pk):
        if kind == "ideas":
            target = {"idea": get_object_or_404(Idea.objects.visible_to(request.user), pk=pk)}
        elif kind == "comments":
            target = {"comment": _comment(request, pk)}
        else:
            raise Http404
        check_can_decide(user=request.user)
        data = IdeaDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = idea_moderate(by=request.user, **target, **data.validated_data)
        return Response(IdeaDecisionSerializer(entry).data)
