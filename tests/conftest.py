"""Shared fixtures: factories, role fixtures, API clients, and real-service gates.

Tests that need Redis, a real Celery worker or a browser carry a marker. Without
REQUIRE_SERVICES a missing service skips them with a reason; with REQUIRE_SERVICES=1
(CI) a missing service fails the run, so a green CI always means they really ran.
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from rest_framework.test import APIClient

from tests import chromium
from tests.factories import UserFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = chromium.find()


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _missing(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _service_gates(request):
    if request.node.get_closest_marker("redis") and not _answers(redis_url()):
        _missing(f"Redis does not answer at {redis_url()}")
    if request.node.get_closest_marker("browser") and CHROMIUM is None:
        _missing(f"no Chromium: {chromium.INSTALL_HINT}")


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets its own cache, so rate-limit counters never leak between tests."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{os.getpid()}-{id(settings)}",
        }
    }


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks enqueued by services run eagerly in unit tests; tests/integration starts a
    real worker for the broker round trip."""
    from ecosystem.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    (tests/accounts checks that real sign-ups are hashed with Argon2.)"""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # The Chromium tests/chromium.py found (Debian's first), never one Playwright downloads.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def customer(db):
    return UserFactory(display_name="Casey Customer")


@pytest.fixture
def other_customer(db):
    return UserFactory(display_name="Olly Other")


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, display_name="Sam Staff")


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, display_name="Root")


def api_for(user=None) -> APIClient:
    """An API client signed in as `user` (anonymous when None)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def other_api(other_customer):
    return api_for(other_customer)


@pytest.fixture
def staff_api(staff_user):
    return api_for(staff_user)


@pytest.fixture
def customer_api(customer):
    client = APIClient()
    client.force_authenticate(customer)
    return client
