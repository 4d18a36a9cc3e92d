"""API of moderation: the queue, and the moderation log with its actions.

Writes go through community.moderation, which decides who may act (403) and what is valid
(400 naming the field); reads come from community.selectors. Staff moderate every
community and a community's moderators theirs only: anyone else is refused the queue and
the log (403), and so is a moderator who asks for another community's. A post, thread or
community someone may not see answers 404, whether named in the path or in the body.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, generics, serializers

from ecosystem.api import StrictSerializer, created
from ecosystem.lookups import detail_or_404

from .. import access, moderation, selectors
from ..models import Community, Flag, ModerationAction, Post, Thread
from .common import PersonSerializer, person, query_filters
from .flags import TARGET_TYPES, CommunityRefSerializer, TargetRefSerializer, ThreadRefSerializer


def _community_in_scope(user, slug: str | None) -> Community | None:
    """The community a list is narrowed to: 404 when the person cannot see it, 403 when
    they do not moderate it."""
    return detail_or_404(selectors.moderation_scope, user=user, slug=slug)


# --- The queue --------------------------------------------------------------------------


class QueueFlagSerializer(serializers.ModelSerializer):
    flagger = serializers.SerializerMethodField()

    class Meta:
        model = Flag
        fields = ["id", "reason", "note", "flagger", "created_at"]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer)
    def get_flagger(self, flag):
        return person(flag.flagger)


class QueueItemSerializer(serializers.Serializer):
    """A flagged post or thread with its context and its open flags (oldest first)."""

    type = serializers.SerializerMethodField(help_text='"post" or "thread".')
    id = serializers.SerializerMethodField()
    community = serializers.SerializerMethodField()
    thread = serializers.SerializerMethodField(help_text="The thread, or the post's thread.")
    body_html = serializers.SerializerMethodField(
        help_text="The post's sanitised HTML; for a thread, its first post's."
    )
    author = serializers.SerializerMethodField()
    hidden = serializers.SerializerMethodField()
    hidden_reason = serializers.SerializerMethodField()
    deleted = serializers.SerializerMethodField()
    locked = serializers.SerializerMethodField(help_text="Whether the thread is locked.")
    first_flagged_at = serializers.DateTimeField(source="created_at", read_only=True)
    flags = QueueFlagSerializer(source="open_flags", many=True, read_only=True)

    @staticmethod
    def _item(entry):
        return entry.post if entry.post_id else entry.thread

    @staticmethod
    def _thread(entry):
        return entry.post.thread if entry.post_id else entry.thread

    @extend_schema_field(serializers.ChoiceField(choices=TARGET_TYPES))
    def get_type(self, entry) -> str:
        return "post" if entry.post_id else "thread"

    def get_id(self, entry) -> int:
        return self._item(entry).pk

    @extend_schema_field(CommunityRefSerializer)
    def get_community(self, entry):
        return {"slug": entry.community.slug, "name": entry.community.name}

    @extend_schema_field(ThreadRefSerializer)
    def get_thread(self, entry):
        thread = self._thread(entry)
        return {"id": thread.pk, "title": thread.title}

    def get_body_html(self, entry) -> str:
        return entry.post.body_html if entry.post_id else (entry.thread_body_html or "")

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_author(self, entry):
        return person(self._item(entry).author)

    def get_hidden(self, entry) -> bool:
        return self._item(entry).hidden_at is not None

    def get_hidden_reason(self, entry) -> str:
        return self._item(entry).hidden_reason

    def get_deleted(self, entry) -> bool:
        return self._item(entry).deleted_at is not None

    def get_locked(self, entry) -> bool:
        return self._thread(entry).locked


class QueueFilterSerializer(serializers.Serializer):
    community = serializers.SlugField(
        required=False, help_text="Only this community's items (one you moderate)."
    )


@extend_schema_view(get=extend_schema(parameters=[QueueFilterSerializer]))
class QueueView(generics.ListAPIView):
    """Flagged posts and threads waiting for review, oldest first: every community's for
    staff, their communities' for moderators (403 for anyone else)."""

    serializer_class = QueueItemSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Flag.objects.none()
        user = self.request.user
        access.check_can_moderate_anything(user)
        query = QueueFilterSerializer(data=query_filters(self.request.query_params))
        query.is_valid(raise_exception=True)
        community = _community_in_scope(user, query.validated_data.get("community"))
        return selectors.moderation_queue(user=user, community=community)

    def list(self, request, *args, **kwargs):
        entries = list(self.paginate_queryset(self.get_queryset()))
        selectors.attach_open_flags(entries)
        return self.get_paginated_response(QueueItemSerializer(entries, many=True).data)


# --- The log and its actions ------------------------------------------------------------


