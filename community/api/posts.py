"""API of posts: a thread's posts, reply, edit, delete, helpful marks.

Each page of posts is built by `community.selectors.thread_page`, the same selector the
thread page uses, so both show a hidden body, a badge or a helpful mark to the same people.
"""

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from ecosystem.api import StrictSerializer

from .. import access
from ..models import Post, Thread
from ..selectors import Badges, post_list, thread_page
from ..services import post_create, post_delete, post_edit, reaction_add, reaction_remove
from .common import (
    BadgesSerializer,
    EmptySerializer,
    PersonSerializer,
    person,
    visible_post,
    visible_thread,
)


class PostPermissionsSerializer(serializers.Serializer):
    """What the person asking may do with the post (the thread page offers the same)."""

    edit = serializers.BooleanField()
    delete = serializers.BooleanField()
    flag = serializers.BooleanField()
    mark_helpful = serializers.BooleanField()


class PostSerializer(serializers.ModelSerializer):
    """A post. Deleted posts stay as placeholders (so a thread keeps its shape) with an
    empty body. Expects posts from `selectors.thread_page`, which loads badges, helpful
    marks and who sees hidden bodies once per page."""

    author = serializers.SerializerMethodField()
    badges = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField(help_text="The markdown as written.")
    body_html = serializers.SerializerMethodField(help_text="Rendered and sanitised HTML.")
    is_accepted = serializers.SerializerMethodField()
    marked_helpful = serializers.SerializerMethodField(
        help_text="Whether the person asking marked this post helpful."
    )
    deleted = serializers.SerializerMethodField()
    hidden = serializers.SerializerMethodField(
        help_text="Hidden by moderators or by flags: its body is shown only to its author, "
        "the community's moderators and staff."
    )
    hidden_reason = serializers.SerializerMethodField(
        help_text="Why it is hidden: for its author, the community's moderators and staff."
    )
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "thread",
            "author",
            "badges",
            "body",
            "body_html",
            "created_at",
            "edited_at",
            "helpful_count",
            "is_accepted",
            "marked_helpful",
            "deleted",
            "hidden",
            "hidden_reason",
            "permissions",
        ]
        read_only_fields = fields

    @staticmethod
    def _withheld(post) -> bool:
        return post.deleted_at is not None or (post.hidden_at is not None and not post.sees_hidden)

    def get_hidden(self, post) -> bool:
        return post.hidden_at is not None

    def get_hidden_reason(self, post) -> str:
        return post.hidden_reason if post.hidden_at and post.sees_hidden else ""

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_author(self, post):
        return person(post.author)

    @extend_schema_field(BadgesSerializer)
    def get_badges(self, post):
        badges = post.badges or Badges()
        return {
            "staff": badges.staff,
            "moderator": badges.moderator,
            "organizations": [
                {"name": name, "slug": slug, "verified": verified}
                for name, verified, slug in badges.organizations
            ],
        }

    def get_body(self, post) -> str:
        return "" if self._withheld(post) else post.body

    def get_body_html(self, post) -> str:
        return "" if self._withheld(post) else post.body_html

    def get_is_accepted(self, post) -> bool:
        return post.thread.accepted_post_id == post.pk

    def get_marked_helpful(self, post) -> bool:
        return post.marked_helpful

    def get_deleted(self, post) -> bool:
        return post.deleted_at is not None

    @extend_schema_field(PostPermissionsSerializer)
    def get_permissions(self, post):
        return {
            "edit": post.can_edit,
            "delete": post.can_delete,
            "flag": post.can_flag,
            "mark_helpful": post.can_mark_helpful,
        }


def post_answer(request, post, status_code=status.HTTP_200_OK, *, reload=True) -> Response:
    """The post as the person sees it; reloaded after a write (counters move in the
    database)."""
    if reload:
        post = visible_post(request.user, post.pk)
    [post] = thread_page(user=request.user, thread=post.thread, posts=[post]).posts
    return Response(PostSerializer(post).data, status=status_code)


class PostBodySerializer(StrictSerializer):
    # Blank and oversized bodies reach the service, which explains the limit plainly.
    body = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text="Markdown, at most 32,000 characters; rendered once and sanitised.",
    )


def _standing(request, post_or_thread) -> access.Standing:
    thread = post_or_thread if isinstance(post_or_thread, Thread) else post_or_thread.thread
    return access.standing_in(user=request.user, community=thread.community)


@extend_schema_view(
    post=extend_schema(request=PostBodySerializer, responses={201: PostSerializer}),
)
class ThreadPostListView(generics.ListCreateAPIView):
    """GET: a thread's posts in order, paginated (?page=last for the newest); deleted ones
    stay as placeholders. POST {body}: reply (members, moderators and staff; not in a
    locked thread)."""

    serializer_class = PostSerializer

    def get_thread(self) -> Thread:
        if not hasattr(self, "_thread"):
            self._thread = visible_thread(self.request.user, self.kwargs["pk"])
        return self._thread

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no thread
            return Post.objects.none()
        return post_list(thread=self.get_thread())

    def list(self, request, *args, **kwargs):
        thread = self.get_thread()
        page = self.paginate_queryset(self.get_queryset())
        posts = thread_page(user=request.user, thread=thread, posts=page).posts
        return self.get_paginated_response(PostSerializer(posts, many=True).data)

    def create(self, request, pk):
        thread = self.get_thread()
        # Refused before the input is read: 403 for non-members, whatever they send.
        access.check_can_reply(_standing(request, thread), thread)
        serializer = PostBodySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        post = post_create(thread=thread, author=request.user, **serializer.validated_data)
        return post_answer(request, post, status.HTTP_201_CREATED)


class PostDetailView(generics.GenericAPIView):
    """GET a post; PATCH {body}: its author edits it (the previous version is kept);
    DELETE: its author or a moderator deletes it (a placeholder stays)."""

    serializer_class = PostSerializer

    def get(self, request, pk):
        return post_answer(request, visible_post(request.user, pk), reload=False)

    @extend_schema(request=PostBodySerializer, responses=PostSerializer)
    def patch(self, request, pk):
        post = visible_post(request.user, pk)
        access.check_can_edit(_standing(request, post), post)  # before the input is read
        serializer = PostBodySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        post = post_edit(post=post, by=request.user, **serializer.validated_data)
        return post_answer(request, post)

    @extend_schema(responses={204: OpenApiResponse(description="Deleted.")})
    def delete(self, request, pk):
        post_delete(post=visible_post(request.user, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostReactionView(generics.GenericAPIView):
    """POST {}: mark a post helpful (once per person, never one's own); DELETE: unmark."""

    serializer_class = EmptySerializer

    @extend_schema(request=EmptySerializer, responses={201: PostSerializer})
    def post(self, request, pk):
        post = visible_post(request.user, pk)
        access.check_can_mark_helpful(_standing(request, post), post)
        EmptySerializer(data=request.data).is_valid(raise_exception=True)
        reaction_add(post=post, user=request.user)
        return post_answer(request, post, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Unmarked.")})
    def delete(self, request, pk):
        reaction_remove(post=visible_post(request.user, pk), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
