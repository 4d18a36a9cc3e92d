"""Pages that were wide or unreadable on a phone, in the browser at 1280 and 375 px: the
moderation log (it scrolled 746 px sideways on a 375 px screen), the ecosystem map (its
labels shrank with the whole picture), and a public community read signed out, with its
htmx filter. Every page and every swap: no console error or CSP violation, no sideways
scroll, no serious axe finding (tests/e2e/checks.py)."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from community.models import ModerationAction
from community.moderation import moderate
from community.services import community_create, community_join, post_create, thread_create
from goals.services import goal_create
from milestones.services import milestone_create
from partners.services import organization_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.models import Stakeholder
from stakeholders.services import stakeholder_invite
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 375]
Action = ModerationAction.Action


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_moderation_log_fits_the_screen(page, watch_at, live_server, width):
    watch = watch_at(width)
    staff = UserFactory(email="sam@platform.example", display_name="Sam Staff", is_staff=True)
    author = UserFactory(display_name="Ari Author-with-a-rather-long-double-barrelled-name")
    growers = community_create(
        by=staff, name="Hawke's Bay and Central Otago apple growers", purpose="Apples"
    )
    community_join(community=growers, user=author)
    thread = thread_create(
        community=growers, author=author, kind="question",
        title="When is the right time to thin Gala and Braeburn in a late spring?", body="Now?",
    )  # fmt: skip
    spam = post_create(thread=thread, author=author, body="Cheap pills at pills.example")
    moderate(by=staff, action=Action.HIDE, post=spam, reason="Advertising is not allowed here")
    moderate(by=staff, action=Action.LOCK, thread=thread, reason="Answered at length already")
    moderate(
        by=staff, action=Action.SUSPEND, subject=author, community=growers,
        until=timezone.now() + timedelta(days=7),
        reason="Repeated advertising after a warning, across several threads of the community",
    )  # fmt: skip

    sign_in(page, live_server, "sam@platform.example")
    page.goto(f"{live_server.url}/moderation/log/")
    rows = page.locator("table.moderation-log tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Repeated advertising")
    watch.check("moderation log")
    page.get_by_label("Action").select_option("hide")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("button", name=re.compile("Restore"))).to_be_visible()
    watch.check("moderation log, filtered")
    watch.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_ecosystem_maps_labels_can_be_read(page, watch_at, live_server, width):
    watch = watch_at(width)
    owner = UserFactory(email="casey@orchard.example", display_name="Casey Customer")
    goal = goal_create(by=owner, title="Gala apples", target_date=date(2027, 3, 1))
    thinning = milestone_create(goal=goal, by=owner, title="Thinning project", duration_days=5)
    milestone_create(goal=goal, by=owner, title="Order fertiliser", duration_days=2)
    for number, role in enumerate(["supplier", "tutor", "mentor", "peer", "advisor"]):
        partner = UserFactory(display_name=f"Helper {number}")
        organization = organization_create(
            by=partner, name=f"Orchard Help {number}", kind="supplier"
        )
        invitation = stakeholder_invite(
            goal=goal, by=owner, role=role, organization=organization,
            access=Stakeholder.Access.COMMENT, milestones=[thinning] if number % 2 else [],
        )  # fmt: skip
        stakeholder_answer(token=invitation_token(invitation), user=partner, accept=True)

    sign_in(page, live_server, "casey@orchard.example")
    page.goto(f"{live_server.url}/goals/{goal.pk}/ecosystem/")
    expect(page.locator("svg.eco-map")).to_be_visible()
    # Every label is drawn at 10 px or more on the screen (it was about 4 px at 375 px).
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('svg.eco-map text')]
            .filter((text) => text.textContent.trim())
            .map((text) => text.getBoundingClientRect().height)"""
    )
    assert sizes and min(sizes) >= 10, sizes
    watch.check("ecosystem map")
    watch.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_public_community_reads_signed_out_with_its_filter(page, watch_at, live_server, width):
    watch = watch_at(width)
    staff = UserFactory(is_staff=True)
    author = UserFactory(display_name="Ari Author")
    growers = community_create(by=staff, name="Hawke's Bay apple growers", purpose="Apples")
    community_join(community=growers, user=author)
    thread_create(community=growers, author=author, title="Net early", kind="tip", body="Nets")
    question = thread_create(
        community=growers, author=author, title="When to thin?", kind="question", body="Now?"
    )

    page.goto(f"{live_server.url}{growers.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hawke's Bay apple growers")
    expect(page.get_by_role("link", name=re.compile("Sign in to join"))).to_be_visible()
    watch.check("community, signed out")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Kind").select_option("tip")
    expect(page.locator("#thread-results .thread-item")).to_have_count(1)
    assert page.evaluate("window.stillTheSamePage") is True
    watch.check("community, filtered by htmx")
    page.goto(f"{live_server.url}{question.get_absolute_url()}")
    expect(page.locator(".post.is-question")).to_contain_text("Now?")
    expect(page.get_by_role("link", name="Sign in").last).to_be_visible()
    watch.check("thread, signed out")
    watch.assert_clean()
