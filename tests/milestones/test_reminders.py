"""The reminder sweep: each reminder once, at 08:00 in the recipient's own time zone."""

from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ecosystem.notifications import services as notification_services
from ecosystem.notifications.models import Kind, Notification
from goals.services import goal_create, goal_update
from milestones import reminders, tasks
from milestones.models import Milestone
from milestones.services import milestone_create, milestone_update
from partners.services import organization_create
from tests.factories import GoalFactory, UserFactory

pytestmark = pytest.mark.django_db

START, SOON, LATE = Kind.MILESTONE_START_BY, Kind.MILESTONE_DUE_SOON, Kind.MILESTONE_OVERDUE


def due(owner, *, start, finish, status="todo", title="Prune the orchard", goal=None, **goal_kw):
    """A milestone with stored dates (what the scheduler would have written)."""
    goal = goal or GoalFactory(owner=owner, target_date=finish + timedelta(days=30), **goal_kw)
    return Milestone.objects.create(
        goal=goal, title=title, latest_start=start, latest_finish=finish, status=status
    )


def sweep_at(moment: datetime):
    with time_machine.travel(moment, tick=False):
        return reminders.reminders_send_due()


def sent(person=None, kind=None):
    found = Notification.objects.all()
    if person is not None:
        found = found.filter(recipient=person)
    if kind is not None:
        found = found.filter(kind=kind)
    return list(found.order_by("created_at", "id"))


def walk(start: datetime, end: datetime, step=timedelta(hours=1)):
    """Sweep at every step from start to end, as beat would (coarser, same outcome)."""
    moment = start
    while moment <= end:
        sweep_at(moment)
        moment += step


# --- At 08:00 local, once, in every time zone ----------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "eight_local_in_utc"),
    [
        # New Zealand daylight time, UTC+13: 08:00 on 10 March is 19:00 UTC the day before.
        ("Pacific/Auckland", date(2027, 3, 10), datetime(2027, 3, 9, 19, 0, tzinfo=UTC)),
        # Moscow, UTC+3 all year.
        ("Europe/Moscow", date(2027, 3, 10), datetime(2027, 3, 10, 5, 0, tzinfo=UTC)),
        # Chicago before its DST change (CST, UTC-6) ...
        ("America/Chicago", date(2027, 3, 13), datetime(2027, 3, 13, 14, 0, tzinfo=UTC)),
        # ... on the day clocks go forward (14 March 2027, CDT from 02:00, UTC-5) ...
        ("America/Chicago", date(2027, 3, 14), datetime(2027, 3, 14, 13, 0, tzinfo=UTC)),
        # ... and Auckland on the day its clocks go back (4 April 2027, NZST from 03:00).
        ("Pacific/Auckland", date(2027, 4, 4), datetime(2027, 4, 3, 20, 0, tzinfo=UTC)),
    ],
)
def test_start_by_fires_at_eight_local_once(zone, day, eight_local_in_utc):
    owner = UserFactory(time_zone=zone)
    due(owner, start=day, finish=day + timedelta(days=20))

    utc_midnight = datetime.combine(day, time(0, 0), tzinfo=UTC)
    before = [eight_local_in_utc - timedelta(minutes=5), eight_local_in_utc - timedelta(hours=7)]
    # West of UTC, midnight UTC comes first: it is not that person's morning.
    before += [utc_midnight] if utc_midnight < eight_local_in_utc else []
    for moment in sorted(before):
        sweep_at(moment)
    assert sent(owner, START) == []

    for moment in (eight_local_in_utc, eight_local_in_utc + timedelta(minutes=5), utc_midnight):
        sweep_at(max(moment, eight_local_in_utc))
    sweep_at(eight_local_in_utc + timedelta(hours=12))

    (reminder,) = sent(owner, START)
    assert reminder.created_at == eight_local_in_utc
    assert reminder.created_at.astimezone(owner.zone).time() == time(8, 0)
    assert reminder.title == "Start “Prune the orchard” today"


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "Europe/Moscow", "America/Chicago"])
def test_every_reminder_arrives_once_at_eight_local_across_a_dst_change(zone):
    """Start by 12 March, finish by 16 March 2027: Chicago changes clock on the 14th."""
    owner = UserFactory(time_zone=zone)
    milestone = due(owner, start=date(2027, 3, 12), finish=date(2027, 3, 16))

    walk(datetime(2027, 3, 10, 0, 0, tzinfo=UTC), datetime(2027, 3, 19, 0, 0, tzinfo=UTC))

    when = {n.kind: n.created_at.astimezone(owner.zone) for n in sent(owner)}
    assert len(sent(owner)) == 3
    assert when[SOON].date() == date(2027, 3, 13)  # 3 days before the latest finish
    assert when[START].date() == date(2027, 3, 12)
    assert when[LATE].date() == date(2027, 3, 17)  # the day after the latest finish
    assert {moment.time() for moment in when.values()} == {time(8, 0)}
    milestone.refresh_from_db()
    assert milestone.start_reminded_for == date(2027, 3, 12)
    assert milestone.overdue_reminded_for == date(2027, 3, 16)


