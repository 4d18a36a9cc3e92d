"""API of communities and their members: list, propose or open, review, edit, join.

A community someone may not see answers 404; the members of a members-only community
answer 403 to non-members (`community.access`).
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from ecosystem.api import StrictModelSerializer, created
from ecosystem.reference.selectors import category_list, region_list

from .. import access
from ..models import Community, CommunityMembership
from ..selectors import community_list_for, member_list, memberships_for
from ..services import community_create, community_join, community_review, community_update
from .common import (
    EmptySerializer,
    PersonSerializer,
    person,
    query_filters,
    readable_community,
    visible_community,
)

# --- Communities ------------------------------------------------------------------------


class MyMembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommunityMembership
        fields = ["role", "status"]
        read_only_fields = fields


class CommunitySerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    member_count = serializers.IntegerField(read_only=True, help_text="Active members.")
    membership = serializers.SerializerMethodField(
        help_text="The asking person's membership or request; null when they have none."
    )

    class Meta:
        model = Community
        fields = [
            "id",
            "slug",
            "name",
            "purpose",
            "category",
            "region",
            "visibility",
            "status",
            "member_count",
            "membership",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(MyMembershipSerializer(allow_null=True))
    def get_membership(self, community):
        membership = self.context.get("memberships", {}).get(community.pk)
        return None if membership is None else MyMembershipSerializer(membership).data


def _community_answer(request, community, status_code=status.HTTP_200_OK, *, reload=True):
    """The community with its member count; reloaded after a write."""
    if reload:
        community = community_list_for(request.user).get(pk=community.pk)
    context = {"memberships": memberships_for(user=request.user, communities=[community])}
    return Response(CommunitySerializer(community, context=context).data, status=status_code)


class CommunityCreateSerializer(StrictModelSerializer):
    """Staff create an active community; anyone else proposes one for staff to review."""

    slug = serializers.SlugField(
        max_length=80, required=False, help_text="Default: made from the name. Must be unique."
    )
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=category_list(), required=False, allow_null=True
    )
    region = serializers.SlugRelatedField(
        slug_field="slug", queryset=region_list(), required=False, allow_null=True
    )

    class Meta:
        model = Community
        fields = ["name", "purpose", "slug", "category", "region", "visibility"]


class CommunityUpdateSerializer(StrictModelSerializer):
    """Moderators and staff change the profile; staff review a proposal with `status`."""

    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=category_list(), required=False, allow_null=True
    )
    region = serializers.SlugRelatedField(
        slug_field="slug", queryset=region_list(), required=False, allow_null=True
    )
    status = serializers.ChoiceField(
        choices=[Community.Status.ACTIVE, Community.Status.DECLINED],
        required=False,
        help_text="Staff only, on a proposed community: approve (active) or decline.",
    )

    class Meta:
        model = Community
        fields = ["name", "purpose", "category", "region", "visibility", "status"]


class CommunityFilterSerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False, max_length=200, help_text="Words in the name or purpose."
    )


@extend_schema_view(
    get=extend_schema(parameters=[CommunityFilterSerializer]),
    post=extend_schema(request=CommunityCreateSerializer, responses={201: CommunitySerializer}),
)
class CommunityListView(generics.ListCreateAPIView):
    """Communities: active ones for everyone signed in (members-only ones show their name
    and purpose), proposals to staff and to whoever proposed them."""

    serializer_class = CommunitySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return Community.objects.none()
        query = CommunityFilterSerializer(data=query_filters(self.request.query_params))
        query.is_valid(raise_exception=True)
        return community_list_for(self.request.user, **query.validated_data)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        context = {"memberships": memberships_for(user=request.user, communities=page)}
        return self.get_paginated_response(
            CommunitySerializer(page, many=True, context=context).data
        )

    def create(self, request, *args, **kwargs):
        serializer = CommunityCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        community = community_create(by=request.user, **serializer.validated_data)
        return _community_answer(request, community, status.HTTP_201_CREATED)


class CommunityDetailView(generics.GenericAPIView):
    serializer_class = CommunitySerializer

    def get(self, request, slug):
        community = visible_community(request.user, slug)
        return _community_answer(request, community, reload=False)

    @extend_schema(request=CommunityUpdateSerializer, responses=CommunitySerializer)
    def patch(self, request, slug):
        community = visible_community(request.user, slug)
        # Refused before the input is read: 403 for non-moderators, whatever they send.
        access.check_can_moderate(user=request.user, community=community)
        serializer = CommunityUpdateSerializer(community, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        review = changes.pop("status", None)
        with transaction.atomic():  # a review and an edit in one request land together
            if review is not None:
                community = community_review(
                    community=community,
                    by=request.user,
                    approve=review == Community.Status.ACTIVE,
                )
            if changes:
                community = community_update(community=community, by=request.user, **changes)
        return _community_answer(request, community)


# --- Members ----------------------------------------------------------------------------


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()

    class Meta:
        model = CommunityMembership
        fields = ["id", "user", "role", "status", "created_at"]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer)
    def get_user(self, membership):
        return person(membership.user)


@extend_schema_view(
    post=extend_schema(request=EmptySerializer, responses={201: MembershipSerializer}),
)
class CommunityMemberListView(generics.ListCreateAPIView):
    """GET: the members, moderators first, for those who may read the community; its
    moderators (and staff) also see pending requests. POST {}: join a public community at
    once, or ask to join a members-only one (status "pending")."""

    serializer_class = MembershipSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no community
            return CommunityMembership.objects.none()
        community = readable_community(self.request.user, self.kwargs["slug"])
        moderator = access.can_moderate(user=self.request.user, community=community)
        return member_list(community=community, include_pending=moderator)

    def create(self, request, slug):
        community = visible_community(request.user, slug)
        EmptySerializer(data=request.data).is_valid(raise_exception=True)
        membership = community_join(community=community, user=request.user)
        return created(MembershipSerializer(membership).data)
