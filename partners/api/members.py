"""Members of an organisation and invitations: admins invite and remove, members leave,
invitees accept."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ecosystem.api import StrictSerializer, created
from ecosystem.lookups import detail_or_404

from .. import access
from ..models import Membership, PartnerOrganization
from ..selectors import invitations_for, membership_for, memberships_of
from ..services import member_accept, member_invite, member_remove
from .organisations import PartnerOrganizationSummarySerializer


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


class PartnerInvitationSerializer(serializers.ModelSerializer):
    """An invitation waiting for the person's own email address."""

    organization = PartnerOrganizationSummarySerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organization", "email", "role", "invited_at"]
        read_only_fields = fields


class PartnerMemberInviteSerializer(StrictSerializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.MEMBER)


def _organization(user, slug) -> PartnerOrganization:
    return get_object_or_404(PartnerOrganization.objects.visible_to(user), slug=slug)


@extend_schema_view(
    post=extend_schema(
        request=PartnerMemberInviteSerializer, responses={201: PartnerMemberSerializer}
    )
)
class PartnerMemberListView(generics.ListCreateAPIView):
    """Members, for the organisation's members (pending invitations: for its admins);
    admins invite."""

    serializer_class = PartnerMemberSerializer

    def get_organization(self):
        if not hasattr(self, "_organization"):
            self._organization = _organization(self.request.user, self.kwargs["slug"])
        return self._organization

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no organisation
            return Membership.objects.none()
        organization = self.get_organization()
        access.check_can_list_members(user=self.request.user, organization=organization)
        return memberships_of(organization=organization, user=self.request.user)

    def create(self, request, *args, **kwargs):
        organization = self.get_organization()
        access.check_can_invite_members(user=request.user, organization=organization)
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
        organization = _organization(request.user, slug)
        membership = detail_or_404(
            membership_for, user=request.user, pk=pk, organization=organization
        )
        member_remove(membership=membership, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PartnerInvitationListView(generics.ListAPIView):
    """Invitations waiting for one's own email address, oldest first."""

    serializer_class = PartnerInvitationSerializer

    def get_queryset(self):
        return invitations_for(self.request.user)


class PartnerInvitationAcceptView(APIView):
    """Accept an invitation sent to one's own address. Accepting is idempotent: accepting
    again, or an invitation to an organisation one already belongs to, answers 200 with
    one's membership (and an invitation to be an admin makes a member an admin)."""

    @extend_schema(request=None, responses={200: PartnerMemberSerializer})
    def post(self, request, pk):
        invitation = detail_or_404(membership_for, user=request.user, pk=pk)
        membership = member_accept(membership=invitation, by=request.user)
        return Response(PartnerMemberSerializer(membership).data)


urlpatterns = [
    path(
        "partners/invitations/",
        PartnerInvitationListView.as_view(),
        name="api-partner-invitations",
    ),
    path(
        "partners/invitations/<int:pk>/accept/",
        PartnerInvitationAcceptView.as_view(),
        name="api-partner-invitation-accept",
    ),
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
]
