"""On a phone (375 px): a customer flags someone's idea with a note; staff find it in the
moderation queue they already use and hide it with a reason; the author sees it hidden
and is told why. No console error, sideways scroll or serious axe finding on the way."""

import re

import pytest
from playwright.sync_api import expect

from community.models import ModerationAction
from ecosystem.notifications.models import Notification
from tests.e2e.checks import Watch
from tests.e2e.test_moderation_flow import sign_in, sign_out
from tests.factories import UserFactory
from voice.services.ideas import idea_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_flag_an_idea_and_staff_decide_from_the_queue(page, live_server):
    page.set_viewport_size({"width": 375, "height": 800})
    watch = Watch(page, 375)
    UserFactory(email="sam@platform.example", display_name="Sam Staff", is_staff=True)
    author = UserFactory(email="ari@orchard.example", display_name="Ari Author")
    UserFactory(email="mere@orchard.example", display_name="Mere Member")
    idea = idea_post(by=author, title="Cheap pills for orchards", body="Buy at pills.example")
    idea_url = f"{live_server.url}{idea.get_absolute_url()}"

    sign_in(page, live_server, "mere@orchard.example")
    page.goto(idea_url)
    page.get_by_text("Flag this idea for staff").click()
    page.get_by_label("Spam").check()
    page.get_by_label("A note for the moderators").fill("An advertisement, not an idea")
    watch.check("idea with the flag form open")
    page.get_by_role("button", name="Flag", exact=True).click()
    expect(page.get_by_text("Thank you: staff will review it.")).to_be_visible()
    expect(page.get_by_text("Flag this idea for staff")).to_have_count(0)
    sign_out(page)

    sign_in(page, live_server, "sam@platform.example", landing="/staff/")
    page.goto(f"{live_server.url}/moderation/")
    item = page.locator(f"#item-ideas-{idea.pk}")
    expect(item.get_by_role("heading", name=re.compile("Cheap pills"))).to_be_visible()
    expect(item.get_by_text("An advertisement, not an idea")).to_be_visible()
    watch.check("moderation queue with an idea")
    item.get_by_label("Reason").fill("Advertising is not allowed on the ideas board")
    item.get_by_role("button", name="Hide").click()
    expect(page.get_by_text("It is hidden; its author sees why.")).to_be_visible()
    expect(page.locator(f"#item-ideas-{idea.pk}")).to_have_count(0)
    assert ModerationAction.objects.filter(action="hide", actor__is_staff=True).count() == 1
    sign_out(page)

    sign_in(page, live_server, "ari@orchard.example")
    page.goto(idea_url)
    expect(page.get_by_text("Hidden by staff")).to_be_visible()
    watch.check("the author's hidden idea")
    notice = Notification.objects.get(recipient=author, kind="flag_outcome")
    assert notice.title == "Staff hid your idea “Cheap pills for orchards”"
    assert notice.body == "Reason: Advertising is not allowed on the ideas board"
    watch.assert_clean()
