"""Communities around a shared purpose: members, threads, posts, reactions."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAX_POST_LENGTH = 32000


class CommunityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Community.Status.ACTIVE)

    def open_to_all(self):
        """Active public communities: anyone reads their threads, signed out too."""
        return self.active().filter(visibility=Community.Visibility.PUBLIC)

    def visible_to(self, user):
        """Active communities are listed to everyone signed in (members-only ones show
        their name and purpose, never their threads); staff also see proposals, and a
        proposer sees their own. Signed out, only active public communities exist."""
        if not user.is_authenticated:
            return self.open_to_all()
        if user.is_staff:
            return self
        return self.filter(Q(status=Community.Status.ACTIVE) | Q(created_by=user))

    def moderated_by(self, user):
        """Communities a person moderates: every one for staff, else those where they are
        an active moderator (roles come from rows: CommunityMembership)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(
            pk__in=CommunityMembership.objects.moderators().filter(user=user).values("community")
        )


class Community(models.Model):
    """People gathered around what they pursue ("Hawke's Bay apple growers")."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can read; anyone signed in can join")
        MEMBERS_ONLY = "members_only", _("Members only: moderators approve requests")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, waiting for staff")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined by staff")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    purpose = models.TextField(_("purpose"), max_length=2000)
    category = models.ForeignKey(
        "reference.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communities",
    )
    region = models.ForeignKey(
        "reference.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communities",
    )
    visibility = models.CharField(
        _("visibility"), max_length=14, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Its active members, counted again in the same transaction as every write of one of
    # its memberships (community/member_count.py): the list shows it for twenty at once.
    member_count = models.PositiveIntegerField(_("active members"), default=0, editable=False)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        indexes = [models.Index(fields=["status", "visibility"], name="community_status_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class CommunityMembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=CommunityMembership.Status.ACTIVE)

    def moderators(self):
        """Active moderators' memberships (an invited but pending one moderates nothing)."""
        return self.active().filter(role=CommunityMembership.Role.MODERATOR)


class CommunityMembership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MODERATOR = "moderator", _("Moderator")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Member")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    objects = CommunityMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("community membership")
        verbose_name_plural = _("community memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"], name="%(app_label)s_%(class)s_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "status"], name="community_member_user_idx")]

    def __str__(self):
        return f"{self.user} in {self.community} ({self.role})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_moderator(self) -> bool:
        return self.is_active and self.role == self.Role.MODERATOR


def readable_community_ids(user):
    """Ids of communities whose threads a person may read: public active ones (also to
    someone signed out), the members-only ones they belong to, and (staff) all. This is
    the one read rule: `visible_to` below and `community.access.Standing.reads` ask it."""
    public = Community.objects.open_to_all()
    if not user.is_authenticated:
        return public.values("id")
    if user.is_staff:
        return Community.objects.values("id")
    joined = (
        CommunityMembership.objects.active()
        .filter(user=user, community__status=Community.Status.ACTIVE)
        .values("community_id")
    )
    # The public ones as their own condition, ORed with the joined ones: the communities
    # table is small, and one subquery fewer makes the thread page's lookup 0.3 ms cheaper
    # to build and compile.
    return (public | Community.objects.filter(pk__in=joined)).values("id")


class ThreadQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def open_to_all(self):
        """The threads anyone may read, signed out too: not hidden, in a community open to
        all. Everyone's `visible_to` holds them."""
        return self.alive().filter(
            hidden_at__isnull=True, community_id__in=Community.objects.open_to_all().values("id")
        )

    def visible_to(self, user):
        """Threads of communities the person may read; a hidden thread only to its author,
        the community's moderators and staff. Signed out: the threads of public communities
        that are not hidden (`open_to_all`)."""
        if not user.is_authenticated:
            return self.open_to_all()
        readable = self.alive().filter(community_id__in=readable_community_ids(user))
        if user.is_staff:
            return readable
        moderated = CommunityMembership.objects.moderators().filter(user=user).values("community")
        return readable.filter(
            Q(hidden_at__isnull=True) | Q(author=user) | Q(community_id__in=moderated)
        )


class Thread(models.Model):
    """A question, tip, discussion or announcement; its first post is its body."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        TIP = "tip", _("Tip")
        DISCUSSION = "discussion", _("Discussion")
        ANNOUNCEMENT = "announcement", _("Announcement")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="threads"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DISCUSSION)
    playbook_milestone = models.ForeignKey(
        "goals.PlaybookMilestone",
        verbose_name=_("playbook milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_threads",
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    accepted_post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post_count = models.PositiveIntegerField(default=0)
    # A new value on every write of its posts (community/drawn_versions.py): the thread
    # page keeps its drawing under it. Never repeats, so a stale write-back cannot revive
    # an old drawing.
    posts_version = models.UUIDField(default=uuid.uuid4, editable=False)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.CharField(_("why it was hidden"), max_length=500, blank=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-last_activity_at", "-id"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            models.Index(
                fields=["community", "-pinned", "-last_activity_at"],
                name="community_thread_list_idx",
            ),
            models.Index(fields=["playbook_milestone", "kind"], name="community_thread_pm_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:thread", args=[self.pk])

    @property
    def is_answered(self) -> bool:
        return self.accepted_post_id is not None


class PostQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user):
        # The thread rule decides (readable community, not deleted, hidden threads only
        # for their author, moderators and staff).
        return self.filter(thread__in=Thread.objects.visible_to(user).values("pk"))


class Post(models.Model):
    """A message in a thread, in markdown rendered once on save and sanitised."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="community_posts",
    )
    body = models.TextField(_("body"), max_length=MAX_POST_LENGTH)
    body_html = models.TextField(editable=False)
    helpful_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.CharField(_("why it was hidden"), max_length=500, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["thread", "created_at", "id"], name="community_post_thread_idx")
        ]

    def __str__(self):
        return f"{self.author} in {self.thread}"

    def get_absolute_url(self):
        return f"{reverse('community:thread', args=[self.thread_id])}?post={self.pk}#post-{self.pk}"


class PostRevision(models.Model):
    """The previous version of an edited post, kept."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Revision of post {self.post_id}"


class Reaction(models.Model):
    """A "helpful" mark: one per person per post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="%(app_label)s_%(class)s_once")
        ]

    def __str__(self):
        return f"{self.user} found post {self.post_id} helpful"


class ThreadReadMark(models.Model):
    """Where a reader left off in a thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_post = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "user"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} read thread {self.thread_id} up to post {self.last_read_post_id}"
