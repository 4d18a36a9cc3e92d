"""Reads of goals and playbooks, with their query shape decided here."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from ecosystem.accounts.roles import kept_for
from goals import scheduling

from .models import ALL_WEEKDAYS, Goal, Playbook, PlaybookDependency, PlaybookMilestone
from .timeline import Timeline, TimelineRow, build_timeline


def goal_list_for(user):
    """The goals a person sees, soonest target first, with what lists show already loaded."""
    # Counted over the milestones this person may see: a stakeholder scoped to one
    # milestone must not learn the size or progress of the whole plan. (Milestones sit
    # above goals in the layers: their table is read by name.)
    Milestone = apps.get_model("milestones", "Milestone")
    seen = Q(milestones__in=Milestone.objects.visible_to(user).values("pk"))
    closed = Q(milestones__status__in=[Milestone.Status.DONE, Milestone.Status.SKIPPED])
    return (
        Goal.objects.visible_to(user)
        .select_related("owner", "category", "region", "playbook")
        .annotate(
            milestone_count=Count("milestones", filter=seen, distinct=True),
            milestones_closed=Count("milestones", filter=seen & closed, distinct=True),
        )
        .order_by("target_date", "id")
    )


def owned_goal_list_for(user):
    """The goals a person owns (not in the trash), soonest target first: the dashboard's
    cards, which show only the category besides what their plan summary says
    (milestones.summaries), since each further join or count costs every view."""
    return (
        Goal.objects.owned_by(user).alive().select_related("category").order_by("target_date", "id")
    )


SHARED_KEPT_AT_MOST = 100
# What the dashboard's list shows of a shared goal: its title, target and owner's name
# (ecosystem/accounts/models.py `User.name`).
SHARED_LIST_FIELDS = (
    "title",
    "target_date",
    "owner__display_name",
    "owner__email",
    "owner__deleted_at",
)
_MANY = "many"


def goals_shared_with(user):
    """Goals other customers invited this person (or their organisation) into, soonest
    target first.

    Which goals those are (`Goal.objects.visible_to`, less their own) is kept in the cache
    under the person's roles version and their today: every write of a stakeholder row
    naming them or an organisation they are a member of, of their memberships, and a
    goal's move to or from the trash raise that version (stakeholders/hooks.py,
    ecosystem/accounts/roles.py), and a grant ends with the day its end date passes. The
    goals are then read by id, so what they show is never older than the page; only
    still-alive goals of someone else are shown. Working the rule out cost the dashboard
    5 to 7 ms a view. Someone shown more than SHARED_KEPT_AT_MOST goals is asked the
    whole rule on every view."""
    if not user.is_authenticated:
        return Goal.objects.none()
    ids = _shared_goal_ids(user, today=user.today())
    if ids is None:
        goals = Goal.objects.visible_to(user)
    elif ids:
        goals = Goal.objects.alive().filter(pk__in=ids)
    else:
        return Goal.objects.none()
    return (
        goals.exclude(owner=user)
        .select_related("owner")
        .only(*SHARED_LIST_FIELDS)
        .order_by("target_date", "id")
    )


def _shared_goal_ids(user, *, today) -> list[int] | None:
    """The ids of the goals shared with the person on `today`, or None for too many."""

    def read():
        found = list(
            Goal.objects.visible_to(user, today=today)
            .exclude(owner=user)
            .order_by()
            .values_list("pk", flat=True)[: SHARED_KEPT_AT_MOST + 1]
        )
        return sorted(found) if len(found) <= SHARED_KEPT_AT_MOST else _MANY

    ids = kept_for(user, "goals-shared", read, today.isoformat())
    return None if ids == _MANY else ids


def goal_trash_for(user):
    return (
        Goal.objects.owned_by(user)
        .in_trash()
        .select_related("category")
        .order_by("-deleted_at", "id")
    )


GOAL_PAGE_RELATED = ("owner", "category", "region", "playbook", "repeats")


def goal_detail(*, user, pk, related=GOAL_PAGE_RELATED) -> Goal:
    """A goal the person sees (DoesNotExist otherwise), with `related` loaded: by default
    what its pages show; the plan's API, which shows none of them, asks for none.

    Most goals are opened by their owner, and the goals a person owns (alive) are a part
    of those they see (`Goal.objects.visible_to` is owned UNION granted): the owner's own
    is read first by primary key and owner, a query that costs a fifth of building the
    whole visibility rule; anyone else is answered by the whole rule. (`get`, not
    `first`: the ordering `first` adds cost as much to compile as the lookup itself.)"""

    def loaded(goals):  # select_related() with no names would follow every relation
        return goals.select_related(*related) if related else goals

    try:
        return loaded(Goal.objects.owned_by(user).alive()).get(pk=pk)
    except Goal.DoesNotExist:
        return loaded(Goal.objects.visible_to(user)).get(pk=pk)


def goal_for_restore(*, user, pk) -> Goal:
    """A goal its owner has in the trash, or any goal the person sees (restoring one not
    in the trash changes nothing; a stakeholder is refused by the service)."""
    return (Goal.objects.owned_by(user) | Goal.objects.visible_to(user)).get(pk=pk)


def playbook_list_for(user, *, category=None, search: str | None = None):
    queryset = (
        Playbook.objects.visible_to(user)
        .select_related("category", "author", "organization")
        # A subquery, not Count() over a join: the library's paginator then counts the
        # playbooks alone (Django drops an unused non-aggregate annotation from count()),
        # where a GROUP BY over every playbook's milestones had to be counted whole.
        .annotate(
            milestone_count=Coalesce(
                Subquery(
                    PlaybookMilestone.objects.filter(playbook=OuterRef("pk"))
                    .order_by()
                    .values("playbook")
                    .annotate(count=Count("pk"))
                    .values("count")
                ),
                0,
            )
        )
        .order_by("title", "id")
    )
    if category is not None:
        queryset = queryset.filter(Q(category=category) | Q(category__parent=category))
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(description__icontains=search))
    return queryset


def playbook_detail(*, user, pk) -> Playbook:
    return (
        Playbook.objects.visible_to(user)
        .select_related("category", "author", "organization")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=PlaybookMilestone.objects.prefetch_related("tasks").order_by(
                    "position", "id"
                ),
            )
        )
        .get(pk=pk)
    )


def playbook_dependencies(playbook: Playbook):
    return PlaybookDependency.objects.filter(predecessor__playbook=playbook).select_related(
        "predecessor", "successor"
    )


# --- Playbook page and its timeline preview (library pages) ---------------------------


@dataclass(frozen=True)
class PlaybookPreviewRow:
    """A playbook milestone placed on a sample calendar, worked back from a sample target."""

    milestone: PlaybookMilestone
    dates: scheduling.ScheduledMilestone
    target_date: date

    @property
    def starts_days_before(self) -> int:
        return (self.target_date - self.dates.latest_start).days

    @property
    def finishes_days_before(self) -> int:
        return (self.target_date - self.dates.latest_finish).days

    @property
    def starts_weeks_before(self) -> int:
        return round(self.starts_days_before / 7)

    @property
    def finishes_weeks_before(self) -> int:
        return round(self.finishes_days_before / 7)


@dataclass(frozen=True)
class PlaybookPreview:
    target_date: date
    start_date: date | None  # the latest start of the first milestone: the natural start
    span_days: int  # calendar days from the natural start to the target
    rows: list[PlaybookPreviewRow]
    timeline: Timeline | None  # the picture (goals/timeline.py); None without milestones


def _preview_inputs(milestones, target_date: date) -> list[scheduling.MilestoneInput]:
    return [
        scheduling.MilestoneInput(
            id=milestone.pk,
            duration_days=milestone.duration_days,
            position=milestone.position,
            must_finish_by=(
                None
                if milestone.offset_days_before_target is None
                else target_date - timedelta(days=milestone.offset_days_before_target)
            ),
        )
        for milestone in milestones
    ]


def playbook_preview(
    playbook: Playbook,
    *,
    today: date,
    target_date: date | None = None,
    milestones=None,
    dependencies=None,
) -> PlaybookPreview | None:
    """A hypothetical plan of the playbook, every day a working day.

    Without `target_date` the sample target is the one that lets the plan start today, so
    the preview reads "started today, done by then". The forward pass runs from the
    natural start, so the sample plan is feasible and its critical path is the chain
    without slack. No query when milestones and dependencies are given. None when the
    plan cannot be placed on a calendar.
    """
    milestones = list(playbook.milestones.all() if milestones is None else milestones)
    dependencies = list(playbook_dependencies(playbook) if dependencies is None else dependencies)
    calendar = scheduling.WorkingCalendar(working_weekdays=frozenset(ALL_WEEKDAYS))
    links = [
        scheduling.DependencyInput(link.predecessor_id, link.successor_id, link.lag_days)
        for link in dependencies
    ]
    try:
        if target_date is None:
            # Every day works, so the plan only shifts with its target: anchor it on today
            # once to learn its span, then place the target that span after today.
            probe = scheduling.compute_latest(
                target_date=today,
                calendar=calendar,
                milestones=_preview_inputs(milestones, today),
                dependencies=links,
            )
            first = min((dates.latest_start for dates in probe.values()), default=today)
            target_date = today + (today - first)
        inputs = _preview_inputs(milestones, target_date)
        latest = scheduling.compute_latest(
            target_date=target_date, calendar=calendar, milestones=inputs, dependencies=links
        )
        start_date = min((dates.latest_start for dates in latest.values()), default=None)
        schedule = scheduling.compute_schedule(
            target_date=target_date,
            as_of=start_date or target_date,
            calendar=calendar,
            milestones=inputs,
            dependencies=links,
        )
    except (scheduling.CycleError, scheduling.ScheduleOutOfRange, ValueError, OverflowError):
        return None
    by_id = {milestone.pk: milestone for milestone in milestones}
    rows = [
        PlaybookPreviewRow(milestone=by_id[dates.id], dates=dates, target_date=target_date)
        for dates in schedule.milestones
    ]
    timeline = None
    if rows:
        timeline = build_timeline(
            rows=[
                TimelineRow(
                    id=row.milestone.pk,
                    title=row.milestone.title,
                    status="todo",
                    latest_start=row.dates.latest_start,
                    latest_finish=row.dates.latest_finish,
                    earliest_start=row.dates.earliest_start,
                    earliest_finish=row.dates.earliest_finish,
                    is_critical=row.dates.is_critical,
                    is_late=row.dates.is_late,
                    is_checkpoint=row.milestone.duration_days == 0,
                    slack_days=row.dates.slack_days,
                )
                for row in rows
            ],
            dependencies=[(link.predecessor_id, link.successor_id) for link in dependencies],
            target_date=target_date,
            today=today,
        )
    return PlaybookPreview(
        target_date=target_date,
        start_date=start_date,
        span_days=0 if start_date is None else (target_date - start_date).days,
        rows=rows,
        timeline=timeline,
    )


@dataclass(frozen=True)
class PlaybookStep:
    """A playbook milestone with its prerequisites and tasks, for the playbook page."""

    milestone: PlaybookMilestone
    prerequisites: list[PlaybookDependency]
    tasks: list


@dataclass(frozen=True)
class PlaybookPage:
    playbook: Playbook
    steps: list[PlaybookStep]
    dependencies: list[PlaybookDependency]
    preview: PlaybookPreview | None


def one_year_after(day: date) -> date:
    """The same day next year (28 February for 29 February): next season's target."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def playbook_page(*, user, pk, today: date) -> PlaybookPage:
    """Everything the playbook page shows, in four queries whatever the playbook's size.

    Raises Playbook.DoesNotExist when the person may not see it.
    """
    playbook = playbook_detail(user=user, pk=pk)
    milestones = list(playbook.milestones.all())
    dependencies = list(playbook_dependencies(playbook).order_by("id"))
    prerequisites: dict[int, list[PlaybookDependency]] = {}
    for link in dependencies:
        prerequisites.setdefault(link.successor_id, []).append(link)
    steps = [
        PlaybookStep(
            milestone=milestone,
            prerequisites=prerequisites.get(milestone.pk, []),
            tasks=list(milestone.tasks.all()),
        )
        for milestone in milestones
    ]
    preview = playbook_preview(
        playbook, today=today, milestones=milestones, dependencies=dependencies
    )
    return PlaybookPage(playbook=playbook, steps=steps, dependencies=dependencies, preview=preview)
