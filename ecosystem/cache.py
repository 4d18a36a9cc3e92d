"""The Redis cache, forgiving: a Redis that is stopped or unreachable does not answer the
request with a server error; each operation goes to a small in-process cache instead.

What the cache holds here can be lost (API throttle counters, rate-limit counters, cached
fragments); the site keeps working without Redis and fills it again when Redis is back.
The in-process fallback is for the rate limits: allauth's brute-force limit on signing in
(5 failed sign-ins per account in 30 minutes), the API's token limit and DRF's throttles
keep counting while Redis is down, per process rather than across the site (with N web
processes an account gets at most N times its allowance, never an unlimited one: fail
closed enough, without refusing everyone). What was counted in a process while Redis was
down stays there; Redis starts again from what it held. A warning is logged at most once
a minute.

`kept` is for what is kept under a key naming everything it was made from: asked of this
process's memory first, then of the shared cache.
"""

import logging
import time
import uuid
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_last_warning = {"at": 0.0}
# Enough for the counters of a busy outage; cached fragments compete for the same room,
# so it is larger than LocMemCache's default of 300.
FALLBACK_MAX_ENTRIES = 10_000


def _warn(operation: str, error: Exception) -> None:
    now = time.monotonic()
    if now - _last_warning["at"] >= 60:
        _last_warning["at"] = now
        logger.warning(
            "Cache unreachable (%s: %s); going on with this process's own memory.",
            operation,
            error,
        )


class ClientPerPool(RedisCacheClient):
    """Django's client makes a new redis.Redis for every operation, and making one builds
    its table of some 170 reply handlers: 0.1 ms each time, three times a page. A
    redis.Redis may be shared between threads (its pool lends each command a connection),
    so one is kept per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ClientPerPool
        # Django makes one cache object per thread; LocMemCache instances of one name
        # share their memory, so every thread of the process counts in the same place.
        self._fallback = LocMemCache(
            f"ecosystem.cache.fallback:{server}",
            {**params, "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}},
        )

    def _forgiving(self, operation: str, *args):
        try:
            return getattr(super(), operation)(*args)
        except UNREACHABLE as error:
            _warn(operation, error)
            return getattr(self._fallback, operation)(*args)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgiving("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._forgiving("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgiving("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgiving("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._forgiving("delete", key, version)

    def get_many(self, keys, version=None):
        return self._forgiving("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._forgiving("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._forgiving("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgiving("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._forgiving("delete_many", keys, version)

    def clear(self):
        return self._forgiving("clear")


# How long this process keeps its copy of a kept drawing or reading (`kept`), at most; how
# many it keeps is settings.KEPT_IN_PROCESS_ENTRIES.
KEPT_IN_PROCESS_SECONDS = 3600


class Kept:
    """The cache for what is kept under a key that names everything it was made from (a
    version every write of those facts raises, or the facts themselves: ARCHITECTURE.md,
    "Kept drawings"). Such a key never comes to mean something else, so a copy kept in
    this process is as good as the shared cache's, and asking it costs no round trip to
    Redis (a page asks for three to six such things). Each entry is asked of this
    process's memory first (Django's LocMemCache: values pickled, so a caller that changes
    what it was given changes only its own copy; at most settings.KEPT_IN_PROCESS_ENTRIES,
    the least recently used culled first), then of the shared cache, and written to both;
    what the shared cache holds is copied here when first read. Never for what a write
    replaces under the same key (counters, the people version of
    community/drawn_versions.py): those use the shared cache alone."""

    def __init__(self, entries: int | None = None):
        self._entries = entries  # None: settings.KEPT_IN_PROCESS_ENTRIES, read when first needed

    @cached_property
    def _local(self) -> LocMemCache | None:
        """This process's memory; None when told to keep nothing in it."""
        entries = settings.KEPT_IN_PROCESS_ENTRIES if self._entries is None else self._entries
        if entries <= 0:
            return None
        params = {"TIMEOUT": KEPT_IN_PROCESS_SECONDS, "OPTIONS": {"MAX_ENTRIES": entries}}
        # LocMemCache instances of one name share their memory: each Kept has its own.
        return LocMemCache(f"ecosystem.cache.kept:{uuid.uuid4()}", params)

    def _keep(self, data: dict, timeout) -> None:
        if self._local is not None and data:
            seconds = KEPT_IN_PROCESS_SECONDS if timeout is None else timeout
            self._local.set_many(data, min(seconds, KEPT_IN_PROCESS_SECONDS))

    def get(self, key: str, default=None):
        return self.get_many([key]).get(key, default)

    def get_many(self, keys) -> dict:
        found = self._local.get_many(keys) if self._local is not None else {}
        missing = [key for key in keys if key not in found]
        if missing:
            shared = cache.get_many(missing)
            self._keep(shared, KEPT_IN_PROCESS_SECONDS)
            found.update(shared)
        return found

    def set(self, key: str, value, timeout) -> None:
        self.set_many({key: value}, timeout)

    def set_many(self, data: dict, timeout) -> None:
        cache.set_many(data, timeout)
        self._keep(data, timeout)

    def get_or_set(self, key: str, make, timeout):
        """What is kept under `key`, else `make()`'s answer, kept (unless it is None)."""
        value = self.get(key)
        if value is None:
            value = make()
            if value is not None:
                self.set(key, value, timeout)
        return value

    def clear(self) -> None:
        """Forget this process's copies (the tests' fresh cache for each test)."""
        if self._local is not None:
            self._local.clear()


kept = Kept()
