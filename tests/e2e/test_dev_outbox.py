"""Under `make run` (DEBUG, no mailer configured) a newcomer reads their confirmation email
in the browser at /dev/outbox/ and follows its link, which signs them in; an HTML part
is shown in a sandboxed frame without a CSP violation."""

import re

import pytest
from django.core.mail import EmailMultiAlternatives
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def make_run_mail(settings, tmp_path, live_server):
    settings.DEBUG = True
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.SITE_URL = live_server.url
    settings.MAILERS = {
        "default": {
            "BACKEND": "ecosystem.outbox.OutboxBackend",
            "OPTIONS": {"file_path": str(settings.OUTBOX_DIR)},
        }
    }


@pytest.mark.parametrize("width", [1280, 375])
def test_the_confirmation_email_is_read_and_followed_from_the_outbox(
    page, live_server, make_run_mail, width
):
    page.set_viewport_size({"width": width, "height": 900})
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label(re.compile(r"^Email")).fill("grower@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign Up", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("Verify Your Email", re.I))).to_be_visible()

    page.goto(f"{live_server.url}/dev/outbox/")
    page.get_by_role("link", name=re.compile("Please Confirm Your Email Address")).click()
    # The click starts a navigation; measure the message's page once it has arrived.
    expect(
        page.get_by_role("heading", level=1, name=re.compile("Please Confirm Your Email Address"))
    ).to_be_visible()
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )
    page.locator(".outbox-text a", has_text="/accounts/confirm-email/").click()
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()

    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert errors == []


def test_an_html_part_is_shown_sandboxed_without_a_csp_violation(page, live_server, make_run_mail):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    message = EmailMultiAlternatives(subject="Your digest", body="Plain.", to=["a@example.org"])
    message.attach_alternative(
        '<h1 style="color:red">Digest</h1><script>document.title="pwned"</script>', "text/html"
    )
    message.send()

    page.goto(f"{live_server.url}/dev/outbox/")
    page.get_by_role("link", name="Your digest").click()

    frame = page.frame_locator("iframe.outbox-html")
    expect(frame.get_by_role("heading", name="Digest")).to_be_visible()
    assert page.title() != "pwned"
    assert errors == []
