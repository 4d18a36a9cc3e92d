"""Resources partners publish, and the help they give for a milestone.

Published resources for everyone signed in; drafts and unpublished ones for the
organisation's members (and staff). Members write; staff unpublish with a reason.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.response import Response

from ecosystem.api import OptionalURLField, StrictModelSerializer
from ecosystem.reference.selectors import category_list, region_list
from goals.models import Playbook, PlaybookMilestone
from milestones.models import Milestone

from .. import access
from ..models import PartnerOrganization, Resource
from ..selectors import resource_search, resources_for_milestone
from ..services import (
    resource_create,
    resource_delete,
    resource_publish,
    resource_unpublish,
    resource_update,
    resource_withdraw,
)
from .fields import filters, names_in, slugs
from .organisations import PartnerOrganizationSummarySerializer


class ResourceSerializer(serializers.ModelSerializer):
    """A resource as answered: `body_html` is the stored, sanitised rendering of `body`."""

    organization = PartnerOrganizationSummarySerializer(read_only=True, allow_null=True)
    categories = slugs()
    regions = slugs()
    link = OptionalURLField(read_only=True)
    playbook_milestones = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    unpublished_reason = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = [
            "id",
            "organization",
            "kind",
            "title",
            "summary",
            "body",
            "body_html",
            "link",
            "categories",
            "regions",
            "window_start",
            "window_end",
            "playbook_milestones",
            "status",
            "unpublished_reason",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_unpublished_reason(self, resource) -> str:
        """Why staff unpublished it: for the organisation's members and staff only."""
        if not resource.unpublished_reason:
            return ""
        user = self.context["request"].user
        # Loaded once per answer, and only when there is a reason to show or hide.
        if "member_of" not in self.context:
            self.context["member_of"] = access.organizations_of(user)
        member_of = self.context["member_of"]
        if access.can_read_unpublished_reason(user, resource, member_of=member_of):
            return resource.unpublished_reason
        return ""


class PlaybookMilestoneIds(serializers.PrimaryKeyRelatedField):
    """Ids of milestones of playbooks the person may see (public ones and their own)."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return PlaybookMilestone.objects.none()
        return PlaybookMilestone.objects.filter(
            playbook__in=Playbook.objects.visible_to(request.user)
        )


class ResourceWriteFields(StrictModelSerializer):
    """Fields a resource's author writes; the services check them and render the body."""

    body = serializers.CharField(
        max_length=32000,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Markdown. Scripts, raw HTML event handlers and links other than http, "
        "https or mailto are refused.",
    )
    categories = slugs(category_list(), help_text="Category slugs.")
    regions = slugs(region_list(), help_text="Region slugs; none means everywhere.")
    playbook_milestones = PlaybookMilestoneIds(
        many=True, required=False, help_text="Ids of playbook milestones it fits."
    )

    class Meta:
        model = Resource
        fields = [
            "kind",
            "title",
            "summary",
            "body",
            "link",
            "categories",
            "regions",
            "window_start",
            "window_end",
            "playbook_milestones",
        ]


class ResourceCreateSerializer(ResourceWriteFields):
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=PartnerOrganization.objects.all(),
        allow_null=True,
        help_text="Slug of an organisation you belong to (null: staff posting as the platform).",
    )
    status = serializers.ChoiceField(
        choices=[Resource.Status.DRAFT, Resource.Status.PUBLISHED],
        default=Resource.Status.DRAFT,
        help_text="draft (default) or published.",
    )

    class Meta(ResourceWriteFields.Meta):
        fields = ["organization", *ResourceWriteFields.Meta.fields, "status"]


class ResourceUpdateSerializer(ResourceWriteFields):
    status = serializers.ChoiceField(
        choices=Resource.Status.choices,
        required=False,
        help_text="published publishes, draft withdraws (members); unpublished takes it "
        "down with unpublished_reason (staff).",
    )
    unpublished_reason = serializers.CharField(
        max_length=500,
        required=False,
        help_text="Why staff unpublish it; the organisation sees it.",
    )

    class Meta(ResourceWriteFields.Meta):
        fields = [*ResourceWriteFields.Meta.fields, "status", "unpublished_reason"]

    def validate(self, attrs):
        unpublishing = attrs.get("status") == Resource.Status.UNPUBLISHED
        if unpublishing and not attrs.get("unpublished_reason"):
            raise serializers.ValidationError(
                {"unpublished_reason": [_("Say why, so the organisation can fix it.")]}
            )
        if "unpublished_reason" in attrs and not unpublishing:
            raise serializers.ValidationError(
                {"unpublished_reason": [_('Send it with status "unpublished".')]}
            )
        return attrs


class ResourceFilterSerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False, max_length=200, help_text="Words in the title (weighted) or body."
    )
    kind = serializers.ChoiceField(choices=Resource.Kind.choices, required=False)
    region = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=region_list(),
        required=False,
        help_text="A region slug: resources for it, or for everywhere.",
    )
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=category_list(), required=False, help_text="A category slug."
    )
    verified = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Its organisation is verified."
    )
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=PartnerOrganization.objects.all(),
        required=False,
        help_text="An organisation slug.",
    )


# Before a body is validated, each act it names is checked (the services check again):
# a person who may not do it hears 403 whatever they send, and only then 400.

STATUS_CHECKS = {
    Resource.Status.PUBLISHED: access.check_can_publish_resource,
    Resource.Status.DRAFT: access.check_can_withdraw_resource,
    Resource.Status.UNPUBLISHED: access.check_can_unpublish_resource,
}


def _check_before_create(user, data) -> None:
    """The organisation named (if it exists) must be one the person may post for."""
    if "organization" not in names_in(data):
        return  # 400: the serializer names the missing field
    slug = data.get("organization")
    if slug is None:
        access.check_can_create_resource(user=user, organization=None)
        return
    organization = PartnerOrganization.objects.visible_to(user).filter(slug=str(slug)).first()
    if organization is not None:
        access.check_can_create_resource(user=user, organization=organization)


def _check_before_update(user, resource, data) -> None:
    names = names_in(data)
    edits = names - {"status", "unpublished_reason"}
    if edits or not names:
        access.check_can_edit_resource(user=user, resource=resource)
    status_check = STATUS_CHECKS.get(data.get("status")) if "status" in names else None
    if status_check is not None:
        status_check(user=user, resource=resource)
    elif not edits:
        # A status no one may set, or a reason alone: 400 for those who may act at all.
        access.check_can_change_resource(user=user, resource=resource)


@extend_schema_view(
    list=extend_schema(parameters=[ResourceFilterSerializer]),
    create=extend_schema(request=ResourceCreateSerializer, responses={201: ResourceSerializer}),
    partial_update=extend_schema(request=ResourceUpdateSerializer, responses=ResourceSerializer),
)
class ResourceViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Published resources for everyone signed in; drafts and unpublished ones for the
    organisation's members (and staff). Members write; staff unpublish with a reason."""

    serializer_class = ResourceSerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return resource_search(user=self.request.user)

    def _answer(self, resource, status_code=status.HTTP_200_OK):
        resource = self.get_queryset().get(pk=resource.pk)
        return Response(self.get_serializer(resource).data, status=status_code)

    def list(self, request, *args, **kwargs):
        query = ResourceFilterSerializer(data=filters(request.query_params))
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(resource_search(user=request.user, **query.validated_data))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        _check_before_create(request.user, request.data)
        serializer = ResourceCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        publish = fields.pop("status") == Resource.Status.PUBLISHED
        # Created and published together, or not at all.
        with transaction.atomic():
            resource = resource_create(by=request.user, **fields)
            if publish:
                resource_publish(resource=resource, by=request.user)
        return self._answer(resource, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        resource = self.get_object()
        _check_before_update(request.user, resource, request.data)
        serializer = ResourceUpdateSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        new_status = changes.pop("status", None)
        reason = changes.pop("unpublished_reason", "")
        with transaction.atomic():
            if changes or new_status is None:
                resource = resource_update(resource=resource, by=request.user, **changes)
            if new_status == Resource.Status.PUBLISHED:
                resource_publish(resource=resource, by=request.user)
            elif new_status == Resource.Status.DRAFT:
                resource_withdraw(resource=resource, by=request.user)
            elif new_status == Resource.Status.UNPUBLISHED:
                resource_unpublish(resource=resource, by=request.user, reason=reason)
        return self._answer(resource)

    def perform_destroy(self, instance):
        resource_delete(resource=instance, by=self.request.user)


# --- Help for this step -----------------------------------------------------------------


class MilestoneResourceListView(generics.ListAPIView):
    """Published resources that fit a milestone of one's own goal, best first: tied to its
    playbook milestone, then of the goal's category; the goal's region or none; dated ones
    overlapping the milestone first; expired ones never."""

    serializer_class = ResourceSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no milestone
            return Resource.objects.none()
        milestone = get_object_or_404(
            Milestone.objects.visible_to(self.request.user).select_related(
                "goal__owner",
                "goal__category__parent__parent",
                "goal__region__parent__parent",
            ),
            pk=self.kwargs["pk"],
        )
        return resources_for_milestone(milestone=milestone, today=self.request.user.today())


urlpatterns = [
    path(
        "milestones/<int:pk>/resources/",
        MilestoneResourceListView.as_view(),
        name="api-milestone-resources",
    ),
]
