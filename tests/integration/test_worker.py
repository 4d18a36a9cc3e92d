"""A real Celery worker process receives a task and its result comes back.

Once on Redis (what production uses) and once on the embedded filesystem broker.
"""

import os
import subprocess
import sys
import uuid

import pytest
from celery import Celery
from django.conf import settings

from ecosystem import broker  # noqa: F401  (registers safefs://)
from tests.conftest import redis_url

pytestmark = [pytest.mark.worker, pytest.mark.slow]


def _start_worker(env: dict, queue: str) -> subprocess.Popen:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ecosystem",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            f"--queues={queue}",
            f"--hostname={queue}@test",
        ],
        cwd=settings.BASE_DIR,
        env={**inherited, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop(worker: subprocess.Popen) -> str:
    worker.terminate()
    try:
        output, _ = worker.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return output


def _assert_round_trip(client: Celery, worker: subprocess.Popen, queue: str):
    try:
        result = client.send_task("ecosystem.ping", args=["it works"], queue=queue)
        value = result.get(timeout=60)
    except Exception as error:
        raise AssertionError(f"no result: {error}\n{_stop(worker)}") from error
    output = _stop(worker)
    assert value == "it works"
    assert "ecosystem.ping" in output and "succeeded" in output, output


@pytest.mark.redis
def test_a_real_worker_on_redis_runs_a_task_and_returns_its_result():
    url = redis_url()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = _start_worker(
        {"REDIS_URL": url, "CELERY_BROKER_URL": url, "CELERY_RESULT_BACKEND": url}, queue
    )
    # Not the current app: the site's tasks keep publishing through the site's own app (a
    # current app of our own would take every later test's eager task to this broker).
    client = Celery(broker=url, backend=url, set_as_current=False)
    _assert_round_trip(client, worker, queue)


@pytest.mark.smoke
def test_a_real_worker_on_the_embedded_broker_runs_a_task_and_returns_its_result(tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = _start_worker({"VAR_DIR": str(tmp_path)}, queue)
    client = Celery(
        broker="safefs://", backend=f"file://{tmp_path / 'results'}", set_as_current=False
    )
    client.conf.broker_transport_options = {
        "data_folder_in": str(tmp_path / "broker" / "queue"),
        "data_folder_out": str(tmp_path / "broker" / "queue"),
        "control_folder": str(tmp_path / "broker" / "control"),
        "polling_interval": 0.1,
    }
    (tmp_path / "broker" / "queue").mkdir(parents=True, exist_ok=True)
    (tmp_path / "broker" / "control").mkdir(parents=True, exist_ok=True)
    (tmp_path / "results").mkdir(exist_ok=True)
    _assert_round_trip(client, worker, queue)
