"""Parallel workers (`make test` runs pytest-xdist) do not share what a test changes: each
worker's process starts with its own Redis database and var/ folder (tests/conftest.py),
besides the test database pytest-django gives each worker."""

from pathlib import Path

import pytest

from tests.conftest import worker_environment

VAR = Path("/srv/ecosystem/var")


def test_each_worker_moves_every_redis_url_up_by_its_index_and_has_its_own_var_folder():
    environ = {
        "REDIS_URL": "redis://127.0.0.1:6379/11",
        "CELERY_RESULT_BACKEND": "redis://:secret@cache.internal:6380",
    }

    first = worker_environment(0, "gw0", environ, VAR)
    second = worker_environment(1, "gw1", environ, VAR)

    assert first == {
        "VAR_DIR": "/srv/ecosystem/var/workers/gw0",
        "REDIS_URL": "redis://127.0.0.1:6379/11",
        "CELERY_RESULT_BACKEND": "redis://:secret@cache.internal:6380/0",
    }
    assert second == {
        "VAR_DIR": "/srv/ecosystem/var/workers/gw1",
        "REDIS_URL": "redis://127.0.0.1:6379/12",
        "CELERY_RESULT_BACKEND": "redis://:secret@cache.internal:6380/1",
    }


def test_without_redis_variables_a_worker_gets_only_its_var_folder():
    environ = {"CELERY_BROKER_URL": "safefs://", "DATABASE_URL": "postgres://db/ecosystem"}

    assert worker_environment(2, "gw2", environ, VAR) == {
        "VAR_DIR": "/srv/ecosystem/var/workers/gw2"
    }


def test_a_worker_past_the_last_redis_database_stops_the_run_saying_what_to_change():
    with pytest.raises(pytest.UsageError, match=r"REDIS_URL names Redis database 15.*lower"):
        worker_environment(1, "gw1", {"REDIS_URL": "redis://127.0.0.1:6379/15"}, VAR)