class ModerationActionSerializer(serializers.ModelSerializer):
    """An entry of the moderation log: who did what to which item or person, when, why."""

    actor = serializers.SerializerMethodField(help_text="null: hidden automatically by flags.")
    community = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="null: platform-wide (staff)."
    )
    target = serializers.SerializerMethodField()
    thread = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField(help_text="The person acted on or written by.")

    class Meta:
        model = ModerationAction
        fields = [
            "id",
            "action",
            "actor",
            "community",
            "target",
            "thread",
            "subject",
            "item_label",
            "item_url",
            "reason",
            "until",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_actor(self, entry):
        return person(entry.actor)

    @extend_schema_field(TargetRefSerializer(allow_null=True))
    def get_target(self, entry):
        if entry.post_id:
            return {"type": "post", "id": entry.post_id}
        if entry.thread_id:
            return {"type": "thread", "id": entry.thread_id}
        if entry.subject_id:
            return {"type": "user", "id": entry.subject_id}
        return None

    @extend_schema_field(ThreadRefSerializer(allow_null=True))
    def get_thread(self, entry):
        if entry.thread is None:
            return None
        return {"id": entry.thread.pk, "title": entry.thread.title}

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_subject(self, entry):
        return person(entry.subject)


class TargetSerializer(StrictSerializer):
    type = serializers.ChoiceField(choices=TARGET_TYPES)
    id = serializers.IntegerField(min_value=1)


@extend_schema_field(OpenApiTypes.STR)
class VisibleCommunitySlug(serializers.SlugRelatedField):
    """The slug of a community the person may see (others are "not found")."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", **kwargs)

    def get_queryset(self):
        return Community.objects.visible_to(self.context["request"].user)


class PersonalDateTimeField(serializers.DateTimeField):
    """A date and time without an offset is read in the asking person's own time zone, as
    the page's picker is, never in whichever zone happens to be active (a token request
    has none)."""

    def default_timezone(self):
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            return request.user.zone
        return super().default_timezone()


class ModerationActionCreateSerializer(StrictSerializer):
    action = serializers.ChoiceField(choices=ModerationAction.Action.choices)
    target = TargetSerializer(
        help_text='{"type": "post"|"thread"|"user", "id": …}. Warn and suspend act on a '
        "user, or on the author of the post or thread."
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Why: required to hide, delete, warn and suspend; the author and the "
        "flaggers see it.",
    )
    until = PersonalDateTimeField(
        required=False,
        allow_null=True,
        help_text="When a suspension ends (in the future); without an offset, in the "
        "moderator's own time zone, as on the page.",
    )
    community = VisibleCommunitySlug(
        required=False,
        allow_null=True,
        help_text="For a user target: the community a warning or suspension applies in; "
        "omitted: platform-wide (staff only).",
    )
    to_community = VisibleCommunitySlug(
        required=False, help_text="For move: the community (one you moderate) to move to."
    )

    def validate_action(self, value):
        if value == ModerationAction.Action.AUTO_HIDE:
            raise serializers.ValidationError(_("Only flags hide automatically."))
        return value

    def validate(self, attrs):
        if attrs.get("community") is not None and attrs["target"]["type"] != "user":
            raise serializers.ValidationError(
                {"community": [_("Only for a warning or suspension of a user target.")]}
            )
        if "to_community" in attrs and attrs["action"] != ModerationAction.Action.MOVE:
            raise serializers.ValidationError({"to_community": [_("Only for move.")]})
        if attrs.get("until") is not None and attrs["action"] != ModerationAction.Action.SUSPEND:
            raise serializers.ValidationError({"until": [_("Only for suspend.")]})
        return attrs


class LogFilterSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ModerationAction.Action.choices, required=False)
    community = serializers.SlugField(
        required=False, help_text="Only this community's entries (one you moderate)."
    )
    actor = serializers.IntegerField(required=False, help_text="The id of who acted.")
    since = serializers.DateField(required=False, help_text="From this day (inclusive).")
    until = serializers.DateField(required=False, help_text="Up to this day (inclusive).")


def _action_target(user, target: dict) -> dict:
    """The keyword arguments naming what `moderate` acts on (404 when it is not visible)."""
    try:
        if target["type"] == "post":
            return {"post": selectors.moderation_target_post(user=user, pk=target["id"])}
        if target["type"] == "thread":
            return {"thread": selectors.moderation_target_thread(user=user, pk=target["id"])}
    except (Post.DoesNotExist, Thread.DoesNotExist):
        raise exceptions.NotFound(_("No such post or thread.")) from None
    subject = get_user_model().objects.filter(pk=target["id"], is_active=True).first()
    if subject is None:
        raise exceptions.NotFound(_("No such person."))
    return {"subject": subject}


@extend_schema_view(
    get=extend_schema(parameters=[LogFilterSerializer]),
    post=extend_schema(
        request=ModerationActionCreateSerializer, responses={201: ModerationActionSerializer}
    ),
)
class ModerationActionListView(generics.ListCreateAPIView):
    """GET: the moderation log, newest first: everything for staff (filter by ?action=,
    ?community=, ?actor=, ?since=, ?until=), their communities' for moderators. POST: take
    one action (dismiss, hide, restore, lock, unlock, move, delete, warn, suspend); answers
    the log entry it wrote."""

    serializer_class = ModerationActionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return ModerationAction.objects.none()
        user = self.request.user
        access.check_can_moderate_anything(user)
        query = LogFilterSerializer(data=query_filters(self.request.query_params))
        query.is_valid(raise_exception=True)
        filters = dict(query.validated_data)
        filters["community"] = _community_in_scope(user, filters.get("community"))
        if "actor" in filters:
            filters["actor"] = get_user_model().objects.filter(pk=filters["actor"]).first()
            if filters["actor"] is None:
                return ModerationAction.objects.none()
        return selectors.moderation_log(user=user, **filters)

    def create(self, request, *args, **kwargs):
        serializer = ModerationActionCreateSerializer(
            data=request.data, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        arguments = _action_target(request.user, data.pop("target"))
        community = data.pop("community", None)
        if "subject" in arguments:
            arguments["community"] = community
        entry = moderation.moderate(by=request.user, **arguments, **data)
        entry = ModerationAction.objects.select_related(
            "actor", "community", "thread", "subject"
        ).get(pk=entry.pk)
        return created(ModerationActionSerializer(entry).data)
