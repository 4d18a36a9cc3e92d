"""Reads of a goal's ecosystem: stakeholders, the ecosystem map, the partner dashboard and
advice, each with its query shape decided here (a fixed number of queries whatever the
number of stakeholders, goals or milestones)."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from milestones.models import Milestone

from . import ecosystem_map
from .models import Advice, PartnerOrganization, Stakeholder
from .stakeholders import INVITATION_DAYS

# --- The API (partners/stakeholder_api.py) -----------------------------------------------
# The same rules as the pages below; what differs is the shape: a queryset to paginate.


def stakeholders_seen_by(user):
    """Stakeholder rows the API shows a person: on a goal they may see, every row if the
    goal is theirs, else their own rows (or their organisation's). A row of a goal they no
    longer see (removed, lapsed) is as invisible as the goal itself."""
    from goals.models import Goal

    return (
        Stakeholder.objects.visible_to(user)
        .filter(goal__in=Goal.objects.visible_to(user).values("pk"))
        .select_related("goal", "user", "organization")
        .prefetch_related(_scope_prefetch())
        .order_by("invited_at", "id")
    )


def stakeholders_of_goal(*, user, goal):
    return stakeholders_seen_by(user).filter(goal=goal)


def stakeholder_seen_by(*, user, pk) -> Stakeholder:
    return stakeholders_seen_by(user).get(pk=pk)


def invitation_scope_titles(stakeholder: Stakeholder) -> list[str]:
    """Titles of the milestones an invitation shares, in plan order (empty: the whole goal)."""
    return list(
        stakeholder.milestones.order_by("latest_start", "position", "id").values_list(
            "title", flat=True
        )
    )


def advice_of_milestone(*, user, milestone):
    """Advice on a milestone a person may see, newest first (hidden: owner and author)."""
    return (
        Advice.objects.visible_to(user)
        .filter(milestone=milestone)
        .select_related("author")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class DashboardGoal:
    """A goal a person's organisations were invited to, with the grants giving access."""

    goal: object
    grants: list[Stakeholder]


def _partner_grants(*, user, today: date):
    """Active, unlapsed grants to organisations the person is an active member of (never
    on their own goals), as partner_dashboard_for() below."""
    member_of = PartnerOrganization.objects.with_member(user).values("pk")
    return (
        Stakeholder.objects.granting(user, today=today)
        .filter(organization_id__in=member_of)
        .exclude(goal__owner=user)
    )


def partner_dashboard_goals(*, user, today: date) -> list[DashboardGoal]:
    """The goals the person's organisations were invited to, by target date; two queries
    whatever their number."""
    grants = (
        _partner_grants(user=user, today=today)
        .select_related("goal", "goal__owner", "organization")
        .prefetch_related(_scope_prefetch())
        .order_by("goal__target_date", "goal_id", "organization__name", "id")
    )
    goals: dict[int, DashboardGoal] = {}
    for grant in grants:
        goals.setdefault(grant.goal_id, DashboardGoal(goal=grant.goal, grants=[]))
        goals[grant.goal_id].grants.append(grant)
    return list(goals.values())


def partner_coming_milestones(*, user, today: date):
    """Open milestones in scope of the person's organisations, not past their latest
    finish, across every goal that invited them, by latest start: a queryset to page."""
    grants = _partner_grants(user=user, today=today)
    whole_goals = grants.filter(milestones__isnull=True).values("goal_id")
    scoped = Stakeholder.milestones.through.objects.filter(
        stakeholder__in=grants.values("pk")
    ).values("milestone_id")
    return (
        Milestone.objects.open()
        .filter(goal__deleted_at__isnull=True, latest_finish__gte=today)
        .filter(Q(goal_id__in=whole_goals) | Q(pk__in=scoped))
        .select_related("goal", "goal__owner")
        .order_by("latest_start", "latest_finish", "goal_id", "position", "id")
    )


def partner_dashboard_items(milestones, goals: list[DashboardGoal]) -> list["DashboardItem"]:
    """Each milestone (a page of partner_coming_milestones) with the grants of `goals`
    covering it; no query."""
    grants_of_goal = {entry.goal.pk: entry.grants for entry in goals}
    items = []
    for milestone in milestones:
        covering = []
        for grant in grants_of_goal.get(milestone.goal_id, []):
            scope = {scoped.pk for scoped in grant.milestones.all()}
            if not scope or milestone.pk in scope:
                covering.append(grant)
        items.append(DashboardItem(milestone=milestone, grants=covering))
    return items


# --- Pages of the ecosystem (partners/stakeholder_views.py) -------------------------------

ROLE_ORDER = tuple(Stakeholder.Role.values)
MAP_STATES = (Stakeholder.Status.INVITED, Stakeholder.Status.ACTIVE, Stakeholder.Status.LAPSED)
DASHBOARD_LIMIT = 60  # coming milestones listed on the partner dashboard


def _scope_prefetch() -> Prefetch:
    return Prefetch(
        "milestones",
        queryset=Milestone.objects.order_by("latest_start", "position", "id"),
    )


def effective_state(stakeholder: Stakeholder, *, today: date) -> str:
    """The status as people experience it today: an active stakeholder past their end
    date has lapsed even before the nightly sweep records it."""
    if (
        stakeholder.status == Stakeholder.Status.ACTIVE
        and stakeholder.ends_on is not None
        and stakeholder.ends_on < today
    ):
        return Stakeholder.Status.LAPSED
    return stakeholder.status


@dataclass(frozen=True)
class StakeholderRow:
    """A stakeholder with what the owner's pages show about it."""

    stakeholder: Stakeholder
    state: str  # effective_state
    scope: list[Milestone]  # empty: the whole goal
    link_expires_on: date | None  # for a pending invitation
    link_expired: bool = False

    @property
    def is_open(self) -> bool:
        return self.stakeholder.status in Stakeholder.OPEN_STATUSES

    @property
    def scope_ids(self) -> list[int]:
        return [milestone.pk for milestone in self.scope]


def _row(stakeholder: Stakeholder, *, today: date) -> StakeholderRow:
    state = effective_state(stakeholder, today=today)
    expires = None
    if state == Stakeholder.Status.INVITED:
        expires = (stakeholder.invited_at + timedelta(days=INVITATION_DAYS)).date()
    return StakeholderRow(
        stakeholder=stakeholder,
        state=state,
        scope=list(stakeholder.milestones.all()),
        link_expires_on=expires,
        link_expired=expires is not None and expires < today,
    )


def goal_stakeholders(*, goal, today: date) -> tuple[list[StakeholderRow], list[StakeholderRow]]:
    """The owner's list: (current, history). Current: pending invitations and active
    stakeholders (an active one past their end date shows as lapsed but can still be
    extended); history: declined, removed and lapsed ones, newest first. Two queries."""
    stakeholders = (
        Stakeholder.objects.filter(goal=goal)
        .select_related("user", "organization", "invited_by")
        .prefetch_related(_scope_prefetch())
        .order_by("invited_at", "id")
    )
    role_rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    current, history = [], []
    for stakeholder in stakeholders:
        row = _row(stakeholder, today=today)
        (current if row.is_open else history).append(row)
    current.sort(key=lambda row: (role_rank.get(row.stakeholder.role, 99), row.stakeholder.pk))
    history.sort(key=lambda row: row.stakeholder.updated_at, reverse=True)
    return current, history


def goal_milestones_for_scope(*, goal) -> list[Milestone]:
    """The goal's milestones, in plan order, for the scope checkboxes (one query)."""
    return list(
        Milestone.objects.filter(goal=goal)
        .only("pk", "goal_id", "title", "latest_start", "position")
        .order_by("latest_start", "position", "id")
    )


def organizations_to_invite(*, user):
    """The directory's organisations for the invite form: verified ones first."""
    return PartnerOrganization.objects.visible_to(user).order_by("-verified", "name", "id")


def stakeholder_detail(*, user, pk) -> Stakeholder:
    """A stakeholder row the person may see (the owner, or the stakeholder themselves)."""
    return (
        Stakeholder.objects.visible_to(user)
        .select_related("goal", "goal__owner", "user", "organization")
        .prefetch_related(_scope_prefetch())
        .get(pk=pk)
    )


@dataclass(frozen=True)
class RoleGroup:
    """Stakeholders of one role, for the list beside the map."""

    role: str
    label: str
    rows: list[StakeholderRow]


@dataclass(frozen=True)
class EcosystemPage:
    goal: object
    is_owner: bool
    picture: ecosystem_map.EcosystemMap
    groups: list[RoleGroup]

    @property
    def stakeholder_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def ecosystem_for(*, goal, viewer, today: date, row_href=None) -> EcosystemPage:
    """The ecosystem map of a goal as `viewer` may see it. The owner sees every current
    stakeholder (pending and lapsed ones included, drawn dashed); a stakeholder sees the
    owner and themselves only, never the others. Two queries.

    `row_href(stakeholder)` gives the link of a stakeholder's node (the owner's list)."""
    is_owner = viewer.pk == goal.owner_id
    if is_owner:
        rows_query = Stakeholder.objects.filter(goal=goal, status__in=MAP_STATES)
    else:
        rows_query = Stakeholder.objects.granting(viewer, today=today).filter(goal=goal)
    stakeholders = (
        rows_query.select_related("user", "organization")
        .prefetch_related(_scope_prefetch())
        .order_by("invited_at", "id")
    )
    rows = [_row(stakeholder, today=today) for stakeholder in stakeholders]
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    rows.sort(key=lambda row: (rank.get(row.stakeholder.role, 99), row.stakeholder.pk))

    milestones: dict[int, ecosystem_map.MapMilestone] = {}
    for row in rows:
        for milestone in row.scope:
            milestones.setdefault(
                milestone.pk,
                ecosystem_map.MapMilestone(
                    id=milestone.pk, title=milestone.title, href=milestone.get_absolute_url()
                ),
            )
    picture = ecosystem_map.build_map(
        goal_title=goal.title,
        owner_name=goal.owner.name,
        stakeholders=[
            ecosystem_map.MapStakeholder(
                id=row.stakeholder.pk,
                name=row.stakeholder.display_name,
                role=row.stakeholder.role,
                role_label=str(row.stakeholder.get_role_display()),
                state=row.state,
                milestone_ids=tuple(row.scope_ids),
                href=row_href(row.stakeholder) if row_href and is_owner else "",
                is_organization=row.stakeholder.organization_id is not None,
            )
            for row in rows
        ],
        milestones=list(milestones.values()),
        role_order=ROLE_ORDER,
    )
    groups: list[RoleGroup] = []
    for row in rows:
        if not groups or groups[-1].role != row.stakeholder.role:
            groups.append(
                RoleGroup(
                    role=row.stakeholder.role,
                    label=str(row.stakeholder.get_role_display()),
                    rows=[],
                )
            )
        groups[-1].rows.append(row)
    return EcosystemPage(goal=goal, is_owner=is_owner, picture=picture, groups=groups)


# --- The partner dashboard ----------------------------------------------------------------


@dataclass(frozen=True)
class DashboardItem:
    """A coming milestone in a partner's scope, with the grants that put it there."""

    milestone: Milestone
    grants: list[Stakeholder]

    @property
    def organizations(self) -> list[str]:
        return sorted({grant.organization.name for grant in self.grants})

    @property
    def roles(self) -> list[str]:
        return sorted({str(grant.get_role_display()) for grant in self.grants})


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    starting: list[DashboardItem] = field(default_factory=list)
    due: list[DashboardItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.starting and not self.due


@dataclass(frozen=True)
class MonthCalendar:
    month: date  # the first day of the month shown
    weeks: list[list[CalendarDay]]
    previous: date
    next: date

    @property
    def weekdays(self) -> list[date]:
        return [day.day for day in self.weeks[0]]


@dataclass(frozen=True)
class PartnerDashboard:
    organizations: list[PartnerOrganization]
    selected: PartnerOrganization | None
    grants: list[StakeholderRow]
    upcoming: list[DashboardItem]
    more_upcoming: bool
    calendar: MonthCalendar


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def _shift_month(month: date, delta: int) -> date:
    index = month.year * 12 + month.month - 1 + delta
    year, month_index = divmod(index, 12)
    year = min(max(year, 1), 9999)
    return date(year, month_index + 1, 1)


def parse_month(value: str) -> date | None:
    """ "YYYY-MM" as the first day of that month, or None when it does not parse."""
    value = (value or "").strip()
    if len(value) != 7 or value[4] != "-":
        return None
    try:
        year, month = int(value[:4]), int(value[5:])
        return date(year, month, 1) if 1900 <= year <= 2200 else None
    except ValueError:
        return None


def partner_dashboard_for(
    *,
    user,
    today: date,
    month: date,
    organization: PartnerOrganization | None = None,
    organizations: list[PartnerOrganization] | None = None,
) -> PartnerDashboard:
    """For the organisations a person belongs to (or one of them): the goals they were
    invited to and still have access to, the coming open milestones in their scope by
    latest start (`today` is the person's own day), and a month calendar of the
    milestones starting or due. Five queries (six without `organizations`) whatever the
    number of organisations, goals and milestones."""
    if organizations is None:
        organizations = list(PartnerOrganization.objects.with_member(user).order_by("name", "id"))
    chosen = [organization] if organization is not None else organizations
    # Access follows the same clock as every other visibility check.
    access_today = timezone.localdate()
    grant_query = (
        Stakeholder.objects.granting(user, today=access_today)
        .filter(organization__in=[org.pk for org in chosen])
        .exclude(goal__owner=user)
    )
    grants = [
        _row(stakeholder, today=access_today)
        for stakeholder in grant_query.select_related("goal", "goal__owner", "organization")
        .prefetch_related(_scope_prefetch())
        .order_by("goal__target_date", "goal_id", "id")
    ]
    whole_goals = grant_query.filter(milestones__isnull=True).values("goal_id")
    scoped = Stakeholder.milestones.through.objects.filter(
        stakeholder__in=grant_query.values("pk")
    ).values("milestone_id")
    in_scope = (
        Milestone.objects.open()
        .filter(goal__deleted_at__isnull=True)
        .filter(Q(goal_id__in=whole_goals) | Q(pk__in=scoped))
        .select_related("goal", "goal__owner")
    )

    grants_by_goal: dict[int, list[StakeholderRow]] = {}
    for row in grants:
        grants_by_goal.setdefault(row.stakeholder.goal_id, []).append(row)

    def item(milestone: Milestone) -> DashboardItem:
        covering = [
            row.stakeholder
            for row in grants_by_goal.get(milestone.goal_id, [])
            if not row.scope or milestone.pk in row.scope_ids
        ]
        return DashboardItem(milestone=milestone, grants=covering)

    coming = list(
        in_scope.filter(latest_finish__gte=today).order_by(
            "latest_start", "latest_finish", "goal_id", "position", "id"
        )[: DASHBOARD_LIMIT + 1]
    )
    upcoming = [item(milestone) for milestone in coming[:DASHBOARD_LIMIT]]

    weeks_of_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks_of_dates[0][0], weeks_of_dates[-1][-1]
    days = {
        day: CalendarDay(day=day, in_month=day.month == month.month, is_today=day == today)
        for week in weeks_of_dates
        for day in week
    }
    in_month = in_scope.filter(
        Q(latest_start__range=(first, last)) | Q(latest_finish__range=(first, last))
    ).order_by("latest_start", "goal_id", "position", "id")
    for milestone in in_month:
        entry = item(milestone)
        if milestone.latest_start in days:
            days[milestone.latest_start].starting.append(entry)
        if milestone.latest_finish in days and milestone.latest_finish != milestone.latest_start:
            days[milestone.latest_finish].due.append(entry)
    month_calendar = MonthCalendar(
        month=month,
        weeks=[[days[day] for day in week] for week in weeks_of_dates],
        previous=_shift_month(month, -1),
        next=_shift_month(month, 1),
    )
    return PartnerDashboard(
        organizations=organizations,
        selected=organization,
        grants=grants,
        upcoming=upcoming,
        more_upcoming=len(coming) > DASHBOARD_LIMIT,
        calendar=month_calendar,
    )


# --- Advice on milestones -----------------------------------------------------------------


def advice_for_milestones(*, user, milestones) -> dict[int, list[Advice]]:
    """The advice a person may see on each of these milestones (helpful first, then
    newest), keyed by milestone id, every id present; one query."""
    ids = [getattr(milestone, "pk", milestone) for milestone in milestones]
    found: dict[int, list[Advice]] = {pk: [] for pk in ids}
    if not ids:
        return found
    advice = (
        Advice.objects.visible_to(user)
        .filter(milestone_id__in=ids)
        .select_related("author")
        .order_by("-helpful", "-created_at", "-id")
    )
    for entry in advice:
        found[entry.milestone_id].append(entry)
    return found


def milestones_open_to_advice(*, user, goal) -> set[int] | bool:
    """Where a person may post advice on a goal: True for every milestone (the owner, or
    a comment or contribute grant on the whole goal), else the set of milestone ids their
    grants cover (maybe empty). One query at most; lets the goal page decide
    `can_comment` for all milestones at once."""
    if not user.is_authenticated:
        return set()
    if goal.owner_id == user.pk:
        return True
    rows = (
        Stakeholder.objects.granting(user)
        .filter(
            goal=goal,
            access__in=[Stakeholder.Access.COMMENT, Stakeholder.Access.CONTRIBUTE],
        )
        .values_list("pk", "milestones")
    )
    ids = set()
    for _pk, milestone_id in rows:
        if milestone_id is None:
            return True
        ids.add(milestone_id)
    return ids


def milestone_for_advice(*, user, pk) -> Milestone:
    """A milestone the person may see, with its goal and owner (DoesNotExist otherwise)."""
    return Milestone.objects.visible_to(user).select_related("goal", "goal__owner").get(pk=pk)


def advice_detail(*, user, pk) -> Advice:
    return (
        Advice.objects.visible_to(user)
        .select_related("milestone", "milestone__goal", "milestone__goal__owner", "author")
        .get(pk=pk)
    )
