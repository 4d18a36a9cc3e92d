"""The forgiving Redis cache: with Redis stopped, pages and the API answer instead of
failing with a server error, and the cache goes on in the process's own memory, so the
rate limits still count."""

import time

import pytest
from django.core.cache import cache

from ecosystem.cache import ForgivingRedisCache
from tests.conftest import api_for, redis_url


def test_with_redis_stopped_the_cache_goes_on_in_the_process_memory(redis_stopped):
    assert cache.get("counter", "missing") == "missing"
    cache.set("counter", 1)
    assert cache.add("counter", 5) is False  # already there
    assert cache.incr("counter") == 2
    assert cache.get_many(["counter", "b"]) == {"counter": 2}
    assert cache.delete("counter") is True
    assert cache.get("counter") is None


def test_with_redis_stopped_every_thread_of_the_process_counts_in_the_same_place(
    redis_stopped,
):
    import threading

    from django.core.cache import caches

    cache.set("failures", [1, 2, 3])
    seen = []
    # Django gives each thread its own cache object: the fallback must still be shared.
    thread = threading.Thread(target=lambda: seen.append(caches["default"].get("failures")))
    thread.start()
    thread.join()

    assert seen == [[1, 2, 3]]


def test_with_redis_stopped_entries_still_expire(redis_stopped):
    import time_machine

    cache.set("short", "lived", timeout=60)
    with time_machine.travel(time.time() + 61):
        assert cache.get("short") is None


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
