"""The compact goal page in the browser at 1280 and 375 px: the whole plan in the timeline
(no one-month window on a phone), the dates table as one card per milestone with every
column labelled, opening a milestone with htmx (the focus moves to it), and no console
error or CSP violation, no sideways scroll and no serious axe finding, before and after
the swap (tests/e2e/checks.py)."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from goals.services import goal_create
from milestones.services import dependency_create, milestone_create, task_create
from tests.e2e.checks import Watch
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_the_goal_page_fits_and_opens_one_milestone(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    watch = Watch(page, width)
    owner = UserFactory(email="grower@example.org", display_name="Hemi the grower")
    goal = goal_create(by=owner, title="Export-grade Gala apples", target_date=date(2027, 9, 1))
    previous = None
    for index in range(12):
        milestone = milestone_create(
            goal=goal,
            by=owner,
            title=f"Step {index}: a long and descriptive milestone title",
            duration_days=3,
        )
        task_create(milestone=milestone, by=owner, title=f"Task {index}")
        if previous is not None:
            dependency_create(goal=goal, by=owner, predecessor=previous, successor=milestone)
        previous = milestone
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill("grower@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto(f"{live_server.url}/goals/{goal.pk}/")
    watch.check("goal page")
    # The whole plan fits the picture: it is never wider than its frame.
    frame = page.locator(".timeline-scroll")
    assert frame.evaluate("element => element.scrollWidth <= element.clientWidth")
    # Every column of the table is shown; on a phone each row is a card of labelled cells.
    cells = page.locator("table.timeline-table tbody tr").first.locator("td")
    expect(cells).to_have_count(7)
    for index in range(7):
        expect(cells.nth(index)).to_be_visible()
    if width == 375:
        assert cells.first.evaluate("cell => getComputedStyle(cell).display") == "block"

    title = "Step 4: a long and descriptive milestone title"
    page.locator("ol.plan-items").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title, level=3)).to_be_focused()
    expect(page.get_by_role("button", name=f"Mark done “{title}”")).to_be_visible()
    expect(page.get_by_text("Help for this step")).to_be_visible()
    watch.check("goal page, a milestone open")
    watch.assert_clean()
