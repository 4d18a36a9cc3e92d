"""API of a goal's stakeholders: the owner lists, invites, changes and removes them.

Writes go through stakeholders.services, which decide who may act (403 with the reason)
and write the audit log; reads come from stakeholders.selectors, built on
`visible_to(user)` (what a person may not see answers 404), so the API and the pages can
never disagree.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response

from ecosystem.api import OptionalEmailField, StrictSerializer
from goals.selectors import goal_detail
from milestones.models import Milestone
from partners.models import PartnerOrganization

from ..models import Stakeholder
from ..selectors import stakeholder_seen_by, stakeholders_of_goal
from ..services import check_is_owner, stakeholder_invite, stakeholder_remove, stakeholder_update

# The services name a partner organisation `organization`; the API calls it `partner`.
_API_FIELD_NAMES = {"organization": "partner"}


def _api_field_names(error: DjangoValidationError) -> DjangoValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return DjangoValidationError(
        {
            _API_FIELD_NAMES.get(field, field): messages
            for field, messages in error.message_dict.items()
        }
    )


def _visible_goal(user, pk):
    try:
        return goal_detail(user=user, pk=pk)
    except ObjectDoesNotExist:
        raise exceptions.NotFound from None


def _visible_stakeholder(user, pk) -> Stakeholder:
    try:
        return stakeholder_seen_by(user=user, pk=pk)
    except Stakeholder.DoesNotExist:
        raise exceptions.NotFound from None


@extend_schema_field(OpenApiTypes.INT)
class VisibleMilestoneIds(serializers.PrimaryKeyRelatedField):
    """Ids of milestones the person sees; any other id answers 400 naming the field."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Milestone.objects.none()
        return Milestone.objects.visible_to(request.user)


# --- Stakeholders ----------------------------------------------------------------------


class StakeholderSerializer(serializers.ModelSerializer):
    """A stakeholder of a goal: a person (by email) or a partner organisation."""

    name = serializers.CharField(
        source="display_name",
        read_only=True,
        help_text="The organisation's name, the person's name, or the email invited.",
    )
    partner = serializers.SlugRelatedField(
        source="organization",
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the partner organisation invited (null for a person).",
    )
    milestones = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Milestones in scope; empty: the whole goal."
    )
    email = OptionalEmailField(read_only=True, help_text="The address invited (a person).")

    class Meta:
        model = Stakeholder
        fields = [
            "id",
            "goal",
            "name",
            "email",
            "partner",
            "role",
            "access",
            "milestones",
            "ends_on",
            "status",
            "invited_at",
            "responded_at",
            "updated_at",
        ]
        read_only_fields = fields


class StakeholderInviteSerializer(StrictSerializer):
    """Invite a person by `email` or a partner organisation by `partner` (one of them)."""

    email = serializers.EmailField(required=False, help_text="A person's email address.")
    partner = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=PartnerOrganization.objects.all(),
        required=False,
        help_text="Slug of a partner organisation from the directory.",
    )
    role = serializers.ChoiceField(choices=Stakeholder.Role.choices)
    access = serializers.ChoiceField(
        choices=Stakeholder.Access.choices, default=Stakeholder.Access.VIEW
    )
    milestones = VisibleMilestoneIds(
        many=True,
        required=False,
        help_text="Ids of this goal's milestones to share; empty or left out: the whole goal.",
    )
    ends_on = serializers.DateField(
        required=False, allow_null=True, help_text="Access lapses by itself after this day."
    )


class StakeholderUpdateSerializer(StrictSerializer):
    """What the owner changes; effective on the stakeholder's next request."""

    role = serializers.ChoiceField(choices=Stakeholder.Role.choices, required=False)
    access = serializers.ChoiceField(choices=Stakeholder.Access.choices, required=False)
    milestones = VisibleMilestoneIds(
        many=True,
        required=False,
        help_text="Ids of this goal's milestones in scope; an empty list shares the whole goal.",
    )
    ends_on = serializers.DateField(required=False, allow_null=True, help_text="null: no end date.")


def _stakeholder_answer(user, stakeholder, status_code=status.HTTP_200_OK) -> Response:
    fresh = stakeholder_seen_by(user=user, pk=stakeholder.pk)
    return Response(StakeholderSerializer(fresh).data, status=status_code)


@extend_schema_view(
    post=extend_schema(
        request=StakeholderInviteSerializer,
        responses={201: StakeholderSerializer},
        description="Invite a person (emailed a signed link, valid 14 days, usable once) or "
        "a partner organisation (its admins are emailed). The goal's owner only.",
    )
)
class GoalStakeholderListView(generics.ListCreateAPIView):
    """A goal's stakeholders: the owner sees every one (pending, removed, lapsed too); a
    stakeholder sees only their own row (or their organisation's)."""

    serializer_class = StakeholderSerializer

    def get_goal(self):
        if not hasattr(self, "_goal"):
            self._goal = _visible_goal(self.request.user, self.kwargs["pk"])
        return self._goal

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no goal
            return Stakeholder.objects.none()
        return stakeholders_of_goal(user=self.request.user, goal=self.get_goal())

    def create(self, request, *args, **kwargs):
        goal = self.get_goal()
        # Refused before the input is read: a stakeholder learns nothing from validation.
        check_is_owner(user=request.user, goal=goal)
        serializer = StakeholderInviteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        try:
            stakeholder = stakeholder_invite(
                goal=goal, by=request.user, organization=fields.pop("partner", None), **fields
            )
        except DjangoValidationError as error:
            raise _api_field_names(error) from None
        return _stakeholder_answer(request.user, stakeholder, status.HTTP_201_CREATED)


class StakeholderDetailView(generics.GenericAPIView):
    """One stakeholder. The goal's owner changes access, scope or end date, or removes them
    (DELETE: removed at once, the row stays as "removed" for the record)."""

    serializer_class = StakeholderSerializer

    def get(self, request, pk):
        return Response(StakeholderSerializer(_visible_stakeholder(request.user, pk)).data)

    @extend_schema(request=StakeholderUpdateSerializer, responses=StakeholderSerializer)
    def patch(self, request, pk):
        stakeholder = _visible_stakeholder(request.user, pk)
        check_is_owner(user=request.user, goal=stakeholder.goal)
        serializer = StakeholderUpdateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        stakeholder = stakeholder_update(
            stakeholder=stakeholder, by=request.user, **serializer.validated_data
        )
        return _stakeholder_answer(request.user, stakeholder)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        stakeholder = _visible_stakeholder(request.user, pk)
        stakeholder_remove(stakeholder=stakeholder, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
