"""Reads of a goal's ecosystem: stakeholders, the ecosystem map and advice, each with its
query shape decided here (a fixed number of queries whatever the number of stakeholders,
goals or milestones). The partner dashboard's reads are in dashboard.py."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch

from goals import access as goal_access
from goals.models import Goal
from milestones.models import Milestone
from partners.models import PartnerOrganization

from . import ecosystem_map
from .lifecycle import INVITATION_DAYS
from .models import Advice, Stakeholder

# --- The API (stakeholders/api/) -----------------------------------------------------------
# The same rules as the pages below; what differs is the shape: a queryset to paginate.


def stakeholders_seen_by(user):
    """Stakeholder rows the API shows a person: on a goal they may see, every row if the
    goal is theirs, else their own rows (or their organisation's). A row of a goal they no
    longer see (removed, lapsed) is as invisible as the goal itself."""
    return (
        Stakeholder.objects.visible_to(user)
        .filter(goal__in=Goal.objects.visible_to(user).values("pk"))
        .select_related("goal", "user", "organization")
        .prefetch_related(scope_prefetch())
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


# --- Pages of the ecosystem (stakeholders/views/) ------------------------------------------

ROLE_ORDER = tuple(Stakeholder.Role.values)
MAP_STATES = (Stakeholder.Status.INVITED, Stakeholder.Status.ACTIVE, Stakeholder.Status.LAPSED)


def scope_prefetch() -> Prefetch:
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


def stakeholder_row(stakeholder: Stakeholder, *, today: date) -> StakeholderRow:
    state = effective_state(stakeholder, today=today)
    expires = None
    if state == Stakeholder.Status.INVITED:
        # The emailed link is signed when it is sent (again, after "send it again").
        sent_at = stakeholder.invitation_sent_at or stakeholder.invited_at
        expires = (sent_at + timedelta(days=INVITATION_DAYS)).date()
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
        .prefetch_related(scope_prefetch())
        .order_by("invited_at", "id")
    )
    role_rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    current, history = [], []
    for stakeholder in stakeholders:
        row = stakeholder_row(stakeholder, today=today)
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
        .prefetch_related(scope_prefetch())
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
    is_owner = goal_access.can_manage_goal(viewer, goal)
    if is_owner:
        rows_query = Stakeholder.objects.filter(goal=goal, status__in=MAP_STATES)
    else:
        rows_query = Stakeholder.objects.granting(viewer, today=today).filter(goal=goal)
    stakeholders = (
        rows_query.select_related("user", "organization")
        .prefetch_related(scope_prefetch())
        .order_by("invited_at", "id")
    )
    rows = [stakeholder_row(stakeholder, today=today) for stakeholder in stakeholders]
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


def milestone_for_advice(*, user, pk) -> Milestone:
    """A milestone the person may see, with its goal and owner (DoesNotExist otherwise)."""
    return Milestone.objects.visible_to(user).select_related("goal", "goal__owner").get(pk=pk)


def advice_detail(*, user, pk) -> Advice:
    return (
        Advice.objects.visible_to(user)
        .select_related("milestone", "milestone__goal", "milestone__goal__owner", "author")
        .get(pk=pk)
    )
