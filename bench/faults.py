"""Faults under a bounded loopback load: Redis stopped, PostgreSQL connections dropped,
a Celery worker killed with -9. Prints figures; exits non-zero when a promise is broken.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/faults.py \\
        [--redis-down 60] [--phase 20] [--skip-kill]      (or: make faults)

It creates (and at the end drops) its own database, `<name of DATABASE_URL>_faults`, loads
the demo into it, and starts its own redis-server on a free port (never the shared one),
gunicorn (2 sync workers) and a Celery worker with embedded beat, all on 127.0.0.1. Eight
threads play the demo grower: the dashboard, notifications, a thread, the goals API, and
every tenth request a reply to a partner's thread (the partner is told by email, so each
reply enqueues email delivery). Then:

1. baseline: `--phase` seconds of load;
2. Redis stopped `--redis-down` seconds under load, then started again: server errors
   while it is down and after, and how long until every email waiting in the database
   has left (promise: 0 server errors on pages, drained within 2 minutes);
3. PostgreSQL: every connection to the database is terminated and new ones refused for
   5 s (what a restart does to the site, without restarting the shared server): errors in
   the first 10 s and after (promise: 0 after 10 s);
4. the worker killed with -9 at random points of a reminder sweep, ten times:
   tests/integration/test_reminders_worker.py's kill test (reminders exactly once, every
   email at most once), run with pytest on the same server.
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
CSRF = "faultsbenchcsrftoken0123456789ab"  # 32 characters: an unmasked CSRF secret
THREADS = 8
HTTP_ONLY = ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def faults_database_url(base: str) -> tuple[str, str]:
    parsed = urlparse(base)
    name = f"{parsed.path.lstrip('/') or 'postgres'}_faults"
    return urlunparse(parsed._replace(path=f"/{name}")), name


def admin_execute(base: str, statement: str) -> None:
    parsed = urlparse(base)
    with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(statement)


class Processes:
    """The processes this script started, stopped (by their own id) at the end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], environment: dict) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("a")
        self.started[name] = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        return self.started[name]

    def stop(self, name: str) -> None:
        process = self.started.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.started):
            self.stop(name)


