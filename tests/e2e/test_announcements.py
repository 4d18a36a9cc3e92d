"""What an htmx update says is spoken: messages added while answering an htmx request land
in the page's live region (#messages, in base.html), which stays in place, so a screen
reader reads them out. In the browser at 375 px, with Watch after each swap."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.factories import UserFactory
from voice.services.ideas import idea_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGION = "document.getElementById('messages')"


def test_voting_on_an_idea_is_said_through_the_pages_live_region(page, watch_at, live_server):
    watch = watch_at(375)
    UserFactory(email="hemi@example.org", display_name="Hemi")
    idea = idea_post(by=UserFactory(), title="Saturday delivery")
    sign_in(page, live_server, "hemi@example.org")
    page.goto(f"{live_server.url}/ideas/{idea.pk}/")
    region = page.locator("#messages")
    expect(region).to_have_attribute("role", "status")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_be_empty()
    # A mark on the region itself: still there after the swaps, so it is the same region
    # (a live region replaced by a new one is not reliably read out).
    page.evaluate(f"{REGION}.theSameRegion = true")
    page.evaluate("window.stillTheSamePage = true")
    watch.check("idea")

    page.get_by_role("button", name="Vote").click()
    expect(region).to_have_text("Your vote is counted.")
    expect(page.get_by_role("button", name="Take my vote back")).to_be_visible()
    watch.check("voted")

    page.get_by_role("button", name="Take my vote back").click()
    expect(region).to_have_text("Your vote is taken back.")  # replaced, not piled up
    expect(page.get_by_role("button", name="Vote")).to_be_visible()
    assert page.evaluate(f"{REGION}.theSameRegion") is True
    assert page.evaluate("window.stillTheSamePage") is True
    watch.check("vote taken back")

    # The next page does not say it again.
    page.reload()
    expect(region).to_be_empty()
    watch.assert_clean()
