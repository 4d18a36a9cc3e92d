"""Reads of the partner dashboard: for the members of partner organisations, the goals
they were invited to and, across them, the coming milestones in their scope, as a list
(page and API) and a month calendar. A fixed number of queries whatever the number of
organisations, goals and milestones."""

import calendar
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from django.db.models import CharField, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast

from milestones.models import Milestone
from milestones.plan_version import PLAN_GOAL_FIELDS
from partners.models import PartnerOrganization

from .models import Stakeholder
from .selectors import StakeholderRow, scope_prefetch, stakeholder_row

DASHBOARD_LIMIT = 60  # coming milestones listed on the partner dashboard

# What the page reads of a coming milestone: its goal (and the goal's owner) is one the
# grants already loaded, given to it rather than joined and built again for every row.
PAGE_MILESTONE_FIELDS = (
    "id",
    "goal_id",
    "title",
    "status",
    "position",
    "latest_start",
    "latest_finish",
)

# --- The API (stakeholders/api/dashboard.py) ---------------------------------------------


@dataclass(frozen=True)
class DashboardGoal:
    """A goal a person's organisations were invited to, with the grants giving access."""

    goal: object
    grants: list[Stakeholder]


def _partner_grants(*, user, today: date):
    """Active, unlapsed grants to organisations the person is an active member of, never
    on their own goals: the partner dashboard API's."""
    return Stakeholder.objects.granting_through_organizations(user, today=today).exclude(
        goal__owner=user
    )


def _covered_milestones(grants):
    """`Milestone.covered_by(grants)`, narrowed first to the granted goals. The same rows
    (a grant's scope lies in its goal), but PostgreSQL then reads the few goals' milestones
    by index instead of testing the OR of two subqueries on every milestone: 13 ms
    instead of 270 ms at a million milestones (bench/generate.py)."""
    return Milestone.objects.filter(goal_id__in=grants.values("goal_id")).covered_by(grants)


def partner_dashboard_goals(*, user, today: date) -> list[DashboardGoal]:
    """The goals the person's organisations were invited to, by target date; two queries
    whatever their number."""
    grants = (
        _partner_grants(user=user, today=today)
        .select_related("goal", "goal__owner", "organization")
        .prefetch_related(scope_prefetch())
        .order_by("goal__target_date", "goal_id", "organization__name", "id")
    )
    goals: dict[int, DashboardGoal] = {}
    for grant in grants:
        goals.setdefault(grant.goal_id, DashboardGoal(goal=grant.goal, grants=[]))
        goals[grant.goal_id].grants.append(grant)
    return list(goals.values())


def coming_milestones(grants, *, today: date):
    """What "coming" means for a partner, said once (the dashboard, its API and partner
    webhooks ask it): open milestones these grants cover, on goals not in the trash, not
    past their latest finish on `today`."""
    return (
        _covered_milestones(grants)
        .open()
        .filter(goal__deleted_at__isnull=True, latest_finish__gte=today)
    )


def organization_coming_milestones(*, organization, today: date):
    """The milestones coming for one organisation, through its grants in force `today`."""
    grants = Stakeholder.objects.in_force(today=today).filter(organization=organization)
    return coming_milestones(grants, today=today)


