"""API of communities: members, threads, posts, helpful marks and accepted answers.

Writes go through community.services, which decide who may act (403) and what is valid
(400 naming the field); reads come from community.selectors or `visible_to(user)`, so the
API and the pages can never disagree. A community someone may not see answers 404; the
threads and members of a members-only community answer 403 to non-members, and its
threads and posts are invisible (404) to them: members-only content never leaves it.
Workflow steps (join, react, accept) have input serializers of their own.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response

from ecosystem.api import StrictModelSerializer, StrictSerializer, created
from ecosystem.reference.selectors import category_list, region_list
from goals.models import Playbook, PlaybookMilestone
from milestones.models import Milestone

from .models import Community, CommunityMembership, Post, Thread
from .selectors import (
    Badges,
    badges_for,
    community_list_for,
    community_readable_by,
    community_tips_for_milestone,
    helpful_post_ids,
    member_list,
    memberships_for,
    post_detail,
    post_list,
    thread_detail,
    thread_list,
)
from .services import (
    can_moderate,
    check_can_moderate,
    check_can_post,
    community_create,
    community_join,
    community_review,
    community_update,
    post_create,
    post_delete,
    post_edit,
    reaction_add,
    reaction_remove,
    thread_accept_answer,
    thread_create,
    thread_update,
)


def _filters(query_params) -> dict:
    """Query parameters as a plain dict; an empty value means "no filter"."""
    return {name: value for name, value in query_params.items() if value != ""}


def _visible_community(user, slug) -> Community:
    return get_object_or_404(Community.objects.visible_to(user), slug=slug)


def _readable_community(user, slug) -> Community:
    """The community, if the person may read its threads and members (else 404 or 403)."""
    community = _visible_community(user, slug)
    if not community_readable_by(user=user, community=community):
        raise exceptions.PermissionDenied(
            _("Only its members read this community's threads and members.")
        )
    return community


def _visible_thread(user, pk) -> Thread:
    try:
        return thread_detail(user=user, pk=pk)
    except Thread.DoesNotExist:
        raise exceptions.NotFound from None


def _visible_post(user, pk) -> Post:
    try:
        return post_detail(user=user, pk=pk)
    except Post.DoesNotExist:
        raise exceptions.NotFound from None


# --- Shapes shared by the answers -------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class OrganizationBadgeSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    verified = serializers.BooleanField(read_only=True)


class BadgesSerializer(serializers.Serializer):
    staff = serializers.BooleanField(read_only=True)
    moderator = serializers.BooleanField(read_only=True, help_text="Of this community.")
    organizations = OrganizationBadgeSerializer(
        many=True, read_only=True, help_text="Partner organisations the author belongs to."
    )


def _person(user) -> dict | None:
    return None if user is None else {"id": user.pk, "name": user.name}


class EmptySerializer(StrictSerializer):
    """A workflow step that needs no input: send {} (or nothing)."""


# --- Posts ------------------------------------------------------------------------------


class PostSerializer(serializers.ModelSerializer):
    """A post. Deleted posts stay as placeholders (so a thread keeps its shape) with an
    empty body. Badges and helpful marks are loaded once per page (see `_post_context`)."""

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
        ]
        read_only_fields = fields

    def _shows_hidden(self, post) -> bool:
        """A hidden post is shown to its author, the community's moderators and staff."""
        request = self.context.get("request")
        if self.context.get("moderator"):
            return True
        return request is not None and post.author_id == request.user.pk

    def _withheld(self, post) -> bool:
        return post.deleted_at is not None or (
            post.hidden_at is not None and not self._shows_hidden(post)
        )

    def get_hidden(self, post) -> bool:
        return post.hidden_at is not None

    def get_hidden_reason(self, post) -> str:
        return post.hidden_reason if post.hidden_at and self._shows_hidden(post) else ""

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_author(self, post):
        return _person(post.author)

    @extend_schema_field(BadgesSerializer)
    def get_badges(self, post):
        badges = self.context.get("badges", {}).get(post.author_id) or Badges()
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
        return post.pk in self.context.get("helpful", ())

    def get_deleted(self, post) -> bool:
        return post.deleted_at is not None


