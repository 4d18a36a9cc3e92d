"""Reads of partners and resources, including "help for this step" on a milestone."""

from datetime import date

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Prefetch, Q, Value, When

from ecosystem.accounts.roles import kept_for
from ecosystem.search import search_query, search_vector, using_full_text
from goals.models import Playbook, PlaybookMilestone

from .models import Membership, PartnerOrganization, Resource


def _ancestors_and_self(entry) -> list[int]:
    ids = []
    while entry is not None and len(ids) < 5:
        ids.append(entry.pk)
        entry = entry.parent
    return ids


def resources_for_milestone(*, milestone, today: date):
    """Published resources that fit a milestone, best first, in a fixed number of queries.

    First those tied to the milestone's source playbook milestone (`tied`, whatever their
    dates), then those of the goal's category (or a parent category) that are undated or
    whose window overlaps the milestone's (from its latest start to its latest finish);
    each limited to the goal's region (or no region); within each group, dated ones first.
    Expired ones never: `today` is the date of the person looking (`user.today()`, in
    their own time zone), so a page and an API call agree at every instant.
    """
    goal = milestone.goal
    categories_through = Resource.categories.through
    regions_through = Resource.regions.through
    fits_through = Resource.playbook_milestones.through
    category_ids = _ancestors_and_self(goal.category)
    region_ids = _ancestors_and_self(goal.region)

    tied = (
        Exists(
            fits_through.objects.filter(
                resource=OuterRef("pk"), playbookmilestone_id=milestone.source_id
            )
        )
        if milestone.source_id
        else Value(False, output_field=BooleanField())
    )
    in_category = (
        Exists(
            categories_through.objects.filter(resource=OuterRef("pk"), category_id__in=category_ids)
        )
        if category_ids
        else Value(False, output_field=BooleanField())
    )
    has_region = Exists(regions_through.objects.filter(resource=OuterRef("pk")))
    in_region = Exists(
        regions_through.objects.filter(resource=OuterRef("pk"), region_id__in=region_ids)
    )
    start, finish = milestone.latest_start or today, milestone.latest_finish or today
    overlaps = Case(
        When(
            Q(window_start__isnull=False) | Q(window_end__isnull=False),
            then=Case(
                When(
                    (Q(window_start__isnull=True) | Q(window_start__lte=finish))
                    & (Q(window_end__isnull=True) | Q(window_end__gte=start)),
                    then=Value(True),
                ),
                default=Value(False),
            ),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )
    undated = Q(window_start__isnull=True, window_end__isnull=True)
    return (
        Resource.objects.published()
        .filter(Q(window_end__isnull=True) | Q(window_end__gte=today))
        .annotate(tied=tied, in_category=in_category, has_region=has_region, in_region=in_region)
        .annotate(overlaps=overlaps)
        # Tied to this step: always. Of the category: only when offered during the step.
        .filter(Q(tied=True) | (Q(in_category=True) & (undated | Q(overlaps=True))))
        .filter(Q(has_region=False) | Q(in_region=True))
        .select_related("organization")
        .prefetch_related("categories", "regions", "playbook_milestones")
        .order_by("-tied", "-overlaps", "-published_at", "-id")
    )


def organization_directory(
    *, user, search: str = "", kind: str = "", region=None, category=None, verified=None
):
    queryset = (
        PartnerOrganization.objects.visible_to(user)
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__accepted_at__isnull=False), distinct=True
            ),
            resource_count=Count(
                "resources", filter=Q(resources__status=Resource.Status.PUBLISHED), distinct=True
            ),
        )
        .prefetch_related("regions", "categories")
        .order_by("name", "id")
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if region is not None:
        queryset = queryset.filter(regions=region)
    if category is not None:
        queryset = queryset.filter(categories=category)
    if verified is not None:
        queryset = queryset.filter(verified=verified)
    if search:
        queryset = _search(queryset, search, title_field="name", body_field="description")
    return queryset


