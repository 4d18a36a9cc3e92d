"""API of peers (/api/v1/peers/): my settings, suggestions with their reasons,
introductions in and out, connections and their conversation, blocks, reports, mentoring.

Each view parses, calls one service or selector, serializes. What a person may not see
answers 404 (`visible_to`); what they see but may not do, 403; bad input, 400 naming the
field. A peer is shown as their profile allows, never with an email."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ecosystem.accounts.models import User
from ecosystem.api import StrictSerializer, created
from goals.models import Goal

from ...models import Introduction, PeerSuggestion
from .. import selectors, services
from .common import PeerSerializer, peer

# --- Profile ----------------------------------------------------------------------------


class ProfileSerializer(StrictSerializer):
    findable = serializers.BooleanField(required=False)
    all_goals = serializers.BooleanField(required=False)
    paused = serializers.BooleanField(required=False)
    show_name = serializers.BooleanField(required=False)
    show_region = serializers.BooleanField(required=False)
    show_progress = serializers.BooleanField(required=False)
    goals = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Ids of my goals peers may find me by (when all_goals is false).",
    )


def _profile_data(profile) -> dict:
    fields = {name: getattr(profile, name) for name in services.PROFILE_FIELDS}
    goals = list(profile.goals.values_list("pk", flat=True)) if profile.pk else []
    return {**fields, "goals": goals}


class ProfileView(APIView):
    """GET my peer settings; PATCH them: opt in or out, pause, what peers see, which goals."""

    @extend_schema(responses=ProfileSerializer)
    def get(self, request):
        return Response(_profile_data(selectors.profile_for(request.user)))

    @extend_schema(request=ProfileSerializer, responses=ProfileSerializer)
    def patch(self, request):
        serializer = ProfileSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        goal_ids = data.pop("goals", None)
        goals = None
        if goal_ids is not None:
            goals = list(Goal.objects.alive().filter(owner=request.user, pk__in=goal_ids))
            if len(goals) != len(set(goal_ids)):
                raise serializers.ValidationError({"goals": [_("Choose among your own goals.")]})
        profile = services.peer_profile_update(by=request.user, goals=goals, **data)
        return Response(_profile_data(profile))


# --- Suggestions ------------------------------------------------------------------------


class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    peer = PeerSerializer(read_only=True)
    region = serializers.CharField(
        read_only=True, help_text="Empty when they keep it to themselves."
    )
    reason = serializers.CharField(read_only=True, help_text="Why, in words.")
    reasons = serializers.ListField(
        child=serializers.DictField(), read_only=True, help_text="Why, as codes and values."
    )
    week = serializers.DateField(read_only=True)
    requested = serializers.BooleanField(read_only=True)


class SuggestionListView(APIView):
    """GET this and last week's suggestions of peers further along, with why."""

    @extend_schema(responses=SuggestionSerializer(many=True))
    def get(self, request):
        cards = selectors.suggestions_for(request.user, today=request.user.today())
        return Response(
            [
                {
                    "id": card.suggestion.pk,
                    "peer": peer(card.peer),
                    "region": card.region,
                    "reason": card.reason,
                    "reasons": card.suggestion.reasons,
                    "week": card.suggestion.week,
                    "requested": card.requested,
                }
                for card in cards
            ]
        )


class SuggestionDismissView(APIView):
    """POST {}: not now; the suggestion goes from my list."""

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Dismissed.")})
    def post(self, request, pk):
        suggestion = get_object_or_404(PeerSuggestion.objects.visible_to(request.user), pk=pk)
        services.suggestion_dismiss(suggestion=suggestion, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Introductions ----------------------------------------------------------------------


class IntroductionSerializer(serializers.ModelSerializer):
    sender = serializers.SerializerMethodField()
    recipient = serializers.SerializerMethodField()

    class Meta:
        model = Introduction
        fields = ["id", "sender", "recipient", "note", "status", "created_at", "answered_at"]
        read_only_fields = fields

    def get_sender(self, introduction) -> dict:
        return peer(introduction.sender)

    def get_recipient(self, introduction) -> dict:
        return peer(introduction.recipient)


class IntroductionCreateSerializer(StrictSerializer):
    recipient = serializers.IntegerField(help_text="The peer's id (from a suggestion).")
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)
    suggestion = serializers.IntegerField(required=False)


class IntroductionListView(generics.ListCreateAPIView):
    """GET my introductions (?box=in: waiting for my answer; ?box=out: the ones I sent);
    POST {recipient, note}: ask a peer for an introduction."""

    serializer_class = IntroductionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Introduction.objects.none()
        user = self.request.user
        if self.request.query_params.get("box") == "out":
            return selectors.introductions_sent(user)
        return selectors.introductions_received(user)

    @extend_schema(request=IntroductionCreateSerializer, responses={201: IntroductionSerializer})
    def create(self, request):
        serializer = IntroductionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        recipient = User.objects.visible_to(request.user).filter(pk=data["recipient"]).first()
        if recipient is None:
            raise serializers.ValidationError(
                {"recipient": ["This person cannot be introduced now."]}
            )
        suggestion = None
        if "suggestion" in data:
            suggestion = (
                PeerSuggestion.objects.visible_to(request.user)
                .filter(pk=data["suggestion"], peer=recipient)
                .first()
            )
        introduction = services.introduction_request(
            by=request.user, recipient=recipient, note=data.get("note", ""), suggestion=suggestion
        )
        return created(IntroductionSerializer(introduction).data)


def _introduction(request, pk) -> Introduction:
    return get_object_or_404(Introduction.objects.visible_to(request.user), pk=pk)


class IntroductionAcceptView(APIView):
    """POST {}: the person asked accepts; answers the new connection."""

    @extend_schema(request=None, responses={201: OpenApiResponse(description="Connected.")})
    def post(self, request, pk):
        connection = services.introduction_accept(
            introduction=_introduction(request, pk), by=request.user
        )
        return created({"connection": connection.pk})


class IntroductionDeclineView(APIView):
    """POST {}: the person asked declines (no reason asked, none shown)."""

    @extend_schema(request=None, responses=IntroductionSerializer)
    def post(self, request, pk):
        introduction = services.introduction_decline(
            introduction=_introduction(request, pk), by=request.user
        )
        return Response(IntroductionSerializer(introduction).data)
