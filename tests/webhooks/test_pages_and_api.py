"""The organisation page's webhooks section, the endpoint pages (secret shown once, the
"Send test" button with htmx, the delivery log paginated) and the API, per role, with
query budgets at two sizes."""

import time

import pytest

from partners.services import member_accept, member_invite
from tests.conftest import api_for, assert_max_queries
from tests.factories import UserFactory
from webhooks import signing
from webhooks.models import EventKind, WebhookDelivery, WebhookEndpoint, WebhookEvent
from webhooks.services import endpoint_create

pytestmark = pytest.mark.django_db
ALL = ["milestone.coming", "invitation.accepted", "resource.used"]


@pytest.fixture
def member(supplier, partner_admin):
    person = UserFactory(display_name="Mo Member")
    member_accept(
        membership=member_invite(organization=supplier, by=partner_admin, email=person.email),
        by=person,
    )
    return person


@pytest.fixture
def endpoint(supplier, partner_admin, receiver):
    created, _ = endpoint_create(
        organization=supplier, by=partner_admin, url=receiver().url, events=ALL
    )
    return created


def _log(endpoint, size: int) -> None:
    for number in range(size):
        event = WebhookEvent.objects.create(
            organization=endpoint.organization, kind=EventKind.PING, key=f"log:{number}"
        )
        WebhookDelivery.objects.create(
            event=event, endpoint=endpoint, state="delivered", status_code=200, attempts=1
        )


def test_the_organisation_page_shows_webhooks_to_its_admins_only(
    client, supplier, partner_admin, member, endpoint
):
    client.force_login(partner_admin)
    with assert_max_queries(11):  # the page's 10, and the section's 1
        page = client.get(f"/partners/{supplier.slug}/").content.decode()
    assert 'id="webhooks"' in page and endpoint.url in page
    client.force_login(member)
    assert 'id="webhooks"' not in client.get(f"/partners/{supplier.slug}/").content.decode()


