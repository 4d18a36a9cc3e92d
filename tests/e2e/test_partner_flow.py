"""A partner registers an organisation, writes a resource with a live preview and publishes
it; staff verify the organisation and the "Not verified" label disappears."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email, landing="/dashboard/"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}{landing}")


def test_partner_publishes_with_a_live_preview_and_staff_verify(page, live_server):
    UserFactory(email="pat@orchard.example", display_name="Pat Partner")
    UserFactory(email="sam@platform.example", display_name="Sam Staff", is_staff=True)
    blocked = []
    page.on("console", lambda message: message.type == "error" and blocked.append(message.text))

    sign_in(page, live_server, "pat@orchard.example")
    page.get_by_role("link", name="Partners").click()
    page.get_by_role("link", name="Register an organisation").click()
    page.get_by_label(re.compile(r"^Name:?$")).fill("Orchard Supplies")
    page.get_by_label("Kind").select_option("supplier")
    page.get_by_role("button", name="Create organisation").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Orchard Supplies")
    expect(page.locator("h1 .badge")).to_have_text("Not verified")

    page.get_by_role("link", name="Post a resource").click()
    page.get_by_label("Kind").select_option("guide")
    page.get_by_label("Title").fill("Thinning for export grade")
    # A marker on the window: it survives only if the preview updates without a reload.
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Body").press_sequentially("Thin **early** in the season", delay=20)
    preview = page.locator("#resource-preview")
    expect(preview.locator("strong")).to_have_text("early")
    page.get_by_label("Body").press_sequentially(" [chart](javascript:alert(1))", delay=10)
    expect(preview.get_by_role("alert")).to_contain_text("http, https or mailto")
    assert page.evaluate("window.stillTheSamePage") is True

    page.get_by_label("Body").fill("Thin **early** in the season.")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Your resource is published.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thinning for export grade")
    expect(page.locator(".markdown-body strong")).to_have_text("early")
    expect(page.locator(".resource .badge-unverified")).to_have_text("Not verified")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "sam@platform.example", landing="/staff/")
    page.goto(f"{live_server.url}/partners/?show=resources")
    page.get_by_role("link", name="Orchard Supplies").click()
    expect(page.locator("h1")).to_contain_text("Not verified")
    page.get_by_role("button", name="Verify this organisation").click()

    expect(page.get_by_text("Orchard Supplies is now verified.")).to_be_visible()
    expect(page.locator(".badge-unverified")).to_have_count(0)
    expect(page.locator("h1 .badge")).to_have_text("Verified")
    page.goto(f"{live_server.url}/partners/?show=resources")
    expect(page.locator(".badge-unverified")).to_have_count(0)
    assert not [text for text in blocked if "Content Security Policy" in text], blocked