def wait_until(predicate, timeout: float, what: str) -> float:
    started = time.monotonic()  # returns the seconds it took
    while not predicate():
        if time.monotonic() - started > timeout:
            raise SystemExit(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(0.2)
    return time.monotonic() - started


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


class Load:
    """THREADS threads requesting the mix until stopped; every answer is recorded with
    its time, so each phase reads its own window."""

    def __init__(self, base: str, session: str, thread_id: int, reply_thread_id: int):
        self.base = base
        self.cookie = f"sessionid={session}; csrftoken={CSRF}"
        self.mix = [
            ("GET", "/dashboard/"),
            ("GET", "/notifications/"),
            ("GET", f"/threads/{thread_id}/"),
            ("GET", "/api/v1/goals/"),
            ("GET", "/communities/"),
        ]
        self.reply = ("POST", f"/threads/{reply_thread_id}/reply/")
        self.records: list[tuple[float, str, int, float]] = []  # time, path, status, seconds
        self.lock = threading.Lock()
        self.running = threading.Event()

    def _one(self, method: str, path: str) -> None:
        data = None
        headers = {"Cookie": self.cookie, "X-CSRFToken": CSRF, "Referer": self.base}
        if method == "POST":
            data = f"body=A reply from the faults bench at {time.time():.3f}".encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        # Always http://127.0.0.1:<port> (set in main), never a scheme from input.
        request = urllib.request.Request(self.base + path, data, headers, method=method)  # noqa: S310
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0  # no answer at all (connection refused or reset, timeout)
        with self.lock:
            self.records.append((time.monotonic(), path, status, time.monotonic() - started))

    def _loop(self, offset: int) -> None:
        count = offset
        while self.running.is_set():
            count += 1
            method, path = self.reply if count % 10 == 0 else self.mix[count % len(self.mix)]
            self._one(method, path)

    def start(self) -> None:
        self.running.set()
        self.threads = [
            threading.Thread(target=self._loop, args=(index,), daemon=True)
            for index in range(THREADS)
        ]
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.running.clear()
        for thread in self.threads:
            thread.join(timeout=40)

    def window(self, start: float, end: float) -> list[tuple]:
        with self.lock:
            return [record for record in self.records if start <= record[0] < end]


def figures(name: str, records: list[tuple], seconds: float) -> dict:
    statuses = Counter(status for _, _, status, _ in records)
    latencies = sorted(duration for *_, duration in records) or [0.0]
    errors = sum(count for status, count in statuses.items() if status >= 500)
    errors_by_path = Counter(path for _, path, status, _ in records if status >= 500)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(
        f"  {name:<34} {len(records):>6} requests  {len(records) / max(seconds, 0.001):>6.1f}/s  "
        f"5xx {errors:>4}  no answer {statuses.get(0, 0):>3}  "
        f"p50 {statistics.median(latencies) * 1000:>6.0f} ms  p99 {p99 * 1000:>6.0f} ms"
    )
    if errors_by_path:
        print(f"  {'':<34} 5xx by path: {dict(errors_by_path)}")
    return {"errors": errors, "no_answer": statuses.get(0, 0)}


def pending_emails() -> int:
    from django.db import close_old_connections

    from ecosystem.notifications.models import Notification

    close_old_connections()
    states = [Notification.EmailState.PENDING, Notification.EmailState.CLAIMED]
    return Notification.objects.filter(delivery="email", email_state__in=states).count()


def prepare(database_url: str) -> dict:
    """Migrate, load the demo, ANALYZE; a session for the demo grower; the partner hears
    of replies by email. Returns what the load needs."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings")
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection

    from community.models import Thread
    from ecosystem.accounts.models import User
    from ecosystem.demo import DEMO_EMAIL
    from ecosystem.notifications.models import Kind, NotificationPreference

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    grower = User.objects.get(email=DEMO_EMAIL)
    tip = Thread.objects.get(title="Thin to one fruit by 10 mm")
    question = Thread.objects.get(title="How early do you book bins?")
    NotificationPreference.objects.update_or_create(
        user=tip.author, kind=Kind.THREAD_REPLY, defaults={"channel": "email"}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(grower.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = grower.get_session_auth_hash()
    session.create()
    connection.close()
    return {"session": session.session_key, "thread": question.pk, "reply_thread": tip.pk}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis-down", type=float, default=60, help="seconds Redis is stopped")
    parser.add_argument("--phase", type=float, default=20, help="seconds of each other phase")
    parser.add_argument("--skip-kill", action="store_true", help="skip the kill -9 test")
    arguments = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL server (postgres://...).", file=sys.stderr)
        return 2
    database_url, name = faults_database_url(base_url)
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"faults-{os.getpid()}"  # noqa: S108
    (folder / "mail").mkdir(parents=True)
    admin_execute(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_execute(base_url, f'CREATE DATABASE "{name}"')
    redis_port, web_port = free_port(), free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    environment = os.environ | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "faults-bench-only-secret-0123456789abcdef"),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        **dict.fromkeys(HTTP_ONLY, "0"),
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "WHITENOISE_AUTOREFRESH": "1",
        "NEWCOMER_HOURS": "0",
        "API_THROTTLE_USER": "100000/minute",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder / "mail"),
        "VAR_DIR": str(folder / "var"),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update({key: environment[key] for key in ("SECRET_KEY", "REDIS_URL", "VAR_DIR")})
    processes = Processes(folder)
    redis_command = ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1"]
    redis_command += ["--save", "", "--appendonly", "no"]  # nothing kept on disk
    broken = []
    try:
        processes.start("redis", redis_command, environment)
        wait_until(lambda: answers(redis_port), 10, "redis-server")
        needs = prepare(database_url)
        processes.start(
            "web",
            [str(BIN / "gunicorn"), "ecosystem.wsgi:application", "--workers", "2",
             "--bind", f"127.0.0.1:{web_port}", "--timeout", "60"],
            environment,
        )  # fmt: skip
        processes.start(
            "worker",
            [sys.executable, "-m", "celery", "-A", "ecosystem", "worker", "-B", "--pool=solo",
             "--loglevel=WARNING", "--without-mingle", "--without-gossip",
             "--schedule", str(folder / "beat-schedule")],
            environment,
        )  # fmt: skip
        wait_until(lambda: answers(web_port), 60, "gunicorn")
        load = Load(
            f"http://127.0.0.1:{web_port}", needs["session"], needs["thread"], needs["reply_thread"]
        )
        print(f"Loopback load: {THREADS} threads, gunicorn 2 workers, one Celery worker; {folder}")
        load.start()
        time.sleep(10)  # warm-up: both gunicorn workers load Django on their first request

        start = time.monotonic()
        time.sleep(arguments.phase)
        figures("1. baseline", load.window(start, time.monotonic()), arguments.phase)

        # 2. Redis stopped, then started again.
        down_at = time.monotonic()
        processes.stop("redis")
        time.sleep(arguments.redis_down)
        back_at = time.monotonic()
        processes.start("redis", redis_command, environment)
        wait_until(lambda: answers(redis_port), 10, "redis-server")
        waiting = pending_emails()
        drained = wait_until(lambda: pending_emails() == 0, 600, "the emails to drain")
        time.sleep(max(0.0, arguments.phase - drained))
        now = time.monotonic()
        down = figures("2. Redis stopped", load.window(down_at, back_at), back_at - down_at)
        after = figures("   Redis back", load.window(back_at, now), now - back_at)
        print(
            f"  {'':<34} {waiting} emails waiting at restart, all sent "
            f"{drained:.1f} s after Redis was back"
        )
        if down["errors"] or after["errors"]:
            broken.append("server errors with Redis stopped or after")
        if drained > 120:
            broken.append("emails drained later than 2 minutes after Redis came back")

        # 3. PostgreSQL: every connection dropped, new ones refused for 5 s.
        cut_at = time.monotonic()
        admin_execute(base_url, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin_execute(
            base_url,
            # `name` is derived from DATABASE_URL by this script, not from a request.
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'",  # noqa: S608
        )
        time.sleep(5)
        admin_execute(base_url, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        time.sleep(max(arguments.phase, 15))
        now = time.monotonic()
        figures("3. PostgreSQL cut, first 10 s", load.window(cut_at, cut_at + 10), 10)
        later = figures("   from 10 s after", load.window(cut_at + 10, now), now - cut_at - 10)
        if later["errors"] or later["no_answer"]:
            broken.append("errors more than 10 s after PostgreSQL came back")
        load.stop()

        emails = "".join(path.read_text(errors="replace") for path in (folder / "mail").iterdir())
        ids = re.findall(r"^X-Ecosystem-Notification: (\d+)$", emails, re.M)
        twice = [pk for pk, count in Counter(ids).items() if count > 1]
        print(f"  emails written: {len(ids)}, sent twice: {len(twice)}")
        if twice:
            broken.append("an email left twice")
    finally:
        processes.stop_all()

    # 4. The worker killed with -9 at random points: one pytest run holds the test's own
    # loop of ten kills.
    if not arguments.skip_kill:
        kill_redis_port = free_port()
        kill_redis = [*redis_command[:2], str(kill_redis_port), *redis_command[3:]]
        processes.start("kill-redis", kill_redis, environment)
        try:
            wait_until(lambda: answers(kill_redis_port), 10, "redis-server")
            started = time.monotonic()
            result = subprocess.run(
                [str(BIN / "pytest"), "-q", "-p", "no:cacheprovider",
                 "tests/integration/test_reminders_worker.py", "-k", "killed"],
                cwd=ROOT, capture_output=True, text=True,
                env=environment | dict.fromkeys(
                    ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"),
                    f"redis://127.0.0.1:{kill_redis_port}/0",
                ) | {"DATABASE_URL": base_url, "REQUIRE_SERVICES": "1",
                     "DJANGO_ALLOW_ASYNC_UNSAFE": "true"},
            )  # fmt: skip
            outcome = result.stdout.strip().splitlines()[-1] if result.stdout else result.stderr
            print(
                f"4. worker killed with -9 at random points, 10 runs: {outcome} "
                f"({time.monotonic() - started:.0f} s)"
            )
            (folder / "kill-test.log").write_text(result.stdout + result.stderr)
            if result.returncode != 0:
                broken.append(f"the kill -9 test failed (see {folder / 'kill-test.log'})")
        finally:
            processes.stop_all()
    admin_execute(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for promise in broken:
        print(f"BROKEN: {promise}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
