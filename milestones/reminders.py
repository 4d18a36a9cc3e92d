"""The reminder sweep: start-by, due soon and overdue, at each person's own local time.

Runs every 5 minutes (Celery beat, `milestones.send_due_reminders`) and from
`manage.py send_due_reminders`. For each kind of reminder it reads, through a partial
index, only the open milestones whose reminder is not yet decided for their current date,
in chunks. Each chunk is one transaction that

1. locks its milestone rows (`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL: a second
   sweep running at the same moment takes other rows, never these; SQLite's write
   transactions are serial, which gives the same guarantee),
2. decides, for the goal's owner and the contribute stakeholders who opted in, whether the
   reminder's local time has come in their own time zone (never UTC midnight),
3. writes the notifications in bulk under their unique (recipient, key) - the key holds the
   milestone's date, so a milestone moved by a re-plan is reminded for its new date - and
4. notes the decided date on the milestone, so the row leaves the partial index.

A sweep killed mid-chunk rolls the whole chunk back; the next one does it again. Emails
are enqueued only after commit (see ecosystem.notifications.services).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecosystem.notifications.models import (
    DEFAULT_LEAD_DAYS,
    Kind,
    NotificationSettings,
)
from ecosystem.notifications.selectors import DeliveryProfile, delivery_profiles
from ecosystem.notifications.services import Draft, notifications_write
from goals.models import Goal

from .access import CONTRIBUTE
from .models import NOT_STARTED, OPEN, Milestone, reminder_pending

# Stakeholders sit above milestones: their rows are reached by name, never imported (see
# ARCHITECTURE.md, "The layers"); who may contribute is milestones' own access rule.
STAKEHOLDER_MODEL = "stakeholders.Stakeholder"
MEMBERSHIP_MODEL = "partners.Membership"
FIELDS = (
    "id",
    "title",
    "latest_start",
    "latest_finish",
    "goal_id",
    "goal__title",
    "goal__owner_id",
    "goal__status",
    "goal__deleted_at",
)


@dataclass(frozen=True)
class Rule:
    kind: str
    date_field: str  # the date the reminder is about, part of its key
    mark_field: str  # where the decided date is noted
    statuses: tuple


START_BY = Rule(Kind.MILESTONE_START_BY, "latest_start", "start_reminded_for", NOT_STARTED)
DUE_SOON = Rule(Kind.MILESTONE_DUE_SOON, "latest_finish", "due_soon_reminded_for", OPEN)
OVERDUE = Rule(Kind.MILESTONE_OVERDUE, "latest_finish", "overdue_reminded_for", OPEN)
RULES = (START_BY, DUE_SOON, OVERDUE)

SEND, SKIP, WAIT = "send", "skip", "wait"


@dataclass
class SweepResult:
    examined: int = 0
    offered: int = 0  # notifications offered to the database (a repeat is ignored there)
    decided: int = 0  # milestone reminders decided for every recipient

    def __iadd__(self, other):
        self.examined += other.examined
        self.offered += other.offered
        self.decided += other.decided
        return self


def _fire_day(rule: Rule, row: dict, profile: DeliveryProfile) -> date:
    if rule is START_BY:
        return row["latest_start"]
    if rule is DUE_SOON:
        return row["latest_finish"] - timedelta(days=profile.lead_days)
    return row["latest_finish"] + timedelta(days=1)


def decide(rule: Rule, row: dict, profile: DeliveryProfile | None, now: datetime) -> str:
    """SEND when the reminder's local time has come for this person, WAIT when it has not,
    SKIP when it never will (goal closed, account inactive, too late to be useful)."""
    if profile is None or row["goal__status"] != Goal.Status.ACTIVE or row["goal__deleted_at"]:
        return SKIP
    today = profile.today(now)
    if rule is not OVERDUE and today > row["latest_finish"]:
        return SKIP  # already overdue: the overdue reminder says so
    fire_day = _fire_day(rule, row, profile)
    if (today - fire_day).days > settings.REMINDER_CATCH_UP_DAYS:
        return SKIP
    return SEND if profile.local_instant(fire_day) <= now else WAIT


class Wording:
    """The reminders' words, translated once per chunk, each date formatted once: a chunk
    holds thousands of rows but only a handful of distinct dates."""

    def __init__(self):
        self.start_today = _("Start “%(title)s” today")
        self.start_late = _("“%(title)s” should have started by %(date)s")
        self.start_body = _(
            "%(goal)s: start it by %(start)s to finish by %(finish)s and stay on track."
        )
        self.due_today = _("“%(title)s” is due today")
        self.due_body = _("%(goal)s: it must finish by %(finish)s.")
        self.overdue = _("“%(title)s” is overdue")
        self.overdue_body = _("%(goal)s: it was due to finish by %(finish)s.")
        self._days: dict[date, str] = {}
        self._due_in: dict[int, str] = {}

    def day(self, value: date) -> str:
        if value not in self._days:
            self._days[value] = date_format(value, "DATE_FORMAT")
        return self._days[value]

    def due_in(self, days: int) -> str:
        if days not in self._due_in:
            # "Tomorrow" is its own sentence: a language's singular form may also serve 21.
            self._due_in[days] = (
                _("“%(title)s” is due tomorrow")
                if days == 1
                else ngettext(
                    "“%(title)s” is due in %(days)s day",
                    "“%(title)s” is due in %(days)s days",
                    days,
                )
            )
        return self._due_in[days]

    def text(self, rule: Rule, row: dict, today: date) -> tuple[str, str]:
        """The title and body of one reminder, on the recipient's own today."""
        title, goal = row["title"], row["goal__title"]
        start, finish = row["latest_start"], row["latest_finish"]
        if rule is START_BY:
            if start >= today:
                heading = self.start_today % {"title": title}
            else:
                heading = self.start_late % {"title": title, "date": self.day(start)}
            body = self.start_body % {
                "goal": goal,
                "start": self.day(start),
                "finish": self.day(finish),
            }
            return heading, body
        if rule is DUE_SOON:
            days = (finish - today).days
            if days <= 0:
                heading = self.due_today % {"title": title}
            else:
                heading = self.due_in(days) % {"title": title, "days": days}
            return heading, self.due_body % {"goal": goal, "finish": self.day(finish)}
        heading = self.overdue % {"title": title}
        return heading, self.overdue_body % {"goal": goal, "finish": self.day(finish)}


