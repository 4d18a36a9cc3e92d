"""Each role lands where it works, in the browser at 1280 and 375 px: a partner on the
partner dashboard, one click from posting a resource; staff on the staff home with the
moderation queue's count, one click from the queue. Every page: no console error, no
sideways scroll, no serious axe finding."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from community.moderation import flag_create
from community.services import community_create, community_join, post_create, thread_create
from goals.services import goal_create
from partners.services import organization_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.services import stakeholder_invite
from tests.e2e.checks import Watch
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 375]


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()


def main_navigation(page):
    return page.get_by_role("navigation", name="Main")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_partner_lands_on_their_dashboard_and_posts_a_resource_from_it(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    watch = Watch(page, width)
    partner = UserFactory(email="pat@orchard.example", display_name="Pat Partner")
    supplier = organization_create(by=partner, name="Orchard Supplies", kind="supplier")
    owner = UserFactory(display_name="Casey Customer")
    goal = goal_create(by=owner, title="Gala apples", target_date=date(2027, 3, 1))
    invitation = stakeholder_invite(goal=goal, by=owner, organization=supplier, role="supplier")
    stakeholder_answer(token=invitation_token(invitation), user=partner, accept=True)

    sign_in(page, live_server, "pat@orchard.example")

    expect(page).to_have_url(f"{live_server.url}/partner-dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner dashboard")
    expect(main_navigation(page).get_by_role("link", name="Partner dashboard")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("row", name=re.compile("Gala apples"))).to_be_visible()
    watch.check("partner dashboard")
    page.get_by_role("link", name="Post a resource").click()
    expect(page).to_have_url(f"{live_server.url}/partners/{supplier.slug}/resources/new/")
    watch.check("new resource")
    watch.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_land_on_the_staff_home_and_open_the_queue_from_it(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    watch = Watch(page, width)
    staff = UserFactory(email="sam@platform.example", display_name="Sam Staff", is_staff=True)
    member, author = UserFactory(), UserFactory(display_name="Ari Author")
    growers = community_create(by=staff, name="Hawke's Bay apple growers", purpose="Apples")
    for person in (member, author):
        community_join(community=growers, user=person)
    thread = thread_create(
        community=growers, author=author, title="When to thin?", kind="question", body="Now?"
    )
    spam = post_create(thread=thread, author=author, body="Cheap pills at pills.example")
    flag_create(by=member, post=spam, reason="spam")

    sign_in(page, live_server, "sam@platform.example")

    expect(page).to_have_url(f"{live_server.url}/staff/")
    expect(page.get_by_role("heading", name=re.compile("Moderation queue"))).to_contain_text("1")
    expect(page.get_by_text("a post in “When to thin?”")).to_be_visible()
    watch.check("staff home")
    page.get_by_role("link", name="Open the moderation queue").click()
    expect(page.locator(f"#item-post-{spam.pk}")).to_contain_text("Cheap pills")
    expect(main_navigation(page).get_by_role("link", name="Staff home")).to_have_attribute(
        "aria-current", "page"
    )
    watch.check("moderation queue")
    watch.assert_clean()
