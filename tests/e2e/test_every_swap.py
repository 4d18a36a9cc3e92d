"""Zero CSP violations after every htmx swap (issue 20): the in-place updates outside the
goal page, each done once at 375 px in the demo-like world of tests/e2e/world.py, with
Watch after each swap (console errors and CSP violations, sideways scroll, serious axe
findings) and a screenshot. The goal page's own swaps are its rework's (and
test_goal_plan.py's); the community filter signed out is in test_phone_pages.py, the
resource preview in test_journeys.py, an idea's vote in test_announcements.py."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import signed_in_as
from tests.e2e.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_htmx_swap_outside_the_goal_page_is_clean_on_a_phone(page, watch_at, live_server):
    watch = watch_at(375)
    world = build_world()
    names = world.names

    def same_page():  # the marker survives only an update in place
        assert page.evaluate("window.stillTheSamePage") is True

    def visit(path):
        page.goto(live_server.url + path.format(**names))
        page.evaluate("window.stillTheSamePage = true")

    # The customer: the partner directory's search, a thread's helpful mark and reply,
    # an invitation from the stakeholders page, a helpful mark on advice.
    signed_in_as(page.context, live_server, world.people["customer"])
    visit("/partners/")
    page.get_by_role("searchbox").fill("orchard")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"q=orchard"))
    same_page()
    watch.check("partner directory, searched")

    visit("/threads/{thread}/")
    answer = page.locator(f"#post-{names['post']}")
    answer.get_by_role("button", name="Helpful").click()
    expect(answer.get_by_role("button", name="Helpful")).to_have_attribute("aria-pressed", "true")
    same_page()
    watch.check("thread, marked helpful")
    page.get_by_role("textbox", name=re.compile("reply", re.I)).fill("Thanks: booked for March.")
    page.get_by_role("button", name=re.compile("Post (the|your|a)? ?reply", re.I)).click()
    expect(page.get_by_text("Thanks: booked for March.")).to_be_visible()
    same_page()
    watch.check("thread, replied")

    visit("/goals/{goal}/stakeholders/")
    invite = page.get_by_role("region", name="Invite someone")
    invite.get_by_label("A person's email address").fill("ana@tutors.example")
    invite.get_by_label("Role").select_option("tutor")
    invite.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".stakeholder-list")).to_contain_text("ana@tutors.example")
    same_page()
    watch.check("stakeholders, invited")

    visit("/milestones/{milestone}/advice/")
    page.get_by_role("button", name="Helpful").first.click()
    expect(page.get_by_role("button", name="Helpful").first).to_have_attribute(
        "aria-pressed", "true"
    )
    same_page()
    watch.check("advice, marked helpful")

    # The partner: a notification marked read.
    signed_in_as(page.context, live_server, world.people["partner"])
    visit("/notifications/")
    unread = page.get_by_role("button", name=re.compile(r"^Mark “.+” read$"))
    count = unread.count()
    assert count > 0
    unread.first.click()
    expect(unread).to_have_count(count - 1)
    same_page()
    watch.check("notifications, one read")
    watch.assert_clean()
