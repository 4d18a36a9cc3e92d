"""The invited newcomer, in the browser: from the emailed link, signed out, to the
invitation in front of them with an account, at 1280 and 375 px.

Two newcomers: one signs up with the invited address (no confirmation email: the link
proved it) and accepts; the other signs up with another address, confirms it from the
email (which signs them in) and finds the invitation waiting. Each page: no console error
(CSP included), no horizontal scroll, no serious axe finding."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from goals.services import goal_create
from milestones.services import milestone_create
from stakeholders.services import stakeholder_invite
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 375]


def emailed_link(live_server, pattern: str, to: str) -> str:
    message = next(message for message in reversed(mail.outbox) if message.to == [to])
    link = re.search(pattern, message.body).group(0)
    return link.replace(settings.SITE_URL.rstrip("/"), live_server.url)


@pytest.fixture
def invited(db):
    owner = UserFactory(email="casey@orchard.example", display_name="Casey Customer")
    goal = goal_create(by=owner, title="Gala apples", target_date=date(2027, 3, 1))
    milestone_create(goal=goal, by=goal.owner, title="Order fertiliser", duration_days=2)
    thinning = milestone_create(goal=goal, by=goal.owner, title="Thinning project", duration_days=5)
    for email in ("tui@tutors.example", "ari@tutors.example"):
        stakeholder_invite(
            goal=goal,
            by=owner,
            email=email,
            role="tutor",
            access="comment",
            milestones=[thinning],
            ends_on=date(2027, 4, 30),
        )
    return goal


def sign_up(page, *, name: str, email: str | None = None):
    expect(page.get_by_role("heading", name=re.compile("Sign Up", re.I))).to_be_visible()
    if email is not None:
        page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign Up", re.I)).click()


def expect_the_invitation(page):
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Casey Customer invites you to help with “Gala apples”"
    )
    shared = page.locator("dd", has_text="Only these milestones")
    expect(shared).to_contain_text("Thinning project")
    expect(shared).not_to_contain_text("Order fertiliser")
    expect(page.locator("dl")).to_contain_text("Comment: also posts advice")
    expect(page.locator("dl")).to_contain_text("Fri 30 Apr 2027")


@pytest.mark.parametrize("width", WIDTHS)
def test_signing_up_with_the_invited_address_from_the_link_then_accepting(
    page, watch_at, live_server, invited, width
):
    watch = watch_at(width)
    link = emailed_link(live_server, r"http://\S+/invitations/\S+/", "tui@tutors.example")

    page.goto(link)
    expect_the_invitation(page)
    expect(page.get_by_role("button", name="Accept")).to_have_count(0)
    watch.check("invitation, signed out")

    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_label(re.compile(r"^Email"))).to_have_value("tui@tutors.example")
    watch.check("sign-up")
    sign_up(page, name="Tui Tutor")

    # No confirmation email: the link proved the address. The invitation is back in front
    # of them, signed in, and answering is theirs to do.
    assert [message.to for message in mail.outbox] == [
        ["tui@tutors.example"],
        ["ari@tutors.example"],
    ]
    expect(page).to_have_url(link)
    expect_the_invitation(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    watch.check("invitation, signed in")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You joined “Gala apples”.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gala apples")
    watch.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_signing_up_with_another_address_confirming_signs_in_and_the_invitation_waits(
    page, watch_at, live_server, invited, width
):
    watch = watch_at(width)
    link = emailed_link(live_server, r"http://\S+/invitations/\S+/", "ari@tutors.example")

    page.goto(link)
    page.get_by_role("link", name="Create an account").click()
    sign_up(page, name="Ari", email="ari.home@example.org")
    expect(page.get_by_role("heading", name=re.compile("Verify Your Email", re.I))).to_be_visible()
    watch.check("verification sent")

    page.goto(
        emailed_link(live_server, r"http://\S+/accounts/confirm-email/\S+/", "ari.home@example.org")
    )
    watch.check("confirm")
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()

    # Confirming signed them in and brought them back to the invitation.
    expect(page).to_have_url(link)
    expect_the_invitation(page)
    expect(page.get_by_role("button", name="Accept")).to_be_visible()
    expect(page.locator(".message-warning")).to_contain_text(
        "sent to ari@tutors.example, and you are signed in as ari.home@example.org"
    )
    watch.assert_clean()
