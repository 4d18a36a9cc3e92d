"""The private calendar feed: valid iCalendar, the right dates, behind a secret token."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from goals.models import CalendarFeed, Goal
from goals.services import goal_create, goal_trash, goal_update
from milestones import calendar_feed as calendar_service
from milestones.models import Milestone
from milestones.services import dependency_create, milestone_create, milestone_update

pytestmark = pytest.mark.django_db

TARGET = date(2027, 3, 5)  # a Friday


def _goal(owner, title="Export-grade Gala apples", **kwargs):
    return goal_create(
        by=owner, title=title, target_date=TARGET, working_weekdays=[1, 2, 3, 4, 5], **kwargs
    )


def _milestone(goal, title, duration_days=2, **kwargs):
    milestone = milestone_create(
        goal=goal, by=goal.owner, title=title, duration_days=duration_days, **kwargs
    )
    milestone.refresh_from_db()
    return milestone


def _feed_bytes(client, user) -> bytes:
    feed = calendar_service.calendar_feed_for(user)
    response = client.get(reverse("goals:calendar-feed", args=[feed.token]))
    assert response.status_code == 200
    return response.content


def _events(data: bytes) -> dict:
    parsed = Calendar.from_ical(data)
    return {str(event["UID"]): event for event in parsed.walk("VEVENT")}


def _day(event, name="DTSTART") -> date:
    return event[name].dt


def _unfold(text: str) -> list[str]:
    lines = []
    for line in text.split("\r\n")[:-1]:
        if line[:1] in (" ", "\t"):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def assert_rfc5545(data: bytes) -> None:
    """Structural checks of RFC 5545 section 3: lines, folding, components, required props."""
    assert data.endswith(b"\r\n"), "content lines end with CRLF"
    physical = data.split(b"\r\n")[:-1]
    for line in physical:
        assert b"\n" not in line and b"\r" not in line, f"bare line break in {line!r}"
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"
        line.decode("utf-8")  # folding never splits a multi-octet character
    content_lines = _unfold(data.decode("utf-8"))
    name_pattern = re.compile(r"^[A-Za-z0-9-]+(;[^:]*)?:")
    stack: list[str] = []
    properties: list[dict] = []
    seen_calendar = False
    for line in content_lines:
        assert name_pattern.match(line), f"not a content line: {line!r}"
        name, _, value = line.partition(":")
        name = name.split(";", 1)[0].upper()
        if name == "BEGIN":
            if not stack:
                assert value == "VCALENDAR" and not seen_calendar
                seen_calendar = True
            stack.append(value)
            properties.append({})
        elif name == "END":
            assert stack and stack[-1] == value, f"END:{value} closes {stack[-1:]}"
            component, props = stack.pop(), properties.pop()
            _assert_required(component, props)
        else:
            assert stack, f"property outside any component: {line!r}"
            properties[-1].setdefault(name, []).append(value)
    assert not stack, f"unclosed components: {stack}"
    assert seen_calendar


def _assert_required(component: str, props: dict) -> None:
    once = {
        "VCALENDAR": ["VERSION", "PRODID"],
        "VEVENT": ["UID", "DTSTAMP", "DTSTART"],
        "VALARM": ["ACTION", "TRIGGER"],
    }.get(component, [])
    for name in once:
        assert len(props.get(name, [])) == 1, f"{component} needs exactly one {name}"
    if component == "VCALENDAR":
        assert props["VERSION"] == ["2.0"]
    if component == "VALARM" and props["ACTION"] == ["DISPLAY"]:
        assert len(props.get("DESCRIPTION", [])) == 1, "a DISPLAY alarm needs a DESCRIPTION"


@pytest.fixture
def plan(customer):
    """Pruning (3 days) -> Fertiliser order (1 day) -> Inspection (checkpoint)."""
    goal = _goal(customer)
    pruning = _milestone(goal, "Pruning", 3)
    fertiliser = _milestone(goal, "Fertiliser order", 1)
    inspection = _milestone(goal, "Inspection", 0)
    dependency_create(goal=goal, by=goal.owner, predecessor=pruning, successor=fertiliser)
    dependency_create(goal=goal, by=goal.owner, predecessor=fertiliser, successor=inspection)
    for milestone in (pruning, fertiliser, inspection):
        milestone.refresh_from_db()
    return goal, pruning, fertiliser, inspection


def test_feed_parses_back_and_every_event_has_uid_stamp_start_summary_and_an_alarm(
    client, customer, plan
):
    parsed = Calendar.from_ical(_feed_bytes(client, customer))
    events = list(parsed.walk("VEVENT"))
    assert events
    for event in events:
        for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert name in event, name
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0]["ACTION"] == "DISPLAY"
        assert alarms[0]["TRIGGER"].dt < timedelta(0), "the alarm rings before the event"


def test_feed_is_valid_rfc5545_even_with_long_accented_titles(client, customer):
    goal = _goal(customer, title="Pommes Gala prêtes à l'export — récolte 2027 " * 3)
    _milestone(goal, "Éclaircissage des fruits, contrôle des ravageurs et irrigation 🍎 " * 2, 4)
    data = _feed_bytes(client, customer)
    assert_rfc5545(data)
    parsed = Calendar.from_ical(data)
    assert parsed["VERSION"] == "2.0"
    assert parsed["PRODID"]
    assert parsed["CALSCALE"] == "GREGORIAN"
    assert parsed["X-WR-CALNAME"]
    assert any("Éclaircissage" in str(event["SUMMARY"]) for event in parsed.walk("VEVENT"))


def test_event_dates_are_the_stored_latest_start_and_finish(client, customer, plan):
    goal, pruning, _fertiliser, _inspection = plan
    assert pruning.latest_start != pruning.latest_finish
    events = _events(_feed_bytes(client, customer))
    start = events[f"milestone-{pruning.pk}-start@127.0.0.1"]
    due = events[f"milestone-{pruning.pk}-due@127.0.0.1"]
    assert _day(start) == pruning.latest_start
    assert _day(due) == pruning.latest_finish
    assert _day(start, "DTEND") == pruning.latest_start + timedelta(days=1)
    assert str(start["SUMMARY"]) == f"Start by: Pruning — {goal.title}"
    assert str(due["SUMMARY"]) == f"Due: Pruning — {goal.title}"
    target = events[f"goal-{goal.pk}-target@127.0.0.1"]
    assert _day(target) == TARGET


def test_a_checkpoint_or_one_day_milestone_has_a_single_due_event(client, customer, plan):
    _goal, _pruning, fertiliser, inspection = plan
    events = _events(_feed_bytes(client, customer))
    for milestone in (fertiliser, inspection):
        assert f"milestone-{milestone.pk}-start@127.0.0.1" not in events
        due = events[f"milestone-{milestone.pk}-due@127.0.0.1"]
        assert _day(due) == milestone.latest_finish == milestone.latest_start


def test_event_description_links_to_the_goal_page(client, customer, plan, settings):
    settings.SITE_URL = "https://plans.example.org"
    goal, pruning, *_ = plan
    events = _events(_feed_bytes(client, customer))
    due = events[f"milestone-{pruning.pk}-due@plans.example.org"]
    assert f"https://plans.example.org/goals/{goal.pk}/" in str(due["DESCRIPTION"])


def test_dates_follow_the_plan_when_the_target_moves_and_uids_stay_the_same(client, customer, plan):
    goal, pruning, *_ = plan
    before = _events(_feed_bytes(client, customer))
    goal_update(goal=goal, by=goal.owner, target_date=TARGET + timedelta(days=7))
    pruning.refresh_from_db()
    after = _events(_feed_bytes(client, customer))
    assert after.keys() == before.keys()
    assert _day(after[f"milestone-{pruning.pk}-due@127.0.0.1"]) == pruning.latest_finish
    assert pruning.latest_finish == _day(before[f"milestone-{pruning.pk}-due@127.0.0.1"]) + (
        timedelta(days=7)
    )


def test_done_and_skipped_milestones_are_absent(client, customer, plan):
    _goal, pruning, fertiliser, inspection = plan
    milestone_update(milestone=pruning, by=pruning.goal.owner, status=Milestone.Status.DONE)
    milestone_update(
        milestone=fertiliser, by=fertiliser.goal.owner, status=Milestone.Status.SKIPPED
    )
    milestone_update(milestone=inspection, by=inspection.goal.owner, status=Milestone.Status.DOING)
    summaries = {str(event["SUMMARY"]) for event in _events(_feed_bytes(client, customer)).values()}
    assert not any("Pruning" in summary or "Fertiliser" in summary for summary in summaries)
    assert any("Inspection" in summary for summary in summaries)


def test_goals_in_the_trash_are_absent(client, customer, plan):
    goal, *_ = plan
    kept = _goal(customer, title="Data analyst certificate")
    _milestone(kept, "Enrolment", 1)
    goal_trash(goal=goal, by=goal.owner)
    summaries = [str(event["SUMMARY"]) for event in _events(_feed_bytes(client, customer)).values()]
    assert summaries
    assert all("Gala" not in summary for summary in summaries)
    assert any("Data analyst certificate" in summary for summary in summaries)


def test_achieved_and_abandoned_goals_are_absent(client, customer):
    for status in (Goal.Status.ACHIEVED, Goal.Status.ABANDONED):
        _milestone(_goal(customer, title=f"Finished {status}", status=status), "Left over", 2)
    assert _events(_feed_bytes(client, customer)) == {}


def test_another_persons_goals_never_appear_in_my_feed(client, customer, other_customer, plan):
    theirs = _goal(other_customer, title="Someone else's secret plan")
    _milestone(theirs, "Private step", 2)
    mine = _feed_bytes(client, customer)
    assert b"secret plan" not in mine and b"Private step" not in mine
    assert b"secret plan" in _feed_bytes(client, other_customer)


def test_a_wrong_token_answers_404(client, customer, plan):
    calendar_service.calendar_feed_for(customer)
    response = client.get(reverse("goals:calendar-feed", args=["not-the-token"]))
    assert response.status_code == 404


def test_the_feed_is_served_as_private_utf8_text_calendar(client, customer, plan):
    feed = calendar_service.calendar_feed_for(customer)
    response = client.get(reverse("goals:calendar-feed", args=[feed.token]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_feed_url_is_a_long_unguessable_token(customer):
    feed = calendar_service.calendar_feed_for(customer)
    assert len(feed.token) >= 43
    assert calendar_service.calendar_feed_for(customer) == feed
    assert feed.get_absolute_url() == f"/calendar/{feed.token}.ics"


def test_regenerating_makes_the_old_link_404_and_the_new_one_work(client, customer, plan):
    old = calendar_service.calendar_feed_for(customer).token
    client.force_login(customer)
    response = client.post(reverse("goals:calendar-regenerate"))
    assert response.status_code == 302
    assert response["Location"] == reverse("goals:calendar")
    new = CalendarFeed.objects.get(user=customer)
    assert new.token != old
    assert new.regenerated_at is not None
    client.logout()
    assert client.get(reverse("goals:calendar-feed", args=[old])).status_code == 404
    assert client.get(reverse("goals:calendar-feed", args=[new.token])).status_code == 200


def test_regenerating_needs_a_post(client, customer):
    old = calendar_service.calendar_feed_for(customer).token
    client.force_login(customer)
    assert client.get(reverse("goals:calendar-regenerate")).status_code == 405
    assert CalendarFeed.objects.get(user=customer).token == old


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ("goals:calendar", "goals:calendar-regenerate"):
        response = (
            client.get(reverse(name)) if name == "goals:calendar" else client.post(reverse(name))
        )
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not CalendarFeed.objects.exists()


def test_settings_page_shows_the_absolute_link_instructions_and_a_warning(client, customer):
    client.force_login(customer)
    response = client.get(reverse("goals:calendar"))
    assert response.status_code == 200
    token = CalendarFeed.objects.get(user=customer).token
    page = response.content.decode()
    assert f"http://testserver/calendar/{token}.ics" in page
    assert f"webcal://testserver/calendar/{token}.ics" in page
    for program in ("Google Calendar", "Apple Calendar", "Outlook"):
        assert program in page
    assert "old link stops working" in page
    assert 'style="' not in page


def test_the_feed_makes_the_same_number_of_queries_for_5_and_50_milestones(
    client, customer, other_customer
):
    def count_for(user, milestone_count):
        goal = _goal(user)
        previous = None
        for index in range(milestone_count):
            milestone = _milestone(goal, f"Step {index}", 1 + index % 3)
            if previous is not None and index % 2:
                dependency_create(
                    goal=goal, by=goal.owner, predecessor=previous, successor=milestone
                )
            previous = milestone
        feed = calendar_service.calendar_feed_for(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("goals:calendar-feed", args=[feed.token]))
        assert len(_events(response.content)) > milestone_count
        return len(queries)

    assert count_for(customer, 5) == count_for(other_customer, 50)


def test_a_stakeholder_given_one_milestone_finds_only_that_one_in_their_feed(
    client, customer, other_customer
):
    from stakeholders.lifecycle import invitation_token, stakeholder_answer
    from stakeholders.services import stakeholder_invite

    goal = _goal(customer, title="Shared orchard")
    given = _milestone(goal, "Order bins", 2)
    _milestone(goal, "Private valuation", 3)
    invitation = stakeholder_invite(
        goal=goal, by=customer, email=other_customer.email, role="supplier", milestones=[given]
    )
    stakeholder_answer(token=invitation_token(invitation), user=other_customer, accept=True)

    events = _events(_feed_bytes(client, other_customer))

    assert {uid.split("@")[0] for uid in events} == {
        f"milestone-{given.pk}-start",
        f"milestone-{given.pk}-due",
        f"goal-{goal.pk}-target",
    }
    assert b"Private valuation" in _feed_bytes(client, customer)
