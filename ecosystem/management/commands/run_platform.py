"""Start the web server, a Celery worker and Celery beat; Ctrl-C stops all three."""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from ecosystem.demo import DEMO_EMAIL, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Run web, worker and beat together (the embedded default, or the configured services)."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, addr, **options):
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "ecosystem"]
        commands = {
            "web": [python, "manage.py", "runserver", addr],
            "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=2"],
            "beat": [
                *celery,
                "beat",
                "--loglevel=INFO",
                f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
            ],
        }
        # Each child leads its own process group, so stopping one stops its own children
        # too (runserver's autoreloader, the worker's pool), and nothing is left behind.
        processes = {
            name: subprocess.Popen(command, cwd=settings.BASE_DIR, start_new_session=True)  # noqa: S603
            for name, command in commands.items()
        }
        outbox = ""
        if settings.MAILERS["default"]["BACKEND"] == "ecosystem.outbox.OutboxBackend":
            outbox = (
                f"  email: read it at http://{addr}/dev/outbox/ (files in {settings.OUTBOX_DIR})\n"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"\nEcosystem is starting on http://{addr}/\n"
                f"  demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}\n"
                f"  database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
                f"broker: {settings.CELERY_BROKER_URL.split('://', 1)[0]}\n"
                f"{outbox}"
                "  Ctrl-C stops web, worker and beat.\n"
            )
        )

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                exited = [name for name, process in processes.items() if process.poll() is not None]
                if exited:
                    self.stderr.write(f"{', '.join(exited)} stopped; stopping the rest.")
                    break
                time.sleep(0.5)
        finally:
            self._stop_all(processes)

    def _stop_all(self, processes):
        # A clean stop (SIGTERM to the worker's main process) lets it finish or put back
        # the tasks it holds, so no queued task is lost. runserver's autoreloader runs the
        # server in a child process, so the web's whole group is signalled.
        for name, process in processes.items():
            if process.poll() is None:
                if name == "web":
                    self._signal_group(process, signal.SIGTERM)
                else:
                    process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 30
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            self._signal_group(process, signal.SIGKILL)  # leftovers of a child, if any
        self.stdout.write("Stopped web, worker and beat.")

    @staticmethod
    def _signal_group(process, signum):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
