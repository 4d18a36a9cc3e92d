"""Guessing a password or a token: the 6th failure in 30 minutes is refused (issue 15)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-at-all-1"


def _sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, customer, clock):
    for _ in range(5):
        response = _sign_in(client, customer.email, WRONG)
        assert response.status_code == 200
        assert not _signed_in(client)
    clock.shift(timedelta(minutes=10))

    response = _sign_in(client, customer.email, PASSWORD)

    assert not _signed_in(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Too many failed sign-ins for this account. Try again in 20 minutes" in page
    assert "reset your password" in page


def test_thirty_minutes_after_the_first_failure_the_right_password_signs_in(
    client, customer, clock
):
    for _ in range(5):
        _sign_in(client, customer.email, WRONG)
    clock.shift(timedelta(minutes=29))
    _sign_in(client, customer.email, PASSWORD)
    assert not _signed_in(client)

    clock.shift(timedelta(minutes=1, seconds=1))
    response = _sign_in(client, customer.email, PASSWORD)

    assert response.status_code == 302
    assert _signed_in(client)


def test_four_failures_then_the_right_password_signs_in(client, customer):
    for _ in range(4):
        _sign_in(client, customer.email, WRONG)

    _sign_in(client, customer.email, PASSWORD)

    assert _signed_in(client)


def test_the_limit_is_per_account(client, customer, other_customer):
    for _ in range(6):
        _sign_in(client, customer.email, WRONG)

    _sign_in(client, other_customer.email.upper(), PASSWORD)

    assert _signed_in(client)


def _token_client(key, address="203.0.113.7"):
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_wrong_tokens_from_an_address_stop_its_right_token_too(customer, clock):
    right = Token.objects.create(user=customer).key
    for attempt in range(5):
        answer = _token_client(f"{attempt:040x}").get("/api/v1/me/")
        assert answer.status_code == 401
    clock.shift(timedelta(minutes=5))

    refused = _token_client(right).get("/api/v1/me/")

    assert refused.status_code == 429
    assert refused["Retry-After"] == str(25 * 60)
    assert refused.json()["detail"].startswith(
        "Too many wrong tokens from this address. Try again in 25 minutes."
    )
    assert _token_client(right, address="198.51.100.4").get("/api/v1/me/").status_code == 200
    clock.shift(timedelta(minutes=25, seconds=1))
    assert _token_client(right).get("/api/v1/me/").status_code == 200


def test_right_tokens_are_never_counted(customer):
    right = Token.objects.create(user=customer).key
    for _ in range(10):
        assert _token_client(right).get("/api/v1/me/").status_code == 200


# --- Redis stopped: the limits still count, in each process's own memory -----------------


def test_with_redis_stopped_the_sixth_attempt_is_still_refused(
    client, customer, clock, redis_stopped, caplog
):
    for _ in range(5):
        _sign_in(client, customer.email, WRONG)

    response = _sign_in(client, customer.email, PASSWORD)

    assert "Cache unreachable" in caplog.text  # Redis really was not there
    assert not _signed_in(client)
    assert "Too many failed sign-ins for this account" in response.content.decode()


def test_with_redis_stopped_wrong_tokens_still_stop_the_address(customer, clock, redis_stopped):
    right = Token.objects.create(user=customer).key
    for attempt in range(5):
        assert _token_client(f"{attempt:040x}").get("/api/v1/me/").status_code == 401

    assert _token_client(right).get("/api/v1/me/").status_code == 429


# --- Per account: a refused token that names an account ----------------------------------


def test_refused_tokens_of_an_account_from_many_addresses_stop_its_right_token_everywhere(
    customer, clock
):
    right = Token.objects.create(user=customer).key
    customer.is_active = False  # staff deactivate the account; someone keeps trying it
    customer.save(update_fields=["is_active"])
    for attempt in range(5):
        # A new address each time: the per-address limit alone would never stop this.
        answer = _token_client(right, address=f"203.0.113.{attempt + 10}").get("/api/v1/me/")
        assert answer.status_code == 401
    customer.is_active = True
    customer.save(update_fields=["is_active"])
    clock.shift(timedelta(minutes=10))

    refused = _token_client(right, address="198.51.100.4").get("/api/v1/me/")

    assert refused.status_code == 429
    assert refused["Retry-After"] == str(20 * 60)
    assert refused.json()["detail"].startswith(
        "Too many failed tokens for this account. Try again in 20 minutes."
    )
    clock.shift(timedelta(minutes=20, seconds=1))
    assert _token_client(right, address="198.51.100.4").get("/api/v1/me/").status_code == 200


def test_wrong_tokens_naming_no_account_count_against_no_account(customer):
    right = Token.objects.create(user=customer).key
    for attempt in range(6):
        _token_client(f"{attempt:040x}", address=f"203.0.113.{attempt + 10}").get("/api/v1/me/")

    assert _token_client(right, address="198.51.100.4").get("/api/v1/me/").status_code == 200
