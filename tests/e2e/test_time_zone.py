"""A new account takes its time zone from the browser at sign-up (none without script:
the default stays), and the profile's time-zone field is searchable by city."""

import re

import pytest
from playwright.sync_api import expect

from ecosystem.accounts.models import User
from tests.e2e.checks import Watch
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign Up", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("Verify Your Email", re.I))).to_be_visible()


@pytest.mark.parametrize("scripts, saved", [(True, "Pacific/Auckland"), (False, "UTC")])
def test_sign_up_takes_the_browsers_time_zone_and_without_script_the_default(
    browser, live_server, scripts, saved
):
    context = browser.new_context(timezone_id="Pacific/Auckland", java_script_enabled=scripts)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    sign_up(page, live_server, "hemi@example.org")

    assert User.objects.get(email="hemi@example.org").time_zone == saved
    assert errors == []
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_profile_finds_a_time_zone_by_city(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    watch = Watch(page, width)
    UserFactory(email="hemi@example.org", time_zone="America/New_York")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill("hemi@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()

    page.goto(f"{live_server.url}/accounts/profile/")
    field = page.get_by_label("Time zone")
    expect(field).to_have_value("America/New_York")
    expect(field).to_have_attribute("list", "time-zone-list")
    expect(page.locator("#time-zone-list option[value='Pacific/Auckland']")).to_have_count(1)
    watch.check("profile")
    field.fill("Auckland")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile was saved.")).to_be_visible()
    expect(page.get_by_label("Time zone")).to_have_value("Pacific/Auckland")
    watch.assert_clean()
