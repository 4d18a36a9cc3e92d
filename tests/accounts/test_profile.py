import pytest
from django.urls import reverse

from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_profile_page_saves_time_zone_region_and_language(client, customer):
    region = RegionFactory(name="Hawke's Bay")
    client.force_login(customer)

    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Aroha",
            "time_zone": "Pacific/Auckland",
            "region": region.pk,
            "language": "en",
        },
        follow=True,
    )

    assert b"Your profile was saved" in response.content
    customer.refresh_from_db()
    assert (customer.display_name, customer.time_zone, customer.region) == (
        "Aroha",
        "Pacific/Auckland",
        region,
    )


def test_an_unknown_time_zone_is_a_form_error_and_nothing_changes(client, customer):
    client.force_login(customer)

    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Changed", "time_zone": "Mars/Olympus", "language": "en"},
    )

    assert response.status_code == 200
    assert b'aria-invalid="true"' in response.content
    assert b"Select a valid choice" in response.content
    customer.refresh_from_db()
    assert customer.display_name == "Casey Customer"
    # The navigation still shows the saved name, not the rejected one.
    assert b"Changed</a>" not in response.content


def test_profile_requires_sign_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_today_follows_the_users_time_zone(customer, settings):
    import time_machine

    customer.time_zone = "Pacific/Auckland"
    with time_machine.travel("2027-03-01 20:00:00+00:00", tick=False):
        assert str(customer.today()) == "2027-03-02"
        customer.time_zone = "America/Los_Angeles"
        assert str(customer.today()) == "2027-03-01"
