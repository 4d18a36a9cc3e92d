import re

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
    assert "“Mars/Olympus” is not a time zone we know" in response.text
    customer.refresh_from_db()
    assert customer.display_name == "Casey Customer"
    # The navigation still shows the saved name, not the rejected one.
    assert b"Changed</a>" not in response.content


def test_the_time_zone_field_is_searchable_by_city_without_a_script(client, customer):
    client.force_login(customer)

    page = client.get(reverse("accounts:profile")).text

    field = re.search(r'<input type="text" name="time_zone"[^>]*>', page).group(0)
    assert 'list="time-zone-list"' in field and 'value="UTC"' in field
    datalist = re.search(r'<datalist id="time-zone-list">.*?</datalist>', page, re.S).group(0)
    assert re.search(
        r'<option value="Pacific/Auckland">Pacific/Auckland \(UTC\+1[23]:00\)', datalist
    )
    assert '<option value="America/New_York">America/New York (UTC-0' in datalist
    assert len(re.findall("<option ", datalist)) > 400


@pytest.mark.parametrize(
    "typed, saved",
    [("Pacific/Auckland", "Pacific/Auckland"), ("america/new york", "America/New_York"),
     ("Auckland", "Pacific/Auckland")],
)  # fmt: skip
def test_a_time_zone_typed_loosely_is_saved_by_its_name(client, customer, typed, saved):
    client.force_login(customer)

    client.post(reverse("accounts:profile"), {"time_zone": typed, "language": "en"})

    customer.refresh_from_db()
    assert customer.time_zone == saved


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
