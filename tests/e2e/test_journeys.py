"""The first hour of each role, whole, in the browser at 1280 and 375 px (issue 20): the
partner from signing in to their resource on a customer's step, the moderator from signing
in to a decision in the log, the customer from signing up to a plan that can be met. (The
invited newcomer is in test_invited_newcomer.py.)

Every step is checked by tests/e2e/checks.py: no console error or CSP violation (after
htmx swaps too), no sideways scroll, no serious or critical axe finding; a screenshot of
each step is kept under var/artefacts/screenshots/<test>/. Selectors go by role, label and
text, so a reworked page that says the same things keeps these green."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from community.moderation import flag_create
from community.services import community_create, community_join, post_create, thread_create
from goals.models import Goal
from goals.playbooks import playbook_create
from milestones.plans import playbook_start
from partners.services import organization_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.services import stakeholder_invite
from tests.e2e.conftest import sign_in, sign_out
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 375]


def main_navigation(page):
    return page.get_by_role("navigation", name="Main")


def orchard_playbook():
    return playbook_create(
        by=UserFactory(display_name="Extension service"),
        title="Orchard season",
        description="From pruning to picking.",
        public=True,
        milestones=[
            {"title": "Prune", "duration_days": 10},
            {"title": "Fruit thinning", "duration_days": 5},
            {"title": "Pick", "duration_days": 0},
        ],
        dependencies=[{"predecessor": 0, "successor": 1}, {"predecessor": 1, "successor": 2}],
    )


# --- The partner --------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_partner_posts_a_resource_and_finds_it_on_the_customers_step(
    page, watch_at, live_server, width
):
    watch = watch_at(width)
    partner = UserFactory(email="pat@orchard.example", display_name="Pat Partner")
    supplier = organization_create(by=partner, name="Orchard Supplies", kind="supplier")
    customer = UserFactory(display_name="Casey Customer")
    playbook = orchard_playbook()
    goal = playbook_start(
        playbook=playbook,
        by=customer,
        title="Gala apples",
        target_date=customer.today() + timedelta(days=120),
    )
    invitation = stakeholder_invite(goal=goal, by=customer, organization=supplier, role="supplier")
    stakeholder_answer(token=invitation_token(invitation), user=partner, accept=True)

    # Signing in lands on the partner dashboard, with the goal they were invited to.
    sign_in(page, live_server, "pat@orchard.example")
    expect(page).to_have_url(f"{live_server.url}/partner-dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner dashboard")
    expect(main_navigation(page).get_by_role("link", name="Partner dashboard")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("row", name=re.compile("^Gala apples Casey Customer"))).to_be_visible()
    watch.check("partner dashboard")

    # "Post a resource", one click away; tied to the playbook's thinning step.
    page.get_by_role("link", name="Post a resource").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Post a resource")
    page.get_by_label("Kind").select_option("guide")
    page.get_by_label("Title").fill("Thinning for export grade")
    page.get_by_label("Summary").fill("One fruit per cluster before 10 mm.")
    page.get_by_label("Body").fill("Thin **early** in the season.")
    page.get_by_label("Body").press("End")  # a key typed: the preview follows (htmx)
    expect(page.locator("#resource-preview strong")).to_have_text("early")  # htmx preview
    page.get_by_label("Fruit thinning", exact=True).check()  # the playbook's step
    watch.check("new resource with its preview")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Your resource is published.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thinning for export grade")
    watch.check("resource published")

    # On the customer's goal, the thinning step's help lists it.
    main_navigation(page).get_by_role("link", name="Partner dashboard").click()
    page.get_by_role("row", name=re.compile("^Gala apples Casey Customer")).get_by_role(
        "link", name="Gala apples"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gala apples")
    watch.check("the customer's goal")
    thinning = goal.milestones.get(title="Fruit thinning")
    page.goto(f"{live_server.url}/milestones/{thinning.pk}/help/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fruit thinning")
    expect(page.get_by_role("link", name="Thinning for export grade")).to_be_visible()
    watch.check("help for the thinning step")
    watch.assert_clean()


# --- The moderator ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "decision", "said", "logged"),
    [
        (1280, "Hide", "It is hidden; its author sees why.", "hide"),
        (375, "Dismiss the flags", "The flags were dismissed; the flaggers are told.", "dismiss"),
    ],
)
def test_the_moderator_opens_a_flagged_post_from_the_staff_home_decides_and_sees_it_logged(
    page, watch_at, live_server, width, decision, said, logged
):
    watch = watch_at(width)
    staff = UserFactory(email="sam@platform.example", display_name="Sam Staff", is_staff=True)
    member, author = UserFactory(display_name="Mere Member"), UserFactory(display_name="Ari")
    growers = community_create(by=staff, name="Hawke's Bay apple growers", purpose="Apples")
    for person in (member, author):
        community_join(community=growers, user=person)
    thread = thread_create(
        community=growers, author=member, title="When to thin?", kind="question", body="Now?"
    )
    spam = post_create(thread=thread, author=author, body="Cheap pills at pills.example")
    flag_create(by=member, post=spam, reason="spam", note="Selling pills, not about apples")

    # Signing in lands on the staff home, with the queue and its count.
    sign_in(page, live_server, "sam@platform.example")
    expect(page).to_have_url(f"{live_server.url}/staff/")
    expect(page.get_by_role("heading", name=re.compile("Moderation queue"))).to_contain_text("1")
    expect(page.get_by_text("a post in “When to thin?”")).to_be_visible()
    watch.check("staff home")

    # The queue shows the flagged post and what the flagger said.
    page.get_by_role("link", name="Open the moderation queue").click()
    item = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="A post in “When to thin?”")
    )
    expect(item).to_contain_text("Cheap pills")
    expect(item).to_contain_text("Selling pills, not about apples")
    expect(main_navigation(page).get_by_role("link", name="Staff home")).to_have_attribute(
        "aria-current", "page"
    )
    watch.check("moderation queue")

    # The decision, with a reason.
    item.get_by_label("Reason").fill("Advertising is not allowed here")
    item.get_by_role("button", name=decision, exact=True).click()
    expect(page.get_by_text(said)).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()
    watch.check("decided")

    # The log, from the staff home, shows it.
    main_navigation(page).get_by_role("link", name="Staff home").click()
    expect(page.get_by_role("heading", name=re.compile("Moderation queue"))).to_contain_text("0")
    page.get_by_role("link", name="Moderation log").click()
    row = page.get_by_role("row", name=re.compile("Advertising is not allowed here"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Sam Staff")
    expect(row).to_contain_text("When to thin?")
    expect(page.get_by_label("Action")).to_be_visible()
    page.get_by_label("Action").select_option(logged)
    page.get_by_role("button", name="Filter").click()
    expect(
        page.get_by_role("row", name=re.compile("Advertising is not allowed here"))
    ).to_be_visible()
    watch.check("moderation log")
    watch.assert_clean()


# --- The customer -------------------------------------------------------------------------


def sign_up(page, *, email: str, name: str):
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign Up", re.I)).click()


def emailed_link(live_server, to: str) -> str:
    from django.conf import settings

    message = next(message for message in reversed(mail.outbox) if message.to == [to])
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    return link.replace(settings.SITE_URL.rstrip("/"), live_server.url)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_customer_signs_up_and_reaches_a_plan_that_can_be_met(
    page, watch_at, live_server, width
):
    watch = watch_at(width)
    playbook = orchard_playbook()  # 15 days of work at the least
    email = f"hemi.{width}@example.org"

    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", name=re.compile("Sign Up", re.I))).to_be_visible()
    watch.check("sign-up")
    sign_up(page, email=email, name="Hemi the grower")
    expect(page.get_by_role("heading", name=re.compile("Verify Your Email", re.I))).to_be_visible()
    watch.check("verification sent")
    page.goto(emailed_link(live_server, email))
    watch.check("confirm the address")
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()

    # Confirming signed them in: their dashboard invites the first goal.
    expect(page.get_by_role("heading", name="Set your first goal")).to_be_visible()
    watch.check("dashboard, no goal yet")
    page.get_by_role("link", name="Create your first goal").click()

    # A target the playbook cannot meet: said before saving, with the earliest date.
    too_soon = date.today() + timedelta(days=7)
    page.get_by_label("Title").fill("Export-grade Gala apples")
    page.get_by_label("Target date").fill(too_soon.isoformat())
    page.get_by_label("Orchard season (3 milestones)").check()
    watch.check("new goal form")
    page.get_by_role("button", name="Create the goal and work the plan back").click()
    choice = page.get_by_role(
        "group", name=re.compile(r"This target cannot be met: the earliest finish is .+ short")
    )
    expect(choice).to_be_visible()
    assert not Goal.objects.exists()
    earliest = choice.get_by_role("button", name=re.compile(r"the earliest date it can be met"))
    expect(choice.get_by_role("button", name=re.compile(r"^Keep .*start late"))).to_be_visible()
    watch.check("the feasibility message")

    # They choose the earliest date: the goal is created and its plan can be met.
    chosen = date.fromisoformat(earliest.get_attribute("value"))
    earliest.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Export-grade Gala apples")
    goal = Goal.objects.get()
    assert goal.playbook_id == playbook.pk
    assert goal.target_date == chosen > too_soon
    expect(page.get_by_text("Your goal was created and its plan worked back.")).to_be_visible()
    expect(page.get_by_text(re.compile("cannot be met"))).to_have_count(0)
    for step in ("Prune", "Fruit thinning", "Pick"):
        expect(page.get_by_role("heading", name=step, exact=True).first).to_be_visible()
    watch.check("the plan")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Export-grade Gala apples")
    )
    # Started on the earliest date it can be met: no slack, but not late.
    expect(card).to_contain_text(re.compile("On track|At risk"))
    expect(card).not_to_contain_text("Late")
    watch.check("dashboard with the goal")
    sign_out(page)
    watch.assert_clean()