def test_my_own_reminder_time_and_lead_days_are_used(customer):
    customer.time_zone = "Europe/Moscow"
    customer.save()
    notification_services.preferences_update(
        by=customer, reminder_time=time(6, 30), reminder_lead_days=5
    )
    due(customer, start=date(2027, 3, 1), finish=date(2027, 3, 10))

    walk(
        datetime(2027, 3, 4, 0, 0, tzinfo=UTC),
        datetime(2027, 3, 6, 0, 0, tzinfo=UTC),
        step=timedelta(minutes=30),
    )

    (soon,) = sent(customer, SOON)
    assert soon.created_at.astimezone(customer.zone) == datetime(
        2027, 3, 5, 6, 30, tzinfo=customer.zone
    )
    assert soon.title == "“Prune the orchard” is due in 5 days"


# --- Once, whatever happens ----------------------------------------------------------------


def test_a_second_sweep_changes_nothing(customer):
    for index in range(5):
        due(customer, start=date(2027, 3, 1), finish=date(2027, 3, 2), title=f"Step {index}")
    moment = datetime(2027, 3, 3, 12, 0, tzinfo=UTC)
    first = sweep_at(moment)
    before = list(Notification.objects.values_list("id", "dedupe_key", "created_at"))
    marks = list(Milestone.objects.values_list("id", "overdue_reminded_for"))

    second = sweep_at(moment + timedelta(minutes=5))

    assert first.offered == 5 and first.decided == 15
    assert (second.examined, second.offered) == (0, 0)
    assert list(Notification.objects.values_list("id", "dedupe_key", "created_at")) == before
    assert list(Milestone.objects.values_list("id", "overdue_reminded_for")) == marks


def test_the_task_run_twice_gives_one_reminder_each(customer):
    due(customer, start=date(2027, 3, 1), finish=date(2027, 3, 20))
    with time_machine.travel(datetime(2027, 3, 1, 9, 0, tzinfo=UTC), tick=False):
        assert tasks.send_due_reminders()["offered"] == 1
        assert tasks.send_due_reminders()["offered"] == 0
    assert len(sent(customer)) == 1


def test_the_management_command_runs_the_same_sweep(customer):
    due(customer, start=date(2027, 3, 1), finish=date(2027, 3, 20))
    out = StringIO()
    with time_machine.travel(datetime(2027, 3, 1, 9, 0, tzinfo=UTC), tick=False):
        call_command("send_due_reminders", stdout=out)
        call_command("send_due_reminders", stdout=out)
    assert "offered 1 notification(s)" in out.getvalue()
    assert "offered 0 notification(s)" in out.getvalue()
    assert len(sent(customer, START)) == 1


