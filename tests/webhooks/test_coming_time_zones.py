"""A milestone coming is told on each organisation's own day, in its own time zone, once:
an organisation in Auckland hears of it while it is still the day before in Los Angeles,
and Los Angeles hears of it after its own midnight."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from goals.services import goal_create
from milestones.services import milestone_create
from partners.services import organization_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.services import stakeholder_invite
from tests.factories import UserFactory
from webhooks.coming import milestones_coming_sweep
from webhooks.models import WebhookEvent
from webhooks.services import endpoint_create

pytestmark = pytest.mark.django_db

AUCKLAND, LOS_ANGELES = ZoneInfo("Pacific/Auckland"), ZoneInfo("America/Los_Angeles")


def _listening_partner(goal, *, name: str, time_zone: str):
    admin = UserFactory(display_name=f"{name} admin")
    organization = organization_create(by=admin, name=name, kind="supplier", time_zone=time_zone)
    endpoint_create(
        organization=organization,
        by=admin,
        url=f"https://hooks.example.org/{organization.slug}",
        events=["milestone.coming"],
    )
    invitation = stakeholder_invite(
        goal=goal, by=goal.owner, organization=organization, role="supplier"
    )
    stakeholder_answer(token=invitation_token(invitation), user=admin, accept=True)
    return organization


def _told(organization) -> int:
    return WebhookEvent.objects.filter(organization=organization, kind="milestone.coming").count()


def test_each_organisation_hears_of_a_coming_milestone_on_its_own_day_once(settings):
    settings.WEBHOOK_COMING_DAYS = 7
    owner = UserFactory(display_name="Olive Owner")
    goal = goal_create(
        by=owner, title="Gala apples", target_date=owner.today() + timedelta(days=40)
    )
    prune = milestone_create(goal=goal, by=owner, title="Prune", duration_days=3)
    prune.refresh_from_db()
    auckland = _listening_partner(goal, name="Kiwi Supplies", time_zone="Pacific/Auckland")
    los_angeles = _listening_partner(goal, name="Valley Supplies", time_zone="America/Los_Angeles")
    # The first day on which the milestone is "coming": its latest start 7 days ahead.
    first_day = prune.latest_start - timedelta(days=settings.WEBHOOK_COMING_DAYS)

    def at(zone, day, hour, minute=0):
        return datetime.combine(day, time(hour, minute), tzinfo=zone)

    # The evening before in Auckland: nobody yet.
    assert milestones_coming_sweep(now=at(AUCKLAND, first_day - timedelta(days=1), 23, 30)) == 0
    # Just past midnight in Auckland (still the morning before in Los Angeles).
    assert milestones_coming_sweep(now=at(AUCKLAND, first_day, 0, 30)) == 1
    assert (_told(auckland), _told(los_angeles)) == (1, 0)
    # Late on the day before in Los Angeles: Auckland is not told again, LA not yet.
    assert milestones_coming_sweep(now=at(LOS_ANGELES, first_day - timedelta(days=1), 23, 50)) == 0
    # Just past midnight in Los Angeles.
    assert milestones_coming_sweep(now=at(LOS_ANGELES, first_day, 0, 10)) == 1
    assert milestones_coming_sweep(now=at(LOS_ANGELES, first_day, 9, 10)) == 0  # once
    assert (_told(auckland), _told(los_angeles)) == (1, 1)
    payloads = WebhookEvent.objects.filter(kind="milestone.coming").values_list(
        "payload", flat=True
    )
    assert {payload["milestone"]["title"] for payload in payloads} == {"Prune"}


def test_an_organisation_starts_on_utc_and_its_day_follows_the_zone_it_chooses():
    admin = UserFactory()
    organization = organization_create(by=admin, name="Plain Supplies", kind="supplier")
    assert organization.time_zone == "UTC"
    instant = datetime(2027, 3, 1, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert organization.today(instant).isoformat() == "2027-03-01"
    organization.time_zone = "Pacific/Auckland"
    assert organization.today(instant).isoformat() == "2027-03-02"


def test_the_sweep_runs_every_hour_so_each_organisations_midnight_is_caught_within_it():
    from ecosystem.celery import app

    schedule = app.conf.beat_schedule["webhooks.milestones_coming"]["schedule"]
    assert schedule.hour == set(range(24))
    assert len(schedule.minute) == 1