def resource_search(
    *,
    user,
    search: str = "",
    kind: str = "",
    region=None,
    category=None,
    verified=None,
    organization=None,
):
    queryset = (
        Resource.objects.visible_to(user)
        .select_related("organization", "author")
        .prefetch_related("categories", "regions", "playbook_milestones")
        .order_by("-published_at", "-id")
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if region is not None:
        queryset = queryset.filter(Q(regions=region) | Q(regions__isnull=True)).distinct()
    if category is not None:
        queryset = queryset.filter(categories=category).distinct()
    if verified is not None:
        queryset = queryset.filter(organization__verified=verified)
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    if search:
        queryset = _search(queryset, search, title_field="title", body_field="body")
    return queryset


def _search(queryset, text: str, *, title_field: str, body_field: str):
    """PostgreSQL full-text search, title weighted over body; a contains-search elsewhere."""
    if using_full_text():
        from django.contrib.postgres.search import SearchRank

        vector = search_vector(title_field, weight="A") + search_vector(body_field, weight="B")
        query = search_query(text)
        # Matched with @@, never by rank > 0: ts_rank gives 1e-20, not 0, to a text that
        # matches only some words of a multi-word query.
        return (
            queryset.annotate(match=vector, rank=SearchRank(vector, query))
            .filter(match=query)
            .order_by("-rank", *queryset.query.order_by)
        )
    return queryset.filter(
        Q(**{f"{title_field}__icontains": text}) | Q(**{f"{body_field}__icontains": text})
    )


def memberships_of(*, organization, user):
    """The organisation's members and invitations this person may see (admins see pending
    invitations; members see members)."""
    return (
        Membership.objects.visible_to(user)
        .filter(organization=organization)
        .select_related("user")
        .order_by("role", "email")  # "admin" sorts before "member": admins first
    )


# Pages (partners/views.py): one object or list with its query shape decided here.


def organization_for(*, user, slug: str) -> PartnerOrganization:
    """The organisation with this slug if the person may see it (DoesNotExist otherwise)."""
    return (
        PartnerOrganization.objects.visible_to(user)
        .prefetch_related("regions", "categories")
        .get(slug=slug)
    )


def resource_for(*, user, pk: int) -> Resource:
    """The resource if the person may see it (drafts: its organisation's members only)."""
    return (
        Resource.objects.visible_to(user)
        .select_related("organization", "author")
        .prefetch_related(
            "categories",
            "regions",
            Prefetch(
                "playbook_milestones",
                queryset=PlaybookMilestone.objects.select_related("playbook").order_by(
                    "playbook__title", "playbook_id", "position", "id"
                ),
            ),
        )
        .get(pk=pk)
    )


def membership_for(*, user, pk: int, organization=None) -> Membership:
    """A membership or invitation this person may see (DoesNotExist otherwise)."""
    queryset = Membership.objects.visible_to(user).select_related("organization", "user")
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    return queryset.get(pk=pk)


def invitations_for(user):
    """Invitations waiting for this person's email address, oldest first."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.visible_to(user)
        .filter(email__iexact=user.email, accepted_at__isnull=True)
        .select_related("organization")
        .order_by("invited_at", "id")
    )


def playbook_milestones_to_choose(*, selected=()):
    """Milestones of public playbooks a resource may fit, grouped by playbook; plus those
    already chosen, so editing never drops a choice whose playbook went private."""
    return (
        PlaybookMilestone.objects.filter(Q(playbook__public=True) | Q(pk__in=selected))
        .select_related("playbook")
        .order_by("playbook__title", "playbook_id", "position", "id")
    )


def playbooks_of(*, organization, user):
    """Playbooks an organisation publishes that this person may see."""
    return (
        Playbook.objects.visible_to(user)
        .filter(organization=organization)
        .select_related("category")
        .order_by("title", "id")
    )


# What the partner dashboard shows of the reader's organisations (and keys its body on).
MEMBER_OF_FIELDS = ("id", "name", "slug")  # in the model's order, as from_db reads them


def member_organizations(user) -> list[PartnerOrganization]:
    """The organisations a person is an active member of
    (`PartnerOrganization.objects.with_member`), by name, with only their id, slug and name
    (the rest deferred): kept in the cache under their roles version, which every write of
    their memberships raises in the same transaction, and every save of an organisation
    for its members (partners/hooks.py, ecosystem/accounts/roles.py). For a page that only
    shows (the partner dashboard); a write, and every rule guarding one, asks the rule
    afresh."""
    if not user.is_authenticated:
        return []
    rows = kept_for(
        user,
        "member-of",
        lambda: list(
            PartnerOrganization.objects.with_member(user)
            .order_by("name", "id")
            .values_list(*MEMBER_OF_FIELDS)
        ),
    )
    db = PartnerOrganization.objects.db
    return [PartnerOrganization.from_db(db, MEMBER_OF_FIELDS, row) for row in rows]
