"""Journey 2 in the browser: the owner invites a tutor by email with comment access to one
milestone; the tutor follows the emailed link, signs in, sees what will be shared,
accepts and posts advice on that milestone; the owner marks it helpful, then removes the
tutor, whose next request to the goal answers 404."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from goals.services import goal_create
from milestones.services import milestone_create
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email, *, start=None):
    page.goto(start or f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()


def csp_errors(page):
    blocked = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Content Security Policy" in message.text
            and blocked.append(message.text)
        ),
    )
    return blocked


def test_invite_a_tutor_who_accepts_and_advises_then_is_removed(
    page, browser, live_server, mailoutbox
):
    owner = UserFactory(email="casey@orchard.example", display_name="Casey Customer")
    UserFactory(email="tui@tutors.example", display_name="Tui Tutor")
    goal = goal_create(by=owner, title="Gala apples", target_date=date(2027, 3, 1))
    milestone_create(goal=goal, by=goal.owner, title="Order fertiliser", duration_days=2)
    project = milestone_create(goal=goal, by=goal.owner, title="Thinning project", duration_days=5)
    owner_blocked = csp_errors(page)

    # The owner invites the tutor, with comment access to one milestone.
    sign_in(page, live_server, "casey@orchard.example")
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    page.goto(f"{live_server.url}/goals/{goal.pk}/stakeholders/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stakeholders")
    invite = page.locator("form.stakeholder-form").last
    invite.get_by_label("A person's email address").fill("tui@tutors.example")
    invite.get_by_label("Role").select_option("tutor")
    invite.get_by_label("Comment: also posts advice").check()
    invite.get_by_label("Thinning project").check()
    invite.get_by_role("button", name="Send the invitation").click()
    expect(
        page.get_by_role("status").filter(has_text="tui@tutors.example is invited")
    ).to_be_visible()
    row = page.locator(".stakeholder-row", has_text="tui@tutors.example")
    expect(row).to_contain_text("Pending")
    expect(row).to_contain_text("Thinning project")

    # The tutor follows the emailed link in their own browser and signs in.
    assert mailoutbox[-1].to == ["tui@tutors.example"]
    link = re.search(r"http://\S+/invitations/\S+/", mailoutbox[-1].body).group(0)
    link = link.replace("http://127.0.0.1:8000", live_server.url)
    tutor_context = browser.new_context()
    tutor = tutor_context.new_page()
    tutor_blocked = csp_errors(tutor)
    tutor.goto(link)
    # Signed out, the link shows the invitation with a way to sign in and come back.
    expect(tutor.get_by_role("heading", level=1)).to_contain_text("invites you to help")
    tutor.get_by_role("main").get_by_role("link", name="Sign in").click()
    expect(tutor).to_have_url(re.compile(r"/accounts/login/"))
    sign_in(tutor, live_server, "tui@tutors.example", start=tutor.url)
    expect(tutor.get_by_role("heading", level=1)).to_contain_text(
        "Casey Customer invites you to help with “Gala apples”"
    )
    shared = tutor.locator("dd", has_text="Only these milestones")
    expect(shared).to_contain_text("Thinning project")
    expect(shared).not_to_contain_text("Order fertiliser")
    expect(tutor.locator("dl")).to_contain_text("Comment: also posts advice")
    tutor.get_by_role("button", name="Accept").click()
    expect(tutor.get_by_text("You joined “Gala apples”.")).to_be_visible()

    # The tutor finds the milestone on the ecosystem map's list and posts advice.
    tutor.goto(f"{live_server.url}/goals/{goal.pk}/ecosystem/")
    expect(tutor.locator("svg.eco-map")).to_have_attribute("role", "group")
    tutor.locator(".eco-list").get_by_role("link", name="advice").click()
    expect(tutor.get_by_role("heading", level=1)).to_have_text("Advice on “Thinning project”")
    tutor.get_by_label("Your advice").fill("Thin to **one fruit** per cluster by late November.")
    tutor.get_by_role("button", name="Post advice").click()
    expect(tutor.get_by_text("Your advice was posted.")).to_be_visible()
    expect(tutor.locator(".advice-item strong")).to_have_text("one fruit")

    # The owner marks it helpful, in place.
    page.goto(f"{live_server.url}/milestones/{project.pk}/advice/")
    item = page.locator(".advice-item", has_text="per cluster")
    expect(item.locator(".advice-author")).to_have_text("Tui Tutor")
    item.get_by_role("button", name="Helpful").click()
    expect(page.get_by_text("Marked as helpful.")).to_be_visible()
    expect(page.locator(".advice-item .badge-helpful")).to_have_text("Helpful")
    expect(page.get_by_role("button", name="Helpful")).to_have_attribute("aria-pressed", "true")

    # The owner removes the tutor; the tutor's next request to the goal is refused.
    page.goto(f"{live_server.url}/goals/{goal.pk}/stakeholders/")
    row = page.locator(".stakeholder-row", has_text="Tui Tutor")
    row.get_by_text("Remove Tui Tutor").click()
    row.get_by_role("button", name="Yes, remove").click()
    expect(page.get_by_role("status").filter(has_text="Tui Tutor was removed")).to_be_visible()
    expect(page.locator(".stakeholder-row", has_text="Tui Tutor")).to_have_count(0)
    response = tutor.goto(f"{live_server.url}/goals/{goal.pk}/")
    assert response.status == 404
    response = tutor.goto(f"{live_server.url}/milestones/{project.pk}/advice/")
    assert response.status == 404

    tutor_context.close()
    assert not owner_blocked, owner_blocked
    assert not tutor_blocked, tutor_blocked
