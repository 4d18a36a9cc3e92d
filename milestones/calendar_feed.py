"""The private calendar feed: every start-by and due date of a person's goals, as iCalendar.

The feed is read by calendar programs that cannot sign in, so the secret token in its URL
is the only key: it is long and random, and regenerating it makes the old URL fail at once.
"""

from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from goals.models import CalendarFeed, Goal, new_calendar_token

from .models import Milestone

PRODID = "-//Ecosystem//Goal calendar feed//EN"
# Calendar programs poll subscriptions on their own schedule; this is a hint.
REFRESH_INTERVAL = timedelta(hours=1)
REFRESH_TTL = "PT1H"
# All-day events start at midnight (floating time): fifteen hours earlier is 09:00 the day
# before, the usual all-day alarm in calendar programs, early enough to act on it.
ALARM_TRIGGER = timedelta(hours=-15)
# Goals that are finished with (achieved or abandoned) need no more alarms.
FEED_GOAL_STATUSES = [Goal.Status.DRAFT, Goal.Status.ACTIVE]


@transaction.atomic
def calendar_feed_for(user) -> CalendarFeed:
    """The person's calendar feed, created with a fresh token on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """Give the feed a new secret token; the old URL stops working at once."""
    feed = calendar_feed_for(user)
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    feed.token = new_calendar_token()
    feed.regenerated_at = timezone.now()
    feed.save(update_fields=["token", "regenerated_at"])
    return feed


def calendar_feed_by_token(token: str) -> CalendarFeed:
    """The feed a token opens, with its (active) owner; raises CalendarFeed.DoesNotExist."""
    return CalendarFeed.objects.select_related("user").get(token=token, user__is_active=True)


def _feed_goals(user, *, today):
    return Goal.objects.visible_to(user, today=today).filter(status__in=FEED_GOAL_STATUSES)


def _feed_milestones(user, *, today):
    """Open, scheduled milestones the feed's owner sees (a stakeholder given some
    milestones of a goal finds only those) of goals still being pursued."""
    return Milestone.objects.visible_to(user, today=today).filter(
        goal__status__in=FEED_GOAL_STATUSES,
        status__in=[Milestone.Status.TODO, Milestone.Status.DOING],
        latest_start__isnull=False,
        latest_finish__isnull=False,
    )


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "ecosystem"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _event(*, uid: str, day: date, summary: str, description: str, url: str, stamp) -> Event:
    """One all-day event on `day`, with a display alarm before it."""
    event = Event.new(
        uid=uid,
        stamp=stamp,
        start=day,
        # An all-day event ends (exclusively) the next day; some programs need DTEND.
        end=day + timedelta(days=1),
        summary=summary,
        description=description,
        url=url,
        # A reminder, not a booking: never shows the person as busy.
        transparency="TRANSPARENT",
    )
    alarm = Alarm.new(description=summary)
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", ALARM_TRIGGER)
    event.add_component(alarm)
    return event


def _milestone_events(milestone: Milestone, *, host: str, stamp) -> list[Event]:
    goal = milestone.goal
    goal_url = _absolute(goal.get_absolute_url())
    url = _absolute(milestone.get_absolute_url())
    names = {"milestone": milestone.title, "goal": goal.title}
    events = []
    # A checkpoint or one-day milestone starts and finishes on the same day: one event.
    if milestone.latest_start != milestone.latest_finish:
        events.append(
            _event(
                uid=f"milestone-{milestone.pk}-start@{host}",
                day=milestone.latest_start,
                summary=_("Start by: %(milestone)s — %(goal)s") % names,
                description=_(
                    "Start “%(milestone)s” by %(date)s to stay on track for “%(goal)s”.\n\n%(url)s"
                )
                % {**names, "date": milestone.latest_start.isoformat(), "url": goal_url},
                url=url,
                stamp=stamp,
            )
        )
    events.append(
        _event(
            uid=f"milestone-{milestone.pk}-due@{host}",
            day=milestone.latest_finish,
            summary=_("Due: %(milestone)s — %(goal)s") % names,
            description=_(
                "Finish “%(milestone)s” by %(date)s to stay on track for “%(goal)s”.\n\n%(url)s"
            )
            % {**names, "date": milestone.latest_finish.isoformat(), "url": goal_url},
            url=url,
            stamp=stamp,
        )
    )
    return events


def _goal_event(goal: Goal, *, host: str, stamp) -> Event:
    url = _absolute(goal.get_absolute_url())
    return _event(
        uid=f"goal-{goal.pk}-target@{host}",
        day=goal.target_date,
        summary=_("Target date: %(goal)s") % {"goal": goal.title},
        description=_("The target date of “%(goal)s”.\n\n%(url)s")
        % {"goal": goal.title, "url": url},
        url=url,
        stamp=stamp,
    )


def build_calendar(*, user) -> bytes:
    """The person's feed as RFC 5545 bytes, read in two queries whatever the data size.

    One all-day event for the latest start and one for the latest finish of every open
    milestone (one "Due" event when they fall on the same day), and one for the target date
    of every goal still being pursued, as the person sees them on their own today (the
    same visible_to() as their pages: a stakeholder's feed holds only what they were
    given, until their end date); goals in the trash and other people's goals never
    appear. UIDs are stable, so calendar programs update events instead of duplicating them.
    """
    today = user.today()
    host = _site_host()
    # A published feed (METHOD:PUBLISH) stamps its events with the time it was produced.
    stamp = timezone.now().replace(microsecond=0)
    goals = list(
        _feed_goals(user, today=today)
        .only("id", "title", "target_date")
        .order_by("target_date", "id")
    )
    milestones = list(
        _feed_milestones(user, today=today)
        .select_related("goal")
        .only(
            "id",
            "title",
            "goal_id",
            "latest_start",
            "latest_finish",
            "goal__id",
            "goal__title",
            "goal__target_date",
        )
        .order_by("latest_start", "position", "id")
    )
    with translation.override(user.language or settings.LANGUAGE_CODE):
        # NAME and DESCRIPTION (RFC 7986) come with their X-WR- twins for older programs.
        calendar = Calendar.new(
            prodid=PRODID,
            calscale="GREGORIAN",
            method="PUBLISH",
            uid=f"goal-calendar-{user.pk}@{host}",
            name=_("Ecosystem: my goals"),
            description=_("Start-by and due dates of your goals' milestones, with alarms."),
        )
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH_TTL)
        for milestone in milestones:
            for event in _milestone_events(milestone, host=host, stamp=stamp):
                calendar.add_component(event)
        for goal in goals:
            calendar.add_component(_goal_event(goal, host=host, stamp=stamp))
    return calendar.to_ical()
