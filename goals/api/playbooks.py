"""Playbooks: CRUD by a viewset; save a goal as a playbook and start a goal from one as
workflow steps."""

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from ecosystem.api import StrictModelSerializer, StrictSerializer, created
from ecosystem.reference.selectors import category_list

from ..access import check_can_edit_playbook
from ..models import MAX_DAYS, Playbook, PlaybookMilestone
from ..playbooks import (
    playbook_create,
    playbook_delete,
    playbook_update,
)
from ..selectors import playbook_dependencies, playbook_detail
from ..selectors import playbook_list_for as playbook_list_selector
from .common import WRITABLE_METHODS, category_field


class PlaybookSerializer(serializers.ModelSerializer):
    """A playbook in a list."""

    category = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    author = serializers.CharField(
        source="author.name", read_only=True, allow_null=True, help_text="The author's name."
    )
    is_author = serializers.SerializerMethodField()
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The partner organisation that publishes it, if any (its slug).",
    )
    milestone_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Playbook
        fields = [
            "id",
            "title",
            "description",
            "category",
            "public",
            "author",
            "is_author",
            "organization",
            "working_weekdays",
            "milestone_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_is_author(self, playbook) -> bool:
        user = self.context["request"].user
        return playbook.author_id is not None and playbook.author_id == user.pk


class PlaybookMilestoneSerializer(serializers.ModelSerializer):
    tasks = serializers.SlugRelatedField(many=True, read_only=True, slug_field="title")

    class Meta:
        model = PlaybookMilestone
        fields = [
            "id",
            "title",
            "description",
            "duration_days",
            "offset_days_before_target",
            "position",
            "tasks",
        ]
        read_only_fields = fields


class PlaybookDependencyInputSerializer(StrictSerializer):
    """A prerequisite between two milestones, named by their index in `milestones`."""

    predecessor = serializers.IntegerField(
        min_value=0, help_text="Index of the predecessor in `milestones` (from 0)."
    )
    successor = serializers.IntegerField(
        min_value=0, help_text="Index of the successor in `milestones` (from 0)."
    )
    lag_days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS, required=False)


class PlaybookDependencySerializer(serializers.Serializer):
    """A prerequisite of a playbook, its milestones named by index in `milestones`."""

    predecessor = serializers.IntegerField(read_only=True)
    successor = serializers.IntegerField(read_only=True)
    lag_days = serializers.IntegerField(read_only=True)


class PlaybookDetailSerializer(PlaybookSerializer):
    """A playbook with its content; prerequisites name milestones by index, as on input."""

    milestones = PlaybookMilestoneSerializer(many=True, read_only=True)
    dependencies = serializers.SerializerMethodField()

    class Meta(PlaybookSerializer.Meta):
        fields = [
            field for field in PlaybookSerializer.Meta.fields if field != "milestone_count"
        ] + ["milestones", "dependencies"]
        read_only_fields = fields

    @extend_schema_field(PlaybookDependencySerializer(many=True))
    def get_dependencies(self, playbook) -> list:
        index_of = {
            milestone.pk: index for index, milestone in enumerate(playbook.milestones.all())
        }
        return [
            {
                "predecessor": index_of[link.predecessor_id],
                "successor": index_of[link.successor_id],
                "lag_days": link.lag_days,
            }
            for link in playbook_dependencies(playbook).order_by("id")
        ]


def playbook_answer(request, playbook: Playbook) -> dict:
    fresh = playbook_detail(user=request.user, pk=playbook.pk)
    return PlaybookDetailSerializer(fresh, context={"request": request}).data


class PlaybookMilestoneInputSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=10000, allow_blank=True, required=False)
    duration_days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS, required=False)
    offset_days_before_target = serializers.IntegerField(
        min_value=0, max_value=MAX_DAYS, allow_null=True, required=False
    )
    tasks = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, help_text="Task titles."
    )


def working_weekdays_field(**kwargs):
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7),
        allow_empty=False,
        required=False,
        help_text="ISO weekdays the plan is worked on (1 is Monday, 7 is Sunday): a goal "
        "started from it gets this working week. Default: all seven.",
        **kwargs,
    )


class PlaybookCreateSerializer(StrictSerializer):
    """A new playbook, optionally with its content (as goals.playbooks.playbook_create)."""

    title = serializers.CharField(max_length=200)
    working_weekdays = working_weekdays_field()
    description = serializers.CharField(max_length=10000, allow_blank=True, required=False)
    category = category_field()
    public = serializers.BooleanField(required=False)
    milestones = PlaybookMilestoneInputSerializer(many=True, required=False)
    dependencies = PlaybookDependencyInputSerializer(many=True, required=False)
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        # Partners sit above goals: the organisation model through the field, not an import.
        queryset=Playbook._meta.get_field("organization").related_model.objects.all(),
        required=False,
        allow_null=True,
        help_text="Publish under a partner organisation you are a member of (its slug).",
    )


class PlaybookUpdateSerializer(StrictModelSerializer):
    """What PATCH changes; the content of a playbook is set when it is created."""

    category = category_field()
    working_weekdays = working_weekdays_field()

    class Meta:
        model = Playbook
        fields = ["title", "description", "category", "public", "working_weekdays"]


class PlaybookListQuerySerializer(serializers.Serializer):
    """Filters of the playbook list. Not strict: the query also carries page, page_size."""

    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=category_list(), required=False
    )
    search = serializers.CharField(max_length=200, required=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("category", str, description="A category slug (its children too)."),
            OpenApiParameter("search", str, description="Words in the title or description."),
        ]
    ),
    create=extend_schema(
        request=PlaybookCreateSerializer, responses={201: PlaybookDetailSerializer}
    ),
    partial_update=extend_schema(
        request=PlaybookUpdateSerializer, responses=PlaybookDetailSerializer
    ),
)
class PlaybookViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Public playbooks and one's own private ones; writes by the author only."""

    lookup_value_regex = r"\d+"
    http_method_names = WRITABLE_METHODS

    def get_serializer_class(self):
        return {
            "list": PlaybookSerializer,
            "create": PlaybookCreateSerializer,
            "partial_update": PlaybookUpdateSerializer,
        }.get(self.action, PlaybookDetailSerializer)

    def get_queryset(self):
        if self.action != "list":
            return playbook_list_selector(self.request.user)
        filters = PlaybookListQuerySerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return playbook_list_selector(self.request.user, **filters.validated_data)

    def get_object(self):
        try:
            playbook = playbook_detail(user=self.request.user, pk=self.kwargs["pk"])
        except ObjectDoesNotExist:
            raise NotFound from None
        if self.request.method not in SAFE_METHODS:
            # Refuse before reading the input: only its author changes or deletes it.
            check_can_edit_playbook(user=self.request.user, playbook=playbook)
        return playbook

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        playbook = playbook_create(by=request.user, **serializer.validated_data)
        return created(playbook_answer(request, playbook))

    def partial_update(self, request, *args, **kwargs):
        playbook = self.get_object()
        serializer = self.get_serializer(playbook, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        playbook = playbook_update(playbook=playbook, by=request.user, **serializer.validated_data)
        return Response(playbook_answer(request, playbook))

    def perform_destroy(self, instance):
        playbook_delete(playbook=instance, by=self.request.user)
