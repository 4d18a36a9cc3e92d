"""A newcomer signs up, confirms their email, which signs them in, and sees their dashboard."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_and_confirm_which_signs_in_to_the_dashboard(page, live_server, mailoutbox):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label(re.compile(r"^Email")).fill("grower@example.org")
    page.get_by_label("Display name").fill("Hemi the grower")
    page.get_by_label(re.compile(r"^Password:?$")).fill("orchard-season-2027!")
    page.get_by_label("Password (again)").fill("orchard-season-2027!")
    page.get_by_role("button", name=re.compile("Sign Up", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("Verify Your Email", re.I))).to_be_visible()

    link = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", mailoutbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()

    # Confirming the address (in the browser that signed up) signs the person in.
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="Welcome, Hemi the grower")).to_be_visible()


def test_the_skip_link_is_the_first_thing_a_keyboard_reaches(page, live_server):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
