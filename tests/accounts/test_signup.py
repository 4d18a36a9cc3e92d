"""Sign-up, verification, login and password flows, including every kind of bad input."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from ecosystem.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, email="new@example.org", password=PASSWORD, **extra):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password, **extra},
    )


def _verification_link(message) -> str:
    return re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)


@pytest.mark.smoke
def test_signup_sends_a_verification_link_and_login_waits_for_it(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    response = _signup(client, display_name="Aroha")

    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.display_name == "Aroha"
    assert user.password.startswith("argon2")
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    # Not verified yet: signing in leads to the "verify your email" page, not the dashboard.
    client.logout()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")


@pytest.mark.smoke
def test_following_the_link_verifies_and_the_user_can_sign_in(client):
    _signup(client)
    link = _verification_link(mail.outbox[0])
    client.logout()

    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    client.post(link)
    assert EmailAddress.objects.get(email="new@example.org").verified

    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert b"Welcome" in response.content


def test_confirming_in_the_browser_that_signed_up_signs_in(client):
    _signup(client, display_name="Aroha")
    link = _verification_link(mail.outbox[0])

    response = client.post(link, follow=True)

    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert response.context["user"].email == "new@example.org"
    assert b"Welcome, Aroha" in response.content


def test_a_confirmation_link_opened_elsewhere_confirms_but_does_not_sign_in(client):
    _signup(client)
    link = _verification_link(mail.outbox[0])

    elsewhere = Client()
    response = elsewhere.post(link)

    assert EmailAddress.objects.get(email="new@example.org").verified
    assert response.url == reverse("account_login")
    assert "_auth_user_id" not in elsewhere.session


@pytest.mark.parametrize(
    "sent, saved",
    [("Pacific/Auckland", "Pacific/Auckland"), ("", "UTC"), ("Mars/Olympus", "UTC"),
     ("x" * 200, "UTC")],
)  # fmt: skip
def test_signup_takes_the_time_zone_the_browser_reported_else_the_default(client, sent, saved):
    form = client.get(reverse("account_signup")).text
    assert re.search(r'<input type="hidden" name="time_zone"[^>]*data-browser-time-zone', form)
    assert "/static/js/time-zone.js" in form

    response = _signup(client, time_zone=sent)

    assert response.status_code == 302
    assert User.objects.get(email="new@example.org").time_zone == saved


def test_signup_with_an_email_already_taken_says_so(client):
    UserFactory(email="taken@example.org")
    response = _signup(client, email="Taken@Example.org")

    assert response.status_code == 200
    assert b"already registered" in response.content
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


def test_signup_with_a_weak_password_says_why(client):
    response = _signup(client, password="12345678")

    assert response.status_code == 200
    assert b"too common" in response.content or b"entirely numeric" in response.content
    assert not User.objects.filter(email="new@example.org").exists()


def test_a_used_verification_link_is_refused_clearly(client):
    _signup(client)
    link = _verification_link(mail.outbox[0])
    client.post(link)
    client.logout()

    again = client.post(link)
    assert again.status_code in (200, 302, 404)
    page = client.get(link)
    assert page.status_code in (200, 404)
    assert b"expired or is invalid" in page.content or b"already been confirmed" in page.content


def test_a_tampered_verification_link_is_refused_clearly(client):
    response = client.get("/accounts/confirm-email/not-a-real-key/")

    assert response.status_code in (200, 404)
    assert b"expired or is invalid" in response.content


def test_a_wrong_password_says_so_without_revealing_which_part(client, customer):
    response = client.post(
        reverse("account_login"), {"login": customer.email, "password": "wrong-password"}
    )

    assert response.status_code == 200
    assert b"not correct" in response.content
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_passwords_are_rate_limited(client, customer):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": customer.email, "password": "nope"})
    response = client.post(
        reverse("account_login"), {"login": customer.email, "password": PASSWORD}
    )

    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_a_tampered_session_cookie_is_treated_as_signed_out(client, customer):
    client.force_login(customer)
    client.cookies["sessionid"] = "tampered" + client.cookies["sessionid"].value[8:]

    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_password_reset_sends_a_link_that_sets_a_new_password(client, customer):
    client.post(reverse("account_reset_password"), {"email": customer.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/password/reset/key/[^\s]+/", mail.outbox[0].body)
    form_page = client.get(link.group(0), follow=True)
    action = form_page.redirect_chain[-1][0]

    response = client.post(
        action, {"password1": "a-new-long-password-9", "password2": "a-new-long-password-9"}
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password("a-new-long-password-9")


def test_password_change_requires_the_old_password(client, customer):
    client.force_login(customer)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "wrong",
            "password1": "another-long-pass-7",
            "password2": "another-long-pass-7",
        },
    )
    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)
