"""Browser-test helpers shared by the journeys: a `Watch` per test and width that keeps
its screenshots under var/artefacts/screenshots/<test>/, and signing in."""

import re

import pytest
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
