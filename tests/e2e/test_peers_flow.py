"""A newcomer is suggested a grower who finished the season, asks for an introduction
with a note; the grower accepts, they talk, and the newcomer shares their goal in one
click. At phone width (375 px), with no console error, sideways scroll or serious axe
finding on any page reached."""

from datetime import date

import pytest
from playwright.sync_api import expect

from community.peers.sweep import suggest_peers
from stakeholders.models import Stakeholder
from tests.community.peers_world import findable, on_journey, orchard
from tests.e2e.checks import Watch
from tests.e2e.test_community_flow import sign_in, sign_out
from tests.factories import RegionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_suggestion_request_accept_conversation_share(page, live_server):
    page.set_viewport_size({"width": 375, "height": 800})
    watch = Watch(page, 375)
    bay = RegionFactory(name="Hawke's Bay")
    newbie = UserFactory(email="new@orchard.example", display_name="Nia Newcomer", region=bay)
    grower = UserFactory(email="mere@orchard.example", display_name="Mere Grower", region=bay)
    playbook = orchard()
    goal = on_journey(newbie, playbook, done=1)
    on_journey(grower, playbook, target=date(date.today().year - 1, 3, 1), done=6, achieved=True)
    findable(newbie)
    findable(grower)
    suggest_peers()

    sign_in(page, live_server, "new@orchard.example")
    expect(page.get_by_text("Peers further along")).to_be_visible()
    page.get_by_role("link", name="Peers", exact=True).click()
    expect(page.get_by_text("Finished Orchard season last year, Hawke's Bay")).to_be_visible()
    watch.check("peers")
    page.get_by_label("A short note (optional)").fill("How early did you book bins?")
    page.get_by_role("button", name="Ask for an introduction Mere Grower").click()
    expect(page.get_by_text("Asked. You will hear when they answer.")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "mere@orchard.example")
    page.goto(f"{live_server.url}/peers/")
    expect(page.get_by_text("How early did you book bins?")).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversation with Nia Newcomer")
    page.get_by_label("Your message").fill("Six weeks **before** picking.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".peer-message strong").last).to_have_text("before")
    watch.check("conversation")
    sign_out(page)

    sign_in(page, live_server, "new@orchard.example")
    page.goto(f"{live_server.url}/peers/")
    page.get_by_role("link", name="Mere Grower").click()
    expect(page.get_by_text("Six weeks")).to_be_visible()
    page.get_by_label("Share my goal").select_option(label=goal.title)
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_text("Shared: they are invited to view the goal.")).to_be_visible()
    assert Stakeholder.objects.filter(goal=goal, email=grower.email, access="view").exists()
    watch.assert_clean()