def partner_coming_milestones(*, user, today: date):
    """Open milestones in scope of the person's organisations, not past their latest
    finish, across every goal that invited them, by latest start: a queryset to page."""
    grants = _partner_grants(user=user, today=today)
    return (
        coming_milestones(grants, today=today)
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


# --- The page (stakeholders/views/dashboard.py) -----------------------------------------


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

    @property
    def role_values(self) -> list[str]:
        """`roles` before translation (the language is a fact of its own): cheap to key on."""
        return sorted({grant.role for grant in self.grants})


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


def _grants_to_organizations(*, user, today, organizations, organization):
    """The grants to the person's organisations (or to the one chosen among them), by
    the goal's target date. `organizations` are the rule's answer, read by the caller
    (`PartnerOrganization.objects.with_member`, or as kept: the partner dashboard page), so
    the grants name them by id instead of asking the rule again as a subquery."""
    chosen = organizations if organization is None else [organization]
    member_of = [org.pk for org in organizations if org in chosen]
    return (
        Stakeholder.objects.granting_through_organizations(user, today=today, member_of=member_of)
        .exclude(goal__owner=user)
        .order_by("goal__target_date", "goal_id", "id")
    )


def partner_grants_for(
    *,
    user,
    today: date,
    organizations: list[PartnerOrganization],
    organization: PartnerOrganization | None = None,
) -> list[StakeholderRow]:
    """The grants in force to the person's organisations (or to the one chosen), never on
    their own goals, by the goal's target date, each with its goal, the goal's owner and
    its scope: two queries."""
    grants = _grants_to_organizations(
        user=user, today=today, organizations=organizations, organization=organization
    )
    return [
        stakeholder_row(stakeholder, today=today)
        for stakeholder in grants.select_related(
            "goal", "goal__owner", "organization"
        ).prefetch_related(scope_prefetch())
    ]


# What the dashboard shows of a grant, as paths from its row: its goal's plan (every
# milestone fact shown is worked out from it, plan_version.PLAN_GOAL_FIELDS), the goal's
# title, what its owner's name is made of, the organisation's name, role, access and end.
# Its scope (milestone ids) comes after them.
GRANT_FACTS = (
    "pk",
    "goal_id",
    *(f"goal__{name}" for name in PLAN_GOAL_FIELDS),
    "goal__title",
    "goal__owner__display_name",
    "goal__owner__email",
    "goal__owner__deleted_at",
    "organization__name",
    "role",
    "access",
    "ends_on",
)


def partner_grant_facts(
    *,
    user,
    today: date,
    organizations: list[PartnerOrganization],
    organization: PartnerOrganization | None = None,
) -> list[tuple]:
    """What the dashboard shows of partner_grants_for's grants, read as plain values in
    one light query (no model rows): each grant's GRANT_FACTS and its scope's milestone
    ids, joined into one text by a subquery. Equal to grant_facts(partner_grants_for(...))
    read at the same moment, so a view can key its cached body on it without loading the
    grants."""
    scope = (
        Stakeholder.milestones.through.objects.filter(stakeholder_id=OuterRef("pk"))
        .order_by()
        .values("stakeholder_id")
        .annotate(ids=StringAgg(Cast("milestone_id", CharField()), Value(",")))
        .values("ids")
    )
    rows = _grants_to_organizations(
        user=user, today=today, organizations=organizations, organization=organization
    ).values_list(*GRANT_FACTS, Subquery(scope))
    return [(*row[:-1], _milestone_ids(row[-1])) for row in rows]


def _milestone_ids(joined: str | None) -> tuple[int, ...]:
    return tuple(sorted(int(pk) for pk in joined.split(","))) if joined else ()


_GRANT_FACT_GETTERS = [attrgetter(path.replace("__", ".")) for path in GRANT_FACTS]


def grant_facts(grants: list[StakeholderRow]) -> list[tuple]:
    """partner_grant_facts, from grants already read (partner_grants_for); no query."""
    return [
        (
            *(get(row.stakeholder) for get in _GRANT_FACT_GETTERS),
            tuple(sorted(row.scope_ids)),
        )
        for row in grants
    ]


def partner_dashboard_for(
    *,
    user,
    today: date,
    month: date,
    organization: PartnerOrganization | None = None,
    organizations: list[PartnerOrganization] | None = None,
    grants: list[StakeholderRow] | None = None,
) -> PartnerDashboard:
    """For the organisations a person belongs to (or one of them): the goals they were
    invited to and still have access to, the coming open milestones in their scope by
    latest start (`today` is the person's own day), and a month calendar of the
    milestones starting or due. Five queries (six without `organizations`, two given
    `grants`, partner_grants_for's answer) whatever the number of organisations, goals
    and milestones."""
    if organizations is None:
        organizations = list(PartnerOrganization.objects.with_member(user).order_by("name", "id"))
    if grants is None:
        grants = partner_grants_for(
            user=user, today=today, organizations=organizations, organization=organization
        )
    # The grants just read, by id: the two milestone queries below then test a short id
    # list instead of building, compiling and running the whole grant rule twice more.
    grant_query = Stakeholder.objects.filter(pk__in=[row.stakeholder.pk for row in grants])
    in_scope = (
        _covered_milestones(grant_query)
        .open()
        .filter(goal__deleted_at__isnull=True)
        .only(*PAGE_MILESTONE_FIELDS)
    )

    grants_by_goal: dict[int, list[StakeholderRow]] = {}
    for row in grants:
        grants_by_goal.setdefault(row.stakeholder.goal_id, []).append(row)

    goals = {row.stakeholder.goal_id: row.stakeholder.goal for row in grants}

    def item(milestone: Milestone) -> DashboardItem:
        milestone.goal = goals[milestone.goal_id]  # covered milestones lie in granted goals
        covering = [
            row.stakeholder
            for row in grants_by_goal.get(milestone.goal_id, [])
            if not row.scope or milestone.pk in row.scope_ids
        ]
        return DashboardItem(milestone=milestone, grants=covering)

    coming = list(
        coming_milestones(grant_query, today=today)
        .only(*PAGE_MILESTONE_FIELDS)
        .order_by("latest_start", "latest_finish", "goal_id", "position", "id")[
            : DASHBOARD_LIMIT + 1
        ]
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