def _post_context(request, posts, community) -> dict:
    """What a page of posts shows beside the posts, in a constant number of queries."""
    return {
        "request": request,
        "badges": badges_for(authors=[post.author for post in posts], community=community),
        "helpful": helpful_post_ids(user=request.user, posts=posts),
        # Hidden posts show their body to the community's moderators (and staff).
        "moderator": can_moderate(user=request.user, community=community),
    }


def _post_answer(request, post, status_code=status.HTTP_200_OK, *, reload=True) -> Response:
    """The post; reloaded after a write, since counters move in the database."""
    if reload:
        post = _visible_post(request.user, post.pk)
    context = _post_context(request, [post], post.thread.community)
    return Response(PostSerializer(post, context=context).data, status=status_code)


class PostBodySerializer(StrictSerializer):
    # Blank and oversized bodies reach the service, which explains the limit plainly.
    body = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text="Markdown, at most 32,000 characters; rendered once and sanitised.",
    )


# --- Communities ------------------------------------------------------------------------


class MyMembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommunityMembership
        fields = ["role", "status"]
        read_only_fields = fields


class CommunitySerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    member_count = serializers.IntegerField(read_only=True, help_text="Active members.")
    membership = serializers.SerializerMethodField(
        help_text="The asking person's membership or request; null when they have none."
    )

    class Meta:
        model = Community
        fields = [
            "id",
            "slug",
            "name",
            "purpose",
            "category",
            "region",
            "visibility",
            "status",
            "member_count",
            "membership",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(MyMembershipSerializer(allow_null=True))
    def get_membership(self, community):
        membership = self.context.get("memberships", {}).get(community.pk)
        return None if membership is None else MyMembershipSerializer(membership).data


def _community_answer(request, community, status_code=status.HTTP_200_OK, *, reload=True):
    """The community with its member count; reloaded after a write."""
    if reload:
        community = community_list_for(request.user).get(pk=community.pk)
    context = {"memberships": memberships_for(user=request.user, communities=[community])}
    return Response(CommunitySerializer(community, context=context).data, status=status_code)


class CommunityCreateSerializer(StrictModelSerializer):
    """Staff create an active community; anyone else proposes one for staff to review."""

    slug = serializers.SlugField(
        max_length=80, required=False, help_text="Default: made from the name. Must be unique."
    )
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=category_list(), required=False, allow_null=True
    )
    region = serializers.SlugRelatedField(
        slug_field="slug", queryset=region_list(), required=False, allow_null=True
    )

    class Meta:
        model = Community
        fields = ["name", "purpose", "slug", "category", "region", "visibility"]


class CommunityUpdateSerializer(StrictModelSerializer):
    """Moderators and staff change the profile; staff review a proposal with `status`."""

    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=category_list(), required=False, allow_null=True
    )
    region = serializers.SlugRelatedField(
        slug_field="slug", queryset=region_list(), required=False, allow_null=True
    )
    status = serializers.ChoiceField(
        choices=[Community.Status.ACTIVE, Community.Status.DECLINED],
        required=False,
        help_text="Staff only, on a proposed community: approve (active) or decline.",
    )

    class Meta:
        model = Community
        fields = ["name", "purpose", "category", "region", "visibility", "status"]


class CommunityFilterSerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False, max_length=200, help_text="Words in the name or purpose."
    )