def test_an_admin_adds_an_endpoint_and_sees_its_secret_once(client, supplier, partner_admin):
    client.force_login(partner_admin)
    assert client.get(f"/partners/{supplier.slug}/webhooks/new/").status_code == 200
    response = client.post(
        f"/partners/{supplier.slug}/webhooks/new/",
        {"url": "http://127.0.0.1:9/hook", "events": ["resource.used"]},
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert endpoint.events == ["resource.used"]
    shown = client.get(response.url).content.decode()
    assert endpoint.secret in shown
    again = client.get(response.url).content.decode()
    assert endpoint.secret not in again


def test_bad_input_on_the_form_names_the_field(client, supplier, partner_admin, settings):
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = False
    client.force_login(partner_admin)
    response = client.post(
        f"/partners/{supplier.slug}/webhooks/new/",
        {"url": "http://127.0.0.1/hook", "events": ["resource.used"]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["url"]
    assert not WebhookEndpoint.objects.exists()


def test_a_member_may_not_manage_webhooks(client, supplier, member, endpoint):
    client.force_login(member)
    assert client.get(f"/partners/{supplier.slug}/webhooks/new/").status_code == 403
    assert client.get(f"/partners/{supplier.slug}/webhooks/{endpoint.pk}/").status_code == 404
    assert client.post(f"/partners/{supplier.slug}/webhooks/{endpoint.pk}/test/").status_code == 404


def test_send_test_with_htmx_swaps_the_log_with_the_delivery(
    client, supplier, partner_admin, endpoint, django_capture_on_commit_callbacks
):
    client.force_login(partner_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/partners/{supplier.slug}/webhooks/{endpoint.pk}/test/", HTTP_HX_REQUEST="true"
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="delivery-log"')
    assert "A test event was sent" in html and "ping" in html
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "delivered"
    without_htmx = client.post(f"/partners/{supplier.slug}/webhooks/{endpoint.pk}/test/")
    assert without_htmx.status_code == 302


@pytest.mark.parametrize("size", [5, 50])
def test_the_endpoint_page_and_its_log_pages_keep_their_budget(
    client, supplier, partner_admin, endpoint, size
):
    _log(endpoint, size)
    client.force_login(partner_admin)
    with assert_max_queries(10):
        page = client.get(f"/partners/{supplier.slug}/webhooks/{endpoint.pk}/")
    assert page.status_code == 200
    assert page.content.decode().count("<td>ping</td>") == min(size, 10)
    with assert_max_queries(10):
        second = client.get(
            f"/partners/{supplier.slug}/webhooks/{endpoint.pk}/?page=2",
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="delivery-log",
        )
    assert second.content.decode().lstrip().startswith('<div id="delivery-log"')


def test_the_log_holds_the_last_fifty(client, supplier, partner_admin, endpoint):
    _log(endpoint, 60)
    client.force_login(partner_admin)
    page = client.get(f"/partners/{supplier.slug}/webhooks/{endpoint.pk}/?page=5")
    assert "Page 5 of 5" in page.content.decode()
    deliveries = api_for(partner_admin).get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/").json()
    assert deliveries["count"] == 50


def test_editing_rotating_and_removing_from_the_page(client, supplier, partner_admin, endpoint):
    client.force_login(partner_admin)
    url = f"/partners/{supplier.slug}/webhooks/{endpoint.pk}/"
    saved = client.post(url, {"url": endpoint.url, "events": ["resource.used"], "enabled": ""})
    assert saved.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.events == ["resource.used"] and not endpoint.enabled
    assert client.post(url, {"url": endpoint.url, "events": ["nope"]}).status_code == 400
    old = endpoint.secret
    rotated = client.post(url + "rotate/", follow=True)
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret in rotated.content.decode()
    assert client.post(url + "delete/").status_code == 302
    assert not WebhookEndpoint.objects.exists()


def test_the_api_manages_endpoints_for_admins(supplier, partner_admin, member, receiver):
    api = api_for(partner_admin)
    base = f"/api/v1/partners/{supplier.slug}/webhooks/"
    refused = api.post(base, {"url": receiver().url, "events": ["bogus"]}, format="json")
    assert refused.status_code == 400 and "events" in refused.json()["fields"]
    made = api.post(base, {"url": receiver().url, "events": ["resource.used"]}, format="json")
    assert made.status_code == 201
    created = made.json()
    assert created["secret"].startswith("whsec_")
    with assert_max_queries(4):
        listed = api.get(base).json()
    assert [row["id"] for row in listed["results"]] == [created["id"]]
    assert "secret" not in listed["results"][0]
    detail = f"/api/v1/webhooks/{created['id']}/"
    assert "secret" not in api.get(detail).json()
    assert api.patch(detail, {"enabled": False}, format="json").json()["enabled"] is False
    assert api.patch(detail, {"colour": "red"}, format="json").status_code == 400
    rotated = api.post(detail + "rotate-secret/").json()["secret"]
    assert rotated != created["secret"]
    assert api.post(detail + "test/").status_code == 202

    member_api = api_for(member)
    assert member_api.get(base).status_code == 403
    assert member_api.get(detail).status_code == 404
    assert member_api.get(detail + "deliveries/").status_code == 404
    assert api.delete(detail).status_code == 204


def test_the_api_refuses_a_private_target_in_production(supplier, partner_admin, settings):
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = False
    response = api_for(partner_admin).post(
        f"/api/v1/partners/{supplier.slug}/webhooks/",
        {"url": "https://192.168.1.10/hook", "events": ["resource.used"]},
        format="json",
    )
    assert response.status_code == 400 and "url" in response.json()["fields"]


@pytest.mark.parametrize("size", [5, 50])
def test_the_delivery_log_api_keeps_its_budget(partner_admin, endpoint, size):
    _log(endpoint, size)
    with assert_max_queries(2):
        response = api_for(partner_admin).get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/")
    assert response.json()["count"] == size


def test_a_delivery_verifies_as_the_readme_says(
    supplier, partner_admin, receiver, django_capture_on_commit_callbacks
):
    server = receiver()
    made = api_for(partner_admin).post(
        f"/api/v1/partners/{supplier.slug}/webhooks/",
        {"url": server.url, "events": ["resource.used"]},
        format="json",
    )
    secret = made.json()["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        api_for(partner_admin).post(f"/api/v1/webhooks/{made.json()['id']}/test/")
    request = server.requests[0]
    assert signing.verify(
        secret, request.headers["X-Ecosystem-Signature"], request.body, now=time.time()
    )


def test_staff_see_endpoints_in_the_admin_without_their_secret(client, superuser, endpoint):
    _log(endpoint, 2)
    client.force_login(superuser)
    assert client.get("/admin/webhooks/webhookendpoint/").status_code == 200
    assert client.get("/admin/webhooks/webhookdelivery/").status_code == 200
    page = client.get(f"/admin/webhooks/webhookendpoint/{endpoint.pk}/change/")
    assert page.status_code == 200
    assert endpoint.secret not in page.content.decode()