def _contributors(rows: list[dict], *, now: datetime) -> dict[int, set[int]]:
    """For each milestone, the people other than the owner who opted in to reminders and
    may contribute to it. The stakeholder rows only narrow down whom to ask; the answer is
    the plan's one access rule (`Milestone.objects.granted_to`, on each person's own
    today). One query when no goal here has a contribute stakeholder."""
    Stakeholder = apps.get_model(STAKEHOLDER_MODEL)
    Membership = apps.get_model(MEMBERSHIP_MODEL)
    goal_ids = {row["goal_id"] for row in rows}
    candidates = list(
        Stakeholder.objects.filter(
            goal_id__in=goal_ids,
            status=Stakeholder.Status.ACTIVE,
            access=Stakeholder.Access.CONTRIBUTE,
        ).values_list("user_id", "organization_id")
    )
    if not candidates:
        return {}
    people = {user_id for user_id, _org in candidates if user_id}
    organizations = {org_id for _user, org_id in candidates if org_id}
    if organizations:
        people |= set(
            Membership.objects.active()
            .filter(organization_id__in=organizations)
            .values_list("user_id", flat=True)
        )
    opted_in = NotificationSettings.objects.filter(
        user_id__in=people, remind_contributed=True, user__is_active=True
    ).select_related("user")
    milestone_ids = [row["id"] for row in rows]
    found = defaultdict(set)
    for opt_in in opted_in:
        person = opt_in.user
        may_contribute = Milestone.objects.granted_to(
            person, today=now.astimezone(person.zone).date(), at_least=CONTRIBUTE
        ).filter(pk__in=milestone_ids)
        for milestone_id in may_contribute.values_list("pk", flat=True):
            found[milestone_id].add(person.pk)
    return found


