import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_invites_anonymous_visitors_to_sign_up(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Skip to main content" in response.content
    assert reverse("account_signup").encode() in response.content


def test_home_sends_signed_in_people_to_their_dashboard(client, customer):
    client.force_login(customer)
    assert client.get(reverse("home")).url == reverse("dashboard")


def test_dashboard_requires_sign_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_login_form_labels_every_field(client):
    html = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login"' in html
    assert '<label for="id_password"' in html


def test_htmx_is_served_from_our_own_static_files(client):
    html = client.get(reverse("home")).content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in html
    # Only the addresses: the page's random CSRF token and CSP nonce may spell "cdn".
    addresses = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert addresses and not any("unpkg" in url or "cdn" in url.lower() for url in addresses)


def test_staff_do_not_see_customers_in_the_admin_but_superusers_do(
    client, staff_user, superuser, customer
):
    client.force_login(staff_user)
    assert client.get(f"/admin/accounts/user/{customer.pk}/change/").status_code in (302, 403)
    assert client.get("/admin/accounts/user/").status_code == 403

    client.force_login(superuser)
    assert client.get(f"/admin/accounts/user/{customer.pk}/change/").status_code == 200