def test_a_replanned_milestone_is_reminded_for_its_new_date_not_the_old_one(customer):
    customer.time_zone = "Pacific/Auckland"
    customer.save()
    goal = goal_create(by=customer, title="Apples", target_date=date(2027, 3, 20))
    milestone = milestone_create(goal=goal, by=customer, title="Thin the fruit", duration_days=2)
    assert (milestone.latest_start, milestone.latest_finish) == (
        date(2027, 3, 19),
        date(2027, 3, 20),
    )
    walk(datetime(2027, 3, 18, 0, 0, tzinfo=UTC), datetime(2027, 3, 19, 0, 0, tzinfo=UTC))
    assert [n.dedupe_key for n in sent(customer, START)] == [
        f"milestone_start_by:milestone:{milestone.pk}:2027-03-19"
    ]

    goal_update(
        goal=goal, by=customer, target_date=date(2027, 3, 27)
    )  # a re-plan moves it a week later
    walk(datetime(2027, 3, 19, 0, 0, tzinfo=UTC), datetime(2027, 3, 27, 0, 0, tzinfo=UTC))

    keys = [n.dedupe_key for n in sent(customer, START)]
    assert keys == [
        f"milestone_start_by:milestone:{milestone.pk}:2027-03-19",
        f"milestone_start_by:milestone:{milestone.pk}:2027-03-26",
    ]
    assert sent(customer, START)[1].created_at.astimezone(customer.zone) == datetime(
        2027, 3, 26, 8, 0, tzinfo=customer.zone
    )


# --- Which milestones, which reminders ------------------------------------------------------


def test_done_milestones_get_none_and_started_ones_no_start_by(customer):
    due(customer, start=date(2027, 3, 1), finish=date(2027, 3, 3), status="done", title="Done")
    due(customer, start=date(2027, 3, 1), finish=date(2027, 3, 3), status="doing", title="Doing")
    walk(datetime(2027, 2, 27, 0, 0, tzinfo=UTC), datetime(2027, 3, 5, 0, 0, tzinfo=UTC))
    assert sorted((n.kind, n.title) for n in sent(customer)) == [
        (SOON, "“Doing” is due in 3 days"),
        (LATE, "“Doing” is overdue"),
    ]


def test_completing_a_milestone_before_its_time_stops_its_reminders(customer):
    milestone = due(customer, start=date(2027, 3, 5), finish=date(2027, 3, 20))
    sweep_at(datetime(2027, 3, 4, 9, 0, tzinfo=UTC))
    milestone_update(milestone=milestone, by=customer, status="done")
    walk(datetime(2027, 3, 5, 0, 0, tzinfo=UTC), datetime(2027, 3, 22, 0, 0, tzinfo=UTC))
    assert sent(customer) == []


def test_goals_in_the_trash_abandoned_or_in_draft_get_none_and_leave_the_sweep(customer):
    day = date(2027, 3, 5)
    due(customer, start=day, finish=day, deleted_at=timezone.now())
    due(
        customer,
        start=day,
        finish=day,
        status="todo",
        goal=GoalFactory(owner=customer, status="abandoned"),
    )
    due(customer, start=day, finish=day, goal=GoalFactory(owner=customer, status="draft"))
    first = sweep_at(datetime(2027, 3, 6, 9, 0, tzinfo=UTC))
    assert sent(customer) == []
    assert first.decided == 9
    assert sweep_at(datetime(2027, 3, 6, 9, 5, tzinfo=UTC)).examined == 0


def test_a_late_start_by_says_so_and_an_overdue_milestone_gets_only_overdue(customer):
    due(customer, start=date(2027, 3, 1), finish=date(2027, 3, 20), title="Late start")
    due(customer, start=date(2027, 2, 20), finish=date(2027, 3, 1), title="Long overdue")
    sweep_at(datetime(2027, 3, 3, 9, 0, tzinfo=UTC))
    assert sorted((n.kind, n.title) for n in sent(customer)) == [
        (LATE, "“Long overdue” is overdue"),
        (START, "“Late start” should have started by Mon 1 Mar 2027"),
    ]


