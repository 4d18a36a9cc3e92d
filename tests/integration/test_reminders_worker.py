"""The reminder sweep in real Celery workers on Redis, against the test database.

Run on PostgreSQL (SKIP LOCKED) as CI does, e.g.
REDIS_URL=redis://127.0.0.1:6379/5 DATABASE_URL=postgres://postgres@127.0.0.1:5432/x pytest ...
Each worker gets a queue of its own (its follow-up email tasks too) and writes email to
files, which the tests read back to count what really left.
"""

import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from celery import Celery
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from ecosystem.notifications.models import Kind, Notification, NotificationPreference
from milestones import reminders
from milestones.models import Milestone
from tests.conftest import api_for, broker_unreachable, redis_url
from tests.factories import GoalFactory, UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.slow]

State = Notification.EmailState


def database_url() -> str:
    """The test database, as the worker process must reach it."""
    config = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
        host = config["HOST"] or "127.0.0.1"
        port = config["PORT"] or 5432
        return f"postgres://{config['USER']}{password}@{host}:{port}/{config['NAME']}"
    return f"sqlite:///{config['NAME']}"


class Worker:
    """A real `celery worker` process on its own queue, logging to a file."""

    def __init__(self, tmp_path: Path, queue: str, name: str, *, listen: str = "", **env):
        self.log = tmp_path / f"{name}.log"
        self.hostname = f"{name}-{queue}@test"
        inherited = {
            key: value
            for key, value in os.environ.items()
            if key not in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
        }
        url = redis_url()
        environment = (
            inherited
            | {
                "DATABASE_URL": database_url(),
                "REDIS_URL": url,
                "CELERY_BROKER_URL": url,
                "CELERY_RESULT_BACKEND": url,
                "CELERY_TASK_DEFAULT_QUEUE": queue,
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(tmp_path / "mail"),
                "CONN_MAX_AGE": "0",
            }
            | env
        )
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "ecosystem",
                    "worker",
                    "--pool=solo",
                    "--loglevel=INFO",
                    "--without-mingle",
                    "--without-gossip",
                    "--without-heartbeat",
                    f"--queues={listen or queue}",
                    f"--hostname={self.hostname}",
                ],
                cwd=settings.BASE_DIR,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text()


@pytest.fixture
def queue():
    return f"test-reminders-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def client_app():
    url = redis_url()
    # Not the current app: the site's tasks keep publishing through the site's own app.
    return Celery(broker=url, backend=url, set_as_current=False)