@extend_schema_view(
    get=extend_schema(parameters=[CommunityFilterSerializer]),
    post=extend_schema(request=CommunityCreateSerializer, responses={201: CommunitySerializer}),
)
class CommunityListView(generics.ListCreateAPIView):
    """Communities: active ones for everyone signed in (members-only ones show their name
    and purpose), proposals to staff and to whoever proposed them."""

    serializer_class = CommunitySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return Community.objects.none()
        query = CommunityFilterSerializer(data=_filters(self.request.query_params))
        query.is_valid(raise_exception=True)
        return community_list_for(self.request.user, **query.validated_data)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        context = {"memberships": memberships_for(user=request.user, communities=page)}
        return self.get_paginated_response(
            CommunitySerializer(page, many=True, context=context).data
        )

    def create(self, request, *args, **kwargs):
        serializer = CommunityCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        community = community_create(by=request.user, **serializer.validated_data)
        return _community_answer(request, community, status.HTTP_201_CREATED)


class CommunityDetailView(generics.GenericAPIView):
    serializer_class = CommunitySerializer

    def get(self, request, slug):
        community = get_object_or_404(community_list_for(request.user), slug=slug)
        return _community_answer(request, community, reload=False)

    @extend_schema(request=CommunityUpdateSerializer, responses=CommunitySerializer)
    def patch(self, request, slug):
        community = _visible_community(request.user, slug)
        # Refused before the input is read: 403 for non-moderators, whatever they send.
        check_can_moderate(user=request.user, community=community)
        serializer = CommunityUpdateSerializer(community, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        review = changes.pop("status", None)
        with transaction.atomic():  # a review and an edit in one request land together
            if review is not None:
                community = community_review(
                    community=community,
                    by=request.user,
                    approve=review == Community.Status.ACTIVE,
                )
            if changes:
                community = community_update(community=community, by=request.user, **changes)
        return _community_answer(request, community)


# --- Members ----------------------------------------------------------------------------


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()

    class Meta:
        model = CommunityMembership
        fields = ["id", "user", "role", "status", "created_at"]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer)
    def get_user(self, membership):
        return _person(membership.user)


@extend_schema_view(
    post=extend_schema(request=EmptySerializer, responses={201: MembershipSerializer}),
)
class CommunityMemberListView(generics.ListCreateAPIView):
    """GET: the members, moderators first, for those who may read the community; its
    moderators (and staff) also see pending requests. POST {}: join a public community at
    once, or ask to join a members-only one (status "pending")."""

    serializer_class = MembershipSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no community
            return CommunityMembership.objects.none()
        community = _readable_community(self.request.user, self.kwargs["slug"])
        moderator = can_moderate(user=self.request.user, community=community)
        return member_list(community=community, include_pending=moderator)

    def create(self, request, slug):
        community = _visible_community(request.user, slug)
        EmptySerializer(data=request.data).is_valid(raise_exception=True)
        membership = community_join(community=community, user=request.user)
        return created(MembershipSerializer(membership).data)


# --- Threads ----------------------------------------------------------------------------


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
        return _person(thread.author)


class ThreadDetailSerializer(ThreadSerializer):
    first_post = PostSerializer(read_only=True, allow_null=True, help_text="The thread's body.")

    class Meta(ThreadSerializer.Meta):
        fields = [*ThreadSerializer.Meta.fields, "first_post"]
        read_only_fields = fields


def _thread_answer(request, thread, status_code=status.HTTP_200_OK, *, reload=True) -> Response:
    """The thread with its first post; reloaded after a write (counters move in the
    database)."""
    if reload:
        thread = _visible_thread(request.user, thread.pk)
    thread.first_post = post_list(thread=thread).first()
    posts = [thread.first_post] if thread.first_post else []
    for post in posts:
        post.thread = thread
    context = _post_context(request, posts, thread.community)
    return Response(ThreadDetailSerializer(thread, context=context).data, status=status_code)


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
        community = _readable_community(self.request.user, self.kwargs["slug"])
        query = ThreadFilterSerializer(data=_filters(self.request.query_params))
        query.is_valid(raise_exception=True)
        return thread_list(
            community=community, user=self.request.user, **query.validated_data
        ).select_related("community")

    def create(self, request, slug):
        community = _visible_community(request.user, slug)
        check_can_post(user=request.user, community=community)
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
        return _thread_answer(request, _visible_thread(request.user, pk), reload=False)

    @extend_schema(request=ThreadUpdateSerializer, responses=ThreadDetailSerializer)
    def patch(self, request, pk):
        thread = _visible_thread(request.user, pk)
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
        thread = _visible_thread(request.user, pk)
        serializer = AcceptAnswerSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        thread = thread_accept_answer(
            thread=thread, post=serializer.validated_data["post"], by=request.user
        )
        return _thread_answer(request, thread)


