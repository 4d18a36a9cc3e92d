"""API of a goal's ecosystem: stakeholders, invitations, advice and the partner dashboard.

Writes go through partners.stakeholders, which decide who may act (403 with the reason)
and write the audit log; reads come from partners.stakeholder_selectors, built on
`visible_to(user)` (what a person may not see answers 404), so the API and the pages can
never disagree.

An invitation link that cannot be used (expired, already used or answered, replaced,
tampered with, or of a goal that is gone) answers 400: the reason is the `detail`, and
is repeated under `fields.token`.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ecosystem.api import DefaultPagination, StrictSerializer, created
from goals.selectors import goal_detail
from milestones.models import Milestone

from .models import Advice, PartnerOrganization, Stakeholder
from .stakeholder_selectors import (
    advice_detail,
    advice_of_milestone,
    invitation_scope_titles,
    milestone_for_advice,
    partner_coming_milestones,
    partner_dashboard_goals,
    partner_dashboard_items,
    stakeholder_seen_by,
    stakeholders_of_goal,
)
from .stakeholders import (
    InvitationError,
    advice_delete,
    advice_edit,
    advice_moderate,
    advice_post,
    check_can_comment,
    check_is_owner,
    stakeholder_answer,
    stakeholder_from_token,
    stakeholder_invite,
    stakeholder_remove,
    stakeholder_update,
)

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


def _visible_milestone(user, pk) -> Milestone:
    try:
        return milestone_for_advice(user=user, pk=pk)
    except Milestone.DoesNotExist:
        raise exceptions.NotFound from None


def _visible_stakeholder(user, pk) -> Stakeholder:
    try:
        return stakeholder_seen_by(user=user, pk=pk)
    except Stakeholder.DoesNotExist:
        raise exceptions.NotFound from None


def _visible_advice(user, pk) -> Advice:
    try:
        return advice_detail(user=user, pk=pk)
    except Advice.DoesNotExist:
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


# --- Invitations -----------------------------------------------------------------------


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


# --- Advice ----------------------------------------------------------------------------


class AdviceSerializer(serializers.ModelSerializer):
    """Advice on a milestone: `body_html` is the stored, sanitised rendering of `body`."""

    author_name = serializers.SerializerMethodField()
    is_author = serializers.SerializerMethodField()

    class Meta:
        model = Advice
        fields = [
            "id",
            "milestone",
            "author_name",
            "is_author",
            "body",
            "body_html",
            "helpful",
            "hidden",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_author_name(self, advice) -> str:
        return advice.author.name if advice.author_id else ""

    def get_is_author(self, advice) -> bool:
        request = self.context.get("request")
        return request is not None and advice.author_id == request.user.pk


class AdviceCreateSerializer(StrictSerializer):
    body = serializers.CharField(
        max_length=32000,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Markdown. Scripts, raw HTML event handlers and links other than http, "
        "https or mailto are refused.",
    )


class AdviceUpdateSerializer(StrictSerializer):
    """`body` by its author; `helpful` and `hidden` by the goal's owner."""

    body = serializers.CharField(
        max_length=32000, allow_blank=True, trim_whitespace=False, required=False
    )
    helpful = serializers.BooleanField(required=False)
    hidden = serializers.BooleanField(
        required=False, help_text="Hidden advice is seen only by the owner and its author."
    )


@extend_schema_view(
    post=extend_schema(request=AdviceCreateSerializer, responses={201: AdviceSerializer})
)
class MilestoneAdviceListView(generics.ListCreateAPIView):
    """Advice on a milestone, newest first. Posting needs comment access (or the owner)."""

    serializer_class = AdviceSerializer

    def get_milestone(self) -> Milestone:
        if not hasattr(self, "_milestone"):
            self._milestone = _visible_milestone(self.request.user, self.kwargs["pk"])
        return self._milestone

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no milestone
            return Advice.objects.none()
        return advice_of_milestone(user=self.request.user, milestone=self.get_milestone())

    def create(self, request, *args, **kwargs):
        milestone = self.get_milestone()
        check_can_comment(user=request.user, milestone=milestone)
        serializer = AdviceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        advice = advice_post(milestone=milestone, by=request.user, **serializer.validated_data)
        return created(self._answer(advice))

    def _answer(self, advice) -> dict:
        fresh = advice_detail(user=self.request.user, pk=advice.pk)
        return AdviceSerializer(fresh, context=self.get_serializer_context()).data