@pytest.fixture
def workers(tmp_path, queue):
    started = []

    def start(name="worker", **env):
        worker = Worker(tmp_path, queue, name, **env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def due_milestones(owners: int, per_owner: int, *, email_every: int = 2) -> int:
    """Owners (every `email_every`-th wants reminders by email, the others in the app) with
    milestones due for a start-by and a due-soon reminder now, wherever the clock is.
    Returns how many reminders are due."""
    today = timezone.now().date()
    for index in range(owners):
        owner = UserFactory(time_zone="UTC")
        if index % email_every:
            for kind in (Kind.MILESTONE_START_BY, Kind.MILESTONE_DUE_SOON):
                NotificationPreference.objects.create(user=owner, kind=kind, channel="in_app")
        goal = GoalFactory(owner=owner, target_date=today + timedelta(days=30))
        Milestone.objects.bulk_create(
            Milestone(
                goal=goal,
                title=f"Step {step}",
                latest_start=today - timedelta(days=1),  # start by: yesterday 08:00 passed
                latest_finish=today + timedelta(days=1),  # due soon: 3 days' warning passed
                position=step,
            )
            for step in range(per_owner)
        )
    return owners * per_owner * 2


def run(client_app: Celery, queue: str, task: str, timeout: float = 60):
    result = client_app.send_task(task, queue=queue)
    return result.get(timeout=timeout)


def emails_sent(tmp_path: Path) -> list[str]:
    """The notification ids of every message the workers wrote, one entry per message."""
    folder = tmp_path / "mail"
    if not folder.exists():
        return []
    text = "".join(path.read_text(errors="replace") for path in folder.iterdir())
    return re.findall(r"^X-Ecosystem-Notification: (\d+)$", text, re.M)


def deliver_until_settled(client_app, queue, *, timeout=30):
    deadline = time.monotonic() + timeout
    unsettled = [State.PENDING, State.CLAIMED, State.SENDING]
    while Notification.objects.filter(email_state__in=unsettled).exists():
        assert time.monotonic() < deadline, list(
            Notification.objects.values_list("email_state", flat=True).distinct()
        )
        run(client_app, queue, "notifications.deliver_emails")
        time.sleep(0.2)


def test_a_sweep_end_to_end_reminds_in_the_app_and_by_email(
    transactional_db, tmp_path, queue, client_app, workers
):
    expected = due_milestones(owners=4, per_owner=5)
    worker = workers()

    result = run(client_app, queue, "milestones.send_due_reminders")
    deliver_until_settled(client_app, queue)

    assert result["offered"] == expected, worker.output()
    assert Notification.objects.count() == expected
    emailed = Notification.objects.filter(delivery="email")
    assert emailed.count() == expected // 2
    assert set(emailed.values_list("email_state", flat=True)) == {State.SENT}
    assert sorted(emails_sent(tmp_path)) == sorted(
        str(pk) for pk in emailed.values_list("pk", flat=True)
    )
    message = next((tmp_path / "mail").iterdir()).read_text()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message
    # What the owners see in the app.
    owner = Notification.objects.first().recipient
    body = api_for(owner).get("/api/v1/notifications/?unread=true").json()
    assert body["count"] == 10
    # A second sweep finds nothing to do.
    assert run(client_app, queue, "milestones.send_due_reminders")["offered"] == 0
    assert Notification.objects.count() == expected


def test_two_sweeps_at_once_decide_each_reminder_once(
    transactional_db, tmp_path, queue, client_app, workers
):
    expected = due_milestones(owners=20, per_owner=25, email_every=1_000)
    for name in ("first", "second"):
        workers(name, REMINDER_SWEEP_CHUNK="25")

    sweeps = [client_app.send_task("milestones.send_due_reminders", queue=queue) for _ in range(2)]
    results = [sweep.get(timeout=120) for sweep in sweeps]

    # Every milestone's two reminders were decided by exactly one of the two sweeps.
    assert sum(result["decided"] for result in results) == expected, results
    assert sum(result["offered"] for result in results) == expected, results
    assert Notification.objects.count() == expected
    assert Milestone.objects.filter(start_reminded_for__isnull=True).count() == 0


def attach(client_app: Celery, worker: Worker, queue: str, timeout: float = 60):
    """Have a started worker consume `queue` from now on (once it answers control)."""
    deadline = time.monotonic() + timeout
    while not client_app.control.add_consumer(
        queue, destination=[worker.hostname], reply=True, timeout=0.5
    ):
        assert time.monotonic() < deadline, worker.output()
        assert worker.process.poll() is None, worker.output()


def test_a_worker_killed_mid_sweep_and_restarted_reminds_everyone_exactly_once(
    transactional_db, tmp_path, queue, client_app, workers
):
    """Ten times: kill -9 the worker while it sweeps (or sends), restart it, let the next
    beat run; every due reminder exists once and no email leaves twice.

    The restarted worker is a fresh process booted while the old one worked (a supervisor
    would start it after the kill; booting Django takes seconds on a busy machine, which is
    not what this test measures): it starts consuming the queue only after the kill.
    """
    rng = random.Random(11)
    fresh = {"NOTIFICATION_EMAIL_CLAIM_SECONDS": "1", "REMINDER_SWEEP_CHUNK": "20"}
    worker = workers("run-0", **fresh)
    for attempt in range(10):
        Notification.objects.all().delete()
        Milestone.objects.all().delete()
        expected = due_milestones(owners=6, per_owner=25, email_every=3)
        restarted = workers(f"run-{attempt + 1}", listen=f"{queue}-idle-{attempt}", **fresh)
        client_app.send_task("milestones.send_due_reminders", queue=queue)
        # Kill at a random point of progress, not of time: a random time lets a fast
        # machine finish the whole sweep first (the sweep commits a chunk of 20 milestones,
        # 40 reminders, at a time, so half the work is always left when the kill lands).
        kill_after = rng.randint(1, expected // 2)
        deadline = time.monotonic() + 60
        while Notification.objects.count() < kill_after:
            assert time.monotonic() < deadline, worker.output()
            time.sleep(0.005)
        worker.kill()
        assert (
            Notification.objects.count() < expected
            or Notification.objects.filter(email_state__in=[State.PENDING, State.CLAIMED]).exists()
        ), f"run {attempt}: the worker finished before it was killed"

        worker = restarted
        attach(client_app, worker, queue)
        run(client_app, queue, "milestones.send_due_reminders")  # the next beat
        # The delivery sweep, again until settled: the dead sender's claims time out (1 s).
        deliver_until_settled(client_app, queue)

        assert Notification.objects.count() == expected, f"run {attempt}"
        assert not Milestone.objects.filter(due_soon_reminded_for__isnull=True).exists()
        states = list(
            Notification.objects.filter(delivery="email").values_list("pk", "email_state")
        )
        assert {state for _pk, state in states} <= {State.SENT, State.FAILED}
        failed = [pk for pk, state in states if state == State.FAILED]
        assert len(failed) <= 1, f"run {attempt}: only the email in flight may be lost"
        # Every email marked sent left exactly once; none left twice.
        ids = emails_sent(tmp_path)
        for pk, state in states:
            copies = ids.count(str(pk))
            assert copies <= 1, f"run {attempt}: {pk} emailed twice"
            assert copies == 1 or state == State.FAILED, f"run {attempt}: {pk} never left"
        for path in (tmp_path / "mail").iterdir():
            path.unlink()


# --- The broker stopped while people use the site ------------------------------------------


@pytest.fixture
def broker_down():
    """The site's Celery app publishes to a Redis that does not answer (a closed port),
    as the web process would while Redis is stopped; restored afterwards."""
    with broker_unreachable():
        yield


def test_with_redis_stopped_a_reply_still_posts_and_the_next_delivery_sweep_emails_it(
    transactional_db, client, tmp_path, queue, client_app, workers, broker_down, caplog
):
    from community.services import community_create, community_join, thread_create

    staff = UserFactory(is_staff=True)
    growers = community_create(by=staff, name="Apple growers", purpose="Apples")
    asker, helper = UserFactory(display_name="Ari Asker"), UserFactory(display_name="Hana")
    for person in (asker, helper):
        community_join(community=growers, user=person)
    NotificationPreference.objects.create(user=asker, kind=Kind.THREAD_REPLY, channel="email")
    thread = thread_create(
        community=growers, author=asker, title="When to thin?", kind="question", body="?"
    )
    client.force_login(helper)

    started = time.monotonic()
    response = client.post(f"/threads/{thread.pk}/reply/", {"body": "At 12mm."})
    answered_in = time.monotonic() - started

    assert response.status_code == 302  # the reply is posted, the page answers
    assert answered_in < 5, answered_in
    assert "Could not enqueue notification email delivery" in caplog.text
    notice = Notification.objects.get(recipient=asker)
    assert notice.email_state == State.PENDING  # nothing lost: it waits in the database

    # Redis is back; the periodic delivery sweep (beat, every 5 minutes) sends it.
    workers()
    run(client_app, queue, "notifications.deliver_emails")
    notice.refresh_from_db()
    assert notice.email_state == State.SENT
    assert emails_sent(tmp_path) == [str(notice.pk)]


def test_with_redis_stopped_a_contributor_completes_a_milestone_and_nothing_is_lost(
    transactional_db, client, tmp_path, queue, client_app, workers, broker_down, caplog
):
    Stakeholder = apps.get_model(reminders.STAKEHOLDER_MODEL)
    due_milestones(owners=1, per_owner=2)
    done, still_due = Milestone.objects.order_by("id")
    owner = done.goal.owner
    NotificationPreference.objects.create(user=owner, kind=Kind.MILESTONE_DONE, channel="email")
    helper = UserFactory(display_name="Hana Helper")
    Stakeholder.objects.create(
        goal=done.goal, user=helper, email=helper.email, role="advisor",
        access="contribute", status="active",
    )  # fmt: skip
    client.force_login(helper)

    started = time.monotonic()
    response = client.post(f"/milestones/{done.pk}/status/", {"status": "done"})

    assert response.status_code in (200, 302)  # the page answers
    assert time.monotonic() - started < 5
    done.refresh_from_db()
    assert done.status == Milestone.Status.DONE
    assert "Could not enqueue notification email delivery" in caplog.text
    told = Notification.objects.get(recipient=owner, kind=Kind.MILESTONE_DONE)
    assert told.email_state == State.PENDING

    # Redis is back: the next sweeps work from the database. The owner's email leaves, and
    # no reminder is sent for the milestone that is done, only for the one still due.
    workers()
    run(client_app, queue, "notifications.deliver_emails")
    run(client_app, queue, "milestones.send_due_reminders")
    told.refresh_from_db()
    assert told.email_state == State.SENT
    assert str(told.pk) in emails_sent(tmp_path)
    reminded = Notification.objects.exclude(kind=Kind.MILESTONE_DONE)
    assert {n.target_id for n in reminded} == {still_due.pk}
