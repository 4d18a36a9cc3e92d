"""API of threads: a community's threads, start one, read one, rename, pin or lock it,
accept an answer; and the community's tips on a goal's milestone.

A thread answers with its first post and what the person may do with it, both from
`community.selectors.thread_page`, the selector the thread page uses.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from ecosystem.api import StrictModelSerializer, StrictSerializer
from goals.models import Playbook, PlaybookMilestone
from milestones.models import Milestone

from .. import access
from ..models import Post, Thread
from ..selectors import community_tips_for_milestone, post_list, thread_list, thread_page
from ..services import thread_accept_answer, thread_create, thread_update
from .common import (
    PersonSerializer,
    person,
    query_filters,
    readable_community,
    visible_community,
    visible_thread,
)
from .posts import PostSerializer


class ThreadSerializer(serializers.ModelSerializer):
    community = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.SerializerMethodField()
    is_answered = serializers.BooleanField(read_only=True)

    class Meta:
        model = Thread
        fields = [
            "id",
            "community",
            "title",
            "kind",
            "author",
            "pinned",
            "locked",
            "is_answered",
            "accepted_post",
            "post_count",
            "playbook_milestone",
            "last_activity_at",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_author(self, thread):
        return person(thread.author)


class ThreadPermissionsSerializer(serializers.Serializer):
    """What the person asking may do with the thread (the thread page offers the same)."""

    moderate = serializers.BooleanField(help_text="Pin, lock, hide, delete or move it.")
    rename = serializers.BooleanField()
    reply = serializers.BooleanField()
    reply_refusal = serializers.CharField(help_text='Why they may not reply ("" if they may).')
    join = serializers.BooleanField(help_text="They may join (or ask to join) the community.")
    accept = serializers.BooleanField(help_text="Accept an answer to this question.")
    flag = serializers.BooleanField(help_text="Flag the thread for the moderators.")


class ThreadDetailSerializer(ThreadSerializer):
    first_post = PostSerializer(read_only=True, allow_null=True, help_text="The thread's body.")
    permissions = ThreadPermissionsSerializer(read_only=True)

    class Meta(ThreadSerializer.Meta):
        fields = [*ThreadSerializer.Meta.fields, "first_post", "permissions"]
        read_only_fields = fields


def _thread_answer(request, thread, status_code=status.HTTP_200_OK, *, reload=True) -> Response:
    """The thread with its first post and the person's permissions; reloaded after a
    write (counters move in the database)."""
    if reload:
        thread = visible_thread(request.user, thread.pk)
    first_post = post_list(thread=thread).first()
    page = thread_page(user=request.user, thread=thread, posts=[first_post] if first_post else [])
    thread.first_post = page.posts[0] if page.posts else None
    thread.permissions = page.permissions
    return Response(ThreadDetailSerializer(thread).data, status=status_code)


@extend_schema_field(OpenApiTypes.INT)
class PlaybookMilestoneId(serializers.PrimaryKeyRelatedField):
    """The id of a milestone of a playbook the person may see (public ones and their own)."""

    def get_queryset(self):
        return PlaybookMilestone.objects.filter(
            playbook__in=Playbook.objects.visible_to(self.context["request"].user)
        )


class ThreadCreateSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(
        choices=Thread.Kind.choices, help_text="Announcements: moderators and staff only."
    )
    body = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text="The first post: markdown, at most 32,000 characters.",
    )
    playbook_milestone = PlaybookMilestoneId(
        required=False,
        allow_null=True,
        help_text="A playbook milestone this is about; tips and answered questions of "
        "public communities then appear on goals' milestones started from it.",
    )


class ThreadFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Thread.Kind.choices, required=False)
    answered = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="true or false."
    )


@extend_schema_view(
    get=extend_schema(parameters=[ThreadFilterSerializer]),
    post=extend_schema(request=ThreadCreateSerializer, responses={201: ThreadDetailSerializer}),
)
class CommunityThreadListView(generics.ListCreateAPIView):
    """GET: threads, pinned on top then newest activity first, filtered by ?kind= and
    ?answered=true|false. POST: start a thread (members, moderators and staff); its body
    becomes its first post."""

    serializer_class = ThreadSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no community
            return Thread.objects.none()
        community = readable_community(self.request.user, self.kwargs["slug"])
        query = ThreadFilterSerializer(data=query_filters(self.request.query_params))
        query.is_valid(raise_exception=True)
        return thread_list(
            community=community, user=self.request.user, **query.validated_data
        ).select_related("community")

    def create(self, request, slug):
        community = visible_community(request.user, slug)
        # Refused before the input is read: 403 for non-members, whatever they send.
        access.check_can_post(access.standing_in(user=request.user, community=community))
        serializer = ThreadCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        thread = thread_create(
            community=community, author=request.user, **serializer.validated_data
        )
        return _thread_answer(request, thread, status.HTTP_201_CREATED)


class ThreadUpdateSerializer(StrictModelSerializer):
    """The author or a moderator renames; moderators pin, unpin, lock and unlock."""

    class Meta:
        model = Thread
        fields = ["title", "pinned", "locked"]


class ThreadDetailView(generics.GenericAPIView):
    serializer_class = ThreadDetailSerializer

    def get(self, request, pk):
        return _thread_answer(request, visible_thread(request.user, pk), reload=False)

    @extend_schema(request=ThreadUpdateSerializer, responses=ThreadDetailSerializer)
    def patch(self, request, pk):
        thread = visible_thread(request.user, pk)
        # Refused before the input is read: 403 for who may not change what they send.
        standing = access.standing_in(user=request.user, community=thread.community)
        fields = request.data.keys() if hasattr(request.data, "keys") else ()
        access.check_can_change_thread(standing, thread, fields)
        serializer = ThreadUpdateSerializer(thread, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        thread = thread_update(thread=thread, by=request.user, **serializer.validated_data)
        return _thread_answer(request, thread)


@extend_schema_field(OpenApiTypes.INT)
class VisiblePostId(serializers.PrimaryKeyRelatedField):
    """The id of a post the person may read (others are "not found", never revealed)."""

    def get_queryset(self):
        return Post.objects.visible_to(self.context["request"].user)


class AcceptAnswerSerializer(StrictSerializer):
    post = VisiblePostId(help_text="The id of an answer in this thread.")


class ThreadAcceptView(generics.GenericAPIView):
    """The question's author or a moderator accepts one answer (another one replaces it)."""

    serializer_class = AcceptAnswerSerializer

    @extend_schema(request=AcceptAnswerSerializer, responses=ThreadDetailSerializer)
    def post(self, request, pk):
        thread = visible_thread(request.user, pk)
        standing = access.standing_in(user=request.user, community=thread.community)
        access.check_can_accept(standing, thread)  # before the input is read
        serializer = AcceptAnswerSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        thread = thread_accept_answer(
            thread=thread, post=serializer.validated_data["post"], by=request.user
        )
        return _thread_answer(request, thread)


# --- From the community, on a goal's milestone ------------------------------------------


class AcceptedAnswerSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = ["id", "author", "body_html", "created_at"]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_author(self, post):
        return person(post.author)

    def get_body_html(self, post) -> str:
        return "" if post.deleted_at or post.hidden_at else post.body_html


class CommunityTipSerializer(ThreadSerializer):
    accepted_answer = AcceptedAnswerSerializer(
        source="accepted_post", read_only=True, allow_null=True
    )

    class Meta(ThreadSerializer.Meta):
        fields = [*ThreadSerializer.Meta.fields, "accepted_answer"]
        read_only_fields = fields


class MilestoneCommunityTipsView(generics.ListAPIView):
    """From the community: tips and answered questions of public communities about the
    playbook milestone this milestone of one's own goal was started from."""

    serializer_class = CommunityTipSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no milestone
            return Thread.objects.none()
        milestone = get_object_or_404(
            Milestone.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        return community_tips_for_milestone(milestone=milestone)