def test_reminders_too_old_to_help_are_not_sent_late(customer, settings):
    settings.REMINDER_CATCH_UP_DAYS = 7
    due(customer, start=date(2027, 1, 1), finish=date(2027, 1, 10), title="Ancient")
    sweep_at(datetime(2027, 3, 3, 9, 0, tzinfo=UTC))
    assert sent(customer) == []


def test_an_inactive_owner_gets_none(customer):
    customer.is_active = False
    customer.save()
    due(customer, start=date(2027, 3, 1), finish=date(2027, 3, 2))
    sweep_at(datetime(2027, 3, 3, 9, 0, tzinfo=UTC))
    assert sent() == []


def test_off_writes_nothing_and_digest_waits_for_the_digest(customer):
    notification_services.preferences_update(by=customer, channels={START: "off", LATE: "digest"})
    due(customer, start=date(2027, 3, 1), finish=date(2027, 3, 2))
    sweep_at(datetime(2027, 3, 3, 9, 0, tzinfo=UTC))
    assert [(n.kind, n.delivery) for n in sent(customer)] == [(LATE, "digest")]


def test_a_reminder_email_is_sent_after_commit_with_the_milestone_link(
    customer, django_capture_on_commit_callbacks, mailoutbox
):
    milestone = due(customer, start=date(2027, 3, 1), finish=date(2027, 3, 20))
    with (
        time_machine.travel(datetime(2027, 3, 1, 9, 0, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        reminders.reminders_send_due()
        assert mailoutbox == []  # nothing leaves before the sweep's transaction commits
    assert len(callbacks) == 1
    (message,) = mailoutbox
    assert message.subject.endswith("Start “Prune the orchard” today")
    assert f"/goals/{milestone.goal_id}/#milestone-{milestone.pk}" in message.body


# --- Stakeholders who contribute and opted in ---------------------------------------------


def stakeholder(goal, person, *, access="contribute", milestones=(), **fields):
    Stakeholder = apps.get_model(reminders.STAKEHOLDER_MODEL)
    row = Stakeholder.objects.create(
        goal=goal,
        user=person,
        email=person.email,
        role="advisor",
        access=access,
        status=fields.pop("status", "active"),
        **fields,
    )
    row.milestones.set(milestones)
    return row


def opt_in(person):
    notification_services.preferences_update(by=person, remind_contributed=True)


def test_contributors_who_opted_in_are_reminded_at_their_own_local_time():
    owner = UserFactory(time_zone="Pacific/Auckland")
    helper = UserFactory(time_zone="America/Chicago")
    quiet_helper = UserFactory(time_zone="America/Chicago")  # did not opt in
    viewer = UserFactory(time_zone="America/Chicago")  # opted in, but may only view
    milestone = due(owner, start=date(2027, 3, 10), finish=date(2027, 3, 25))
    stakeholder(milestone.goal, helper)
    stakeholder(milestone.goal, quiet_helper)
    stakeholder(milestone.goal, viewer, access="view")
    opt_in(helper)
    opt_in(viewer)

    walk(datetime(2027, 3, 9, 0, 0, tzinfo=UTC), datetime(2027, 3, 11, 0, 0, tzinfo=UTC))

    (owners,) = sent(owner, START)
    (helpers,) = sent(helper, START)
    assert owners.created_at == datetime(2027, 3, 9, 19, 0, tzinfo=UTC)  # 08:00 in Auckland
    assert helpers.created_at == datetime(2027, 3, 10, 14, 0, tzinfo=UTC)  # 08:00 in Chicago
    assert sent(quiet_helper) == [] and sent(viewer) == []
    milestone.refresh_from_db()
    assert milestone.start_reminded_for == date(2027, 3, 10)  # decided once both were told


def test_a_scoped_contributor_is_reminded_only_of_their_milestones():
    owner = UserFactory()
    helper = UserFactory()
    mine = due(owner, start=date(2027, 3, 10), finish=date(2027, 3, 25), title="Theirs")
    other = due(owner, start=date(2027, 3, 10), finish=date(2027, 3, 25), goal=mine.goal)
    stakeholder(mine.goal, helper, milestones=[mine])
    opt_in(helper)
    sweep_at(datetime(2027, 3, 10, 9, 0, tzinfo=UTC))
    assert [n.target_id for n in sent(helper)] == [mine.pk]
    assert sorted(n.target_id for n in sent(owner)) == sorted([mine.pk, other.pk])


def test_a_contributor_whose_access_ended_in_their_time_zone_is_not_reminded():
    owner = UserFactory(time_zone="UTC")
    helper = UserFactory(time_zone="Pacific/Auckland")
    milestone = due(owner, start=date(2027, 3, 10), finish=date(2027, 3, 25))
    stakeholder(milestone.goal, helper, ends_on=date(2027, 3, 9))
    opt_in(helper)
    # 08:00 on 10 March in Auckland is still 9 March in UTC, but their access ended on the
    # 9th, their time: the stakeholders' own rule, asked with their today, says no.
    walk(datetime(2027, 3, 9, 12, 0, tzinfo=UTC), datetime(2027, 3, 11, 0, 0, tzinfo=UTC))
    assert sent(helper) == []
    assert len(sent(owner, START)) == 1


def test_a_contributor_through_their_organisation_is_reminded():
    owner = UserFactory()
    member = UserFactory()
    organization = organization_create(by=member, name="Orchard Supplies", kind="supplier")
    milestone = due(owner, start=date(2027, 3, 10), finish=date(2027, 3, 25))
    Stakeholder = apps.get_model(reminders.STAKEHOLDER_MODEL)
    Stakeholder.objects.create(
        goal=milestone.goal,
        organization=organization,
        role="supplier",
        access="contribute",
        status="active",
    )
    opt_in(member)
    sweep_at(datetime(2027, 3, 10, 9, 0, tzinfo=UTC))
    assert len(sent(member, START)) == 1


# --- Set-based and indexed ------------------------------------------------------------------


def test_the_sweep_makes_the_same_queries_for_10_and_200_due_milestones():
    counts = []
    for size in (10, 200):
        Notification.objects.all().delete()
        owners = [UserFactory() for _ in range(3)]
        for index in range(size):
            due(
                owners[index % 3],
                start=date(2027, 3, 1),
                finish=date(2027, 3, 2),
                title=f"S{index}",
            )
        with CaptureQueriesContext(connection) as queries:
            result = sweep_at(datetime(2027, 3, 3, 9, 0, tzinfo=UTC))
        assert result.decided == 3 * size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_sweep_reads_due_rows_through_an_index():
    """On PostgreSQL, through the partial index of each rule (bench/bench_reminders.py
    shows it at a million rows); SQLite's planner picks the (status, date) index."""
    owner = UserFactory()
    due(owner, start=date(2027, 3, 1), finish=date(2027, 3, 2))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            # On a table of one row, the (status, date) indexes cost the same as the
            # partial ones, and the planner's pick followed whatever statistics the earlier
            # tests had left: out of the way (in this test's transaction, rolled back), it
            # is the partial index or nothing, as at a million rows.
            cursor.execute("DROP INDEX milestones_start_sweep_idx, milestones_finish_sweep_idx")
        for rule, name in (
            (reminders.START_BY, "milestones_start_by_due_idx"),
            (reminders.DUE_SOON, "milestones_due_soon_due_idx"),
            (reminders.OVERDUE, "milestones_overdue_due_idx"),
        ):
            plan = reminders.pending_rows(rule, upper=date(2027, 3, 4), after=None).explain()
            if connection.vendor == "postgresql":
                assert name in plan, plan
            else:
                assert "USING INDEX" in plan and "SCAN milestones_milestone\n" not in plan, plan
