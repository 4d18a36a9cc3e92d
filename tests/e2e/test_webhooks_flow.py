"""An organisation's admin adds a webhook endpoint from the organisation page at phone
width, copies the secret shown once, presses "Send test" and sees the delivery appear in
the log without a reload, while a real receiver on loopback gets the signed request."""

import re
import time

import pytest
from playwright.sync_api import expect

from partners.services import organization_create
from tests.e2e.checks import Watch
from tests.e2e.test_partner_flow import sign_in
from tests.factories import UserFactory
from tests.webhooks.receiver import Receiver
from webhooks import signing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_adds_an_endpoint_and_sends_a_test_at_375_px(page, live_server, settings):
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = True
    admin = UserFactory(email="pat@orchard.example", display_name="Pat Partner")
    organization_create(by=admin, name="Orchard Supplies", kind="supplier")
    server = Receiver().start()
    page.set_viewport_size({"width": 375, "height": 800})
    watch = Watch(page, 375)
    try:
        sign_in(page, live_server, "pat@orchard.example", landing="/partner-dashboard/")
        page.goto(f"{live_server.url}/partners/orchard-supplies/")
        watch.check("organisation page")
        page.get_by_role("link", name="Add an endpoint").click()
        page.get_by_label("URL").fill(server.url)
        watch.check("new endpoint")
        page.get_by_role("button", name="Add endpoint").click()
        secret = page.locator("#webhook-secret").inner_text()
        assert secret.startswith("whsec_")
        watch.check("endpoint with its secret")

        page.evaluate("window.stillTheSamePage = true")
        page.get_by_role("button", name="Send test").click()
        log = page.locator("#delivery-log")
        expect(log.get_by_role("status")).to_contain_text("A test event was sent")
        expect(log.locator("tbody tr")).to_have_count(1)
        expect(log.locator("tbody tr")).to_contain_text("ping")
        assert page.evaluate("window.stillTheSamePage") is True
        watch.check("log after the test")

        [request] = server.wait_for(1)
        header = request.headers[signing.HEADER]
        assert signing.verify(secret, header, request.body, now=time.time())
        page.reload()
        expect(page.locator("#delivery-log tbody tr")).to_contain_text(re.compile("Delivered"))
        watch.assert_clean()
    finally:
        server.stop()
