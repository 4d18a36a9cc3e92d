"""Partner webhooks through a real Celery worker on Redis, to a real HTTP receiver on
loopback: a 500 is retried after its backoff (Celery retry with a countdown) and then
delivered; the same delivery handed to the worker again sends nothing.

Run on PostgreSQL as CI does, e.g.
REDIS_URL=redis://127.0.0.1:6379/9 DATABASE_URL=postgres://postgres@127.0.0.1:5432/x pytest ...
"""

import time
import uuid

import pytest
from celery import Celery

from partners.services import organization_create
from tests.conftest import redis_url
from tests.factories import UserFactory
from tests.integration.test_reminders_worker import Worker
from tests.webhooks.receiver import Receiver
from webhooks import signing
from webhooks.models import EventKind, WebhookDelivery, WebhookEvent
from webhooks.services import endpoint_create

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.slow]


@pytest.fixture
def server():
    receiver = Receiver([500]).start()
    yield receiver
    receiver.stop()


def _wait_for_state(delivery, state, worker, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        delivery.refresh_from_db()
        if delivery.state == state:
            return
        time.sleep(0.1)
    raise AssertionError(f"still {delivery.state}\n{worker.output()}")


def test_a_real_worker_retries_after_the_backoff_then_delivers_once(
    transactional_db, tmp_path, server, settings
):
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = True
    admin = UserFactory()
    supplier = organization_create(by=admin, name="Orchard Supplies", kind="supplier")
    endpoint, secret = endpoint_create(
        organization=supplier, by=admin, url=server.url, events=[EventKind.RESOURCE_USED]
    )
    # Written without an enqueue (unit tests run tasks in process): the worker is handed it.
    event = WebhookEvent.objects.create(
        organization=supplier, kind=EventKind.RESOURCE_USED, key="used:1", payload={"n": 1}
    )
    delivery = WebhookDelivery.objects.create(event=event, endpoint=endpoint)
    queue = f"test-webhooks-{uuid.uuid4().hex[:8]}"
    worker = Worker(
        tmp_path,
        queue,
        "webhooks",
        WEBHOOK_ALLOW_LOCAL_TARGETS="1",
        WEBHOOK_RETRY_BASE_SECONDS="2",
    )
    client_app = Celery(broker=redis_url(), backend=redis_url(), set_as_current=False)
    try:
        first = client_app.send_task(
            "webhooks.deliver", kwargs={"delivery_id": delivery.pk}, queue=queue
        )
        assert first.get(timeout=60) == "pending", worker.output()  # 500: retry scheduled
        _wait_for_state(delivery, WebhookDelivery.State.DELIVERED, worker)

        assert [request.json["attempt"] for request in server.requests] == [1, 2]
        gap = delivery.delivered_at - delivery.created_at
        assert gap.total_seconds() >= 2  # the countdown was waited
        for request in server.requests:
            header = request.headers[signing.HEADER]
            assert signing.verify(secret, header, request.body, now=time.time())

        # Handed the same delivery twice more (a redelivered message, the sweep): nothing.
        again = [
            client_app.send_task(
                "webhooks.deliver", kwargs={"delivery_id": delivery.pk}, queue=queue
            )
            for _ in range(2)
        ]
        assert [result.get(timeout=60) for result in again] == ["skipped", "skipped"]
        assert len(server.requests) == 2
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.status_code) == (2, 200)
    finally:
        worker.stop()
