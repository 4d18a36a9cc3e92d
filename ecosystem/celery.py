"""The Celery app. Periodic jobs are a static beat schedule in code.

django-celery-beat does not support Django 6.1, and a schedule in code is reviewed like
any other change. Every job also has a management command calling the same service.
"""

import os

from celery import Celery

from ecosystem import broker  # noqa: F401  (registers the safefs:// transport)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings")

app = Celery("ecosystem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Filled by later issues: reminder sweeps, trash purge, peer matching.
app.conf.beat_schedule = {}


@app.task(name="ecosystem.ping")
def ping(value: str = "pong") -> str:
    """Echo a value: proves a worker is listening and results come back."""
    return value
