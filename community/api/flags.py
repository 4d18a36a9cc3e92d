"""API of flags: flag a post or thread for its community's moderators, the flags I
raised, and what moderators did about me or what I wrote.

Who may flag is `community.access` (403 for non-members and the suspended, before the
input is read); a post or thread someone may not see answers 404.
"""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers

from ecosystem.api import StrictSerializer, created

from .. import moderation, selectors
from ..models import Flag, ModerationAction
from .common import visible_post, visible_thread

TARGET_TYPES = [("post", "post"), ("thread", "thread"), ("user", "user")]


# --- Shapes shared by the answers -------------------------------------------------------


class ThreadRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


class CommunityRefSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class TargetRefSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=TARGET_TYPES, read_only=True)
    id = serializers.IntegerField(read_only=True)


# --- Flags ------------------------------------------------------------------------------


class FlagCreateSerializer(StrictSerializer):
    reason = serializers.ChoiceField(choices=Flag.Reason.choices)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Optional: what the moderators should look at.",
    )


class FlagSerializer(serializers.ModelSerializer):
    """A flag as its flagger sees it: what became of it, and why."""

    target = serializers.SerializerMethodField()
    community = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    thread = serializers.SerializerMethodField(help_text="The thread flagged, or the post's.")

    class Meta:
        model = Flag
        fields = [
            "id",
            "target",
            "community",
            "thread",
            "reason",
            "note",
            "outcome",
            "outcome_note",
            "created_at",
            "resolved_at",
        ]
        read_only_fields = fields

    @extend_schema_field(TargetRefSerializer)
    def get_target(self, flag):
        if flag.post_id:
            return {"type": "post", "id": flag.post_id}
        return {"type": "thread", "id": flag.thread_id}

    @extend_schema_field(ThreadRefSerializer)
    def get_thread(self, flag):
        thread = flag.post.thread if flag.post_id else flag.thread
        return {"id": thread.pk, "title": thread.title}


class _FlagCreateView(generics.GenericAPIView):
    serializer_class = FlagSerializer

    def get_target(self) -> dict:
        raise NotImplementedError

    def post(self, request, pk):
        target = self.get_target()
        # Refused before the input is read: 403 for non-members and the suspended.
        moderation.check_can_flag(by=request.user, **target)
        serializer = FlagCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flag = moderation.flag_create(by=request.user, **target, **serializer.validated_data)
        return created(FlagSerializer(flag).data)


@extend_schema(request=FlagCreateSerializer, responses={201: FlagSerializer})
class PostFlagView(_FlagCreateView):
    """Flag a post for the community's moderators, once ({reason, note?}). Members (and
    staff) flag what others wrote; enough distinct flags hide it at once, pending review."""

    def get_target(self) -> dict:
        return {"post": visible_post(self.request.user, self.kwargs["pk"])}


@extend_schema(request=FlagCreateSerializer, responses={201: FlagSerializer})
class ThreadFlagView(_FlagCreateView):
    """Flag a thread for the community's moderators, once ({reason, note?})."""

    def get_target(self) -> dict:
        return {"thread": visible_thread(self.request.user, self.kwargs["pk"])}


class MyFlagListView(generics.ListAPIView):
    """The flags I raised, newest first, with their outcome and the moderator's note."""

    serializer_class = FlagSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Flag.objects.none()
        return selectors.flags_raised_by(user=self.request.user)


class NoticeSerializer(serializers.ModelSerializer):
    """What moderators did about me or what I wrote, and why (who did it is not said)."""

    community = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="null: platform-wide (staff)."
    )
    target = serializers.SerializerMethodField()
    thread = serializers.SerializerMethodField()

    class Meta:
        model = ModerationAction
        fields = ["id", "action", "community", "target", "thread", "reason", "until", "created_at"]
        read_only_fields = fields

    @extend_schema_field(TargetRefSerializer)
    def get_target(self, entry):
        if entry.post_id:
            return {"type": "post", "id": entry.post_id}
        if entry.thread_id:
            return {"type": "thread", "id": entry.thread_id}
        return {"type": "user", "id": entry.subject_id}

    @extend_schema_field(ThreadRefSerializer(allow_null=True))
    def get_thread(self, entry):
        if entry.thread is None:
            return None
        return {"id": entry.thread.pk, "title": entry.thread.title}


class MyNoticeListView(generics.ListAPIView):
    """What moderators did about me or what I wrote, newest first: why a post or thread of
    mine was hidden or deleted, my warnings and suspensions (until when, and why)."""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return ModerationAction.objects.none()
        return selectors.moderation_notices_for(user=self.request.user)
