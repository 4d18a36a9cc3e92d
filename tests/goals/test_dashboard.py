"""The dashboard: my goals with progress, health, next start-by date and this week's work."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.peers.kept import newest_week
from goals import services
from goals.selectors import goals_shared_with
from milestones.models import Milestone
from milestones.services import dependency_create, milestone_create, milestone_update
from tests.factories import CategoryFactory
from tests.query_counts import warm_navigation

pytestmark = pytest.mark.django_db


def goal_in(customer, *, days_to_target, durations, title="Goal", **fields):
    """A goal whose target is `days_to_target` days from the customer's today, every day
    a working day, with a chain of milestones of these durations."""
    goal = services.goal_create(
        by=customer,
        title=title,
        target_date=customer.today() + timedelta(days=days_to_target),
        **fields,
    )
    previous = None
    for index, duration in enumerate(durations):
        milestone = milestone_create(
            goal=goal, by=goal.owner, title=f"{title} step {index}", duration_days=duration
        )
        if previous is not None:
            dependency_create(goal=goal, by=goal.owner, predecessor=previous, successor=milestone)
        previous = milestone
    return goal


def card_of(html, title):
    match = re.search(rf'<li class="card goal-card">.*?>{re.escape(title)}</a>.*?</li>', html, re.S)
    assert match, f"no card for {title}"
    return match.group(0)


def test_the_dashboard_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_newcomer_is_invited_to_create_a_goal_or_browse_playbooks(signed_in):
    html = signed_in.get(reverse("dashboard")).content.decode()
    assert "Set your first goal" in html
    assert f'href="{reverse("goals:new")}"' in html
    assert f'href="{reverse("goals:playbook-list")}"' in html
    assert f'href="{reverse("goals:trash-list")}"' in html


def test_each_goal_shows_its_health(signed_in, customer):
    # 10 days of work before a target 3 days away: the plan is not feasible.
    goal_in(customer, title="Too late", days_to_target=3, durations=[10])
    # 3 days of work, target in 6 days: 3 days of float, under the 5-day threshold.
    goal_in(customer, title="Tight", days_to_target=6, durations=[2, 1])
    goal_in(customer, title="Relaxed", days_to_target=90, durations=[3])
    html = signed_in.get(reverse("dashboard")).content.decode()
    assert 'data-health="late">Late<' in card_of(html, "Too late")
    assert 'data-health="at_risk">At risk<' in card_of(html, "Tight")
    assert 'data-health="on_track">On track<' in card_of(html, "Relaxed")


def test_the_at_risk_threshold_is_a_setting(signed_in, customer, settings):
    goal_in(customer, title="Tight", days_to_target=6, durations=[2, 1])
    settings.GOAL_AT_RISK_FLOAT_DAYS = 2
    html = signed_in.get(reverse("dashboard")).content.decode()
    assert 'data-health="on_track"' in card_of(html, "Tight")


def test_a_goal_card_shows_progress_and_the_next_start_by_date(signed_in, customer):
    goal = goal_in(customer, title="Orchard", days_to_target=60, durations=[5, 3, 2, 1])
    first = goal.milestones.get(title="Orchard step 0")
    milestone_update(milestone=first, by=first.goal.owner, status=Milestone.Status.DONE)
    second = goal.milestones.get(title="Orchard step 1")
    card = card_of(signed_in.get(reverse("dashboard")).content.decode(), "Orchard")
    assert '<progress id="goal-progress-' in card
    assert 'max="100" value="25"' in card
    assert "Progress: 25% (1 of 4 milestones done)" in card
    assert "Next: start “Orchard step 1” by" in card
    assert f'datetime="{second.latest_start.isoformat()}"' in card


def test_this_weeks_attention_lists_late_and_starting_milestones_only(signed_in, customer):
    goal_in(customer, title="Soon", days_to_target=4, durations=[2])
    goal_in(customer, title="Later", days_to_target=90, durations=[2])
    html = signed_in.get(reverse("dashboard")).content.decode()
    attention = html.split('id="attention-heading"', 1)[1].split("</section>", 1)[0]
    assert "Soon step 0" in attention
    assert "Later step 0" not in attention


def test_achieved_goals_show_their_status_and_need_no_attention(signed_in, customer):
    goal = goal_in(customer, title="Picked", days_to_target=2, durations=[5])
    services.goal_update(goal=goal, by=goal.owner, status="achieved")
    html = signed_in.get(reverse("dashboard")).content.decode()
    card = card_of(html, "Picked")
    assert 'data-status="achieved">Achieved<' in card
    assert "data-health" not in card
    assert "is late" not in card and "are late" not in card and "next 7 days" not in card
    assert "Nothing is late, and nothing needs to start or finish in the next 7 days." in html


def test_a_quiet_week_says_so(signed_in, customer):
    goal_in(customer, title="Later", days_to_target=90, durations=[2])
    assert (
        b"nothing needs to start or finish in the next 7 days"
        in signed_in.get(reverse("dashboard")).content
    )


def test_late_items_are_their_own_list_and_this_week_is_the_next_7_days(signed_in, customer):
    goal_in(customer, title="Soon", days_to_target=4, durations=[2])
    goal_in(customer, title="Behind", days_to_target=2, durations=[5])  # cannot finish
    # Under way, due in three weeks: neither late nor this week's.
    goal = goal_in(customer, title="March", days_to_target=21, durations=[2])
    step = goal.milestones.get()
    milestone_update(milestone=step, by=customer, status=Milestone.Status.DOING)
    html = signed_in.get(reverse("dashboard")).content.decode()
    late = html.split('id="late-heading"', 1)[1].split("</ul>", 1)[0]
    week = html.split('id="week-heading"', 1)[1].split("</ul>", 1)[0]
    assert "Behind step 0" in late and "Soon step 0" not in late
    assert "Soon step 0" in week and "Behind step 0" not in week
    assert "March step 0" not in html.split('id="attention-heading"', 1)[1].split("</section>")[0]
    assert "1 milestone is late." in card_of(html, "Behind")
    assert "1 milestone is due in the next 7 days." in card_of(html, "Soon")


def test_the_dashboard_shows_only_my_goals_that_are_not_in_the_trash(
    signed_in, customer, other_customer
):
    goal_in(customer, title="Mine", days_to_target=30, durations=[1])
    trashed = goal_in(customer, title="Trashed", days_to_target=30, durations=[1])
    services.goal_trash(goal=trashed, by=trashed.owner)
    goal_in(other_customer, title="Theirs", days_to_target=30, durations=[1])
    html = signed_in.get(reverse("dashboard")).content.decode()
    assert "Mine" in html
    assert "Trashed" not in html
    assert "Theirs" not in html


def test_a_goal_without_milestones_invites_adding_the_first(signed_in, customer):
    goal_in(customer, title="Empty", days_to_target=30, durations=[])
    card = card_of(signed_in.get(reverse("dashboard")).content.decode(), "Empty")
    assert "No milestones yet" in card
    assert 'data-health="on_track"' in card


def test_goals_are_shown_twenty_to_a_page(signed_in, customer):
    for index in range(21):
        goal_in(customer, title=f"Goal {index:02}", days_to_target=30 + index, durations=[])
    first = signed_in.get(reverse("dashboard")).content.decode()
    assert "Goal 19" in first and "Goal 20" not in first
    assert 'rel="next"' in first
    second = signed_in.get(reverse("dashboard"), {"page": 2}).content.decode()
    assert "Goal 20" in second and "Goal 19" not in second
    assert signed_in.get(reverse("dashboard"), {"page": "999"}).status_code == 200


def test_the_dashboard_makes_the_same_queries_for_2_and_30_goals(signed_in, customer):
    def dashboard_queries():
        warm_navigation(signed_in)
        goals_shared_with(customer)  # found once, then kept (as after any earlier view)
        newest_week(customer)  # whether peers were suggested: kept too
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(reverse("dashboard")).status_code == 200
        return len(queries)

    category = CategoryFactory()
    for index in range(2):
        goal_in(
            customer,
            title=f"A{index}",
            days_to_target=5 + index,
            durations=[3, 2],
            category=category,
        )
    few = dashboard_queries()
    for index in range(28):
        goal_in(
            customer,
            title=f"B{index}",
            days_to_target=5 + index,
            durations=[3, 2, 1],
            category=category,
        )
    # Thirty goals take two pages: only then are they counted (ecosystem/pagination.py).
    assert dashboard_queries() == few + 1


def test_a_bad_trashed_parameter_is_ignored(signed_in):
    for value in ("abc", "²", "9" * 30, "-1"):
        assert signed_in.get(reverse("dashboard"), {"trashed": value}).status_code == 200