def pending_rows(rule: Rule, *, upper: date, after: tuple | None):
    """Milestones whose reminder is undecided for their date, up to `upper`, after the
    (date, id) of the previous chunk, in index order."""
    rows = Milestone.objects.filter(
        reminder_pending(rule.mark_field, rule.date_field, rule.statuses),
        **{f"{rule.date_field}__lte": upper},
    )
    if after is not None:
        after_date, after_id = after
        rows = rows.filter(
            Q(**{f"{rule.date_field}__gt": after_date})
            | Q(**{rule.date_field: after_date, "id__gt": after_id})
        )
    return rows.order_by(rule.date_field, "id")


def _claim_chunk(rule: Rule, *, upper: date, after: tuple | None, size: int) -> list[dict]:
    """Lock and read the next chunk; rows another sweep holds are skipped, not waited for."""
    return list(
        pending_rows(rule, upper=upper, after=after)
        .select_for_update(skip_locked=True, of=("self",))
        .values(*FIELDS)[:size]
    )


def _sweep_chunk(rule: Rule, rows: list[dict], now: datetime) -> SweepResult:
    contributors = _contributors(rows, now=now)
    recipients = {
        row["id"]: {row["goal__owner_id"]} | contributors.get(row["id"], set()) for row in rows
    }
    profiles = delivery_profiles(set().union(*recipients.values()), [rule.kind])
    milestone_type_id = ContentType.objects.get_for_model(Milestone).pk  # cached
    wordings: dict[str, Wording] = {}  # one per language among the recipients
    goal_links: dict[int, str] = {}
    drafts, decided = [], []
    for row in rows:
        outcomes = []
        for person_id in sorted(recipients[row["id"]]):
            profile = profiles.get(person_id)
            outcome = decide(rule, row, profile, now)
            outcomes.append(outcome)
            if outcome != SEND:
                continue
            with translation.override(profile.language):
                if profile.language not in wordings:
                    wordings[profile.language] = Wording()
                title, body = wordings[profile.language].text(rule, row, profile.today(now))
            if row["goal_id"] not in goal_links:
                goal_links[row["goal_id"]] = reverse("goals:detail", args=[row["goal_id"]])
            goal_link = goal_links[row["goal_id"]]
            drafts.append(
                Draft(
                    recipient_id=person_id,
                    kind=rule.kind,
                    title=title,
                    body=body,
                    link=f"{goal_link}#milestone-{row['id']}",
                    dedupe_key=f"{rule.kind}:milestone:{row['id']}:{row[rule.date_field]}",
                    target_type_id=milestone_type_id,
                    target_id=row["id"],
                )
            )
        if WAIT not in outcomes:
            decided.append(row["id"])
    offered = notifications_write(drafts, now=now, profiles=profiles)
    if decided:
        Milestone.objects.filter(pk__in=decided).update(**{rule.mark_field: F(rule.date_field)})
    return SweepResult(examined=len(rows), offered=offered, decided=len(decided))


def _upper_bound(rule: Rule, utc_today: date) -> date:
    """The last date any time zone may already have reached for this rule (UTC+14 is a
    day ahead of UTC), so the index range holds every row that may be due anywhere."""
    ahead = utc_today + timedelta(days=1)
    if rule is START_BY:
        return ahead
    if rule is DUE_SOON:
        longest = NotificationSettings.objects.aggregate(longest=Max("reminder_lead_days"))
        return ahead + timedelta(days=max(longest["longest"] or 0, DEFAULT_LEAD_DAYS))
    return utc_today  # overdue the day after: at most UTC+14 past the finish date


def reminders_send_due(
    *, now: datetime | None = None, chunk_size: int | None = None
) -> SweepResult:
    """Send every reminder whose local time has come, once. Safe to run twice, and at the
    same time as another sweep. Returns what it examined, offered and decided."""
    now = now or timezone.now()
    chunk_size = chunk_size or settings.REMINDER_SWEEP_CHUNK
    utc_today = now.astimezone(UTC).date()
    total = SweepResult()
    for rule in RULES:
        upper = _upper_bound(rule, utc_today)
        after = None
        while True:
            with transaction.atomic():
                rows = _claim_chunk(rule, upper=upper, after=after, size=chunk_size)
                if rows:
                    total += _sweep_chunk(rule, rows, now)
            if len(rows) < chunk_size:
                break
            after = (rows[-1][rule.date_field], rows[-1]["id"])
    return total
