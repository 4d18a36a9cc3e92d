"""API of connections, their conversation, sharing a goal, blocks, reports, mentoring."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ecosystem.accounts.models import User
from ecosystem.api import StrictSerializer, created
from goals.models import Goal, Playbook

from ...models import Connection, PeerBlock, PeerMessage, PeerReport
from .. import access, selectors, services
from .common import PeerSerializer, peer

# --- Connections and their conversation -------------------------------------------------


class ConnectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    peer = PeerSerializer(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class ConnectionListView(generics.ListAPIView):
    """GET the people I am connected with."""

    serializer_class = ConnectionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Connection.objects.none()
        return selectors.connections_for(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = [
            {"id": c.pk, "peer": peer(c.other(request.user)), "created_at": c.created_at}
            for c in page
        ]
        return self.get_paginated_response(rows)


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    hidden = serializers.SerializerMethodField()

    class Meta:
        model = PeerMessage
        fields = ["id", "author", "body", "body_html", "hidden", "created_at"]
        read_only_fields = fields

    def get_author(self, message) -> dict:
        return peer(message.author)

    def get_hidden(self, message) -> bool:
        return message.hidden_at is not None


class MessageBodySerializer(StrictSerializer):
    body = serializers.CharField(help_text="Markdown; rendered once and sanitised.")


def _connection(request, pk) -> Connection:
    return get_object_or_404(selectors.connections_for(request.user), pk=pk)


class MessageListView(generics.ListCreateAPIView):
    """GET our conversation, oldest first; POST {body}: write in it."""

    serializer_class = MessageSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PeerMessage.objects.none()
        connection = _connection(self.request, self.kwargs["pk"])
        return selectors.messages_for(user=self.request.user, connection=connection).select_related(
            "author__peer_profile"
        )

    @extend_schema(request=MessageBodySerializer, responses={201: MessageSerializer})
    def create(self, request, pk):
        connection = _connection(request, pk)
        access.check_can_message(user=request.user, connection=connection)
        serializer = MessageBodySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_post(
            connection=connection, by=request.user, **serializer.validated_data
        )
        return created(MessageSerializer(message).data)


class ShareGoalSerializer(StrictSerializer):
    goal = serializers.IntegerField(help_text="One of my goals: the peer is invited to view it.")


class ShareGoalView(APIView):
    """POST {goal}: invite the peer into one of my goals as a view stakeholder."""

    @extend_schema(
        request=ShareGoalSerializer, responses={201: OpenApiResponse(description="Invited.")}
    )
    def post(self, request, pk):
        connection = _connection(request, pk)
        serializer = ShareGoalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        goal = (
            Goal.objects.alive()
            .filter(owner=request.user, pk=serializer.validated_data["goal"])
            .first()
        )
        if goal is None:
            raise serializers.ValidationError({"goal": [_("Choose one of your own goals.")]})
        row = services.goal_share_with_peer(connection=connection, by=request.user, goal=goal)
        return created({"stakeholder": row.pk, "goal": goal.pk})


# --- Blocks and reports -----------------------------------------------------------------


class BlockSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = PeerSerializer(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class PersonRefSerializer(StrictSerializer):
    person = serializers.IntegerField()


class BlockListView(generics.ListCreateAPIView):
    """GET the people I blocked; POST {person}: block someone (they are not told)."""

    serializer_class = BlockSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PeerBlock.objects.none()
        return selectors.blocks_for(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = [{"id": b.pk, "person": peer(b.blocked), "created_at": b.created_at} for b in page]
        return self.get_paginated_response(rows)

    @extend_schema(request=PersonRefSerializer, responses={201: BlockSerializer})
    def create(self, request):
        serializer = PersonRefSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subject = _person(request, serializer.validated_data["person"])
        block = services.person_block(by=request.user, subject=subject)
        return created({"id": block.pk, "person": peer(subject), "created_at": block.created_at})


def _person(request, pk) -> User:
    subject = User.objects.visible_to(request.user).filter(pk=pk).first()
    if subject is None:
        raise serializers.ValidationError({"person": [_("No such person.")]})
    return subject


class BlockDetailView(APIView):
    """DELETE: unblock."""

    @extend_schema(responses={204: OpenApiResponse(description="Unblocked.")})
    def delete(self, request, pk):
        block = get_object_or_404(PeerBlock.objects.visible_to(request.user), pk=pk)
        services.person_unblock(by=request.user, block=block)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReportSerializer(StrictSerializer):
    person = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=PeerReport.Reason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    message = serializers.IntegerField(required=False, help_text="A message of theirs to me.")


class ReportCreateView(APIView):
    """POST {person, reason, note?, message?}: report a person to platform staff."""

    @extend_schema(
        request=ReportSerializer, responses={201: OpenApiResponse(description="Reported.")}
    )
    def post(self, request):
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        message = None
        if "message" in data:
            message = (
                PeerMessage.objects.visible_to(request.user).filter(pk=data["message"]).first()
            )
            if message is None:
                raise serializers.ValidationError({"message": [_("No such message.")]})
        report = services.person_report(
            by=request.user,
            subject=_person(request, data["person"]),
            reason=data["reason"],
            note=data.get("note", ""),
            message=message,
        )
        return created({"id": report.pk, "outcome": report.outcome})


# --- Mentoring --------------------------------------------------------------------------


class MentorOfferSerializer(StrictSerializer):
    playbook = serializers.IntegerField()
    monthly_capacity = serializers.IntegerField(min_value=1, max_value=20)
    active = serializers.BooleanField(required=False, default=True)


class MentoringView(APIView):
    """GET the playbooks I mentor; POST {playbook, monthly_capacity, active}: volunteer as
    a mentor of a playbook I finished (or change or stop)."""

    @extend_schema(responses=MentorOfferSerializer(many=True))
    def get(self, request):
        offers = selectors.mentor_offers_for(request.user)
        return Response(
            [
                {
                    "playbook": o.playbook_id,
                    "monthly_capacity": o.monthly_capacity,
                    "active": o.active,
                }
                for o in offers
            ]
        )

    @extend_schema(request=MentorOfferSerializer, responses={201: MentorOfferSerializer})
    def post(self, request):
        serializer = MentorOfferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        playbook = Playbook.objects.visible_to(request.user).filter(pk=data["playbook"]).first()
        if playbook is None:
            raise serializers.ValidationError({"playbook": [_("No such playbook.")]})
        offer = services.mentor_offer_set(
            by=request.user,
            playbook=playbook,
            **{k: data[k] for k in ("monthly_capacity", "active")},
        )
        return created(
            {
                "playbook": offer.playbook_id,
                "monthly_capacity": offer.monthly_capacity,
                "active": offer.active,
            }
        )
