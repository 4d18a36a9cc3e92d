"""API of partner organisations, their members and resources, and help for a milestone.

Writes go through partners.services, which decide who may act (403) and write the audit
log; reads come from partners.selectors or `visible_to(user)` (invisible answers 404), so
the API and the pages can never disagree. Workflow steps (invite, remove, publish,
withdraw, unpublish, verify) have input serializers of their own; answers share one shape.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import include, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from ecosystem.api import StrictModelSerializer, StrictSerializer, created
from ecosystem.reference.selectors import category_list, region_list
from goals.models import Playbook, PlaybookMilestone
from milestones.models import Milestone

from .models import Membership, PartnerOrganization, Resource
from .selectors import (
    memberships_of,
    organization_directory,
    resource_search,
    resources_for_milestone,
)
from .services import (
    check_can_post,
    check_is_admin,
    check_is_member,
    member_invite,
    member_remove,
    organization_create,
    organization_set_verified,
    organization_update,
    resource_create,
    resource_delete,
    resource_publish,
    resource_unpublish,
    resource_update,
    resource_withdraw,
)

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"


def _slugs(queryset=None, **kwargs):
    if queryset is None:
        return serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    return serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=queryset, required=False, **kwargs
    )


def _filters(query_params) -> dict:
    """Query parameters as a plain dict; an empty value means "no filter"."""
    return {name: value for name, value in query_params.items() if value != ""}


# --- Organisations ----------------------------------------------------------------------


class VerificationLabelMixin:
    def get_verification_label(self, organization) -> str:
        """Unverified organisations are labelled as such everywhere they appear."""
        return _("Verified") if organization.verified else _("Not verified")


class PartnerOrganizationSummarySerializer(VerificationLabelMixin, serializers.ModelSerializer):
    verification_label = serializers.SerializerMethodField()

    class Meta:
        model = PartnerOrganization
        fields = ["slug", "name", "verified", "verification_label"]
        read_only_fields = fields


class PartnerOrganizationSerializer(VerificationLabelMixin, serializers.ModelSerializer):
    regions = _slugs()
    categories = _slugs()
    verification_label = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(read_only=True, help_text="Members who joined.")
    resource_count = serializers.IntegerField(read_only=True, help_text="Published resources.")

    class Meta:
        model = PartnerOrganization
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "description",
            "website",
            "regions",
            "categories",
            "verified",
            "verification_label",
            "verified_at",
            "member_count",
            "resource_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PartnerOrganizationCreateSerializer(StrictModelSerializer):
    """A new organisation; whoever creates it becomes its first admin."""

    slug = serializers.SlugField(
        max_length=80, required=False, help_text="Default: made from the name. Must be unique."
    )
    regions = _slugs(region_list(), help_text="Region slugs served.")
    categories = _slugs(category_list(), help_text="Category slugs served.")

    class Meta:
        model = PartnerOrganization
        fields = ["name", "slug", "kind", "description", "website", "regions", "categories"]


class PartnerOrganizationUpdateSerializer(StrictModelSerializer):
    """Admins change the profile; staff (only) set `verified`. The slug never changes."""

    regions = _slugs(region_list(), help_text="Region slugs served.")
    categories = _slugs(category_list(), help_text="Category slugs served.")
    verified = serializers.BooleanField(required=False, help_text="Staff only.")

    class Meta:
        model = PartnerOrganization
        fields = ["name", "kind", "description", "website", "regions", "categories", "verified"]


class PartnerOrganizationFilterSerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False, max_length=200, help_text="Words in the name (weighted) or description."
    )
    kind = serializers.ChoiceField(choices=PartnerOrganization.Kind.choices, required=False)
    region = serializers.SlugRelatedField(
        slug_field="slug", queryset=region_list(), required=False, help_text="A region slug."
    )
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=category_list(), required=False, help_text="A category slug."
    )
    verified = serializers.BooleanField(required=False, allow_null=True, default=None)


@extend_schema_view(
    list=extend_schema(parameters=[PartnerOrganizationFilterSerializer]),
    create=extend_schema(
        request=PartnerOrganizationCreateSerializer,
        responses={201: PartnerOrganizationSerializer},
    ),
    partial_update=extend_schema(
        request=PartnerOrganizationUpdateSerializer, responses=PartnerOrganizationSerializer
    ),
)
class PartnerOrganizationViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The partner directory, open to everyone signed in; unverified ones are labelled."""

    serializer_class = PartnerOrganizationSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return organization_directory(user=self.request.user)

    def _answer(self, organization, status_code=status.HTTP_200_OK):
        organization = self.get_queryset().get(pk=organization.pk)
        return Response(PartnerOrganizationSerializer(organization).data, status=status_code)

    def list(self, request, *args, **kwargs):
        query = PartnerOrganizationFilterSerializer(data=_filters(request.query_params))
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(
            organization_directory(user=request.user, **query.validated_data)
        )
        return self.get_paginated_response(PartnerOrganizationSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        serializer = PartnerOrganizationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = organization_create(by=request.user, **serializer.validated_data)
        return self._answer(organization, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        organization = self.get_object()
        if not request.user.is_staff:
            # Refused before the input is read: 403 for non-admins, whatever they send.
            # (Staff may only verify; organization_set_verified decides that below.)
            check_is_admin(user=request.user, organization=organization)
        serializer = PartnerOrganizationUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        verified = changes.pop("verified", None)
        # Two services, one answer: a refusal of either leaves the organisation unchanged.
        with transaction.atomic():
            if changes or verified is None:
                organization_update(organization=organization, by=request.user, **changes)
            if verified is not None:
                organization_set_verified(
                    organization=organization, by=request.user, verified=verified
                )
        return self._answer(organization)


# --- Members ----------------------------------------------------------------------------


class PartnerMemberSerializer(serializers.ModelSerializer):
    display_name = serializers.SerializerMethodField()
    pending = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "email", "role", "display_name", "pending", "invited_at", "accepted_at"]
        read_only_fields = fields

    def get_display_name(self, membership) -> str:
        return membership.user.display_name if membership.user_id else ""

    def get_pending(self, membership) -> bool:
        """An invitation not yet accepted."""
        return not membership.is_active


class PartnerMemberInviteSerializer(StrictSerializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.MEMBER)


def _visible_organization(user, slug) -> PartnerOrganization:
    return get_object_or_404(PartnerOrganization.objects.visible_to(user), slug=slug)


@extend_schema_view(
    post=extend_schema(
        request=PartnerMemberInviteSerializer, responses={201: PartnerMemberSerializer}
    )
)
class PartnerMemberListView(generics.ListCreateAPIView):
    """Members and pending invitations, for the organisation's members; admins invite."""

    serializer_class = PartnerMemberSerializer

    def get_organization(self) -> PartnerOrganization:
        if not hasattr(self, "_organization"):
            self._organization = _visible_organization(self.request.user, self.kwargs["slug"])
        return self._organization

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no organisation
            return Membership.objects.none()
        organization = self.get_organization()
        check_is_member(user=self.request.user, organization=organization)
        return memberships_of(organization)

    def create(self, request, *args, **kwargs):
        organization = self.get_organization()
        check_is_admin(user=request.user, organization=organization)
        serializer = PartnerMemberInviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = member_invite(
            organization=organization, by=request.user, **serializer.validated_data
        )
        return created(PartnerMemberSerializer(membership).data)


class PartnerMemberDetailView(APIView):
    """Remove a member or withdraw an invitation: admins, or a member leaving."""

    @extend_schema(
        responses={
            204: None,
            400: OpenApiResponse(description="The last admin cannot be removed."),
        }
    )
    def delete(self, request, slug, pk):
        organization = _visible_organization(request.user, slug)
        membership = get_object_or_404(
            Membership.objects.select_related("organization"), organization=organization, pk=pk
        )
        member_remove(membership=membership, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Resources --------------------------------------------------------------------------


class ResourceSerializer(serializers.ModelSerializer):
    """A resource as answered: `body_html` is the stored, sanitised rendering of `body`."""

    organization = PartnerOrganizationSummarySerializer(read_only=True, allow_null=True)
    categories = _slugs()
    regions = _slugs()
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
        if user.is_staff:
            return resource.unpublished_reason
        if resource.organization_id is None:
            return resource.unpublished_reason if resource.author_id == user.pk else ""
        # Loaded once per answer, and only when there is a reason to show or hide.
        if "member_of" not in self.context:
            self.context["member_of"] = set(
                PartnerOrganization.objects.with_member(user).values_list("pk", flat=True)
            )
        member = resource.organization_id in self.context["member_of"]
        return resource.unpublished_reason if member else ""


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
    categories = _slugs(category_list(), help_text="Category slugs.")
    regions = _slugs(region_list(), help_text="Region slugs; none means everywhere.")
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
        query = ResourceFilterSerializer(data=_filters(request.query_params))
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(resource_search(user=request.user, **query.validated_data))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
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
        if not request.user.is_staff:
            # Refused before the input is read: 403 for non-members, whatever they send.
            # (Staff may unpublish; the services decide what else they may do below.)
            check_can_post(user=request.user, organization=resource.organization)
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
        return resources_for_milestone(milestone=milestone)


router = SimpleRouter()
router.register("partners", PartnerOrganizationViewSet, basename="api-partner")
router.register("resources", ResourceViewSet, basename="api-resource")

urlpatterns = [
    path(
        "partners/<slug:slug>/members/",
        PartnerMemberListView.as_view(),
        name="api-partner-members",
    ),
    path(
        "partners/<slug:slug>/members/<int:pk>/",
        PartnerMemberDetailView.as_view(),
        name="api-partner-member",
    ),
    path(
        "milestones/<int:pk>/resources/",
        MilestoneResourceListView.as_view(),
        name="api-milestone-resources",
    ),
    path("", include(router.urls)),
]
