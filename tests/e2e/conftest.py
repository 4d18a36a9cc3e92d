"""Browser-test helpers shared by the journeys: a `Watch` per test and width that keeps
its screenshots under var/artefacts/screenshots/<test>/, and signing in."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.e2e.checks import SCREENSHOTS, Watch
from tests.factories import PASSWORD


@pytest.fixture
def watch_at(page, request):
    """`watch_at(width)` sizes the page to `width` and starts watching it; screenshots go to
    var/artefacts/screenshots/<test>/<width>-<n>-<step>.png."""

    def start(width: int, height: int = 900) -> Watch:
        page.set_viewport_size({"width": width, "height": height})
        folder = SCREENSHOTS / request.node.originalname
        for stale in folder.glob(f"{width}-*.png"):  # from an earlier run of this test
            stale.unlink()
        return Watch(page, width, folder=folder)

    return start


def sign_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    """Through the sign-in form, as a person would; waits until signed in."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(password)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def signed_in_as(context, live_server, user) -> None:
    """The browser signed in as `user` (signed out for None) without the form: a session
    made by Django's test client, its cookie given to the browser. For walks of many
    pages; a journey signs in through the form (sign_in)."""
    context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
