"""The partner directory and organisations' profiles; staff verify."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from ecosystem.api import OptionalURLField, StrictModelSerializer
from ecosystem.reference.selectors import category_list, region_list

from .. import access
from ..models import PartnerOrganization
from ..selectors import organization_directory
from ..services import organization_create, organization_set_verified, organization_update
from .fields import SLUG_PATTERN, filters, names_in, slugs


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
    website = OptionalURLField(read_only=True)
    regions = slugs()
    categories = slugs()
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
            "time_zone",
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
    regions = slugs(region_list(), help_text="Region slugs served.")
    categories = slugs(category_list(), help_text="Category slugs served.")

    class Meta:
        model = PartnerOrganization
        fields = [
            "name", "slug", "kind", "description", "website", "time_zone", "regions", "categories",
        ]  # fmt: skip


class PartnerOrganizationUpdateSerializer(StrictModelSerializer):
    """Admins change the profile; staff (only) set `verified`. The slug never changes."""

    regions = slugs(region_list(), help_text="Region slugs served.")
    categories = slugs(category_list(), help_text="Category slugs served.")
    verified = serializers.BooleanField(required=False, help_text="Staff only.")

    class Meta:
        model = PartnerOrganization
        fields = [
            "name", "kind", "description", "website", "time_zone", "regions", "categories",
            "verified",
        ]  # fmt: skip


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
        query = PartnerOrganizationFilterSerializer(data=filters(request.query_params))
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(
            organization_directory(user=request.user, **query.validated_data)
        )
        return self.get_paginated_response(PartnerOrganizationSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        access.check_can_create_organization(user=request.user)
        serializer = PartnerOrganizationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = organization_create(by=request.user, **serializer.validated_data)
        return self._answer(organization, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        organization = self.get_object()
        # Each act the body names is checked before its values are read: 403 for a
        # profile change by a non-admin or a verification by a non-staff, whatever they
        # send. An empty body is a profile save.
        names = names_in(request.data)
        if names - {"verified"} or not names:
            access.check_can_edit_organization(user=request.user, organization=organization)
        if "verified" in names:
            access.check_can_verify_organization(user=request.user, organization=organization)
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
