"""The ideas board: list (django-filter filters, paginated), post, vote, comment, answer
with a status, merge duplicates, hide."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ecosystem.api import IdFilter, StrictSerializer
from goals.models import Playbook, PlaybookMilestone
from partners.models import PartnerOrganization

from .. import selectors
from ..access import (
    can_merge_idea,
    check_can_answer_idea,
    check_can_hide_idea,
    idea_permissions,
)
from ..models import Idea, IdeaComment
from ..services.ideas import (
    ANSWER_STATUSES,
    idea_comment,
    idea_hide,
    idea_merge,
    idea_post,
    idea_set_status,
    idea_unvote,
    idea_vote,
)


class IdeaFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(
        method="filter_organization",
        help_text="An organisation's slug; 'platform' for ideas about the platform.",
    )
    status = django_filters.ChoiceFilter(choices=Idea.Status.choices)
    stage = IdFilter(field_name="stage_id")
    playbook = IdFilter(field_name="stage__playbook_id")
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains")
    ordering = django_filters.OrderingFilter(
        fields=(("vote_count", "votes"), ("created_at", "created"))
    )

    class Meta:
        model = Idea
        fields = ["organization", "status", "stage", "playbook", "q"]

    def filter_organization(self, queryset, name, value):
        if value == "platform":
            return queryset.filter(organization__isnull=True)
        return queryset.filter(organization__slug=value)


class IdeaSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.display_name", read_only=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    votes = serializers.IntegerField(source="vote_count", read_only=True)
    voted = serializers.BooleanField(read_only=True, default=False)
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id",
            "title",
            "body_html",
            "author",
            "organization",
            "stage",
            "status",
            "status_note",
            "merged_into",
            "votes",
            "voted",
            "created_at",
            "permissions",
        ]
        read_only_fields = fields

    def get_permissions(self, idea) -> dict:
        return idea_permissions(self.context["request"].user, idea)


class IdeaInputSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(
        max_length=10000, required=False, allow_blank=True, trim_whitespace=False
    )
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=PartnerOrganization.objects.all(),
        required=False,
        allow_null=True,
    )
    stage = serializers.PrimaryKeyRelatedField(
        queryset=PlaybookMilestone.objects.all(), required=False, allow_null=True
    )

    def validate_stage(self, stage):
        user = self.context["request"].user
        if (
            stage is not None
            and not Playbook.objects.visible_to(user).filter(pk=stage.playbook_id).exists()
        ):
            raise serializers.ValidationError(_("Choose a stage of a playbook you can see."))
        return stage


def _idea(request, pk) -> Idea:
    return get_object_or_404(selectors.idea_list(user=request.user), pk=pk)


def _answer(request, pk, code=status.HTTP_200_OK) -> Response:
    idea = selectors.idea_detail(user=request.user, pk=pk)
    return Response(IdeaSerializer(idea, context={"request": request}).data, status=code)


class IdeaListView(generics.ListAPIView):
    """Ideas for partners' products and the platform, newest first (?ordering=-votes for
    the most voted)."""

    serializer_class = IdeaSerializer
    filterset_class = IdeaFilter

    def get_queryset(self):
        return selectors.idea_list(user=self.request.user)

    def post(self, request):
        data = IdeaInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        idea = idea_post(by=request.user, **data.validated_data)
        return _answer(request, idea.pk, status.HTTP_201_CREATED)


class IdeaDetailView(APIView):
    @extend_schema(responses=IdeaSerializer)
    def get(self, request, pk):
        return _answer(request, _idea(request, pk).pk)


class IdeaVoteView(APIView):
    """POST votes (once), DELETE takes my vote back."""

    @extend_schema(request=None, responses=IdeaSerializer)
    def post(self, request, pk):
        idea_vote(idea=_idea(request, pk), by=request.user)
        return _answer(request, pk)

    # DELETE answers the idea with its new count (200), not an empty 204.
    @extend_schema(request=None, responses={200: IdeaSerializer})
    def delete(self, request, pk):
        idea_unvote(idea=_idea(request, pk), by=request.user)
        return _answer(request, pk)


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(source="author.display_name")
    body_html = serializers.CharField()
    created_at = serializers.DateTimeField()


class CommentInputSerializer(StrictSerializer):
    body = serializers.CharField(max_length=5000, trim_whitespace=False)


class IdeaCommentListView(generics.ListAPIView):
    serializer_class = CommentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no pk
            return IdeaComment.objects.none()
        return selectors.idea_comments(
            user=self.request.user, idea=_idea(self.request, self.kwargs["pk"])
        )

    @extend_schema(request=CommentInputSerializer, responses={201: CommentSerializer})
    def post(self, request, pk):
        idea = _idea(request, pk)
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = idea_comment(idea=idea, by=request.user, body=data.validated_data["body"])
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class StatusInputSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in ANSWER_STATUSES])
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class IdeaStatusView(APIView):
    """The partner (staff for the platform) answers with a status; every voter is told."""

    @extend_schema(request=StatusInputSerializer, responses=IdeaSerializer)
    def post(self, request, pk):
        idea = _idea(request, pk)
        check_can_answer_idea(user=request.user, idea=idea)
        data = StatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea_set_status(idea=idea, by=request.user, **data.validated_data)
        return _answer(request, pk)


class MergeInputSerializer(StrictSerializer):
    into = serializers.IntegerField()


class IdeaMergeView(APIView):
    """Merge this idea (a duplicate) into `into`: votes move, nobody counted twice."""

    @extend_schema(request=MergeInputSerializer, responses=IdeaSerializer)
    def post(self, request, pk):
        idea = _idea(request, pk)
        if not can_merge_idea(request.user, idea):
            raise PermissionDenied(
                _("Staff merge ideas; a partner merges two ideas for its own organisation.")
            )
        data = MergeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        into = selectors.idea_list(user=request.user).filter(pk=data.validated_data["into"]).first()
        if into is None:
            raise serializers.ValidationError({"into": [_("No such idea.")]})
        into = idea_merge(idea=idea, into=into, by=request.user)
        return _answer(request, into.pk)


class HideInputSerializer(StrictSerializer):
    hidden = serializers.BooleanField(default=True)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class IdeaHideView(APIView):
    @extend_schema(request=HideInputSerializer, responses=IdeaSerializer)
    def post(self, request, pk):
        idea = _idea(request, pk)
        check_can_hide_idea(user=request.user, idea=idea)
        data = HideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea_hide(idea=idea, by=request.user, **data.validated_data)
        return _answer(request, pk)