# --- Posts of a thread ------------------------------------------------------------------


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
            self._thread = _visible_thread(self.request.user, self.kwargs["pk"])
        return self._thread

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no thread
            return Post.objects.none()
        return post_list(thread=self.get_thread())

    def list(self, request, *args, **kwargs):
        thread = self.get_thread()
        page = self.paginate_queryset(self.get_queryset())
        for post in page:
            post.thread = thread  # already loaded: no query per post
        context = _post_context(request, page, thread.community)
        return self.get_paginated_response(PostSerializer(page, many=True, context=context).data)

    def create(self, request, pk):
        thread = self.get_thread()
        # Refused before the input is read: 403 for non-members, whatever they send.
        check_can_post(user=request.user, community=thread.community)
        serializer = PostBodySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        post = post_create(thread=thread, author=request.user, **serializer.validated_data)
        return _post_answer(request, post, status.HTTP_201_CREATED)


class PostDetailView(generics.GenericAPIView):
    """GET a post; PATCH {body}: its author edits it (the previous version is kept);
    DELETE: its author or a moderator deletes it (a placeholder stays)."""

    serializer_class = PostSerializer

    def get(self, request, pk):
        return _post_answer(request, _visible_post(request.user, pk), reload=False)

    @extend_schema(request=PostBodySerializer, responses=PostSerializer)
    def patch(self, request, pk):
        post = _visible_post(request.user, pk)
        serializer = PostBodySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        post = post_edit(post=post, by=request.user, **serializer.validated_data)
        return _post_answer(request, post)

    @extend_schema(responses={204: OpenApiResponse(description="Deleted.")})
    def delete(self, request, pk):
        post_delete(post=_visible_post(request.user, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostReactionView(generics.GenericAPIView):
    """POST {}: mark a post helpful (once per person, never one's own); DELETE: unmark."""

    serializer_class = EmptySerializer

    @extend_schema(request=EmptySerializer, responses={201: PostSerializer})
    def post(self, request, pk):
        post = _visible_post(request.user, pk)
        EmptySerializer(data=request.data).is_valid(raise_exception=True)
        reaction_add(post=post, user=request.user)
        return _post_answer(request, post, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Unmarked.")})
    def delete(self, request, pk):
        reaction_remove(post=_visible_post(request.user, pk), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
        return _person(post.author)

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


urlpatterns = [
    path("communities/", CommunityListView.as_view(), name="api-community-list"),
    path("communities/<slug:slug>/", CommunityDetailView.as_view(), name="api-community"),
    path(
        "communities/<slug:slug>/members/",
        CommunityMemberListView.as_view(),
        name="api-community-members",
    ),
    path(
        "communities/<slug:slug>/threads/",
        CommunityThreadListView.as_view(),
        name="api-community-threads",
    ),
    path("threads/<int:pk>/", ThreadDetailView.as_view(), name="api-thread"),
    path("threads/<int:pk>/posts/", ThreadPostListView.as_view(), name="api-thread-posts"),
    path("threads/<int:pk>/accept/", ThreadAcceptView.as_view(), name="api-thread-accept"),
    path("posts/<int:pk>/", PostDetailView.as_view(), name="api-post"),
    path("posts/<int:pk>/reactions/", PostReactionView.as_view(), name="api-post-reactions"),
    path(
        "milestones/<int:pk>/community-tips/",
        MilestoneCommunityTipsView.as_view(),
        name="api-milestone-community-tips",
    ),
]
