"""A member asks a question linked to a playbook milestone, a moderator answers, the member
accepts the answer: it shows under the question without a full page load (htmx)."""

import re

import pytest
from playwright.sync_api import expect

from community.services import community_create, community_join, moderator_appoint
from goals.playbooks import playbook_create
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_a_question_is_asked_answered_and_accepted_in_place(page, live_server):
    staff = UserFactory(email="sam@platform.example", display_name="Sam Staff", is_staff=True)
    member = UserFactory(email="mere@orchard.example", display_name="Mere Member")
    moderator = UserFactory(email="moana@orchard.example", display_name="Moana Moderator")
    growers = community_create(
        by=staff, name="Hawke's Bay apple growers", purpose="Grow better apples together"
    )
    community_join(community=growers, user=member)
    moderator_appoint(community=growers, user=moderator, by=staff)
    playbook_create(
        by=staff,
        title="Orchard season",
        public=True,
        milestones=[{"title": "Thinning"}, {"title": "Harvest"}],
    )
    blocked = []
    page.on("console", lambda message: message.type == "error" and blocked.append(message.text))

    # The member asks, linking the question to the playbook's "Thinning" milestone.
    sign_in(page, live_server, "mere@orchard.example")
    page.get_by_role("link", name="Communities").click()
    page.get_by_role("link", name="Hawke's Bay apple growers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hawke's Bay apple growers")
    page.get_by_role("link", name="Start a thread").click()
    page.get_by_label("Title").fill("When should we thin Gala?")
    page.get_by_label("Kind").select_option("question")
    page.get_by_label("Your post").fill("Fruitlets are **10mm** now. Too late?")
    page.get_by_label("Playbook milestone it is about").select_option(label="Thinning")
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_text("Your thread is posted.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("When should we thin Gala?")
    expect(page.locator(".thread-milestone")).to_contain_text("“Thinning”")
    expect(page.locator(".post.is-question strong")).to_have_text("10mm")
    thread_url = page.url
    sign_out(page)

    # The moderator answers in place (htmx): the reply appears, the form empties.
    sign_in(page, live_server, "moana@orchard.example")
    page.goto(thread_url)
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Your reply").fill("Not too late: thin to one fruit per cluster this week.")
    page.get_by_role("button", name="Post reply").click()
    reply = page.locator(".post-list .post").filter(has_text="one fruit per cluster")
    expect(reply).to_be_visible()
    expect(reply.locator(".badge-moderator")).to_have_text("Moderator")
    expect(page.get_by_label("Your reply")).to_have_value("")
    assert page.evaluate("window.stillTheSamePage") is True
    sign_out(page)

    # The member accepts it: it shows right under the question, without a reload.
    sign_in(page, live_server, "mere@orchard.example")
    page.goto(thread_url)
    expect(page.locator("#accepted-answer")).to_have_count(0)
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name="Accept this answer").click()
    accepted = page.locator("#accepted-answer")
    expect(accepted).to_contain_text("one fruit per cluster")
    expect(accepted.locator(".badge-moderator")).to_have_text("Moderator")
    expect(page.locator("#thread-main [role=status]")).to_contain_text("The answer is accepted")
    expect(page.get_by_role("button", name="Accept this answer")).to_have_count(0)
    # The header's label follows at once, without a reload.
    expect(page.locator(".thread-header .thread-meta")).to_contain_text("Answered")
    expect(page.locator(".thread-header .thread-meta")).not_to_contain_text("Not answered yet")
    expect(page.locator("#thread-meta")).to_have_count(1)
    assert page.evaluate("window.stillTheSamePage") is True
    # Right under the question: the question, then the accepted answer, then the replies.
    order = page.evaluate(
        """() => [...document.querySelectorAll('.post.is-question, #accepted-answer, .post-list')]
            .map((element) => element.matches('.post-list') ? 'replies' : element.id)"""
    )
    assert order[1:] == ["accepted-answer", "replies"] and order[0].startswith("post-")

    # Marking the answer helpful updates in place too.
    helpful = reply.get_by_role("button", name="Helpful")
    helpful.click()
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(reply.locator(".helpful-count")).to_have_text("1 person found this helpful")
    assert page.evaluate("window.stillTheSamePage") is True

    page.reload()
    expect(page.locator(".thread-meta").first).to_contain_text("Answered")
    assert not [text for text in blocked if "Content Security Policy" in text], blocked