class AdviceDetailView(generics.GenericAPIView):
    """One piece of advice: its author edits the body; the goal's owner marks it helpful or
    hides it; either deletes it."""

    serializer_class = AdviceSerializer

    def _answer(self, advice) -> Response:
        fresh = advice_detail(user=self.request.user, pk=advice.pk)
        return Response(AdviceSerializer(fresh, context=self.get_serializer_context()).data)

    def get(self, request, pk):
        return self._answer(_visible_advice(request.user, pk))

    @extend_schema(request=AdviceUpdateSerializer, responses=AdviceSerializer)
    def patch(self, request, pk):
        advice = _visible_advice(request.user, pk)
        if advice.author_id != request.user.pk:
            # Refused before the input is read when neither author nor owner.
            check_is_owner(user=request.user, goal=advice.milestone.goal)
        serializer = AdviceUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        body = changes.pop("body", None)
        # Edited and moderated together, or not at all.
        with transaction.atomic():
            if body is not None:
                advice = advice_edit(advice=advice, by=request.user, body=body)
            if changes:
                advice = advice_moderate(advice=advice, by=request.user, **changes)
        return self._answer(advice)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        advice_delete(advice=_visible_advice(request.user, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Partner dashboard -----------------------------------------------------------------


class DashboardGrantSerializer(serializers.Serializer):
    """An organisation's invitation into a goal, active now."""

    stakeholder = serializers.IntegerField(source="pk")
    partner = serializers.CharField(source="organization.slug")
    partner_name = serializers.CharField(source="organization.name")
    role = serializers.CharField(help_text="supplier, tutor, mentor, peer, agency, …")
    access = serializers.CharField(help_text="view, comment or contribute.")
    milestones = serializers.SerializerMethodField()
    ends_on = serializers.DateField(allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_milestones(self, grant) -> list[int]:
        """Milestones in scope; empty: the whole goal."""
        return [milestone.pk for milestone in grant.milestones.all()]


class DashboardGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="goal.pk")
    title = serializers.CharField(source="goal.title")
    target_date = serializers.DateField(source="goal.target_date")
    customer = serializers.CharField(source="goal.owner.name", help_text="The goal's owner.")
    via = DashboardGrantSerializer(source="grants", many=True)


class DashboardRowSerializer(serializers.Serializer):
    """A coming milestone in scope; for a supplier, the date its customer orders by."""

    milestone = serializers.IntegerField(source="milestone.pk")
    title = serializers.CharField(source="milestone.title")
    status = serializers.CharField(source="milestone.status", help_text="todo or doing.")
    latest_start = serializers.DateField(source="milestone.latest_start")
    latest_finish = serializers.DateField(source="milestone.latest_finish")
    goal = serializers.IntegerField(source="milestone.goal_id")
    goal_title = serializers.CharField(source="milestone.goal.title")
    customer = serializers.CharField(source="milestone.goal.owner.name")
    via = DashboardGrantSerializer(source="grants", many=True)


class PartnerDashboardSerializer(serializers.Serializer):
    """The page envelope of `results` (coming milestones), with every goal alongside."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DashboardRowSerializer(many=True)
    goals = DashboardGoalSerializer(many=True)


class PartnerDashboardView(APIView):
    """For the signed-in person's partner organisations: the goals they were invited to
    (active grants, by target date) and, across them, the coming open milestones in their
    scope by latest start, a page at a time. Empty for someone in no organisation."""

    @extend_schema(
        parameters=[
            OpenApiParameter("page", int, description="A page number (from 1)."),
            OpenApiParameter("page_size", int, description="Rows per page (at most 200)."),
        ],
        responses=PartnerDashboardSerializer,
    )
    def get(self, request):
        today = request.user.today()
        goals = partner_dashboard_goals(user=request.user, today=today)
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(
            partner_coming_milestones(user=request.user, today=today), request, view=self
        )
        rows = partner_dashboard_items(page, goals)
        response = paginator.get_paginated_response(DashboardRowSerializer(rows, many=True).data)
        response.data["goals"] = DashboardGoalSerializer(goals, many=True).data
        return response


urlpatterns = [
    path(
        "goals/<int:pk>/stakeholders/",
        GoalStakeholderListView.as_view(),
        name="api-goal-stakeholders",
    ),
    path("stakeholders/<int:pk>/", StakeholderDetailView.as_view(), name="api-stakeholder"),
    path("invitations/<str:token>/", InvitationView.as_view(), name="api-invitation"),
    path(
        "invitations/<str:token>/accept/",
        InvitationAcceptView.as_view(),
        name="api-invitation-accept",
    ),
    path(
        "invitations/<str:token>/decline/",
        InvitationDeclineView.as_view(),
        name="api-invitation-decline",
    ),
    path(
        "milestones/<int:pk>/advice/",
        MilestoneAdviceListView.as_view(),
        name="api-milestone-advice",
    ),
    path("advice/<int:pk>/", AdviceDetailView.as_view(), name="api-advice"),
    path("partner-dashboard/", PartnerDashboardView.as_view(), name="api-partner-dashboard"),
]
