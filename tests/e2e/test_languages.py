"""A browser that asks for Russian reads Russian; the switcher in the footer changes the
language from the keyboard alone and stays on the same page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.keyboard import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_russian_browser_reads_russian_and_the_keyboard_switches_to_english(
    page, live_server, watch_at
):
    watch = watch_at(375)
    page.context.set_extra_http_headers({"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    page.goto(f"{live_server.url}/communities/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("link", name="Войти", exact=True)).to_be_visible()
    watch.check("russian, from the browser")

    english = page.get_by_role("button", name="English")
    tab_to(page, english, backwards=True)  # the footer: nearest from the end
    page.keyboard.press("Enter")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/communities/")
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    # The choice outlives the page: the browser still asks for Russian, the cookie wins.
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    watch.check("english, chosen in the footer")
    watch.assert_clean()
