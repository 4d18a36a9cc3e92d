"""API of stakeholder invitations: what a link shares, and its answer.

An invitation link that cannot be used (expired, already used or answered, replaced,
tampered with, or of a goal that is gone) answers 400: the reason is the `detail`, and
is repeated under `fields.token`.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ecosystem.api import StrictSerializer

from ..lifecycle import InvitationError, stakeholder_answer, stakeholder_from_token
from ..selectors import invitation_scope_titles


class InvitationSerializer(serializers.Serializer):
    """What an invitation shares, shown plainly before it is answered."""

    stakeholder = serializers.IntegerField(source="pk")
    goal = serializers.IntegerField(source="goal_id")
    goal_title = serializers.CharField(source="goal.title")
    owner_name = serializers.CharField(source="goal.owner.name")
    target_date = serializers.DateField(source="goal.target_date")
    invited_email = serializers.CharField(
        source="email", help_text="The address invited; empty for an organisation."
    )
    partner = serializers.CharField(
        source="organization.slug", allow_null=True, help_text="The organisation invited."
    )
    partner_name = serializers.CharField(source="organization.name", allow_null=True)
    role = serializers.CharField(help_text="supplier, tutor, mentor, peer, agency, …")
    access = serializers.CharField(help_text="view, comment or contribute.")
    whole_goal = serializers.SerializerMethodField()
    scope = serializers.SerializerMethodField()
    ends_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="invited; after an answer, active or declined.")

    def _scope(self, stakeholder) -> list[str]:
        if "scope" not in self.context:
            self.context["scope"] = invitation_scope_titles(stakeholder)
        return self.context["scope"]

    def get_whole_goal(self, stakeholder) -> bool:
        """True: every milestone is shared; False: only those named in `scope`."""
        return not self._scope(stakeholder)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_scope(self, stakeholder) -> list[str]:
        """Titles of the milestones shared, in plan order; empty: the whole goal."""
        return self._scope(stakeholder)


class EmptyInputSerializer(StrictSerializer):
    """No fields: anything sent answers 400 naming it."""


def _unusable_link(error: InvitationError) -> exceptions.ValidationError:
    return exceptions.ValidationError({"non_field_errors": error.messages, "token": error.messages})


_LINK_REFUSED = OpenApiResponse(
    description="The link cannot be used: expired, already used or answered, replaced, "
    "tampered with, or its goal is gone. `detail` says which."
)


class InvitationView(APIView):
    """What an invitation will share: goal, owner, target, role, access, scope, end date."""

    @extend_schema(responses={200: InvitationSerializer, 400: _LINK_REFUSED})
    def get(self, request, token):
        try:
            stakeholder = stakeholder_from_token(token)
        except InvitationError as error:
            raise _unusable_link(error) from None
        return Response(InvitationSerializer(stakeholder).data)


class _InvitationAnswerView(APIView):
    accept: bool

    def post(self, request, token):
        EmptyInputSerializer(data=request.data).is_valid(raise_exception=True)
        try:
            stakeholder = stakeholder_answer(token=token, user=request.user, accept=self.accept)
        except InvitationError as error:
            raise _unusable_link(error) from None
        return Response(InvitationSerializer(stakeholder).data)


_ANSWER_RESPONSES = {
    200: InvitationSerializer,
    400: _LINK_REFUSED,
    403: OpenApiResponse(
        description="Signed in with another address than the one invited (or, for an "
        "organisation, not one of its admins)."
    ),
}


class InvitationAcceptView(_InvitationAnswerView):
    """Accept: the goal (or the milestones in scope) becomes visible at once."""

    accept = True

    @extend_schema(request=None, responses=_ANSWER_RESPONSES)
    def post(self, request, token):
        return super().post(request, token)


class InvitationDeclineView(_InvitationAnswerView):
    """Decline: the link stops working; nothing is shared."""

    accept = False

    @extend_schema(request=None, responses=_ANSWER_RESPONSES)
    def post(self, request, token):
        return super().post(request, token)
