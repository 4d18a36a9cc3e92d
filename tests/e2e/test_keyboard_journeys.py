"""Three journeys with the keyboard alone (issue 16): planning a goal, inviting a
stakeholder and answering a thread. From the moment the page is open, nothing but keys:
Tab and Shift+Tab to move, Enter and Space to act, arrows to choose, letters to type. At
each stop the focus must show (tests/e2e/keyboard.py), and after every in-place update it
must land where the person can carry on, never back at the top of the page."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from community.services import community_create, community_join, post_create, thread_create
from goals.models import Goal
from goals.services import goal_create
from milestones.models import Milestone
from milestones.services import milestone_create
from stakeholders.models import Stakeholder
from tests.e2e.conftest import signed_in_as
from tests.e2e.keyboard import assert_focus_visible, choose_with_arrows, tab_to, type_over
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # Typing into a date box follows the browser's locale: month, day, year in en-US.
    return {**browser_context_args, "locale": "en-US"}


def test_plan_a_goal_with_the_keyboard(page, live_server):
    grower = UserFactory(display_name="Hemi the grower")
    signed_in_as(page.context, live_server, grower)
    target = date.today() + timedelta(days=120)
    page.goto(f"{live_server.url}/dashboard/")

    # The dashboard's "New goal", then title and target date.
    tab_to(page, page.get_by_role("main").get_by_role("link", name="New goal"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("New goal")
    tab_to(page, page.get_by_label("Title"))
    page.keyboard.type("Export-grade Gala apples")
    tab_to(page, page.get_by_label("Target date"))
    page.keyboard.type(target.strftime("%m%d%Y"))
    expect(page.get_by_label("Target date")).to_have_value(target.isoformat())
    tab_to(page, page.get_by_role("button", name="Create the goal and work the plan back"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Export-grade Gala apples")
    goal = Goal.objects.get(title="Export-grade Gala apples")
    assert goal.target_date == target

    # A milestone with a duration, from the add form.
    add = page.locator("section.plan-add")
    tab_to(page, add.get_by_label("Title"))
    page.keyboard.type("Book the packhouse")
    tab_to(page, add.get_by_label("Duration (working days)"))
    type_over(page, "3")
    tab_to(page, add.get_by_role("button", name="Add milestone"))
    page.keyboard.press("Enter")
    expect(page.locator(".plan-notice")).to_have_text("Milestone “Book the packhouse” added.")
    # Ready for the next one: the focus stays in the add form.
    expect(add.get_by_label("Title")).to_be_focused()
    assert_focus_visible(page)
    milestone = Milestone.objects.get(goal=goal, title="Book the packhouse")
    assert milestone.duration_days == 3

    # On the plan: the timeline's bar and the table's row.
    expect(
        page.locator(f'svg.timeline g.timeline-bar[data-milestone="{milestone.pk}"]')
    ).to_have_count(1)
    row = page.locator("table.timeline-table tbody tr").filter(has_text="Book the packhouse")
    expect(row.locator("time").first).to_have_attribute(
        "datetime", milestone.latest_start.isoformat()
    )

    # Back up to it in the list, open it, edit it.
    tab_to(
        page,
        page.locator("ol.plan-items").get_by_role("link", name="Book the packhouse", exact=True),
        backwards=True,
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Book the packhouse", level=3)).to_be_focused()
    assert_focus_visible(page)
    tab_to(page, page.get_by_role("link", name="Edit “Book the packhouse”"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Edit “Book the packhouse”")).to_be_focused()
    assert_focus_visible(page)
    editor = page.locator("form.plan-edit-form")
    tab_to(page, editor.get_by_label("Title"))
    type_over(page, "Book the packhouse and bins")
    tab_to(page, editor.get_by_label("Duration (working days)"))
    type_over(page, "4")
    tab_to(page, editor.get_by_role("button", name="Save", exact=True))
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="Book the packhouse and bins", level=3)
    expect(heading).to_be_focused()
    assert_focus_visible(page)
    row = page.locator("table.timeline-table tbody tr").filter(
        has_text="Book the packhouse and bins"
    )
    expect(row).to_have_count(1)
    milestone.refresh_from_db()
    assert (milestone.title, milestone.duration_days) == ("Book the packhouse and bins", 4)


def test_invite_a_stakeholder_with_the_keyboard(page, live_server):
    owner = UserFactory(display_name="Casey Customer")
    goal = goal_create(by=owner, title="Gala apples", target_date=date.today() + timedelta(days=90))
    milestone_create(goal=goal, by=owner, title="Order fertiliser", duration_days=2)
    milestone_create(goal=goal, by=owner, title="Thinning project", duration_days=5)
    signed_in_as(page.context, live_server, owner)
    page.goto(f"{live_server.url}/goals/{goal.pk}/")

    # From the goal page to its stakeholders, then to the invite form.
    tab_to(page, page.get_by_role("main").get_by_role("link", name="Stakeholders", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stakeholders")
    tab_to(page, page.get_by_role("link", name="Invite someone"))
    page.keyboard.press("Enter")
    invite = page.locator("form.stakeholder-form")
    tab_to(page, invite.get_by_label("A person's email address"))
    page.keyboard.type("tui@tutors.example")

    # A role from the list and an access level from the radio group, with the arrows.
    tab_to(page, invite.get_by_label("Role"))
    choose_with_arrows(page, invite.get_by_label("Role"), "tutor")
    tab_to(page, invite.get_by_label("View: sees the plan"))
    page.keyboard.press("ArrowDown")  # to the next level, "Comment"
    expect(invite.get_by_label("Comment: also posts advice")).to_be_checked()
    expect(invite.get_by_label("Comment: also posts advice")).to_be_focused()
    assert_focus_visible(page)
    tab_to(page, invite.get_by_label("Thinning project"))
    page.keyboard.press("Space")
    expect(invite.get_by_label("Thinning project")).to_be_checked()
    tab_to(page, invite.get_by_role("button", name="Send the invitation"))
    page.keyboard.press("Enter")

    # Told in place, with the focus on what was said; the invitation is listed.
    notice = page.get_by_role("status").filter(has_text="tui@tutors.example is invited")
    expect(notice).to_be_focused()
    assert_focus_visible(page)
    row = page.locator(".stakeholder-row", has_text="tui@tutors.example")
    expect(row).to_contain_text("Pending")
    expect(row).to_contain_text("Tutor")
    expect(row).to_contain_text("Thinning project")
    stakeholder = Stakeholder.objects.get(goal=goal)
    assert (stakeholder.role, stakeholder.access) == ("tutor", "comment")


def test_answer_a_thread_with_the_keyboard(page, live_server):
    member, asker = UserFactory(display_name="Mere Member"), UserFactory(display_name="Ari Asker")
    staff = UserFactory(display_name="Sam Staff", is_staff=True)
    growers = community_create(by=staff, name="Hawke's Bay apple growers", purpose="Apples")
    for person in (member, asker):
        community_join(community=growers, user=person)
    thread = thread_create(
        community=growers,
        author=asker,
        title="When do you thin Gala?",
        kind="question",
        body="Before or after the 10 mm stage?",
    )
    post_create(thread=thread, author=asker, body="Asking for the Hastings block.")
    signed_in_as(page.context, live_server, member)
    page.goto(f"{live_server.url}/communities/{growers.slug}/")

    # Open the thread from the community, then reach the reply box.
    tab_to(page, page.get_by_role("link", name="When do you thin Gala?"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("When do you thin Gala?")
    tab_to(page, page.get_by_label("Your reply"))
    page.keyboard.type("Before 10 mm: **one fruit** per cluster.")
    tab_to(page, page.get_by_role("button", name="Post reply"))
    page.keyboard.press("Enter")

    # The answer is in the thread, and the focus is on it, where the eye goes next.
    reply = page.locator("article.post").filter(has_text="per cluster")
    expect(reply.locator("strong")).to_have_text("one fruit")
    expect(reply).to_be_focused()
    assert_focus_visible(page)
    expect(page.get_by_role("heading", name=re.compile(r"^2 replies$"))).to_be_visible()
    # The reply box is empty again, ready for another answer.
    tab_to(page, page.get_by_label("Your reply"))
    expect(page.get_by_label("Your reply")).to_have_value("")
