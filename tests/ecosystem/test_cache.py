"""The forgiving Redis cache: with Redis stopped, reads miss and writes are dropped, and
pages and the API answer instead of failing with a server error."""

import socket

import pytest
from django.core.cache import cache

from ecosystem.cache import ForgivingRedisCache
from tests.conftest import api_for, redis_url


def _closed_port_url() -> str:
    with socket.socket() as probe:  # a port nothing listens on: Redis is "stopped"
        probe.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{probe.getsockname()[1]}/0"


@pytest.fixture
def redis_stopped(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "ecosystem.cache.ForgivingRedisCache",
            "LOCATION": _closed_port_url(),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_with_redis_stopped_reads_miss_and_writes_are_dropped(redis_stopped):
    assert cache.get("counter", "missing") == "missing"
    cache.set("counter", 1)
    assert cache.add("counter", 1) is False
    assert cache.incr("counter") == 1
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("counter") is False


@pytest.mark.django_db
def test_with_redis_stopped_the_throttled_api_still_answers(redis_stopped, customer):
    response = api_for(customer).get("/api/v1/goals/")

    assert response.status_code == 200


@pytest.mark.redis
def test_with_redis_running_it_is_an_ordinary_cache():
    forgiving = ForgivingRedisCache(redis_url(), {"KEY_PREFIX": "test-forgiving"})
    forgiving.set("answer", 42, timeout=30)

    assert forgiving.get("answer") == 42
    assert forgiving.incr("answer") == 43
    forgiving.delete("answer")
    assert forgiving.get("answer") is None
