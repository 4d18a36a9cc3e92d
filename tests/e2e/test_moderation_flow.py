"""A member flags a post, two more flag it and it is hidden; a moderator hides it from the
queue with a reason; the author sees why; the log shows it; the flagger sees the outcome."""

import re

import pytest
from playwright.sync_api import expect

from community.models import Flag
from community.moderation import flag_create
from community.services import (
    community_create,
    community_join,
    moderator_appoint,
    post_create,
    thread_create,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email, landing="/dashboard/"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}{landing}")


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_a_flagged_post_is_hidden_resolved_explained_and_logged(page, live_server):
    staff = UserFactory(email="sam@platform.example", display_name="Sam Staff", is_staff=True)
    author = UserFactory(email="ari@orchard.example", display_name="Ari Author")
    member = UserFactory(email="mere@orchard.example", display_name="Mere Member")
    second = UserFactory(display_name="Tama Second")
    third = UserFactory(display_name="Hine Third")
    moderator = UserFactory(email="moana@orchard.example", display_name="Moana Moderator")
    growers = community_create(by=staff, name="Hawke's Bay apple growers", purpose="Apples")
    for person in (author, member, second, third):
        community_join(community=growers, user=person)
    moderator_appoint(community=growers, user=moderator, by=staff)
    thread = thread_create(
        community=growers, author=member, title="When to thin Gala?", kind="question",
        body="Fruitlets are 10mm now.",
    )  # fmt: skip
    spam = post_create(thread=thread, author=author, body="Cheap pills at pills.example")
    thread_url = f"{live_server.url}{thread.get_absolute_url()}"
    blocked = []
    page.on("console", lambda message: message.type == "error" and blocked.append(message.text))

    # A member flags the post, with a note for the moderators.
    sign_in(page, live_server, "mere@orchard.example")
    page.goto(thread_url)
    post = page.locator(f"#post-{spam.pk}")
    post.get_by_role("link", name=re.compile("^Flag")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flag a post for the moderators")
    page.get_by_label("Spam").check()
    page.get_by_label("A note for the moderators").fill("Selling pills, not about apples")
    page.get_by_role("button", name="Send the flag").click()
    expect(page.get_by_text("Thank you: the moderators will review it.")).to_be_visible()
    expect(post).to_contain_text("Cheap pills")

    # Two more flag it: it is hidden at once, pending review.
    flag_create(by=second, post=spam, reason=Flag.Reason.SPAM)
    flag_create(by=third, post=spam, reason=Flag.Reason.SPAM, note="Spam again")
    page.reload()
    expect(post).to_contain_text("This post is hidden pending review.")
    expect(post).not_to_contain_text("Cheap pills")
    sign_out(page)

    # The moderator resolves it from the queue: hide, with a reason.
    sign_in(page, live_server, "moana@orchard.example")
    page.goto(f"{live_server.url}{growers.get_absolute_url()}")
    page.get_by_role("main").get_by_role("link", name="Moderation queue").click()
    item = page.locator(f"#item-post-{spam.pk}")
    expect(item).to_contain_text("Selling pills, not about apples")
    expect(item).to_contain_text("Hine Third")
    expect(item).to_contain_text("Hidden after 3 members flagged it")
    item.get_by_label("Reason").fill("Advertising is not allowed here")
    item.get_by_role("button", name="Hide").click()
    expect(page.get_by_text("It is hidden; its author sees why.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()
    sign_out(page)

    # The author sees that it was hidden, and why.
    sign_in(page, live_server, "ari@orchard.example")
    page.goto(thread_url)
    expect(post).to_contain_text("Hidden: Advertising is not allowed here")
    sign_out(page)

    # Staff find it in the log, filtered by action.
    sign_in(page, live_server, "sam@platform.example", landing="/staff/")
    page.goto(f"{live_server.url}/moderation/log/")
    page.get_by_label("Action").select_option("hide")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.moderation-log tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Moana Moderator")
    expect(rows.first).to_contain_text("Advertising is not allowed here")
    expect(rows.first).to_contain_text("When to thin Gala?")
    sign_out(page)

    # The member who flagged it sees the outcome.
    sign_in(page, live_server, "mere@orchard.example")
    page.goto(f"{live_server.url}/moderation/my-flags/")
    expect(page.locator(".flag-outcome").first).to_contain_text("Reviewed: action taken")
    expect(page.locator(".flag-outcome").first).to_contain_text(
        "The moderator said: Advertising is not allowed here"
    )
    assert not [text for text in blocked if "Content Security Policy" in text], blocked
