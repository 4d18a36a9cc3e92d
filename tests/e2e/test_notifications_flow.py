"""The bell and the notification centre in a browser: counts, mark read in place with htmx
(under the site's Content Security Policy, no inline script), mark all read."""

import re

import pytest
from playwright.sync_api import expect

from ecosystem.notifications.services import notify
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")


def test_the_bell_counts_and_the_centre_marks_read_in_place(page, live_server):
    person = UserFactory(email="casey@orchard.example", display_name="Casey")
    for index, title in enumerate(["Start “Prune the orchard” today", "Ari replied to you"]):
        notify(recipients=[person], kind="mention", title=title, dedupe_key=f"n{index}")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    sign_in(page, live_server, "casey@orchard.example")
    bell = page.locator("#notification-bell")
    expect(bell).to_contain_text("2 unread")
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")

    page.get_by_role("button", name="Mark “Ari replied to you” read").click()
    expect(page.locator("#notification-bell")).to_contain_text("1 unread")
    expect(page.get_by_role("button", name="Mark “Ari replied to you” read")).to_have_count(0)
    expect(page).to_have_url(f"{live_server.url}/notifications/")  # swapped in place

    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator("#notification-bell")).to_contain_text("0 unread")
    assert errors == []  # no Content Security Policy violation, no failed request
