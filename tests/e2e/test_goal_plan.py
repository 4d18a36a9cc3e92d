"""A customer edits the plan of a goal in place: the plan and its picture update without a
full page reload, and the controls can be reached and used with the keyboard. Milestones
are one line each; opening one (one at a time) shows its tasks, actions and help."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from goals.services import goal_create
from milestones import services
from milestones.models import Dependency, Milestone, Task
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AS_OF = "2027-03-01"


@pytest.fixture
def goal():
    owner = UserFactory(email="grower@example.org", display_name="Hemi the grower")
    goal = goal_create(
        by=owner,
        title="Export-grade Gala apples",
        target_date=date(2027, 3, 5),
        working_weekdays=[1, 2, 3, 4, 5],
    )
    prune = services.milestone_create(
        goal=goal, by=goal.owner, title="Prune the orchard", duration_days=2
    )
    services.milestone_create(goal=goal, by=goal.owner, title="Pick the apples", duration_days=1)
    services.task_create(milestone=prune, by=prune.goal.owner, title="Sharpen the loppers")
    return goal


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill("grower@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")


def open_plan(page, live_server, goal):
    page.goto(f"{live_server.url}/goals/{goal.pk}/?as_of={AS_OF}")
    expect(page.get_by_role("heading", name="Export-grade Gala apples", level=1)).to_be_visible()
    # A marker that a full page load would wipe out.
    page.evaluate("window.planMarker = 'same page'")
    return page.evaluate("performance.getEntriesByType('navigation').length")


def still_the_same_page(page, navigations_before):
    assert page.evaluate("window.planMarker") == "same page"
    assert page.evaluate("performance.getEntriesByType('navigation').length") == (
        navigations_before
    )


def bar(page, title):
    milestone = Milestone.objects.get(title=title)
    return page.locator(f'svg.timeline g.timeline-bar[data-milestone="{milestone.pk}"]')


def open_milestone(page, title):
    """Open a milestone in the list: the region comes back with it open and focused."""
    page.locator("ol.plan-items").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title, level=3)).to_be_focused()


def table_row(page, title):
    return page.locator("table.timeline-table tbody tr").filter(has_text=title)


def test_edit_the_plan_in_place_and_see_the_timeline_follow(page, live_server, goal):
    sign_in(page, live_server)
    navigations = open_plan(page, live_server, goal)
    expect(page.locator("svg.timeline g.timeline-bar")).to_have_count(2)

    # Add a milestone: it appears in the list, the picture and the table with its dates.
    add = page.locator("section.plan-add")
    add.get_by_label("Title").fill("Book the packhouse")
    add.get_by_label("Duration (working days)").fill("3")
    add.get_by_role("button", name="Add milestone").click()
    expect(page.locator(".plan-notice")).to_have_text("Milestone “Book the packhouse” added.")
    # Ready for the next one: the focus stays in the (emptied) form.
    expect(add.get_by_label("Title")).to_be_focused()
    expect(add.get_by_label("Title")).to_have_value("")
    expect(page.locator("svg.timeline g.timeline-bar")).to_have_count(3)
    expect(table_row(page, "Book the packhouse").locator("time").first).to_have_attribute(
        "datetime", "2027-03-03"
    )

    # Set a prerequisite from the open milestone: pruning must finish before picking starts.
    open_milestone(page, "Pick the apples")
    expect(page.get_by_role("button", name="Mark done “Prune the orchard”")).to_have_count(0)
    prerequisite = page.locator("details.plan-dependency")
    prerequisite.locator("summary").click()
    prerequisite.get_by_label("This milestone must finish first").select_option(
        label="Prune the orchard"
    )
    prerequisite.get_by_role("button", name="Add prerequisite").click()
    expect(page.locator(".plan-notice")).to_contain_text("must now finish before")
    expect(page.locator("svg.timeline path.timeline-link")).to_have_count(1)
    expect(table_row(page, "Prune the orchard").locator("time").first).to_have_attribute(
        "datetime", "2027-03-03"
    )
    assert Dependency.objects.count() == 1

    # Tick a task.
    open_milestone(page, "Prune the orchard")
    page.get_by_label("Sharpen the loppers").check()
    expect(page.locator(".plan-notice")).to_have_text("Task “Sharpen the loppers” done.")
    expect(page.get_by_label("Sharpen the loppers")).to_be_checked()
    assert Task.objects.get().done

    # Mark a milestone done: it leaves the critical path and shows as done.
    page.get_by_role("button", name="Mark done “Prune the orchard”").click()
    expect(bar(page, "Prune the orchard")).to_have_class(re.compile(r"\bis-done\b"))
    expect(bar(page, "Prune the orchard")).not_to_have_class(re.compile(r"\bis-critical\b"))
    expect(page.get_by_role("button", name="Reopen “Prune the orchard”")).to_be_visible()
    assert Milestone.objects.get(title="Prune the orchard").completed_on is not None

    still_the_same_page(page, navigations)


def test_the_keyboard_reaches_the_controls_and_focus_follows_the_change(page, live_server, goal):
    sign_in(page, live_server)
    navigations = open_plan(page, live_server, goal)

    # Tab from the top of the page to the first milestone, open it, then on to "Mark done".
    page.locator("body").focus()
    for wanted in ("Prune the orchard", "Mark done “Prune the orchard”"):
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == wanted:
                break
        else:
            pytest.fail(f"Tab never reached {wanted}")
        page.keyboard.press("Enter")
        if wanted == "Prune the orchard":
            # Opened: the focus moves to the open milestone's heading.
            expect(page.get_by_role("heading", name=wanted, level=3)).to_be_focused()

    expect(page.get_by_role("button", name="Reopen “Prune the orchard”")).to_be_visible()
    # Focus lands on the changed milestone, so the keyboard carries on from there.
    expect(page.get_by_role("heading", name="Prune the orchard", level=3)).to_be_focused()

    # Ticking a task with the space bar keeps the focus on that task.
    page.get_by_label("Sharpen the loppers").focus()
    page.keyboard.press("Space")
    expect(page.locator(".plan-notice")).to_have_text("Task “Sharpen the loppers” done.")
    expect(page.get_by_label("Sharpen the loppers")).to_be_focused()

    # Editing opens the form in place; Escape-free: Save by keyboard.
    open_milestone(page, "Pick the apples")
    page.get_by_role("link", name="Edit “Pick the apples”").focus()
    page.keyboard.press("Enter")
    title = page.locator("form.plan-edit-form").get_by_label("Title")
    expect(page.get_by_role("heading", name="Edit “Pick the apples”")).to_be_focused()
    title.fill("Pick and pack the apples")
    page.get_by_role("button", name="Save", exact=True).press("Enter")
    expect(page.get_by_role("heading", name="Pick and pack the apples", level=3)).to_be_visible()

    still_the_same_page(page, navigations)


def test_deleting_a_milestone_asks_first(page, live_server, goal):
    sign_in(page, live_server)
    navigations = open_plan(page, live_server, goal)
    open_milestone(page, "Pick the apples")
    page.get_by_role("button", name="Delete “Pick the apples”").click()
    expect(page.get_by_role("heading", name="Delete “Pick the apples”?")).to_be_visible()
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("svg.timeline g.timeline-bar")).to_have_count(2)
    assert Milestone.objects.filter(title="Pick the apples").exists()

    open_milestone(page, "Pick the apples")
    page.get_by_role("button", name="Delete “Pick the apples”").click()
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.locator("svg.timeline g.timeline-bar")).to_have_count(1)
    assert not Milestone.objects.filter(title="Pick the apples").exists()
    still_the_same_page(page, navigations)
