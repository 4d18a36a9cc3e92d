"""A customer creates a goal from a playbook, starting on the dashboard, and sees it there
with its health; the library's playbook page starts a goal too. No page breaks the CSP."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from goals.models import Goal
from goals.playbooks import playbook_create
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def playbook():
    author = UserFactory(display_name="Extension service")
    return playbook_create(
        by=author,
        title="Orchard season",
        description="From pruning to export.",
        public=True,
        milestones=[
            {"title": "Prune", "duration_days": 10},
            {"title": "Thin fruit", "duration_days": 5},
            {"title": "Pick", "duration_days": 0},
        ],
        dependencies=[{"predecessor": 0, "successor": 1}, {"predecessor": 1, "successor": 2}],
    )


@pytest.fixture
def csp_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def sign_in(page, live_server):
    UserFactory(email="grower@example.org", display_name="Hemi the grower")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill("grower@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")


def test_create_a_goal_from_a_playbook_on_the_dashboard_and_see_its_health(
    page, live_server, playbook, csp_violations
):
    sign_in(page, live_server)
    expect(page.get_by_role("heading", name="Set your first goal")).to_be_visible()
    page.get_by_role("link", name="Create your first goal").click()

    target = date.today() + timedelta(days=120)
    page.get_by_label("Title").fill("Export-grade Gala apples")
    page.get_by_label("Target date").fill(target.isoformat())
    page.get_by_label("Orchard season (3 milestones)").check()
    page.get_by_label("Saturday").uncheck()
    page.get_by_label("Sunday").uncheck()
    page.get_by_role("button", name="Create the goal and work the plan back").click()

    goal = Goal.objects.get()
    expect(page).to_have_url(f"{live_server.url}/goals/{goal.pk}/")
    assert goal.playbook_id == playbook.pk
    assert goal.working_weekdays == [1, 2, 3, 4, 5]
    assert goal.milestones.count() == 3

    page.goto(f"{live_server.url}/dashboard/")
    card = page.locator("li.goal-card", has_text="Export-grade Gala apples")
    expect(card).to_be_visible()
    expect(card.locator("[data-health]")).to_have_text("On track")
    expect(card.get_by_text(re.compile(r"Next: start “Prune” by"))).to_be_visible()
    assert csp_violations == []


def test_a_mistake_on_the_form_is_announced_on_its_field(page, live_server, playbook):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/goals/new/")
    page.get_by_label("Title").fill("Gala")
    page.get_by_label("Target date").fill("2027-03-05")
    page.get_by_label("Non-working dates").fill("2027-01-01\nchristmas")
    page.get_by_role("button", name="Create the goal and work the plan back").click()
    field = page.get_by_label("Non-working dates")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_non_working_dates_error")).to_contain_text("Line 2: “christmas”")
    assert not Goal.objects.exists()


def test_start_a_goal_from_the_playbook_library(page, live_server, playbook, csp_violations):
    sign_in(page, live_server)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Playbooks").click()
    page.get_by_label("Search").fill("orchard")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Orchard season", exact=True).click()
    expect(page.get_by_role("heading", name="Orchard season", level=1)).to_be_visible()
    expect(page.locator("svg.timeline")).to_be_visible()

    page.get_by_label("Target date").fill((date.today() + timedelta(days=200)).isoformat())
    page.get_by_role("button", name="Start my goal").click()
    goal = Goal.objects.get()
    expect(page).to_have_url(f"{live_server.url}/goals/{goal.pk}/")
    assert goal.title == "Orchard season"
    assert csp_violations == []
